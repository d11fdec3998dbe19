"""`Sandbox`: a Keitaro tracker in memory, served over real HTTP; and `serve` for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from aiohttp import web

from keitaro_sandbox.app import RecordedRequest, Recorder, build_app
from keitaro_sandbox.clock import Clock, stamp, utc_now
from keitaro_sandbox.faults import Faults
from keitaro_sandbox.live import live_traffic
from keitaro_sandbox.postback import PostbackQueue
from keitaro_sandbox.routes import build_router
from keitaro_sandbox.samples import COUNTRY_INDEX
from keitaro_sandbox.seed import seed_state
from keitaro_sandbox.traffic import (
    FLAG_BOT,
    FLAG_UNIQUE_CAMPAIGN,
    FLAG_UNIQUE_GLOBAL,
    FLAG_UNIQUE_STREAM,
    STATUSES,
    ClickRoute,
)

log = logging.getLogger("keitaro_sandbox")


class Sandbox:
    """A fake Keitaro for tests and demos: every catalog action, real HTTP, no network.

    `state` holds the data (seeded from `seed`, with `clicks` clicks over the 30 days
    before `clock()`), `faults` injects errors, `requests` records what arrived.
    Postbacks are answered at once and processed from a queue: `postback_delay` seconds
    later, or (None) only when `process_postbacks()` is called.
    Nothing is shared between instances.
    """

    def __init__(self, api_key: str, postback_key: str, *, seed: int = 1,
                 clock: Clock | None = None, clicks: int = 3000,
                 string_numbers: bool = False, db_values: bool = False,
                 postback_delay: float | None = None) -> None:
        if not api_key or not postback_key:
            raise ValueError("api_key and postback_key must not be empty")
        self.clock: Clock = clock or utc_now
        self.state = seed_state(seed, self.clock, clicks)
        self.state.string_numbers = string_numbers  # report numbers as strings, as PDO does
        self.state.db_values = db_values  # entities' flags and decimals as the database has them
        self.faults = Faults()
        self.postbacks = PostbackQueue(self.state, postback_delay)
        self._recorder = Recorder()
        self._keys = (api_key, postback_key)
        self.app = self._build_app()
        self.url: str | None = None

    def _build_app(self) -> web.Application:
        api_key, postback_key = self._keys
        return build_app(self.state, self.faults, self._recorder, build_router(),
                         self.postbacks, api_key=api_key, postback_key=postback_key)

    # -- the postback queue ----------------------------------------------------------------

    @property
    def postback_delay(self) -> float | None:
        """Seconds between a postback's `Success` and its processing; None: on request."""
        return self.postbacks.delay

    @postback_delay.setter
    def postback_delay(self, value: float | None) -> None:
        self.postbacks.delay = value

    @property
    def pending_postbacks(self) -> int:
        return len(self.postbacks.pending)

    def process_postbacks(self) -> list[str]:
        """Process every queued postback now, oldest first; returns what each logged
        (`Subid … complete`, or why it was ignored)."""
        return self.postbacks.process()

    # -- what arrived ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._recorder.requests

    @property
    def in_flight(self) -> int:
        return self._recorder.in_flight

    @property
    def peak_in_flight(self) -> int:
        """The most requests that were being handled at once (since the last reset)."""
        return self._recorder.peak_in_flight

    def matching(self, method: str | None = None, path_regex: str | None = None
                 ) -> list[RecordedRequest]:
        """Recorded requests with this method (None: any) whose path the regex finds."""
        pattern = re.compile(path_regex) if path_regex is not None else None
        return [req for req in self._recorder.requests
                if (method is None or req.method == method.upper())
                and (pattern is None or pattern.search(req.path))]

    def count(self, method: str | None = None, path_regex: str | None = None) -> int:
        return len(self.matching(method, path_regex))

    def reset_requests(self) -> None:
        self._recorder.requests.clear()
        self._recorder.peak_in_flight = self._recorder.in_flight

    # -- serving ---------------------------------------------------------------------------

    @asynccontextmanager
    async def running(self, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
        """Serve on `host` (a free port by default); yields the base URL, stops on exit.
        May be entered again later, also from another event loop (same state)."""
        if self.app.frozen:  # an aiohttp app is bound to the loop of its first run
            self.app = self._build_app()
        runner = web.AppRunner(self.app, access_log=None, handler_cancellation=True,
                               shutdown_timeout=0.5)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound = runner.addresses[0][1]
            self.url = f"http://{host}:{bound}"
            yield self.url
        finally:
            self.url = None
            await runner.cleanup()

    # -- traffic over time -----------------------------------------------------------------

    def sub_id(self, click_index: int) -> str:
        return self.state.traffic.clicks.sub_id(click_index)

    def _click(self, click: int | str) -> int:
        clicks = self.state.traffic.clicks
        if isinstance(click, int):
            index: int | None = click if 0 <= click < len(clicks) else None
        else:
            index = clicks.find(click)
        if index is None:
            raise ValueError(f"no click {click!r}")
        return index

    def add_conversion(self, click_index_or_sub_id: int | str, *, status: str = "lead",
                       revenue: float = 0.0, at: datetime | None = None, tid: str = "",
                       currency: str = "USD", cost: float = 0.0) -> dict[str, Any]:
        """Record a conversion of a click (by index or sub id). It shows in logs and
        reports once the clock reaches `at` (default: now)."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        index = self._click(click_index_or_sub_id)
        moment = at or self.clock()
        conversion = self.state.traffic.conversions.add(
            index, status, float(revenue), int(moment.timestamp()), tid=tid,
            currency=currency, cost=cost)
        route = self.state.traffic.clicks.routes[self.state.traffic.clicks.route[index]]
        return {"conversion_id": conversion.id, "sub_id": self.sub_id(index),
                "status": status, "revenue": conversion.revenue, "currency": currency,
                "tid": tid, "postback_datetime": stamp(moment),
                "campaign_id": route.campaign_id,
                "offer_id": self.state.traffic.clicks.offer[index]}

    def add_click(self, campaign_id: int, *, at: datetime | None = None,
                  stream_id: int | None = None, country: str = "US", bot: bool = False,
                  unique: bool = True, cost: float | None = None) -> str:
        """Record one click of a campaign (not earlier than the last click); returns its
        sub id. The stream defaults to the campaign's first one with an offer."""
        state = self.state
        streams = [s for s in state.streams.values()
                   if s["campaign_id"] == campaign_id and s["state"] != "deleted"]
        if stream_id is not None:
            streams = [s for s in streams if s["id"] == stream_id]
        if not streams:
            raise ValueError(f"campaign {campaign_id} has no such stream")
        stream = next((s for s in streams if s["offers"]), streams[0])
        campaign = state.campaigns[campaign_id]
        offers = tuple(o["offer_id"] for o in stream["offers"])
        landings = tuple(item["landing_id"] for item in stream["landings"])
        per_click = float(campaign["cost_value"]) if campaign["cost_type"] in (
            "CPC", "CPUC") else 0.0
        route = ClickRoute(campaign_id, stream["id"], campaign.get("traffic_source_id") or 0,
                           offers, landings, (), per_click if cost is None else cost)
        flags = FLAG_BOT if bot else 0
        if unique and not bot:
            flags |= FLAG_UNIQUE_CAMPAIGN | FLAG_UNIQUE_STREAM | FLAG_UNIQUE_GLOBAL
        moment = at or self.clock()
        index = state.traffic.clicks.append(
            route, int(moment.timestamp()), offer=offers[0] if offers else 0,
            landing=landings[0] if landings else 0, country=COUNTRY_INDEX.get(country, 0),
            flags=flags)
        return self.sub_id(index)


async def serve(host: str, port: int, *, api_key: str, postback_key: str, seed: int = 1,
                clicks: int = 3000, postback_delay: float | None = 1.0,
                live: float | None = None) -> None:
    """Run a sandbox tracker on host:port until cancelled. Logs only the address.
    Postbacks are processed `postback_delay` seconds after they arrive, as a tracker's
    queue does. With `live`, a click every `live` seconds (and now and then a conversion)."""
    sandbox = Sandbox(api_key, postback_key, seed=seed, clicks=clicks,
                      postback_delay=postback_delay)
    async with sandbox.running(host, port) as url, contextlib.AsyncExitStack() as stack:
        if live:
            await stack.enter_async_context(live_traffic(sandbox, every=live))
        log.info("Keitaro sandbox listening on %s (Admin API at %s/admin_api/v1)", url, url)
        await asyncio.Event().wait()
