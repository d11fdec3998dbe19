"""One notifier round's reads of the tracker: the same read is sent once and shared.

Rules of one shape (every "spend with no conversion" rule reads the same report, whatever its
threshold) and digests of one report and period ask the tracker identical questions; within a
round each distinct question is sent once, however many subscriptions share it. `calls`
counts what was sent.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Protocol

from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope


class Reader(Protocol):
    """What the notifier's checks and digests need of the tracker: catalog reads."""

    async def execute(self, action: Action | str, args: dict[str, Any] | None = None, *,
                      max_rows: int | None = None) -> Envelope: ...


class RoundReads:
    """A `Reader` over the client that sends each distinct read once per round; the envelopes
    it returns are shared between callers and must not be changed."""

    def __init__(self, client: KeitaroClient) -> None:
        self.client = client
        self.calls = 0
        self._reads: dict[str, asyncio.Task[Envelope]] = {}

    async def execute(self, action: Action | str, args: dict[str, Any] | None = None, *,
                      max_rows: int | None = None) -> Envelope:
        name = action if isinstance(action, str) else action.id
        key = json.dumps([name, args or {}, max_rows], sort_keys=True, default=str)
        read = self._reads.get(key)
        if read is None:
            self.calls += 1
            read = asyncio.ensure_future(self.client.execute(action, args, max_rows=max_rows))
            self._reads[key] = read
        return await asyncio.shield(read)

    def close(self) -> None:
        """Cancel reads still running (the round was stopped)."""
        for read in self._reads.values():
            read.cancel()
