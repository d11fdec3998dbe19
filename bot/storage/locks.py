"""Locks every process of the bot shares: Redis when configured, else the SQLite file.

A read-modify-write (a campaign's postbacks, a stream's filters: read the entity, change one
item, write the whole array back) must not interleave with another one on the same entity, or
the later write deletes what the earlier one added (the tracker replaces the array,
API-NOTES §11.7). A lock in one process does not stop a second process behind the same
webhook; these do.

    async with locks.hold("rmw:/campaigns/5", ttl=60, wait=60):
        ...  # raises LockUnavailable when it cannot be had within `wait` seconds

`ttl` bounds how long a holder keeps it: a crashed holder's lock expires then, and the next
one takes it over. Each holding has its own owner token: only the holder releases it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

from bot.storage.sqlite import SQLiteDatabase

log = logging.getLogger("bot.storage.locks")

POLL_FIRST = 0.02  # seconds before the first retry of a held SQLite lock
POLL_MAX = 0.5  # the longest pause between two tries


class LockUnavailable(Exception):
    """The lock was held by someone else for longer than the caller would wait."""


class SharedLock(Protocol):
    def hold(self, key: str, *, ttl: float, wait: float
             ) -> AbstractAsyncContextManager[None]:
        """Hold `key` for the `async with` block (at most `ttl` seconds); wait at most
        `wait` seconds for it, then raise LockUnavailable."""
        ...


class LocalLocks:
    """One process's locks (asyncio): for a client built without shared storage (bench,
    scripts). Two processes are not kept apart by it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    @asynccontextmanager
    async def hold(self, key: str, *, ttl: float, wait: float) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), wait)
        except TimeoutError:
            raise LockUnavailable(key) from None
        try:
            yield
        finally:
            lock.release()


class RedisLocks:
    """redis-py's lock: SET NX with an expiry and an owner token, released by a script that
    deletes it only for its owner; acquisition polls until `wait` runs out."""

    def __init__(self, redis: Redis, prefix: str = "keitaro-bot:lock:") -> None:
        self.redis = redis
        self.prefix = prefix

    @asynccontextmanager
    async def hold(self, key: str, *, ttl: float, wait: float) -> AsyncIterator[None]:
        lock = self.redis.lock(self.prefix + key, timeout=ttl, sleep=0.05,
                               blocking_timeout=wait, thread_local=False)
        try:
            acquired = await lock.acquire()
        except RedisError as exc:  # storage down: no lock, so no write
            log.warning("lock %s: Redis failed: %s", key, type(exc).__name__)
            raise LockUnavailable(key) from exc
        if not acquired:
            raise LockUnavailable(key)
        try:
            yield
        finally:
            try:
                await lock.release()
            except LockError:  # expired (and maybe taken over): not ours to delete
                log.warning("lock %s expired before it was released", key)
            except RedisError as exc:
                log.warning("lock %s: Redis failed on release (%s); it expires in %.0f s",
                            key, type(exc).__name__, ttl)


class SQLiteLocks:
    """A row per held lock (key, owner token, expiry) in the bot's SQLite file, which every
    process on this host opens: taken in a `BEGIN IMMEDIATE` transaction (one writer at a
    time) where an expired row is removed first; polled with jittered backoff; released by
    deleting the row only if it still has our owner token."""

    def __init__(self, db: SQLiteDatabase) -> None:
        self.db = db
        self._cleanup: asyncio.Future[bool] | None = None

    async def _try(self, key: str, owner: str, ttl: float) -> bool:
        def take(conn: sqlite3.Connection) -> bool:
            now = time.time()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM locks WHERE key = ? AND expires <= ?", (key, now))
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO locks (key, owner, expires) VALUES (?, ?, ?)",
                    (key, owner, now + ttl))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return cursor.rowcount == 1

        return await self.db.run(take)

    async def _release(self, key: str, owner: str) -> bool:
        def drop(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute("DELETE FROM locks WHERE key = ? AND owner = ?", (key, owner))
            return cursor.rowcount == 1

        return await self.db.run(drop)

    @asynccontextmanager
    async def hold(self, key: str, *, ttl: float, wait: float) -> AsyncIterator[None]:
        owner = uuid.uuid4().hex
        deadline = time.monotonic() + wait
        pause = POLL_FIRST
        while True:
            try:
                if await self._try(key, owner, ttl):
                    break
            except sqlite3.OperationalError as exc:  # the file stayed locked past its timeout
                log.warning("lock %s: SQLite busy (%s)", key, exc)
            except asyncio.CancelledError:
                # the try may have taken the lock all the same: statements run in order on one
                # thread, so a release queued now runs after it and drops what it took
                self._cleanup = asyncio.ensure_future(self._release(key, owner))
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise LockUnavailable(key)
            await asyncio.sleep(min(left, pause * random.uniform(0.5, 1.5)))
            pause = min(POLL_MAX, pause * 2)
        try:
            yield
        finally:
            if not await asyncio.shield(self._release(key, owner)):
                log.warning("lock %s expired before it was released", key)
