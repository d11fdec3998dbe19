"""aiogram FSM storage in the embedded SQLite database: conversations survive restarts, and
expire.

A conversation's data (what a person typed into a flow: JSON, a token, a password) lives
`ttl` seconds from its last write: read after that it is gone, and `expire()` (on a timer)
erases it from the file. Its state (only the name of the step) lives a day longer, so that a
person coming back is told the flow expired; then the row goes too.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from bot.storage.sqlite import SQLiteDatabase

STATE_KEPT = 24 * 3600.0  # seconds a step's name outlives its data
EMPTY = "{}"


class SQLiteStorage(BaseStorage):
    """State and data per chat/user key, stored as JSON (only JSON-ready data is allowed)."""

    def __init__(self, db: SQLiteDatabase, key_builder: KeyBuilder | None = None, *,
                 ttl: float | None = None, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self.ttl = ttl
        self.clock = clock

    def _older(self, updated: float | None, age: float) -> bool:
        return self.ttl is not None and updated is not None and updated < self.clock() - age

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm (key, state, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated = excluded.updated",
            (self.key_builder.build(key), value, self.clock()),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        rows = await self.db.execute(
            "SELECT state, updated FROM fsm WHERE key = ?", (self.key_builder.build(key),)
        )
        if not rows or self._older(rows[0][1], (self.ttl or 0) + STATE_KEPT):
            return None
        state = rows[0][0]
        return str(state) if state is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False)
        await self.db.execute(
            "INSERT INTO fsm (key, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (self.key_builder.build(key), payload, self.clock()),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        rows = await self.db.execute(
            "SELECT data, updated FROM fsm WHERE key = ?", (self.key_builder.build(key),)
        )
        if not rows or self._older(rows[0][1], self.ttl or 0):
            return {}
        value = json.loads(rows[0][0])
        return value if isinstance(value, dict) else {}

    async def expire(self) -> int:
        """Erase the data of conversations idle for `ttl`, and the rows idle a day longer or
        left empty; the WAL is checkpointed and truncated so no copy of what was erased stays
        in it. Returns how many conversations lost their data."""
        if self.ttl is None:
            return 0
        ttl, now = self.ttl, self.clock()

        def _expire(conn: sqlite3.Connection) -> int:
            cleared = conn.execute("UPDATE fsm SET data = ? WHERE data != ? AND updated < ?",
                                   (EMPTY, EMPTY, now - ttl)).rowcount
            gone = conn.execute("DELETE FROM fsm WHERE updated < ? OR (state IS NULL AND "
                                "data = ?)", (now - ttl - STATE_KEPT, EMPTY)).rowcount
            if cleared or gone:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return cleared

        return await self.db.run(_expire)

    async def close(self) -> None:
        """Left open on dispatcher shutdown: the services close the database after the updates
        in flight have finished."""
