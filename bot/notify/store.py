"""Records of a kind (digests, alert rules, enabled chats, cursors), in SQLite or Redis."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Protocol

from redis.asyncio import Redis

from bot.storage.sqlite import SQLiteDatabase

RECORDS_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,
    id INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS record_ids (kind TEXT PRIMARY KEY, last INTEGER NOT NULL);
"""


class RecordStore(Protocol):
    async def new_id(self, kind: str) -> int: ...

    async def put(self, kind: str, record_id: int, data: dict[str, Any]) -> None: ...

    async def put_many(self, kind: str, records: dict[int, dict[str, Any]]) -> None: ...

    async def get(self, kind: str, record_id: int) -> dict[str, Any] | None: ...

    async def delete(self, kind: str, record_id: int) -> bool: ...

    async def all(self, kind: str) -> dict[int, dict[str, Any]]: ...


class SQLiteRecords:
    def __init__(self, db: SQLiteDatabase) -> None:
        self.db = db
        self._ready = False

    async def _schema(self) -> None:
        if not self._ready:
            await self.db.run(lambda c: c.executescript(RECORDS_SCHEMA))
            self._ready = True

    async def new_id(self, kind: str) -> int:
        await self._schema()

        def _next(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("INSERT INTO record_ids (kind, last) VALUES (?, 1) "
                             "ON CONFLICT(kind) DO UPDATE SET last = last + 1", (kind,))
                row = conn.execute("SELECT last FROM record_ids WHERE kind = ?",
                                   (kind,)).fetchone()
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return int(row[0])

        return await self.db.run(_next)

    async def put(self, kind: str, record_id: int, data: dict[str, Any]) -> None:
        await self._schema()
        await self.db.execute(
            "INSERT INTO records (kind, id, data) VALUES (?, ?, ?) "
            "ON CONFLICT(kind, id) DO UPDATE SET data = excluded.data",
            (kind, record_id, json.dumps(data, ensure_ascii=False)),
        )

    async def put_many(self, kind: str, records: dict[int, dict[str, Any]]) -> None:
        """Every record in one transaction (a round's cursors: one write, not hundreds)."""
        if not records:
            return
        await self._schema()
        rows = [(kind, record_id, json.dumps(data, ensure_ascii=False))
                for record_id, data in records.items()]

        def _write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT INTO records (kind, id, data) VALUES (?, ?, ?) "
                    "ON CONFLICT(kind, id) DO UPDATE SET data = excluded.data", rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        await self.db.run(_write)

    async def get(self, kind: str, record_id: int) -> dict[str, Any] | None:
        await self._schema()
        rows = await self.db.execute("SELECT data FROM records WHERE kind = ? AND id = ?",
                                     (kind, record_id))
        return json.loads(rows[0][0]) if rows else None

    async def delete(self, kind: str, record_id: int) -> bool:
        await self._schema()

        def _delete(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute("DELETE FROM records WHERE kind = ? AND id = ?",
                                  (kind, record_id))
            return cursor.rowcount > 0

        return await self.db.run(_delete)

    async def all(self, kind: str) -> dict[int, dict[str, Any]]:
        await self._schema()
        rows = await self.db.execute("SELECT id, data FROM records WHERE kind = ? ORDER BY id",
                                     (kind,))
        return {int(i): json.loads(d) for i, d in rows}


class RedisRecords:
    """One hash per kind (`kbot:rec:<kind>`: id → JSON) and a counter per kind."""

    def __init__(self, redis: Redis, prefix: str = "kbot:rec:") -> None:
        self.redis = redis
        self.prefix = prefix

    async def new_id(self, kind: str) -> int:
        return int(await self.redis.incr(f"{self.prefix}{kind}:seq"))

    async def put(self, kind: str, record_id: int, data: dict[str, Any]) -> None:
        await self.redis.hset(self.prefix + kind, str(record_id),
                              json.dumps(data, ensure_ascii=False))

    async def put_many(self, kind: str, records: dict[int, dict[str, Any]]) -> None:
        if records:
            await self.redis.hset(self.prefix + kind, mapping={
                str(k): json.dumps(v, ensure_ascii=False) for k, v in records.items()})

    async def get(self, kind: str, record_id: int) -> dict[str, Any] | None:
        raw = await self.redis.hget(self.prefix + kind, str(record_id))
        return json.loads(raw) if raw else None

    async def delete(self, kind: str, record_id: int) -> bool:
        return bool(await self.redis.hdel(self.prefix + kind, str(record_id)))

    async def all(self, kind: str) -> dict[int, dict[str, Any]]:
        raw = await self.redis.hgetall(self.prefix + kind)
        return {int(k): json.loads(v) for k, v in sorted(raw.items(), key=lambda i: int(i[0]))}
