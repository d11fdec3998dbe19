"""The outcome of a write as it was seen: one mark for the result's title, and the lines that
say what was verified. The renderer takes it as it is (`deliver(..., outcome=…)`)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
