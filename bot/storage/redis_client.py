"""Redis that fails as storage fails: a command that cannot reach the server (refused, timed
out, no free connection in `REDIS_WAIT`) raises `RedisUnreachable`, a `StorageBusy` (and still
a redis `ConnectionError` for code that handles Redis itself), which every caller of the
storage already handles as SQLite's busy file: the update is told "storage is not answering,
try again" before anything is sent to the tracker; a write that was sent still gets its
reply (its journal line stays pending, `ActionRunner`); the notifier tries again next round.
The first failure of an outage is logged as a warning, the rest until Redis answers again
at debug level."""

from __future__ import annotations

import logging
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.storage")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class RedisUnreachable(StorageBusy, RedisConnectionError):
    """Redis cannot be reached: `StorageBusy` for the updates, and still the `RedisError` it
    was for the code that handles Redis failing on its own terms (a lock's renewal tried
    again, a lock not taken: `bot.storage.redis_fsm`, `bot.storage.locks`)."""

    def __init__(self, message: str) -> None:
        StorageBusy.__init__(self, message, where="redis")


class Outage:
    """Whether a client's Redis is known to be unreachable (logged once a stretch)."""

    def __init__(self) -> None:
        self.down = False

    def failed(self, exc: BaseException) -> RedisUnreachable:
        if not self.down:
            self.down = True
            log.warning("storage: Redis does not answer (%s): updates that need storage are "
                        "told to try again until it does", type(exc).__name__)
        else:
            log.debug("storage: Redis still does not answer (%s)", exc)
        return RedisUnreachable(f"redis: {type(exc).__name__}")

    def answered(self) -> None:
        if self.down:
            self.down = False
            log.warning("storage: Redis answers again")


class StorageRedis(Redis):
    """`redis.asyncio.Redis` whose commands, pipelines and locks (scripts are commands) raise
    `StorageBusy` when the server cannot be reached."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outage = Outage()

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        try:
            result = await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]
        except UNREACHABLE as exc:
            raise self.outage.failed(exc) from None
        if self.outage.down:
            self.outage.answered()
        return result

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> Pipeline:
        pipe = StoragePipeline(self.connection_pool, self.response_callbacks, transaction,
                               shard_hint)
        pipe.outage = self.outage
        return pipe


class StoragePipeline(Pipeline):
    """A pipeline of `StorageRedis`: its sends raise `StorageBusy` the same way."""

    outage: Outage

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        try:
            return await super().execute(raise_on_error)
        except UNREACHABLE as exc:
            raise self.outage.failed(exc) from None

    async def immediate_execute_command(self, *args: Any, **options: Any) -> Any:
        try:
            return await super().immediate_execute_command(  # type: ignore[no-untyped-call]
                *args, **options)
        except UNREACHABLE as exc:
            raise self.outage.failed(exc) from None
