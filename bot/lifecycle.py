"""Graceful shutdown: every update taken is handled before sessions and storage close.

An update counts from the moment the bot has taken it until its handling ends: the webhook
counts each update it acknowledged (Telegram will not send it again) from the 200 it answered
(`track`); polling counts each update it fetched from the moment its task starts, before it
waits behind its person's earlier updates (this middleware runs ahead of the FSM
middleware, which holds the per-person lock: `bot.person.order_update_middlewares`). Once
shutdown starts the webhook stops acknowledging (`stop_accepting`: 503, and Telegram sends
the update again later), and `drain()` waits, up to `DRAIN_TIMEOUT`, until every counted
update has finished.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

log = logging.getLogger("bot.lifecycle")
# Seconds SIGTERM waits for updates taken: a tracker call may take KEITARO_TIMEOUT (30 s by
# default); give the container a stop grace above this (README: `docker stop -t 40`).
DRAIN_TIMEOUT = 30.0


class InFlight(BaseMiddleware):
    """Counts updates taken and not finished; `drain()` waits until there are none."""

    def __init__(self) -> None:
        self.acknowledged = 0  # by the webhook, not yet handled
        self.running = 0  # in the dispatcher, waiting for their person's lock or handled
        self.accepting = True
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def count(self) -> int:
        """Updates taken and not finished (a webhook update is also running once started)."""
        return max(self.acknowledged, self.running)

    def _changed(self) -> None:
        if self.acknowledged or self.running:
            self._idle.clear()
        else:
            self._idle.set()

    def track(self, task: asyncio.Task[Any]) -> None:
        """Count an update from now (it was just acknowledged) until `task` ends."""
        self.acknowledged += 1
        self._changed()
        task.add_done_callback(self._handled)

    def _handled(self, _: asyncio.Task[Any]) -> None:
        self.acknowledged -= 1
        self._changed()

    def stop_accepting(self) -> None:
        """Shutdown has begun: the webhook refuses new updates (Telegram retries them)."""
        self.accepting = False

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.running += 1
        self._changed()
        try:
            return await handler(event, data)
        finally:
            self.running -= 1
            self._changed()

    async def drain(self, timeout: float = DRAIN_TIMEOUT) -> bool:
        """True when every update taken finished within `timeout` seconds."""
        if self.count:
            log.info("finishing %d update(s) taken before the shutdown", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%d update(s) taken still running after %.0fs: cut short",
                        self.count, timeout)
            return False
        return True
