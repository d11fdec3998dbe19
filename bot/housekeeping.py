"""Chores on a timer while the bot runs: writes left pending are marked interrupted, and
conversations past their FLOW_TTL are erased from SQLite (Redis expires them by itself).

A journal entry stays `pending` when the process writing it died before the tracker answered.
Start-up marks such entries too, but with several processes sharing a journal (or one that
is not restarted) only a timer catches them: an entry older than the client's timeout and a
grace cannot still be in flight anywhere.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram.fsm.storage.base import BaseStorage

from bot.background import LoopTask
from bot.storage.audit import AuditJournal
from bot.storage.fsm import SQLiteStorage
from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.housekeeping")
EVERY = 60.0  # seconds between rounds, at most (half of FLOW_TTL when that is shorter)


class Housekeeper:
    def __init__(self, audit: AuditJournal, storage: BaseStorage, *, interrupted_after: float,
                 every: float = EVERY) -> None:
        self.audit = audit
        self.storage = storage
        self.interrupted_after = interrupted_after
        self.every = every
        self._loop_task = LoopTask("housekeeping")

    def start(self) -> None:
        self._loop_task.start(self._loop)

    async def stop(self) -> None:
        await self._loop_task.stop()

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except StorageBusy:  # the database logs a stall once; the next round tries again
                continue
            except Exception as exc:  # the next round tries again
                log.warning("housekeeping failed: %s", type(exc).__name__)

    async def run_once(self) -> tuple[int, int]:
        """(journal entries marked interrupted, conversations erased)."""
        marked = await self.audit.mark_interrupted(older_than=self.interrupted_after)
        if marked:
            log.warning("%d journal entries were left pending by a write cut short: marked "
                        "interrupted", marked)
        erased = 0
        if isinstance(self.storage, SQLiteStorage):
            erased = await self.storage.expire()
            if erased:
                log.info("%d conversation(s) expired: what was typed into them is erased",
                         erased)
        return marked, erased
