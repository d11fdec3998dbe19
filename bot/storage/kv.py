"""A small key-value store with expiry: SQLite or Redis behind one interface."""

from __future__ import annotations

import sqlite3
import time
from typing import Protocol

from redis.asyncio import Redis

from bot.storage.sqlite import SQLiteDatabase


class KeyValue(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl: float | None = None) -> None: ...

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        """Set only if absent (a lock or a once-only marker); True when it was set."""
        ...

    async def delete(self, key: str) -> None: ...


class SQLiteKV:
    """Expired items read as absent; every `purge_every` writes they are also deleted, so the
    table does not grow with every result page and notifier claim ever stored."""

    def __init__(self, db: SQLiteDatabase, purge_every: int = 500) -> None:
        self.db = db
        self.purge_every = purge_every
        self._writes = 0

    async def _wrote(self) -> None:
        self._writes += 1
        if self._writes >= self.purge_every:
            self._writes = 0
            await self.purge()

    async def get(self, key: str) -> str | None:
        rows = await self.db.execute(
            "SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (key, time.time()),
        )
        return str(rows[0][0]) if rows else None

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        expires = time.time() + ttl if ttl else None
        await self.db.execute(
            "INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
            "SET value = excluded.value, expires = excluded.expires",
            (key, value, expires),
        )
        await self._wrote()

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        now = time.time()
        expires = now + ttl if ttl else None

        def _add(conn: sqlite3.Connection) -> bool:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "DELETE FROM kv WHERE key = ? AND expires IS NOT NULL AND expires <= ?",
                    (key, now),
                )
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                    (key, value, expires),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return cursor.rowcount == 1

        added = await self.db.run(_add)
        await self._wrote()
        return added

    async def delete(self, key: str) -> None:
        await self.db.execute("DELETE FROM kv WHERE key = ?", (key,))

    async def purge(self) -> int:
        """Drop expired items; returns how many."""
        def _purge(conn: sqlite3.Connection) -> int:
            cursor = conn.execute("DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?",
                                  (time.time(),))
            return cursor.rowcount

        return await self.db.run(_purge)


class RedisKV:
    def __init__(self, redis: Redis, prefix: str = "kbot:") -> None:
        self.redis = redis
        self.prefix = prefix

    async def get(self, key: str) -> str | None:
        value = await self.redis.get(self.prefix + key)
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    async def set(self, key: str, value: str, ttl: float | None = None) -> None:
        await self.redis.set(self.prefix + key, value, px=int(ttl * 1000) if ttl else None)

    async def add(self, key: str, value: str, ttl: float | None = None) -> bool:
        done = await self.redis.set(
            self.prefix + key, value, nx=True, px=int(ttl * 1000) if ttl else None
        )
        return bool(done)

    async def delete(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)
