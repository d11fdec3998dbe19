"""Issue 17.3: a person's updates stay one at a time however long one of them takes (Redis).

aiogram's Redis isolation lock expired after 60 s while a confirmed write waited on a slow
tracker (up to KEITARO_TIMEOUT per attempt, and a read before and after it): the person's next
message ran alongside it, and the write's update ended in `LockNotOwnedError` ("Something went
wrong" after the ✅). The lock is now renewed while its update runs.

Here the lock's time to live is cut to 1 s and the tracker takes 3 s to archive a campaign:
the person's /help, sent once the lock's TTL has passed twice over (real time is what expires
a Redis key), is answered only after the archive's result, and nothing fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import pytest
from aiogram.fsm.storage.redis import RedisEventIsolation

from telegram_fake import FakeTelegram
from tests.harness import ADMIN, running_bot
from tests.processes import redis_server
from tests.reliability.observe import INTERNAL_ERROR, UpdateProbe, log_problems

LOCK_TTL = 1.0  # seconds (60 in production, renewed every 20)
TRACKER_TAKES = 3.0  # seconds the tracker takes to archive (KEITARO_TIMEOUT here: 5)


async def test_second_message_waits_for_a_write_that_outlives_the_lock_ttl(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with redis_server(tmp_path) as url:
        async with running_bot(tmp_path, redis_url=url) as h:
            isolation = h.services.isolation
            assert isinstance(isolation, RedisEventIsolation)
            isolation.lock_kwargs = {**isolation.lock_kwargs, "timeout": LOCK_TTL}
            probe = UpdateProbe(h.dp)
            sim = h.admin
            await sim.say("/campaigns delete 4")
            h.sandbox.faults.add("DELETE", r"/campaigns/4$", delay=TRACKER_TAKES)
            preview = sim.last_message
            assert preview is not None
            button = preview.find_button("⚠️ Yes, Archive a campaign")
            assert button is not None
            mark = len(h.tg.calls)
            confirm = h.tg.push(h.tg.callback(ADMIN, button["callback_data"],
                                              message=preview.to_json()))
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 10
            while not h.sandbox.count("DELETE", r"/campaigns/4$"):  # the write is in flight
                assert loop.time() < deadline, "the archive never reached the tracker"
                await asyncio.sleep(0.01)
            await asyncio.sleep(2 * LOCK_TTL)  # an unrenewed lock has expired by now
            assert not probe.done(confirm["update_id"])
            second = h.tg.push(h.tg.message(ADMIN, "/help"))
            await probe.wait(confirm["update_id"], timeout=15)
            await probe.wait(second["update_id"], timeout=15)
            texts = [(n, FakeTelegram.visible_text(c)) for n, c in enumerate(h.tg.calls)
                     if n >= mark and c.ok and c.method in ("sendMessage", "editMessageText")
                     and c.chat_id == ADMIN]
            errors = dict(probe.errors)
            archived = h.sandbox.state.campaigns[4]["state"]
    result = next(n for n, text in texts if text.startswith("✅"))
    help_reply = next(n for n, text in texts if text.startswith("ℹ️ Keitaro bot"))
    assert result < help_reply, "/help ran alongside the write instead of after it"
    assert archived == "deleted"
    assert errors == {}
    assert not any(INTERNAL_ERROR in text for _, text in texts), texts
    assert log_problems(caplog.records) == []
    assert not any("LockNotOwned" in r.getMessage() for r in caplog.records)


async def test_a_renewal_that_cannot_reach_redis_is_tried_again() -> None:
    """Redis unreachable for a moment (a `StorageBusy` for the updates, still a redis
    `ConnectionError`): the lock's renewal logs it and tries again at the next third, as it
    did before Redis failures became "storage is not answering"."""
    from bot.storage.redis_client import RedisUnreachable, StorageRedis
    from bot.storage.redis_fsm import SharedRedisIsolation

    isolation = SharedRedisIsolation(StorageRedis(port=1))  # never connected
    isolation.lock_kwargs = {**isolation.lock_kwargs, "timeout": 0.03}
    tries: list[float] = []

    class Flaky:
        async def reacquire(self) -> bool:
            tries.append(asyncio.get_running_loop().time())
            if len(tries) == 1:
                raise RedisUnreachable("redis: ConnectionError")
            return True

    renewing = asyncio.create_task(isolation._renew(Flaky()))  # type: ignore[arg-type]
    await asyncio.sleep(0.1)
    renewing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await renewing
    assert len(tries) >= 2, tries
    await isolation.redis.aclose()
