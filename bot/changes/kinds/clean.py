"""CLEAN, CLEAR: statistics of a period deleted (`/clicks clean`), a log emptied.

- Reads first: the scope of a clean (which campaigns, the period, how many clicks a report
  counts there); the log's rows.
- Preview: the scope, by name; without a campaign the period must be typed again to confirm
  (there is no button); every row of the log goes.
- Verified by reading again: the report counts 0 clicks there; the log is empty.
- Undo: none: deleted statistics and a cleared log cannot be brought back.
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes import clean
from bot.changes.kinds.base import Change, Check, Kind, Reading, Sheet
from bot.changes.outcome import NOT_AS_SENT, SEEN, Outcome
from bot.changes.read import Reader, Seen
from bot.changes.values import Display
from bot.i18n import Html, t
from bot.keitaro.catalog import Action, ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope


class Clean(Kind):
    """Statistics of a period deleted for good."""

    kinds = (ChangeKind.CLEAN,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        return None

    def named(self, change: Change) -> bool:
        return False

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        found = await clean.scope(client, change.args)
        lang = sheet.lang
        if found.campaign is None:
            sheet.retype = found.period
            who = t(lang, "preview.clean_all")
        else:
            who = html.quote(found.campaign)
        lines = [t(lang, "preview.clean_scope", campaigns=Html(who), period=found.period)]
        if found.clicks is None:
            lines.append(t(lang, "preview.clean_unknown", reason=found.error or "?"))
        else:
            lines.append(t(lang, "preview.clean_count", clicks=found.clicks,
                           campaigns=found.campaigns))
            if found.campaign is None and found.named:
                lines.append("<i>" + html.quote(", ".join(found.named)) + (
                    " …" if found.campaigns > len(found.named) else "") + "</i>")
        return lines

    async def verify(self, verifier: Reading, change: Change, envelope: Envelope,
                     show: Display) -> tuple[Outcome, Seen | None]:
        found = await clean.scope(verifier.client, change.args)
        lang = show.lang
        if found.clicks is None:
            line = t(lang, "verify.read_failed", reason=found.error or "?")
            return Outcome(NOT_AS_SENT, [f"{NOT_AS_SENT} {line}"]), None
        if found.clicks == 0:
            return Outcome(SEEN, [f"{SEEN} {t(lang, 'verify.clean_done', clicks=0)}"]), None
        line = t(lang, "verify.clean_left", clicks=found.clicks)
        return Outcome(NOT_AS_SENT, [f"{NOT_AS_SENT} {line}"]), None

    def no_undo(self, change: Change) -> str | None:
        return "clean"


class Clear(Kind):
    """Every row of a log deleted for good."""

    kinds = (ChangeKind.CLEAR,)

    def named(self, change: Change) -> bool:
        return False

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        old = change.old
        count = len(old) if isinstance(old, list) else 0
        return [t(sheet.lang, "preview.log_goes", type=str(change.args.get("type")),
                  count=count)]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        rows = after.data if isinstance(after.data, list) else None
        if rows == []:
            return [(SEEN, t(show.lang, "verify.log_empty"))]
        count = len(rows) if rows is not None else 0
        return [(NOT_AS_SENT, t(show.lang, "verify.log_rows", count=count))]

    def no_undo(self, change: Change) -> str | None:
        return "log_clear"
