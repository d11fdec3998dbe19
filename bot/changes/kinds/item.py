"""ITEM: one item of an entity's array, edited by read-modify-write (a campaign's S2S
postbacks, a stream's filters: API-NOTES §6.11, §11.7).

- Reads the entity's array first (the raw GET the write will start from).
- Preview: the whole array as it will be sent, each item marked + added, ~ changed (which
  field, before → after), − removed; what a delete removes, by name.
- At Confirm the client re-reads the array under the lock every process shares and writes
  nothing when it changed since the preview (the new preview is shown).
- Verified by reading the array back: the item added, changed or removed, every other one
  kept.
- Undo: added → deleted, changed → its fields put back, deleted → added again.
- No side effects: the rest of the array is written back as it was read.
"""

from __future__ import annotations

import copy
from typing import Any

from aiogram import html

from bot.changes.kinds.base import Change, Check, Kind, Sheet, SideEffect, data_of, fit
from bot.changes.kinds.fieldwise import field_checks, item_lines
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display, holds, item_name
from bot.i18n import Html, t
from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Action, ChangeKind, RmwOp
from bot.keitaro.catalog.effects import UNDOES, Effect
from bot.keitaro.client import KeitaroClient
from bot.keitaro.filter_payload import in_shape
from bot.keitaro.params import InputError
from bot.storage.audit import UndoStep


def _op(action: Action, op: RmwOp) -> Action | None:
    return next((a for a in CATALOG.in_group(action.group) if a.rmw and a.rmw.op is op), None)


def _key(action: Action) -> str | None:
    return next((f.item_key for f in action.fields if f.item_key), None)


class Item(Kind):
    kinds = (ChangeKind.ITEM,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        assert action.rmw is not None
        return Reader(path=rmw.read_path(action, args), field=action.rmw.field)

    def complete(self, action: Action, args: dict[str, Any], before: Seen | None
                 ) -> dict[str, Any]:
        """A stream filter's values as the list the filter takes (`payload=DE` → `["DE"]`):
        so when a filter of that name on the stream holds a list, or it is one of values."""
        data = data_of(args)
        if action.group != "filters" or not isinstance(data.get("payload"), str | int | float):
            return args
        items = (before.array("filters") if before is not None else None) or []
        wanted = str(args.get("filter_id", ""))
        name = data.get("name") or next((i.get("name") for i in items
                                         if str(i.get("id")) == wanted), None)
        listed = any(i.get("name") == name and isinstance(i.get("payload"), list)
                     for i in items) or None
        payload = in_shape(name, data["payload"], takes_list=listed)
        return args if payload == data["payload"] else {**args, "data": {**data,
                                                                          "payload": payload}}

    def effect(self, action: Action, args: dict[str, Any],
               sides: tuple[SideEffect, ...] = ()) -> Effect:
        """An item taken out is a deletion (destructive), unless it is the Undo of the
        change that added it: then it is at that change's level."""
        if args.get(UNDOES) is True and action.rmw is not None and action.rmw.op is RmwOp.DELETE:
            adder = _op(action, RmwOp.ADD)
            return Effect(adder.danger if adder is not None else action.danger)
        return super().effect(action, args, sides)

    def watch(self, change: Change) -> rmw.Watch | None:
        action = change.action
        assert action.rmw is not None
        return rmw.Watch(path=rmw.read_path(action, change.args), fields=(action.rmw.field,))

    def named(self, change: Change) -> bool:
        return True

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        action, before = change.action, change.before
        assert action.rmw is not None
        if before is None or not before.ok:
            raise InputError("rmw_unread", reason=(before.error if before else "?") or "?")
        items = before.array(action.rmw.field)
        if items is None:
            raise InputError("array_missing", field=action.rmw.field)
        try:
            planned = rmw.plan(action, change.args, items)
        except rmw.ItemNotFound:
            raise InputError("item_not_found", field=action.rmw.field,
                             id=str(change.args.get(action.rmw.item_param or ""))) from None
        lines = item_lines(action, action.rmw.field, planned.before, planned.after, sheet)
        if planned.op is RmwOp.DELETE and planned.item is not None:
            name = item_name(sheet.show.safe(planned.item), _key(action) or "url")
            lines.insert(0, t(sheet.lang, "preview.goes",
                              what=Html(f"<b>{html.quote(name)}</b>")))
        return lines

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        action, args, lang = change.action, change.args, show.lang
        assert action.rmw is not None
        field, op = action.rmw.field, action.rmw.op
        before_items = (change.before.array(field) if change.before else None) or []
        items = after.array(field)
        if items is None:
            return [(NOT_AS_SENT, t(lang, "verify.no_array", field=field))]
        ids = {str(i.get("id")) for i in items}
        wanted = str(args.get(action.rmw.item_param or "")) if action.rmw.item_param else None
        lost = [i for i in before_items if str(i.get("id")) not in ids
                and not (op is RmwOp.DELETE and str(i.get("id")) == wanted)]
        key = _key(action)
        checks: list[Check] = []
        sent = data_of(args)
        if op is RmwOp.ADD:
            known = {str(i.get("id")) for i in before_items}
            added = [i for i in items if str(i.get("id")) not in known and holds(i, {
                k: v for k, v in sent.items() if k != "id"})]
            if added:
                checks.append((SEEN, t(lang, "verify.item_added",
                                       item=item_name(show.safe(added[0]), key),
                                       id=str(added[0].get("id")))))
            else:
                checks.append((NOT_AS_SENT, t(lang, "verify.item_not_added")))
        elif op is RmwOp.UPDATE:
            item = next((i for i in items if str(i.get("id")) == wanted), None)
            was = next((i for i in before_items if str(i.get("id")) == wanted), None)
            if item is None:
                checks.append((NOT_AS_SENT, t(lang, "verify.item_missing", id=str(wanted))))
            else:
                body = {k: v for k, v in sent.items() if k != "id"}
                checks += field_checks(action, body, was, item, show)
        elif op is RmwOp.DELETE:
            was = next((i for i in before_items if str(i.get("id")) == wanted), None)
            name = item_name(show.safe(was), key) if was else f"#{wanted}"
            if wanted in ids:
                checks.append((NOT_AS_SENT, t(lang, "verify.item_still_there", item=name)))
            else:
                checks.append((SEEN, t(lang, "verify.item_removed", item=name)))
        if lost:
            names = ", ".join(item_name(show.safe(i), key) for i in lost[:5])
            checks.append((NOT_AS_SENT, t(lang, "verify.items_lost", count=len(lost),
                                          items=names)))
        else:
            checks.append((SEEN, t(lang, "verify.items_kept", count=len(items))))
        return checks

    def no_undo(self, change: Change) -> str | None:
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        action, args = change.action, change.args
        spec = action.rmw
        assert spec is not None
        field = spec.field
        old = change.before.array(field) if change.before is not None else None
        new = after.array(field) if after is not None else None
        if old is None:
            return "no_before"
        parent = {p.name: args[p.name] for p in action.params[:1] if p.name in args}
        expect = {field: new} if new is not None else {}
        item_param = next((p.name for p in action.params if p.name.endswith("_id")
                           and p.name not in parent), None)
        if spec.op is RmwOp.ADD:
            if new is None:
                return "no_after"
            known = {str(i.get("id")) for i in old}
            added = [i for i in new if str(i.get("id")) not in known]
            remover = _op(action, RmwOp.DELETE)
            if len(added) != 1 or remover is None or remover.rmw is None:
                return "no_after"
            item = remover.rmw.item_param or "id"
            return UndoStep(action=remover.id, args={**parent, item: added[0].get("id"),
                                                     UNDOES: True}, expect=expect)
        wanted = str(args.get(spec.item_param or "")) if spec.item_param else ""
        was = next((i for i in old if str(i.get("id")) == wanted), None)
        if was is None:
            return "no_before"
        if spec.op is RmwOp.UPDATE:
            sent = data_of(args)
            restore = {k: copy.deepcopy(was[k]) for k in sent if k in was and k != "id"}
            if not restore:
                return "nothing"
            return UndoStep(action=action.id, args={**parent, item_param or "id": was.get("id"),
                                                    "data": restore}, expect=expect)
        adder = _op(action, RmwOp.ADD)
        if adder is None:
            return "no_restore"
        return UndoStep(action=adder.id, args={**parent, "data": fit(was, adder.fields)},
                        expect=expect)
