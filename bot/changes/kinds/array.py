"""ARRAY: a whole list replaced, added to or cut: a stream's filters (`/filters replace`) and
the bot list (add, exclude, replace, clear). The arrays a stream update sends (offers,
landings, filters, triggers: the shares editor's too) are the update kind's, watched the
same way.

- Reads the list first (the stream's filters; the bot list).
- Preview: every item sent, + added, − removed; the IPs new to the bot list or removed
  from it, and those already there or not on it.
- Side effect: excluding every IP on the bot list empties it, which needs what clearing it
  needs (destructive).
- At Confirm the list is re-read under the lock every process shares; when it changed since
  the preview nothing is written and the new preview is shown.
- Verified by reading the list back: as sent; the IPs sent there (or gone).
- Undo: the list as it was; IPs added → the new ones excluded; IPs excluded → added back.
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.kinds.base import (
    Change,
    Check,
    Kind,
    Sheet,
    SideEffect,
    catalog_reader,
    item_fields,
    without_ids,
)
from bot.changes.kinds.fieldwise import item_lines
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display, holds
from bot.i18n import Html, t
from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Action, ChangeKind, Danger
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep

MAX_IPS = 20
BOTS = "bots"


def ip_list(data: Any) -> list[str]:
    value = data.get("value") if isinstance(data, dict) else data
    if not isinstance(value, str):
        return []
    return [v for v in value.replace(",", "\n").split() if v]


class Array(Kind):
    kinds = (ChangeKind.ARRAY,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        if action.group == BOTS:
            return catalog_reader("bots.list", args)
        items = CATALOG.get(f"{action.group}.list")
        if items is not None and items.rmw is not None and all(  # the stream, its filters
                args.get(p.name) is not None for p in items.params):
            return Reader(path=rmw.read_path(items, args), field=items.rmw.field)
        return None

    def watch(self, change: Change) -> rmw.Watch | None:
        action = change.action
        if action.group == BOTS:
            return rmw.Watch(path=CATALOG["bots.list"].path, fields=("value",))
        reader = self.reader(action, change.args)
        if reader is None or reader.path is None or reader.field is None:
            return None
        return rmw.Watch(path=reader.path, fields=(reader.field,))

    def named(self, change: Change) -> bool:
        return change.action.group != BOTS  # one list, not an entity with a name

    def side_effects(self, change: Change) -> tuple[SideEffect, ...]:
        if change.action.group != BOTS or change.action.key != "exclude":
            return ()
        present = ip_list(change.old)
        sent = set(ip_list(change.args.get("value")))
        if present and all(ip in sent for ip in present):  # excluding them all clears it
            return (SideEffect("botlist_empty", tuple(present), Danger.DESTRUCTIVE),)
        return ()

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        if change.action.group == BOTS:
            return self._ips(change, sheet)
        sent = change.args.get("data")
        listed = change.before.items() if change.before is not None else None
        items = listed if isinstance(listed, list) else []
        after = sent if isinstance(sent, list) else []
        field = change.before.field if change.before is not None else None
        return item_lines(change.action, field or "filters", items, after, sheet)

    def _ips(self, change: Change, sheet: Sheet) -> list[str]:
        lang, key = sheet.lang, change.action.key
        present = ip_list(change.old)
        sent = ip_list(change.args.get("value"))
        known = set(present)

        def listed(ips: list[str]) -> Html:
            if len(ips) > MAX_IPS:
                sheet.cut = True
            shown = ", ".join(ips[:MAX_IPS]) + (
                f" … (+{len(ips) - MAX_IPS})" if len(ips) > MAX_IPS else "")
            return Html(html.quote(shown) if ips else "—")

        if key == "add":
            new = [ip for ip in sent if ip not in known]
            there = [ip for ip in sent if ip in known]
            return [t(lang, "preview.ips_new", count=len(new), ips=listed(new)),
                    t(lang, "preview.ips_there", count=len(there), ips=listed(there))]
        if key == "exclude":
            gone = [ip for ip in sent if ip in known]
            absent = [ip for ip in sent if ip not in known]
            return [t(lang, "preview.ips_removed", count=len(gone), ips=listed(gone)),
                    t(lang, "preview.ips_absent", count=len(absent), ips=listed(absent))]
        wanted = set(sent)
        gone = [ip for ip in present if ip not in wanted]
        new = [ip for ip in sent if ip not in known]
        if key == "clear":
            gone, new = present, []
        return [t(lang, "preview.ips_removed", count=len(gone), ips=listed(gone)),
                t(lang, "preview.ips_new", count=len(new), ips=listed(new))]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        lang = show.lang
        if change.action.group == BOTS:
            return [self._ips_check(change, after, lang)]
        sent = change.args.get("data")
        read_back = after.items()
        if isinstance(sent, list) and isinstance(read_back, list) and holds(read_back, sent):
            return [(SEEN, t(lang, "verify.array_as_sent", count=len(sent)))]
        count = len(read_back) if isinstance(read_back, list) else 0
        return [(NOT_AS_SENT, t(lang, "verify.array_other", count=count))]

    @staticmethod
    def _ips_check(change: Change, after: Seen, lang: str) -> Check:
        key = change.action.key
        now = ip_list(after.data)
        present = set(now)
        sent = ip_list(change.args.get("value"))
        if key == "clear":
            missing: list[str] = now
            ok = not now
        elif key == "exclude":
            missing = [ip for ip in sent if ip in present]
            ok = not missing
        elif key == "replace":
            missing = [ip for ip in sent if ip not in present]
            ok = not missing and len(present) == len(set(sent))
        else:
            missing = [ip for ip in sent if ip not in present]
            ok = not missing
        if ok:
            return (SEEN, t(lang, f"verify.ips_{key}", count=len(now)))
        return (NOT_AS_SENT, t(lang, "verify.ips_not_as_sent", ips=", ".join(missing[:8]),
                               count=len(now)))

    def no_undo(self, change: Change) -> str | None:
        if change.before is None or not change.before.ok:
            return "no_before"
        if change.action.group == BOTS and change.action.key in ("add", "exclude"):
            step = self._ips_undo(change)
            return step if isinstance(step, str) else None
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        if why is not None:
            return why
        action, args = change.action, change.args
        if action.group == BOTS and action.key in ("add", "exclude"):
            return self._ips_undo(change)
        replace = CATALOG.get(f"{action.group}.replace")
        if replace is None:
            return "no_restore"
        ident = {p.name: args[p.name] for p in replace.params
                 if p.name in args and p.name not in ("data", "value")}
        if action.group == BOTS:
            value = change.old.get("value") if isinstance(change.old, dict) else None
            if not isinstance(value, str) or not value.strip():
                return "nothing" if action.key == "clear" else "empty_before"
            return UndoStep(action=replace.id, args={**ident, "value": value})
        old = change.before.items() if change.before is not None else None
        if not isinstance(old, list):
            return "no_before"
        if not old:
            return "empty_before"
        return UndoStep(action=replace.id,
                        args={**ident, "data": without_ids(old, item_fields(replace))})

    @staticmethod
    def _ips_undo(change: Change) -> UndoStep | str:
        present = set(ip_list(change.old))
        sent = ip_list(change.args.get("value"))
        if change.action.key == "add":
            changed, other = [ip for ip in sent if ip not in present], "exclude"
        else:
            changed, other = [ip for ip in sent if ip in present], "add"
        if not changed:
            return "nothing"
        return UndoStep(action=f"{change.action.group}.{other}",
                        args={"value": "\n".join(changed)})
