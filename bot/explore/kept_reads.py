"""A card's and the glance's numbers, kept a minute: opened again, they are not asked again.

A buyer moves between a campaign's card, its offers and back, and every card reads two
reports (by day for today, yesterday and 7 days; by stream and offer for today). Those
answers change with traffic, not with the taps: `KeptReads` keeps each `report/build`
answer `ttl` seconds (`REPORT_NUMBERS_TTL`, 0: never kept) for the same query, its end cut to
the minute (a card shows numbers at most that old). Anything the bot changes on the tracker
(`Transport.changes` moves: a pause, a cost, a conversion) drops every kept answer; a failed
read is not kept. Other reads (the entity, its streams, what a person asks of `/reports`)
go to the tracker every time.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope

KEPT = "reports.build"
SIZE = 512  # answers kept at most (the oldest go first)


@dataclass(frozen=True)
class _Kept:
    envelope: Envelope
    at: float
    changes: int


def _key(args: dict[str, Any] | None, max_rows: int | None) -> str:
    """The query with the end of its range cut to the minute (`2026-12-07 12:34`)."""
    args = dict(args or {})
    data = args.get("data")
    if isinstance(data, dict) and isinstance(data.get("range"), dict):
        span = dict(data["range"])
        if isinstance(span.get("to"), str):
            span["to"] = span["to"][:16]
        args["data"] = {**data, "range": span}
    return json.dumps([args, max_rows], sort_keys=True, default=str)


class KeptReads:
    """A `Reader` (`bot.notify.reads.Reader`) over the client that keeps report answers for
    `ttl` seconds. The envelopes it returns may be shared: they must not be changed."""

    def __init__(self, client: KeitaroClient, ttl: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.ttl = ttl
        self.clock = clock
        self._kept: OrderedDict[str, _Kept] = OrderedDict()

    async def execute(self, action: Action | str, args: dict[str, Any] | None = None, *,
                      max_rows: int | None = None) -> Envelope:
        name = action if isinstance(action, str) else action.id
        if self.ttl <= 0 or name != KEPT:
            return await self.client.execute(action, args, max_rows=max_rows)
        key = _key(args, max_rows)
        changes = self.client.transport.changes
        kept = self._kept.get(key)
        if (kept is not None and kept.changes == changes
                and self.clock() - kept.at < self.ttl):
            return kept.envelope
        started = self.clock()
        envelope = await self.client.execute(action, args, max_rows=max_rows)
        if envelope.success and self.client.transport.changes == changes:
            self._kept[key] = _Kept(envelope, started, changes)
            self._kept.move_to_end(key)
            while len(self._kept) > SIZE:
                self._kept.popitem(last=False)
        return envelope
