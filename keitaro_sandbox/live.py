"""Traffic while the sandbox runs: a click every few seconds, now and then a conversion.

For the demo (and `python -m bot sandbox --live`), so that reports move and a conversion alert
has something to say. Off unless asked for: tests keep a sandbox still, on a clock they set.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Protocol

from keitaro_sandbox.state import State

log = logging.getLogger("keitaro_sandbox")
COUNTRIES = ("US", "DE", "GB", "CA", "BR", "FR", "MX", "IN")


class Sandbox(Protocol):
    """What the traffic needs of `keitaro_sandbox.Sandbox` (which imports this module)."""

    state: State

    def add_click(self, campaign_id: int, *, at: datetime | None = None,
                  stream_id: int | None = None, country: str = "US", bot: bool = False,
                  unique: bool = True, cost: float | None = None) -> str: ...

    def add_conversion(self, click_index_or_sub_id: int | str, *, status: str = "lead",
                       revenue: float = 0.0, at: datetime | None = None, tid: str = "",
                       currency: str = "USD", cost: float = 0.0) -> dict[str, Any]: ...


class LiveTraffic:
    """Clicks on the active campaigns, one every `every` seconds; one click in
    `conversion_every` converts (a lead or a sale, with the offer's payout)."""

    def __init__(self, sandbox: Sandbox, *, every: float = 2.0, conversion_every: int = 4,
                 seed: int = 12) -> None:
        self.sandbox = sandbox
        self.every = every
        self.conversion_every = conversion_every
        self.rng = random.Random(seed)
        self.clicks = 0
        self.conversions = 0

    def step(self) -> str | None:
        """One click (and maybe its conversion) now; its sub id, or None when no campaign
        can take traffic."""
        state = self.sandbox.state
        campaigns = [c["id"] for c in state.campaigns.values() if c["state"] == "active"]
        self.rng.shuffle(campaigns)
        for campaign in campaigns:
            try:
                sub_id = self.sandbox.add_click(campaign,
                                                country=self.rng.choice(COUNTRIES))
            except ValueError:  # no stream that takes traffic
                continue
            self.clicks += 1
            if self.clicks % self.conversion_every == 0:
                status = "sale" if self.rng.random() < 0.6 else "lead"
                revenue = round(self.rng.uniform(5, 60), 2) if status == "sale" else 0.0
                self.sandbox.add_conversion(sub_id, status=status, revenue=revenue,
                                            tid=f"live-{self.clicks}")
                self.conversions += 1
            return sub_id
        return None

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                self.step()
            except Exception:  # the demo's traffic must never stop the sandbox
                log.exception("live traffic failed")


@asynccontextmanager
async def live_traffic(sandbox: Sandbox, *, every: float = 2.0, conversion_every: int = 4
                       ) -> AsyncIterator[LiveTraffic]:
    """Generate traffic in the background while the block runs."""
    traffic = LiveTraffic(sandbox, every=every, conversion_every=conversion_every)
    task = asyncio.create_task(traffic.run(), name="sandbox-live-traffic")
    try:
        yield traffic
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
