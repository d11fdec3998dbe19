"""CREATE, CLONE: a new entity, from a body or as a copy.

- A clone reads what it copies first (to name it); a create reads nothing.
- Preview: every field sent (→ value); what is copied.
- Verified by reading the new entity (named by the tracker's answer) back, field by field.
- Undo: none: to remove what is created, the group's delete (or archive) says how.
- No side effects (the body's own fields may still need an admin: a user's type).
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.kinds.base import (
    Change,
    Check,
    Kind,
    Sheet,
    args_for,
    data_of,
    entity_id,
    group_reader,
    snapshot_reader,
)
from bot.changes.kinds.fieldwise import field_checks, field_lines
from bot.changes.outcome import SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG, Action, ChangeKind
from bot.keitaro.client import KeitaroClient


class Create(Kind):
    kinds = (ChangeKind.CREATE, ChangeKind.CLONE)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        return snapshot_reader(action, args) if action.change is ChangeKind.CLONE else None

    def after_reader(self, action: Action, args: dict[str, Any], answer: Any
                     ) -> Reader | None:
        """The new entity, named by the tracker's answer."""
        found = answer.get("data") if isinstance(answer, dict) and isinstance(
            answer.get("data"), dict) else answer
        if isinstance(found, list) and len(found) == 1:  # domains are created as a list
            found = found[0]
        if not isinstance(found, dict) or not isinstance(found.get("id"), int):
            return None
        fixed: dict[str, Any] = {"id": found["id"]}
        if action.group == "groups":
            return group_reader(fixed, data_of(args).get("type") or found.get("type"))
        name = "facebook_get" if action.group == "settings" else "get"
        getter = CATALOG.get(f"{action.group}.{name}")
        values = args_for(getter, {}, **fixed) if getter is not None else None
        if getter is None or values is None:
            return None
        unwrap = "data" if action.group == "settings" else None
        return Reader(action=getter.id, args=values, unwrap=unwrap)

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        if change.action.change is ChangeKind.CLONE:
            name = sheet.show.name(change.old) or f"#{entity_id(change.action, change.args)}"
            return [t(sheet.lang, "preview.clones", what=Html(f"<b>{html.quote(name)}</b>"))]
        return field_lines(change.action, change.data, None, sheet, create=True)

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        head = (SEEN, t(show.lang, "verify.created", name=show.name(after.data) or "?"))
        return [head, *field_checks(change.action, change.data, None, after.data, show)]

    def no_undo(self, change: Change) -> str | None:
        return "create"
