"""UPDATE: fields of an entity (a PUT changes only what it sends).

- Reads the entity first (its snapshot), and what the side effects touch: the offers and
  landings a stream's new schema removes (to name them), the local files an `archive` replaces
  (the ZIP the tracker serves, kept in the journal).
- Preview: before → after of exactly the fields sent; an array item by item.
- Side effects (API-NOTES §12): a stream whose schema becomes (or is) `action` or `redirect`
  loses its offers and landings, a stream of type `default` its filters and triggers
  (D StreamService::_updateAssociations, §12.3) — emptying arrays is destructive; an offer's
  or landing's `archive` replaces every local file (§12.5) — an admin's; a campaign's
  `parameters` is replaced whole (§12.6): keys not sent go — destructive. An array sent
  whole (a stream's offers, landings, filters, triggers; a campaign's postbacks) deletes the
  items it leaves out (§11.7): each is named, and removing one is destructive — so an array
  built by the bot's own editors (`effects.BUILT`) that removes nothing stays `write`.
- Verified by reading the entity back, field by field; the arrays a schema empties, and the
  files an archive replaced, are read back too.
- Undo: the fields sent, as they were (arrays as they were); the arrays the schema emptied
  in the same PUT; the files as they were (the ZIP read before, sent as `archive`). A field
  whose value before cannot be known (write-only, a secret the tracker hides, one its answer
  lacks) has no Undo, and says so.
"""

from __future__ import annotations

import base64
import copy
import io
import zipfile
from typing import Any

from bot.changes.kinds.base import (
    Change,
    Check,
    Kind,
    Reading,
    Sheet,
    SideEffect,
    data_of,
    entity_path,
    item_fields,
    without_ids,
)
from bot.changes.kinds.fieldwise import field_checks, field_lines
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Seen, found
from bot.changes.values import Display, field_of, is_secret, label, same, unknowable
from bot.i18n import t
from bot.keitaro import rmw
from bot.keitaro.catalog import Action, ChangeKind, Danger
from bot.keitaro.catalog.effects import BUILT, UNDOES
from bot.keitaro.catalog.fields import FieldType
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep

# D StreamService::_updateAssociations (API-NOTES §12.3): which arrays a stream loses
EMPTIED_BY_SCHEMA = {"action": ("offers", "landings"), "redirect": ("offers", "landings")}
EMPTIED_BY_TYPE = {"default": ("filters", "triggers")}
FILES = "files"  # the related read of an entity's local files (its ZIP)


def emptied(old: Any, data: dict[str, Any]) -> tuple[str, ...]:
    """The arrays of a stream this PUT leaves empty, by the schema and type it ends with."""
    if not isinstance(old, dict):
        return ()
    schema = data.get("schema", old.get("schema"))
    kind = data.get("type", old.get("type"))
    return (*EMPTIED_BY_SCHEMA.get(str(schema), ()), *EMPTIED_BY_TYPE.get(str(kind), ()))


def lost_items(old: Any, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The items of each array the PUT empties (by array): those there now, or those sent
    (the tracker empties them all the same)."""
    lost: dict[str, list[dict[str, Any]]] = {}
    for name in emptied(old, data):
        sent = data.get(name)
        items = ([i for i in sent if isinstance(i, dict)] if isinstance(sent, list)
                 else rmw.items_of(old, name) or [])
        if items:
            lost[name] = items
    return lost


def removed_items(action: Action, old: Any, data: dict[str, Any]
                  ) -> list[tuple[str, list[dict[str, Any]]]]:
    """The items each array sent whole leaves out (API-NOTES §11.7: deleted), by array: an
    item read is kept when an item sent has its id, or (sent without ids) its item key."""
    if not isinstance(old, dict):
        return []
    removed = []
    for field in action.fields:
        sent = data.get(field.name)
        if field.type is not FieldType.ITEMS or not isinstance(sent, list):
            continue
        ids = {str(i["id"]) for i in sent if isinstance(i, dict) and i.get("id") is not None}
        key = field.item_key
        keys = [str(i.get(key)) for i in sent
                if isinstance(i, dict) and key and i.get("id") is None]
        gone = []
        for item in rmw.items_of(old, field.name) or []:
            if item.get("id") is not None and str(item["id"]) in ids:
                continue
            if key and str(item.get(key)) in keys:
                keys.remove(str(item.get(key)))
                continue
            gone.append(item)
        if gone:
            removed.append((field.name, gone))
    return removed


def zip_names(archive: Any) -> list[str] | None:
    """The files of a base64 ZIP (sorted), or None when it is not one."""
    try:
        raw = base64.b64decode(str(archive), validate=True)
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return sorted(i.filename for i in zf.infolist() if not i.is_dir())
    except (ValueError, zipfile.BadZipFile):
        return None


async def read_files(client: KeitaroClient, action: Action, args: dict[str, Any]) -> Seen:
    """The local files of an offer or landing as the tracker serves them (its ZIP): their
    names, and the ZIP itself as base64, to be sent back as `archive` by an Undo."""
    envelope = await client.execute(f"{action.group}.download", {"id": args.get("id")},
                                    raw=True)
    if not envelope.success or envelope.content is None:
        reason = envelope.error.message if envelope.error else "?"
        return Seen(ok=False, error=client.redactor(reason))
    encoded = base64.b64encode(envelope.content).decode("ascii")
    return Seen(ok=True, data={"names": zip_names(encoded) or [], "zip": encoded})


class Update(Kind):
    kinds = (ChangeKind.UPDATE,)

    async def related(self, client: KeitaroClient, action: Action, args: dict[str, Any],
                      before: Seen | None) -> dict[str, Seen]:
        data = data_of(args)
        related: dict[str, Seen] = {}
        if "archive" in data and f"{action.group}.download" in _catalog_ids():
            related[FILES] = await read_files(client, action, args)
        lost = lost_items(found(before), data) if action.group == "streams" else {}
        lost.update({name: items for name, items in removed_items(action, found(before), data)
                     if name not in lost})
        for name in lost:  # the offers and landings lost, to name them
            lister = {"offers": "offers.list", "landings": "landings.list"}.get(name)
            if lister is not None:
                envelope = await client.execute(lister, {}, raw=True)
                related[name] = Seen(ok=envelope.success, data=envelope.data)
        return related

    def side_effects(self, change: Change) -> tuple[SideEffect, ...]:
        action, data, old = change.action, change.data, change.old
        sides: list[SideEffect] = []
        if action.group == "streams":
            for name, items in lost_items(old, data).items():
                names = tuple(_link_name(i, name, change.related_data(name)) for i in items)
                sides.append(SideEffect(f"stream_{name}", names, Danger.DESTRUCTIVE))
        emptied_now = {s.key.removeprefix("stream_") for s in sides}
        undoes = change.args.get(UNDOES) is True  # an Undo takes out what its change added
        for name, items in removed_items(action, old, data):
            if name not in emptied_now:  # said once: the schema empties it anyway
                names = tuple(_link_name(i, name, change.related_data(name)) for i in items)
                sides.append(SideEffect(f"removed_{name}", names,
                                        Danger.WRITE if undoes else Danger.DESTRUCTIVE))
        if "archive" in data:
            files = change.related_data(FILES)
            names = tuple(files.get("names") or ()) if isinstance(files, dict) else ()
            sides.append(SideEffect("files", names, Danger.DESTRUCTIVE))
        params = data.get("parameters")
        before = old.get("parameters") if isinstance(old, dict) else None
        if action.group == "campaigns" and isinstance(params, dict) and isinstance(before, dict):
            gone = tuple(str(k) for k in before if k not in params)
            if gone:
                sides.append(SideEffect("parameters", gone, Danger.DESTRUCTIVE))
        return tuple(sides)

    def watch(self, change: Change) -> rmw.Watch | None:
        action, data = change.action, change.data
        arrays = [f.name for f in action.fields if f.type is FieldType.ITEMS and f.name in data]
        if action.group == "streams":
            arrays += [name for name in emptied(change.old, data) if name not in arrays]
        path = entity_path(action, change.args)
        return rmw.Watch(path=path, fields=tuple(arrays)) if arrays and path else None

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        return field_lines(change.action, change.data, change.old, sheet, create=False)

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        return field_checks(change.action, change.data, change.old, after.data, show)

    async def check_sides(self, verifier: Reading, change: Change, after: Seen,
                          show: Display) -> list[Check]:
        lang = show.lang
        checks: list[Check] = []
        for side in change.sides:
            if side.key.startswith("stream_"):
                name = side.key.removeprefix("stream_")
                left = rmw.items_of(after.data, name)
                mark = SEEN if left == [] else NOT_AS_SENT
                title = label(change.action, name, lang)
                checks.append((mark, t(lang, "verify.emptied" if left == [] else
                                       "verify.not_emptied", field=title,
                                       count=len(left or []))))
            elif side.key == "files":
                now = await read_files(verifier.client, change.action, change.args)
                sent = zip_names(change.data.get("archive"))
                names = now.data.get("names") if now.ok and isinstance(now.data, dict) else None
                if names is not None and sent is not None and sorted(names) == sent:
                    checks.append((SEEN, t(lang, "verify.files", count=len(names))))
                else:
                    checks.append((NOT_AS_SENT, t(lang, "verify.files_other")))
        return checks

    def gaps(self, change: Change) -> tuple[str, ...]:
        return tuple(name for name in change.data if self._gap(change, name))

    def _gap(self, change: Change, name: str) -> bool:
        if name == "archive":  # the files before, when they were read
            files = change.related_data(FILES)
            return not (isinstance(files, dict) and files.get("zip"))
        return unknowable(field_of(change.action.fields, name), name, change.old)

    def no_undo(self, change: Change) -> str | None:
        old, sent = change.old, change.data
        if not isinstance(old, dict):
            return "no_before"
        if sent and all(name in old and same(old[name], value) for name, value in sent.items()
                        ) and not change.sides:
            return "nothing"
        gaps = self.gaps(change)
        if sent and len(gaps) == len(sent):
            secret = any(is_secret(field_of(change.action.fields, n), n) for n in gaps)
            return "secret" if secret else "write_only"
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        if why is not None:
            return why
        action, old, sent = change.action, change.old, change.data
        new = found(after)
        gaps = self.gaps(change)
        restore: dict[str, Any] = {}
        expect: dict[str, Any] = {}
        for name in sent:
            if name in gaps:
                continue
            if name == "archive":
                restore[name] = change.related_data(FILES)["zip"]
                continue
            if isinstance(new, dict) and name in new and same(new[name], old[name]):
                continue  # not changed: nothing to put back
            restore[name] = _restored(action, name, old[name])
            if isinstance(new, dict) and name in new:
                expect[name] = new[name]
        for side in change.sides:  # what the schema emptied goes back in the same PUT
            name = side.key.removeprefix("stream_")
            if side.key.startswith("stream_") and name not in restore and name in old:
                restore[name] = _restored(action, name, old[name])
        if not restore:
            return "nothing"
        ident: dict[str, Any] = {p.name: change.args[p.name] for p in action.params
                                 if p.name != "data" and p.name in change.args}
        arrays = [n for n in restore if _is_items(action, n)]
        if arrays:  # the arrays as they were read: built by the bot, their removals named
            ident[BUILT], ident[UNDOES] = arrays, True
        return UndoStep(action=action.id, args={**ident, "data": restore}, expect=expect,
                        gaps=list(gaps))


def _restored(action: Action, name: str, value: Any) -> Any:
    value = copy.deepcopy(value)
    field = field_of(action.fields, name)
    if (field is not None and field.type is FieldType.ITEMS) or (
            isinstance(value, list) and value and all(isinstance(i, dict) for i in value)):
        return without_ids(value, item_fields(action, name))
    return value


def _is_items(action: Action, name: str) -> bool:
    field = field_of(action.fields, name)
    return field is not None and field.type is FieldType.ITEMS


def _link_name(item: dict[str, Any], array: str, listed: Any) -> str:
    """An offer or landing of a stream as a preview names it: `#2 Keto Slim DE 60 %`."""
    key = {"offers": "offer_id", "landings": "landing_id"}.get(array)
    if key is None:  # a filter or trigger
        return str(item.get("name") or item.get("condition") or f"#{item.get('id')}")
    ident = item.get(key)
    names = {str(i.get("id")): i.get("name") for i in listed if isinstance(i, dict)
             } if isinstance(listed, list) else {}
    name = names.get(str(ident))
    share = item.get("share")
    return " ".join(str(p) for p in (f"#{ident}", name, f"{share} %" if share is not None
                                     else None) if p)


def _catalog_ids() -> frozenset[str]:
    from bot.keitaro.catalog import CATALOG

    return frozenset(a.id for a in CATALOG)
