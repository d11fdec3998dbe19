"""The outcome of a write as it was seen: one mark for the result's title, and the lines that
say what was verified. The renderer takes it as it is (`deliver(..., outcome=…)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.changes.values import label
from bot.i18n import Html, t
from bot.keitaro.catalog import Action
from bot.keitaro.envelope import Envelope
from bot.render.labels import value_word
from bot.storage.audit import UndoStep

SEEN = "✅"  # read back from the tracker as sent
NOT_AS_SENT = "⚠️"  # read back, and not (all) as sent; or an answer that is not a success
QUEUED = "🕓"  # accepted by the tracker, not visible yet (a queued postback)
SENT = "📤"  # the tracker answered OK; nothing the bot can read back shows it
FAILED = "❌"
MARKS = (SEEN, NOT_AS_SENT, QUEUED, SENT, FAILED)


@dataclass
class Outcome:
    mark: str
    lines: list[str] = field(default_factory=list)  # HTML, already escaped

    def text(self) -> str:
        return "\n".join(self.lines)


def overall(*marks: str) -> str:
    """The mark of several checks together: any doubt wins over what was seen, and what was
    seen over what could only be sent (a write-only field beside a verified one)."""
    for mark in (FAILED, NOT_AS_SENT, QUEUED, SEEN):
        if mark in marks:
            return mark
    return SENT


def undo_text(lang: str, why: str, action: Action, values: dict[str, str]) -> str:
    """Why a change has no Undo, in a sentence (`undo.none.<why>`)."""
    words = {k: value_word("status", v, lang) if k in ("current", "wanted") else v
             for k, v in values.items()}  # a conversion's statuses by their meaning
    return t(lang, f"undo.none.{why}", group=Html(f"/{action.group}"), **words)


def reason_values(data: Any, old: Any) -> dict[str, str]:
    """Values the texts of `undo.none.*` name: the status transition the tracker refuses."""
    sent = data if isinstance(data, dict) else {}
    row = old if isinstance(old, dict) else {}
    return {"current": str(row.get("status") or "—"), "wanted": str(sent.get("status") or "sale")}


@dataclass
class Done:
    """A write as it went: the tracker's answer, what was seen, its journal entry, its Undo
    (or the reason there is none)."""

    envelope: Envelope
    outcome: Outcome
    entry_id: int | None = None
    undo: UndoStep | None = None
    no_undo: str | None = None
    reason_values: dict[str, str] = field(default_factory=dict)  # what `no_undo`'s text names

    def undo_entry(self, hours: float) -> int | None:
        """The journal entry whose Undo the result offers (None: it offers none)."""
        return self.entry_id if self.undo is not None and hours > 0 else None

    def said(self, action: Action, lang: str, hours: float) -> Outcome:
        """What was seen, and what the Undo is (or why there is none), said plainly."""
        lines = list(self.outcome.lines)
        if self.envelope.success:
            if self.undo_entry(hours) is not None:
                lines.append(t(lang, "undo.offered", hours=f"{hours:g}"))
                if self.undo is not None and self.undo.gaps:  # said plainly, field by field
                    fields = ", ".join(label(action, name, lang) for name in self.undo.gaps)
                    lines.append(t(lang, "undo.gaps", fields=fields))
            elif self.undo is not None:
                lines.append(t(lang, "undo.none.disabled"))
            elif self.no_undo:
                lines.append(undo_text(lang, self.no_undo, action, self.reason_values))
        return Outcome(self.outcome.mark, lines)
