"""The SQLite key-value store forgets expired items, and deletes them as it goes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage.kv import SQLiteKV
from bot.storage.sqlite import SQLiteDatabase


async def test_expired_items_are_purged_as_writes_go_on(tmp_path: Path) -> None:
    db = SQLiteDatabase(tmp_path / "kv.sqlite3")
    kv = SQLiteKV(db, purge_every=10)
    try:
        for n in range(9):
            await kv.set(f"short:{n}", "x", ttl=0.01)
        await kv.set("long", "kept", ttl=3600)
        await asyncio.sleep(0.05)
        assert await kv.get("short:0") is None  # expired items read as absent at once
        for n in range(9):
            assert await kv.add(f"claim:{n}", "1", ttl=3600)
        await kv.set("last", "x")  # the 20th write purges
        rows = await db.execute("SELECT key FROM kv ORDER BY key")
        assert not any(key.startswith("short:") for (key,) in rows)
        assert await kv.get("long") == "kept" and len(rows) == 11
    finally:
        await db.close()
