"""The change that puts a change back, or why there is none.

`reason` says before the change whether it will have an Undo (the preview promises only
what `step` then delivers); `step` builds the Undo from the state read before and after it:

- an update puts back the before-values of the fields it sent (arrays as they were);
- enable ↔ disable; archive → restore and restore → archive, where the catalog has both;
- an array item: added → deleted, changed → its fields put back, deleted → added again;
- a whole array or the bot list → the list as it was; IPs added → the new ones excluded,
  IPs excluded → the ones that were there added back;
- a conversion → its previous revenue (a status change back is one the tracker refuses);
- a file's content → the content before; a new file → removed; a link ↔ unlink.

No Undo: creates and clones (say how to remove them), cleaning statistics, clearing a log,
costs, deleting what has no restore, secrets and write-only fields (their values cannot be
read, so cannot be put back), a conversion's status.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.changes.kinds import Kind, data_of, entity_id, kind_of
from bot.changes.postbacks import sent_revenue
from bot.changes.read import Seen
from bot.changes.values import field_of, is_secret, is_write_only, same
from bot.keitaro.catalog import CATALOG, Action, RmwOp
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.storage.audit import UndoStep

STATE_AFTER = {"enable": "active", "disable": "disabled"}
ARCHIVED = frozenset({"deleted", "archived", "archive"})


def reason(action: Action, args: dict[str, Any], before: Seen | None) -> str | None:
    """Why this change will have no Undo (a key of `undo.none.*`), or None when it will."""
    kind = kind_of(action)
    fixed = {Kind.CREATE: "create", Kind.CLONE: "create", Kind.CLEAN: "clean",
             Kind.COSTS: "costs", Kind.OTHER: "other"}
    if kind in fixed:
        return fixed[kind]
    if kind is Kind.DELETE:
        return "user_delete" if action.group == "users" else "no_restore"
    if kind is Kind.CLEAR and action.group == "logs":
        return "log_clear"
    if kind is Kind.CONVERSION:
        return _conversion_reason(action, args, before)
    if kind is Kind.FILE and action.key.startswith("remove"):
        return "file_removed"
    if kind in (Kind.UPDATE, Kind.SETTING):
        sent = data_of(args) if kind is Kind.UPDATE else {
            p.name: args.get(p.name) for p in action.params if p.name in args}
        if any(is_secret(field_of(action.fields, name), name) for name in sent):
            return "secret"
        if any(is_write_only(field_of(action.fields, name), name) for name in sent):
            return "write_only"
    if kind in (Kind.ARCHIVE, Kind.RESTORE, Kind.LINK, Kind.ITEM):
        return None if kind is not Kind.RESTORE or _archive_of(action) else "no_restore"
    if before is None or not before.ok:
        return "no_before"
    if _nothing_to_change(action, kind, args, before.data):
        return "nothing"
    return None


def _nothing_to_change(action: Action, kind: Kind, args: dict[str, Any], old: Any) -> bool:
    """The change would leave everything as it is (said so before: no Undo is promised)."""
    if kind is Kind.STATE:
        return isinstance(old, dict) and old.get("state") == STATE_AFTER.get(action.key)
    if kind is Kind.UPDATE:
        sent = data_of(args)
        return isinstance(old, dict) and bool(sent) and all(
            name in old and same(old[name], value) for name, value in sent.items())
    if kind is Kind.IPS:
        return isinstance(_ips(action, args, old), str)
    return False


def _conversion_reason(action: Action, args: dict[str, Any], before: Seen | None) -> str | None:
    if action.key != "update":
        return "conversion_create"
    if before is None or not before.ok or not isinstance(before.data, dict):
        return "no_before"
    current = str(before.data.get("status") or "")
    wanted = str(data_of(args).get("status") or "sale").lower()
    if wanted != current:
        return "transition"
    revenue = sent_revenue(data_of(args))
    if revenue is None or same(revenue, before.data.get("revenue")):
        return "nothing"  # the same status and revenue: the postback changes nothing to undo
    return None


def _archive_of(action: Action) -> Action | None:
    for key in ("delete", "archive"):
        found = CATALOG.get(f"{action.group}.{key}")
        if found is not None:
            return found
    return None


def _op(action: Action, op: RmwOp) -> Action | None:
    return next((a for a in CATALOG.in_group(action.group) if a.rmw and a.rmw.op is op), None)


def _fit(item: dict[str, Any], fields: tuple[BodyField, ...]) -> dict[str, Any]:
    """An item as read, cut to what the operation takes (read answers carry more: `oid`,
    timestamps), without its id: sent so, it is created again."""
    names = {f.name for f in fields}
    return {k: copy.deepcopy(v) for k, v in item.items()
            if k != "id" and (not names or k in names)}


def _item_fields(action: Action | None, name: str | None = None) -> tuple[BodyField, ...]:
    """The fields of one item: those of the ITEMS field `name` (or the only one), else the
    action's own (an item-level edit takes one item)."""
    if action is None:
        return ()
    arrays = [f for f in action.fields if f.type is FieldType.ITEMS
              and (name is None or f.name == name)]
    if name is not None:
        return arrays[0].items if arrays else ()
    return arrays[0].items if len(arrays) == 1 else action.fields


def _without_ids(items: list[Any], fields: tuple[BodyField, ...] = ()) -> list[Any]:
    """Items as a PUT must send them to be created again (API-NOTES §11.7: an id updates,
    no id creates; the ones deleted meanwhile have no id to update)."""
    return [_fit(i, fields) if isinstance(i, dict) else i for i in items]


def step(action: Action, args: dict[str, Any], before: Seen | None, after: Seen | None,
         answer: Any) -> UndoStep | str:
    """The Undo of a change that went through, or the reason (`undo.none.*`) there is none."""
    why = reason(action, args, before)
    if why is not None:
        return why
    kind = kind_of(action)
    old = before.data if before is not None and before.ok else None
    new = after.data if after is not None and after.ok else None
    ident = entity_id(action, args)
    built: UndoStep | str
    if kind is Kind.UPDATE:
        built = _update(action, args, old, new)
    elif kind is Kind.STATE:
        other = "disable" if action.key == "enable" else "enable"
        expect = {"state": new.get("state")} if isinstance(new, dict) else {}
        built = UndoStep(action=f"{action.group}.{other}", args={"id": ident}, expect=expect)
    elif kind is Kind.ARCHIVE:
        built = UndoStep(action=f"{action.group}.restore", args={"id": ident})
    elif kind is Kind.RESTORE:
        archive = _archive_of(action)
        built = UndoStep(action=archive.id, args={"id": ident}) if archive else "no_restore"
    elif kind is Kind.ITEM:
        built = _item(action, args, before, after)
    elif kind in (Kind.ARRAY, Kind.CLEAR):
        built = _array(action, args, before.items() if before is not None else None)
    elif kind is Kind.IPS:
        built = _ips(action, args, old)
    elif kind is Kind.CONVERSION:
        built = _conversion(args, old, new)
    elif kind is Kind.FILE:
        built = _file(action, args, old)
    elif kind is Kind.SETTING:
        name = next(p.name for p in action.params)
        value = old.get(name) if isinstance(old, dict) else None
        built = UndoStep(action=action.id, args={name: value}) if value else "no_before"
    elif kind is Kind.LINK:
        other = "facebook_unlink" if action.key == "facebook_link" else "facebook_link"
        built = UndoStep(action=f"{action.group}.{other}", args=dict(args))
    else:
        built = "other"
    return built


def _update(action: Action, args: dict[str, Any], old: Any, new: Any) -> UndoStep | str:
    if not isinstance(old, dict):
        return "no_before"
    sent = data_of(args)
    restore: dict[str, Any] = {}
    expect: dict[str, Any] = {}
    for name in sent:
        if name not in old:
            continue
        if isinstance(new, dict) and name in new and same(new[name], old[name]):
            continue  # not changed: nothing to put back
        value = copy.deepcopy(old[name])
        field = field_of(action.fields, name)
        if (field is not None and field.type is FieldType.ITEMS) or (
                isinstance(value, list) and value and all(isinstance(i, dict) for i in value)):
            value = _without_ids(value, _item_fields(action, name))
        restore[name] = value
        if isinstance(new, dict) and name in new:
            expect[name] = new[name]
    if not restore:
        return "nothing"
    ident = {p.name: args[p.name] for p in action.params if p.name != "data" and p.name in args}
    return UndoStep(action=action.id, args={**ident, "data": restore}, expect=expect)


def _item(action: Action, args: dict[str, Any], before: Seen | None,
          after: Seen | None) -> UndoStep | str:
    rmw = action.rmw
    assert rmw is not None
    field = rmw.field
    old = before.array(field) if before is not None else None
    new = after.array(field) if after is not None else None
    if old is None:
        return "no_before"
    parent = {p.name: args[p.name] for p in action.params[:1] if p.name in args}
    expect = {field: new} if new is not None else {}
    item_param = next((p.name for p in action.params if p.name.endswith("_id")
                       and p.name not in parent), None)
    if rmw.op is RmwOp.ADD:
        if new is None:
            return "no_after"
        known = {str(i.get("id")) for i in old}
        added = [i for i in new if str(i.get("id")) not in known]
        remover = _op(action, RmwOp.DELETE)
        if len(added) != 1 or remover is None or remover.rmw is None:
            return "no_after"
        item = remover.rmw.item_param or "id"
        return UndoStep(action=remover.id, args={**parent, item: added[0].get("id")},
                        expect=expect)
    wanted = str(args.get(rmw.item_param or "")) if rmw.item_param else ""
    was = next((i for i in old if str(i.get("id")) == wanted), None)
    if was is None:
        return "no_before"
    if rmw.op is RmwOp.UPDATE:
        sent = data_of(args)
        restore = {k: copy.deepcopy(was[k]) for k in sent if k in was and k != "id"}
        if not restore:
            return "nothing"
        return UndoStep(action=action.id, args={**parent, item_param or "id": was.get("id"),
                                                "data": restore}, expect=expect)
    adder = _op(action, RmwOp.ADD)
    if adder is None:
        return "no_restore"
    again = _fit(was, adder.fields)
    return UndoStep(action=adder.id, args={**parent, "data": again}, expect=expect)


def _array(action: Action, args: dict[str, Any], old: Any) -> UndoStep | str:
    replace = CATALOG.get(f"{action.group}.replace")
    if replace is None:
        return "no_restore"
    ident = {p.name: args[p.name] for p in replace.params
             if p.name in args and p.name not in ("data", "value")}
    if action.group == "bots":
        value = old.get("value") if isinstance(old, dict) else None
        if not isinstance(value, str) or not value.strip():
            return "nothing" if action.key == "clear" else "empty_before"
        return UndoStep(action=replace.id, args={**ident, "value": value})
    if not isinstance(old, list):
        return "no_before"
    if not old:
        return "empty_before"
    return UndoStep(action=replace.id,
                    args={**ident, "data": _without_ids(old, _item_fields(replace))})


def ip_list(data: Any) -> list[str]:
    value = data.get("value") if isinstance(data, dict) else data
    if not isinstance(value, str):
        return []
    return [v for v in value.replace(",", "\n").split() if v]


def _ips(action: Action, args: dict[str, Any], old: Any) -> UndoStep | str:
    present = set(ip_list(old))
    sent = ip_list(args.get("value"))
    if action.key == "add":
        changed = [ip for ip in sent if ip not in present]
        other = "exclude"
    else:
        changed = [ip for ip in sent if ip in present]
        other = "add"
    if not changed:
        return "nothing"
    return UndoStep(action=f"{action.group}.{other}", args={"value": "\n".join(changed)})


def _conversion(args: dict[str, Any], old: Any, new: Any) -> UndoStep | str:
    if not isinstance(old, dict):
        return "no_before"
    data = data_of(args)
    revenue = old.get("revenue")
    if isinstance(new, dict) and same(new.get("revenue"), revenue):
        return "nothing"
    back: dict[str, Any] = {"click_id": data.get("click_id"), "status": old.get("status"),
                            "revenue": revenue}
    if old.get("tid"):
        back["transaction_id"] = old["tid"]
    expect = {k: new[k] for k in ("status", "revenue") if isinstance(new, dict) and k in new}
    return UndoStep(action="conversions.update", args={"id": args.get("id"), "data": back},
                    expect=expect)


def _file(action: Action, args: dict[str, Any], old: Any) -> UndoStep | str:
    base = {"id": args.get("id"), "path": args.get("path")}
    if action.key.startswith("add"):
        remover = CATALOG.get(f"{action.group}.remove_file")
        return UndoStep(action=remover.id, args=base) if remover else "no_restore"
    content = old.get("data") if isinstance(old, dict) else None
    if not isinstance(content, str):
        return "no_before"
    return UndoStep(action=action.id, args={**base, "data": content})
