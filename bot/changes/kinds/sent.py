"""COSTS, SENT: sent and answered, with nothing the bot can read back to prove it.

Costs of a period uploaded (`update_costs`), a domain's DNS and SSL checked now, labels set
on report values. The preview shows the fields sent; the outcome is 📤 (the tracker answered
OK); there is no Undo (the costs before are not readable; a check changes nothing to put
back). No side effects.
"""

from __future__ import annotations

from bot.changes.kinds.base import Change, Kind, Sheet
from bot.changes.kinds.fieldwise import field_lines
from bot.keitaro.catalog import ChangeKind
from bot.keitaro.client import KeitaroClient


class Sent(Kind):
    kinds = (ChangeKind.COSTS, ChangeKind.SENT)

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        return field_lines(change.action, change.data, change.old, sheet, create=True)

    def no_undo(self, change: Change) -> str | None:
        return "costs" if change.action.change is ChangeKind.COSTS else "other"
