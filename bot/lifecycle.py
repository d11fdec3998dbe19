"""Graceful shutdown: updates in flight finish before sessions and storage close."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

log = logging.getLogger("bot.lifecycle")


class InFlight(BaseMiddleware):
    """Counts updates being handled; `drain()` waits until there are none."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def drain(self, timeout: float = 30.0) -> bool:
        """True when every update finished within `timeout` seconds."""
        if self.count:
            log.info("waiting for %d update(s) in flight", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%d update(s) still running after %.0fs", self.count, timeout)
            return False
        return True
