"""aiogram's Redis storage and isolation, closed by the services rather than the dispatcher.

The dispatcher closes its storage first thing on shutdown; the bot must first let updates in
flight finish, so the connection is closed later, by `Services.close()`.
"""

from __future__ import annotations

from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage


class SharedRedisStorage(RedisStorage):
    async def close(self) -> None:
        """Left open on dispatcher shutdown; the owner of the Redis client closes it."""


class SharedRedisIsolation(RedisEventIsolation):
    async def close(self) -> None:
        """Left open on dispatcher shutdown; the owner of the Redis client closes it."""
