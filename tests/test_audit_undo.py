"""What an Undo needs lives with the journal (SQLite and Redis), and an entry is undone once:
two journals on one storage (two processes) race for the claim, one wins."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.storage.audit import AuditEntry, AuditJournal, RedisAudit, SQLiteAudit, UndoStep, now_iso
from bot.storage.sqlite import SQLiteDatabase
from tests.processes import redis_server


@asynccontextmanager
async def two_journals(tmp_path: Path, kind: str) -> AsyncIterator[tuple[AuditJournal,
                                                                          AuditJournal]]:
    """Two journals on one storage, as two processes of the bot have them."""
    if kind == "sqlite":
        first, second = (SQLiteDatabase(tmp_path / "bot.db"), SQLiteDatabase(tmp_path / "bot.db"))
        try:
            yield SQLiteAudit(first), SQLiteAudit(second)
        finally:
            await first.close()
            await second.close()
        return
    with redis_server(tmp_path) as url:
        a, b = Redis.from_url(url), Redis.from_url(url)
        try:
            yield RedisAudit(a), RedisAudit(b)
        finally:
            await a.aclose()
            await b.aclose()


def _entry(**extra: object) -> AuditEntry:
    return AuditEntry(ts=now_iso(), user_id=1001, user_name="Ann", action="campaigns.update",
                      danger="write", method="PUT", url="/campaigns/1", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
async def test_the_undo_is_kept_with_the_entry_and_claimed_once(tmp_path: Path,
                                                                kind: str) -> None:
    async with two_journals(tmp_path, kind) as (one, two):
        entry_id = await one.begin(_entry(snapshot={"name": "Old"}, target="campaigns #1"))
        step = UndoStep(action="campaigns.update", args={"id": 1, "data": {"name": "Old"}},
                        expect={"name": "New"})
        await one.finish(entry_id, outcome="ok", status=200, after={"name": "New"},
                         verified="✅", undo=step)
        kept = await two.get(entry_id)
        assert kept is not None and kept.undo == step and kept.after == {"name": "New"}
        assert (kept.verified, kept.target, kept.undone_by) == ("✅", "campaigns #1", None)
        undo_a = await one.begin(_entry(undo_of=entry_id))
        undo_b = await two.begin(_entry(undo_of=entry_id))
        won = await asyncio.gather(one.claim_undo(entry_id, undo_a),
                                   two.claim_undo(entry_id, undo_b))
        assert sorted(won) == [False, True]
        winner = undo_a if won[0] else undo_b
        assert (await one.get(entry_id)).undone_by == winner  # type: ignore[union-attr]
        # only the claimer gives it back (its Undo failed), and then it can be claimed again
        await two.release_undo(entry_id, winner + 100)
        assert (await two.get(entry_id)).undone_by == winner  # type: ignore[union-attr]
        await two.release_undo(entry_id, winner)
        assert (await one.get(entry_id)).undone_by is None  # type: ignore[union-attr]
        assert await two.claim_undo(entry_id, undo_b)
        assert next(e.id for e in await one.last(3)) == undo_b


async def test_finish_takes_only_the_fields_it_knows(tmp_path: Path) -> None:
    db = SQLiteDatabase(tmp_path / "bot.db")
    journal = SQLiteAudit(db)
    entry_id = await journal.begin(_entry())
    with pytest.raises(TypeError):
        await journal.finish(entry_id, outcome="ok", undone_by=3)
    await db.close()
