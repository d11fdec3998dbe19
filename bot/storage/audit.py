"""The audit journal: every write and destructive action, recorded before and after it runs."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from redis.asyncio import Redis

from bot.storage.sqlite import SQLiteDatabase

Outcome = Literal["pending", "ok", "failed", "uncertain", "interrupted", "refused"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stale(entry: dict[str, Any], older_than: float) -> bool:
    started = datetime.fromisoformat(str(entry.get("ts")))
    return (datetime.now(UTC) - started).total_seconds() >= older_than


INTERRUPTED = "the bot stopped before the tracker answered: check whether the change was applied"


class AuditEntry(BaseModel):
    id: int | None = None
    ts: str
    user_id: int
    user_name: str = ""
    chat_id: int | None = None
    action: str
    danger: str
    method: str
    url: str  # masked
    body: Any = None  # masked
    snapshot: Any = None  # the entity as it was before the change (masked)
    outcome: Outcome = "pending"
    status: int | None = None
    error: str | None = None
    result: Any = None  # a short excerpt of what the tracker answered
    finished: str | None = None


class AuditJournal(Protocol):
    async def begin(self, entry: AuditEntry) -> int: ...

    async def finish(
        self,
        entry_id: int,
        *,
        outcome: Outcome,
        status: int | None = None,
        error: str | None = None,
        result: Any = None,
    ) -> None: ...

    async def last(self, limit: int = 10) -> list[AuditEntry]: ...

    async def mark_interrupted(self, older_than: float = 0.0) -> int:
        """Entries pending for more than `older_than` seconds become `interrupted`.

        A write cannot be in flight longer than the client's timeout, so with `older_than`
        above it this only catches calls cut short by a crash or restart, even when several
        processes share the journal. Returns how many were marked.
        """
        ...


class SQLiteAudit:
    def __init__(self, db: SQLiteDatabase) -> None:
        self.db = db

    async def begin(self, entry: AuditEntry) -> int:
        payload = entry.model_dump_json(exclude={"id"})

        def _insert(conn: sqlite3.Connection) -> int:
            cursor = conn.execute("INSERT INTO audit (entry, outcome) VALUES (?, 'pending')",
                                  (payload,))
            return int(cursor.lastrowid or 0)

        return await self.db.run(_insert)

    async def finish(
        self,
        entry_id: int,
        *,
        outcome: Outcome,
        status: int | None = None,
        error: str | None = None,
        result: Any = None,
    ) -> None:
        def _update(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT entry FROM audit WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                return
            entry = json.loads(row[0])
            entry.update(outcome=outcome, status=status, error=error, result=result,
                         finished=now_iso())
            conn.execute("UPDATE audit SET entry = ?, outcome = ? WHERE id = ?",
                         (json.dumps(entry, ensure_ascii=False), outcome, entry_id))

        await self.db.run(_update)

    async def last(self, limit: int = 10) -> list[AuditEntry]:
        rows = await self.db.execute(
            "SELECT id, entry, outcome FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [AuditEntry.model_validate({**json.loads(e), "id": i, "outcome": o})
                for i, e, o in rows]

    async def mark_interrupted(self, older_than: float = 0.0) -> int:
        def _mark(conn: sqlite3.Connection) -> int:
            rows = conn.execute("SELECT id, entry FROM audit WHERE outcome = 'pending'").fetchall()
            marked = 0
            for entry_id, raw in rows:
                entry = json.loads(raw)
                if not _stale(entry, older_than):
                    continue
                entry.update(outcome="interrupted", finished=now_iso(), error=INTERRUPTED)
                conn.execute("UPDATE audit SET entry = ?, outcome = 'interrupted' WHERE id = ?",
                             (json.dumps(entry, ensure_ascii=False), entry_id))
                marked += 1
            return marked

        return await self.db.run(_mark)


class RedisAudit:
    """Entries as JSON strings under `audit:<id>`; ids in a list, newest first."""

    def __init__(self, redis: Redis, prefix: str = "kbot:audit:") -> None:
        self.redis = redis
        self.prefix = prefix

    async def begin(self, entry: AuditEntry) -> int:
        entry_id = int(await self.redis.incr(self.prefix + "seq"))
        entry.id = entry_id
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{self.prefix}{entry_id}", entry.model_dump_json())
            pipe.lpush(self.prefix + "ids", entry_id)
            pipe.sadd(self.prefix + "pending", entry_id)
            await pipe.execute()
        return entry_id

    async def _load(self, entry_id: int) -> AuditEntry | None:
        raw = await self.redis.get(f"{self.prefix}{entry_id}")
        return AuditEntry.model_validate_json(raw) if raw else None

    async def finish(
        self,
        entry_id: int,
        *,
        outcome: Outcome,
        status: int | None = None,
        error: str | None = None,
        result: Any = None,
    ) -> None:
        entry = await self._load(entry_id)
        if entry is None:
            return
        entry.outcome, entry.status, entry.error, entry.result = outcome, status, error, result
        entry.finished = now_iso()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{self.prefix}{entry_id}", entry.model_dump_json())
            pipe.srem(self.prefix + "pending", entry_id)
            await pipe.execute()

    async def last(self, limit: int = 10) -> list[AuditEntry]:
        ids = await self.redis.lrange(self.prefix + "ids", 0, limit - 1)
        entries = [await self._load(int(i)) for i in ids]
        return [e for e in entries if e is not None]

    async def mark_interrupted(self, older_than: float = 0.0) -> int:
        marked = 0
        for raw in await self.redis.smembers(self.prefix + "pending"):
            entry = await self._load(int(raw))
            if entry is None or not _stale(entry.model_dump(), older_than):
                continue
            await self.finish(int(raw), outcome="interrupted", error=INTERRUPTED)
            marked += 1
        return marked
