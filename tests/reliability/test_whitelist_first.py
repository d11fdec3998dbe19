"""Issue 17.2: the whitelist comes before storage and before any per-person state.

aiogram's FSM middleware ran ahead of access control: every stranger's update read the
conversation state from storage and left a per-person isolation lock behind, never freed
(40,000 stranger ids: 14 MB, for good). Now access control runs first; a stranger costs what
the refusal limiter remembers of them, at most `capacity` ids, whatever their number.

Memory is measured, not timed: `tracemalloc` counts the bytes still allocated after 40,000
more strangers, once the limiter's memory of the first 10,000 is full.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from bot.storage.fsm import SQLiteStorage
from tests.harness import USERS, running_bot

STRANGERS = 50_000
FIRST_ID = 7_000_000_000  # far from every id on the list


def stranger_message(update_id: int, user_id: int) -> dict[str, Any]:
    """A private command from a stranger, built by hand: the fake Bot API's builders remember
    every user and chat they make, which would be counted as the bot's memory."""
    user = {"id": user_id, "is_bot": False, "first_name": "S", "language_code": "en"}
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": 1_790_000_000, "from": user,
        "chat": {"id": user_id, "type": "private", "first_name": "S"},
        "text": "/campaigns", "entities": [{"type": "bot_command", "offset": 0, "length": 10}]}}


async def test_fifty_thousand_strangers_cost_bounded_memory_and_no_storage(
        tmp_path: Path) -> None:
    """50,000 distinct stranger ids through the real dispatcher: no storage read or row, no
    per-person lock left, and the 40,000 after the first 10,000 leave (next to) nothing
    allocated: under 1 MB in all, 25 bytes a stranger, where each lock left behind took ~320."""
    async with running_bot(tmp_path) as h:
        storage = h.services.storage
        assert isinstance(storage, SQLiteStorage)
        touched: list[str] = []

        def counting(owner: Any, name: str) -> None:
            real = getattr(owner, name)

            async def call(*args: Any, **kwargs: Any) -> Any:
                touched.append(name)
                return await real(*args, **kwargs)

            setattr(owner, name, call)

        for name in ("get_state", "set_state", "get_data", "set_data"):
            counting(storage, name)
        for name in ("get", "set", "add", "delete"):
            counting(h.services.kv, name)
        limiter = h.services.limiter
        limiter.clock = lambda: 0.0  # one minute that never ends: 20 refusals in all
        first = limiter.capacity
        assert first < STRANGERS and not set(USERS) & set(range(FIRST_ID, FIRST_ID + STRANGERS))
        for n in range(first):
            await h.dp.feed_raw_update(h.bot, stranger_message(10**6 + n, FIRST_ID + n))
        gc.collect()
        tracemalloc.start()
        try:
            for n in range(first, STRANGERS):
                await h.dp.feed_raw_update(h.bot, stranger_message(10**6 + n, FIRST_ID + n))
            gc.collect()
            kept, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        rows = await storage.db.execute("SELECT COUNT(*) FROM fsm")
        key = StorageKey(bot_id=h.bot.id, chat_id=FIRST_ID, user_id=FIRST_ID)
        state = await SQLiteStorage.get_state(storage, key)
        refused = limiter.refused
    assert kept < 1_000_000, (
        f"{STRANGERS - first:,} more strangers left {kept:,} bytes allocated "
        f"({kept / (STRANGERS - first):.0f} a stranger)")
    assert refused == STRANGERS
    assert touched == [], f"strangers' updates used storage {len(touched)} times"
    assert rows == [(0,)] and state is None
