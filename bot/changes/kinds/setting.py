"""SETTING: an integration's setting (the AVScan key, the IMKLO URL), sent as a query value.

- Reads the setting first (its snapshot).
- Preview: before → after by its name; a secret as ••••.
- Verified by reading it back (a secret: whether it matches what was sent, never shown).
- Undo: the value before, when the tracker returned it (a key it hides has none).
- No side effects.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.base import Change, Check, Kind, Sheet
from bot.changes.kinds.fieldwise import field_checks, field_lines
from bot.changes.read import Seen
from bot.changes.values import Display, field_of, is_secret, unknowable
from bot.keitaro.catalog import ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep


def sent_of(change: Change) -> dict[str, Any]:
    return {p.name: change.args[p.name] for p in change.action.params if p.name in change.args}


class Setting(Kind):
    kinds = (ChangeKind.SETTING,)

    def named(self, change: Change) -> bool:
        return False

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        return field_lines(change.action, sent_of(change), change.old, sheet, create=False)

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        return field_checks(change.action, sent_of(change), change.old, after.data, show)

    def gaps(self, change: Change) -> tuple[str, ...]:
        return tuple(name for name in sent_of(change)
                     if unknowable(field_of(change.action.fields, name), name, change.old))

    def no_undo(self, change: Change) -> str | None:
        if change.before is None or not change.before.ok:
            return "no_before"
        gaps = self.gaps(change)
        if gaps:
            secret = any(is_secret(field_of(change.action.fields, n), n) for n in gaps)
            return "secret" if secret else "no_before"
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        if why is not None:
            return why
        old = change.old
        restore = {name: old[name] for name in sent_of(change)}
        return UndoStep(action=change.action.id, args=restore)
