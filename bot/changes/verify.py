"""After a write: read it back and say what was seen, never more.

✅ only for what was read back as sent; ⚠️ for a field the tracker kept or changed otherwise,
or one its answer does not have; 📤 for what cannot be read back (write-only fields, checks);
❌ for a failure. How a kind is read back is the kind's (`bot.changes.kinds`): this is the
orchestration, and the Verifier holds what a read back needs (the client, how long to wait
for a queued postback's conversion).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.changes.kinds.base import Change
from bot.changes.outcome import FAILED, Outcome
from bot.changes.read import Seen
from bot.changes.values import Display
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Verified:
    outcome: Outcome
    after: Seen | None = None


class Verifier:
    """Reads back what a write did, through the client that made it."""

    def __init__(self, client: KeitaroClient, *, postback_seconds: float,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.client = client
        self.postback_seconds = postback_seconds
        self.sleep = sleep

    async def verify(self, change: Change, envelope: Envelope, lang: str) -> Verified:
        """What was seen after `change` was sent and answered with `envelope`."""
        show = Display(self.client.redactor, lang, change.action.group)
        kind = change.kind
        if not envelope.success and change.action.kind.value != "postback":
            return Verified(Outcome(FAILED))
        outcome, after = await kind.verify(self, change, envelope, show)
        return Verified(outcome, after)
