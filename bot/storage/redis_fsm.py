"""aiogram's Redis storage and isolation, closed by the services rather than the dispatcher;
the isolation's per-person lock renewed while its update runs.

The dispatcher closes its storage first thing on shutdown; the bot must first let updates in
flight finish, so the connection is closed later, by `Services.close()`.

aiogram's Redis lock lives 60 s (`lock_kwargs["timeout"]`): an update that took longer (a
write waiting on a slow tracker, its read before and read-back, retries) lost it, the
person's next update ran alongside, and the first ended in `LockNotOwnedError`. Here the lock
keeps that time to live, renewed every third of it while the update runs: however long the
update takes, it holds the lock; a process that dies frees it within the TTL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

log = logging.getLogger("bot.storage")
LOCK_TTL = 60.0  # seconds: aiogram's default


class SharedRedisStorage(RedisStorage):
    async def close(self) -> None:
        """Left open on dispatcher shutdown; the owner of the Redis client closes it."""


class SharedRedisIsolation(RedisEventIsolation):
    """The per-person lock in Redis, shared by every process, renewed while it is held."""

    @property
    def ttl(self) -> float:
        return float(self.lock_kwargs.get("timeout") or LOCK_TTL)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        kwargs = {**self.lock_kwargs, "timeout": self.ttl}
        lock = self.redis.lock(name=self.key_builder.build(key, "lock"), **kwargs,
                               lock_class=Lock)
        async with lock:
            renewing = asyncio.create_task(self._renew(lock), name="person-lock")
            try:
                yield None
            finally:
                renewing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewing

    async def _renew(self, lock: Lock) -> None:
        """Reset the lock's time to live every third of it until cancelled. A renewal that
        fails (Redis unreachable for a moment) is tried again at the next third."""
        while True:
            await asyncio.sleep(self.ttl / 3)
            try:
                await lock.reacquire()
            except LockError:
                log.warning("a person's update lock expired before it could be renewed")
                return
            except (RedisError, OSError) as exc:
                log.warning("could not renew a person's update lock: %s", type(exc).__name__)

    async def close(self) -> None:
        """Left open on dispatcher shutdown; the owner of the Redis client closes it."""
