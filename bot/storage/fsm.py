"""aiogram FSM storage in the embedded SQLite database: conversations survive restarts."""

from __future__ import annotations

import json
from collections.abc import Mapping
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


class SQLiteStorage(BaseStorage):
    """State and data per chat/user key, stored as JSON (only JSON-ready data is allowed)."""

    def __init__(self, db: SQLiteDatabase, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm (key, state) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state",
            (self.key_builder.build(key), value),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        rows = await self.db.execute(
            "SELECT state FROM fsm WHERE key = ?", (self.key_builder.build(key),)
        )
        return rows[0][0] if rows else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False)
        await self.db.execute(
            "INSERT INTO fsm (key, data) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            (self.key_builder.build(key), payload),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        rows = await self.db.execute(
            "SELECT data FROM fsm WHERE key = ?", (self.key_builder.build(key),)
        )
        if not rows:
            return {}
        value = json.loads(rows[0][0])
        return value if isinstance(value, dict) else {}

    async def close(self) -> None:
        """Left open on dispatcher shutdown: the services close the database after the updates
        in flight have finished."""
