"""The audit journal: every write and destructive action, recorded before and after it runs.

An entry keeps what an Undo needs (the state before, the state read back after, the change
that puts it back), so that the Undo of a change outlives the conversation that made it; the
Undo itself is journaled as `undo_of` that entry, which is claimed (`undone_by`) once.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field
from redis.asyncio import Redis

from bot.storage.sqlite import SQLiteDatabase

Outcome = Literal["pending", "ok", "failed", "uncertain", "interrupted", "refused"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stale(entry: dict[str, Any], older_than: float) -> bool:
    started = datetime.fromisoformat(str(entry.get("ts")))
    return (datetime.now(UTC) - started).total_seconds() >= older_than


INTERRUPTED = "the bot stopped before the tracker answered: check whether the change was applied"


class UndoStep(BaseModel):
    """The change that puts an entry's change back: a catalog action and its arguments (the
    tracker's own values, never masks); `also`, the changes that put its side effects back
    (the domains that lost a campaign as their default), made after it."""

    action: str
    args: dict[str, Any]
    expect: dict[str, Any] = Field(default_factory=dict)  # values the entity had after the
    # change (field → value): an Undo shows where the entity differs from them now
    also: list[UndoStep] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)  # fields it cannot put back (by name)
    name: str = ""  # what it changes, by name (a domain's), for the Undo's preview


# fields `finish` may set besides the outcome
FINISH_FIELDS = frozenset({"target", "after", "verified", "undo", "no_undo"})


def _found(found: dict[str, Any]) -> dict[str, Any]:
    unknown = set(found) - FINISH_FIELDS
    if unknown:
        raise TypeError(f"finish() takes no {sorted(unknown)}")
    return {k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v
            for k, v in found.items()}


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
    snapshot: Any = None  # the entity as it was before the change, as the tracker returned it
    related: Any = None  # what its side effects touch, as it was before (by name)
    outcome: Outcome = "pending"
    status: int | None = None
    error: str | None = None
    result: Any = None  # a short excerpt of what the tracker answered
    finished: str | None = None
    target: str | None = None  # what the change concerns, as shown ("Campaign «FB» #1")
    after: Any = None  # the entity as read back after the change
    verified: str | None = None  # the mark of the verified outcome shown: ✅ ⚠️ ⏳ 📤 ❌
    undo: UndoStep | None = None  # the change that puts this one back, if there is one
    no_undo: str | None = None  # else why there is none (`undo.none.<key>`)
    undo_of: int | None = None  # this entry is the Undo of that one
    undone_by: int | None = None  # the entry that undid this one


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
        **found: Any,
    ) -> None:
        """Record how an entry ended; `found` sets FINISH_FIELDS (the state after, the
        verified mark, the Undo)."""
        ...

    async def last(self, limit: int = 10, *, user_id: int | None = None
                   ) -> list[AuditEntry]:
        """The newest `limit` entries (of `user_id`'s changes only, when given)."""
        ...

    async def get(self, entry_id: int) -> AuditEntry | None: ...

    async def claim_undo(self, entry_id: int, by: int) -> bool:
        """Mark entry `entry_id` as undone by entry `by`, unless it is already: True when
        this call claimed it (atomic across processes)."""
        ...

    async def release_undo(self, entry_id: int, by: int) -> None:
        """Give back a claim of `by` whose Undo did not happen."""
        ...

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
        **found: Any,
    ) -> None:
        extra = _found(found)

        def _update(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT entry FROM audit WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                return
            entry = json.loads(row[0])
            entry.update(outcome=outcome, status=status, error=error, result=result,
                         finished=now_iso(), **extra)
            conn.execute("UPDATE audit SET entry = ?, outcome = ? WHERE id = ?",
                         (json.dumps(entry, ensure_ascii=False), outcome, entry_id))

        await self.db.run(_update)

    async def last(self, limit: int = 10, *, user_id: int | None = None
                   ) -> list[AuditEntry]:
        if user_id is None:
            rows = await self.db.execute(
                "SELECT id, entry, outcome FROM audit ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            rows = await self.db.execute(
                "SELECT id, entry, outcome FROM audit WHERE json_extract(entry, '$.user_id') = ?"
                " ORDER BY id DESC LIMIT ?", (user_id, limit)
            )
        return [AuditEntry.model_validate({**json.loads(e), "id": i, "outcome": o})
                for i, e, o in rows]

    async def get(self, entry_id: int) -> AuditEntry | None:
        rows = await self.db.execute("SELECT id, entry, outcome FROM audit WHERE id = ?",
                                     (entry_id,))
        return next((AuditEntry.model_validate({**json.loads(e), "id": i, "outcome": o})
                     for i, e, o in rows), None)

    async def claim_undo(self, entry_id: int, by: int) -> bool:
        def _claim(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE audit SET entry = json_set(entry, '$.undone_by', ?) WHERE id = ? "
                "AND json_extract(entry, '$.undone_by') IS NULL", (by, entry_id))
            return cursor.rowcount == 1

        return await self.db.run(_claim)

    async def release_undo(self, entry_id: int, by: int) -> None:
        await self.db.execute(
            "UPDATE audit SET entry = json_set(entry, '$.undone_by', json('null')) "
            "WHERE id = ? AND json_extract(entry, '$.undone_by') = ?", (entry_id, by))

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


SCAN_PAGE = 100  # journal ids read at a time when looking for one person's entries
OWN_SCAN = 5000  # entries looked through at most for them (the newest)


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
        raw, undone = await self.redis.mget(f"{self.prefix}{entry_id}",
                                            f"{self.prefix}undone:{entry_id}")
        if not raw:
            return None
        entry = AuditEntry.model_validate_json(raw)
        entry.undone_by = int(undone) if undone else None
        return entry

    async def get(self, entry_id: int) -> AuditEntry | None:
        return await self._load(entry_id)

    async def claim_undo(self, entry_id: int, by: int) -> bool:
        """The claim is a key of its own, set only if absent: one SET NX, atomic."""
        return bool(await self.redis.set(f"{self.prefix}undone:{entry_id}", by, nx=True))

    async def release_undo(self, entry_id: int, by: int) -> None:
        """Only the claimer releases, and nobody else can set the key while it exists, so
        reading it and deleting it need no transaction."""
        key = f"{self.prefix}undone:{entry_id}"
        held = await self.redis.get(key)
        if held is not None and int(held) == by:
            await self.redis.delete(key)

    async def finish(
        self,
        entry_id: int,
        *,
        outcome: Outcome,
        status: int | None = None,
        error: str | None = None,
        result: Any = None,
        **found: Any,
    ) -> None:
        entry = await self._load(entry_id)
        if entry is None:
            return
        entry.outcome, entry.status, entry.error, entry.result = outcome, status, error, result
        entry.finished = now_iso()
        for name, value in _found(found).items():
            setattr(entry, name, UndoStep.model_validate(value) if name == "undo" and value
                    else value)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{self.prefix}{entry_id}", entry.model_dump_json())
            pipe.srem(self.prefix + "pending", entry_id)
            await pipe.execute()

    async def last(self, limit: int = 10, *, user_id: int | None = None
                   ) -> list[AuditEntry]:
        if user_id is None:
            ids = await self.redis.lrange(self.prefix + "ids", 0, limit - 1)
            entries = [await self._load(int(i)) for i in ids]
            return [e for e in entries if e is not None]
        found: list[AuditEntry] = []
        start = 0
        while len(found) < limit and start < OWN_SCAN:  # one person's: the newest first
            ids = await self.redis.lrange(self.prefix + "ids", start, start + SCAN_PAGE - 1)
            if not ids:
                break
            for raw in ids:
                entry = await self._load(int(raw))
                if entry is not None and entry.user_id == user_id and len(found) < limit:
                    found.append(entry)
            start += SCAN_PAGE
        return found

    async def mark_interrupted(self, older_than: float = 0.0) -> int:
        marked = 0
        for raw in await self.redis.smembers(self.prefix + "pending"):
            entry = await self._load(int(raw))
            if entry is None or not _stale(entry.model_dump(), older_than):
                continue
            await self.finish(int(raw), outcome="interrupted", error=INTERRUPTED)
            marked += 1
        return marked
