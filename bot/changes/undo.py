"""The change that puts a change back, or why there is none.

`reason` says before the change whether it will have an Undo (the preview promises only what
`step` then delivers); `step` builds it from the change as planned (the state read before,
what its side effects touch) and the state read back after. How each kind is undone is the
kind's (`bot.changes.kinds`, one module each); what every Undo shares is here:

- it carries the tracker's own values as read (never a mask: the data read for a change is
  not scrubbed; the client refuses any write carrying the mask text);
- it lists the fields it cannot put back (`gaps`: write-only fields, secrets the tracker
  hides), said plainly before and after;
- it puts side effects back after its own change (`also`: the domains' default campaign).
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.base import Change
from bot.changes.read import Seen
from bot.storage.audit import UndoStep


def reason(change: Change) -> str | None:
    """Why this change will have no Undo (a key of `undo.none.*`), or None when it will."""
    return change.kind.no_undo(change)


def step(change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
    """The Undo of a change that went through, or the reason (`undo.none.*`) there is none."""
    why = reason(change)
    if why is not None:
        return why
    return change.kind.undo(change, after, answer)
