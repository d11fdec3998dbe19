"""No lost update: the read-modify-write of an array holds a lock every process shares, checks
the array after the write, and refuses an answer without the array (issue 10, point 5).

Two clients here stand for two bot processes: each has its own connection to the shared
storage (its own SQLite connection to one file, its own Redis client), as two processes do.
`tests/test_rmw_processes.py` does the same with real bot processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind
from bot.keitaro.mechanisms.rmw import lock_seconds as rmw_lock_seconds
from bot.keitaro.rmw import watched
from bot.render.envelope import error_text
from bot.storage.locks import LocalLocks, LockUnavailable, RedisLocks, SharedLock, SQLiteLocks
from bot.storage.sqlite import SQLiteDatabase
from keitaro_sandbox import Sandbox
from tests.processes import redis_server
from tests.sandbox_fixtures import make_sandbox, no_sleep, settings

NEW = {"url": "https://a.example.com/pb?c={subid}", "method": "GET", "statuses": ["sale"]}
OTHER = {"url": "https://b.example.com/pb?c={subid}", "method": "POST", "statuses": ["lead"]}


@asynccontextmanager
async def sqlite_locks(path: Path, count: int) -> AsyncIterator[list[SharedLock]]:
    """`count` lock sets on one SQLite file, each with its own connection and thread."""
    dbs = [SQLiteDatabase(path) for _ in range(count)]
    try:
        yield [SQLiteLocks(db) for db in dbs]
    finally:
        for db in dbs:
            await db.close()


@asynccontextmanager
async def redis_locks(url: str, count: int) -> AsyncIterator[list[SharedLock]]:
    clients = [Redis.from_url(url) for _ in range(count)]
    try:
        yield [RedisLocks(client) for client in clients]
    finally:
        for client in clients:
            await client.aclose()


@asynccontextmanager
async def clients(sb: Sandbox, locks: list[SharedLock], **overrides: Any
                  ) -> AsyncIterator[list[KeitaroClient]]:
    async with AsyncExitStack() as stack:
        base = await stack.enter_async_context(sb.running())
        made = []
        for lock in locks:
            client = KeitaroClient(settings(base, **overrides), locks=lock)
            client.sleep = no_sleep
            stack.push_async_callback(client.close)
            made.append(client)
        yield made


def urls(sb: Sandbox, campaign: int = 5) -> list[str]:
    return [p["url"] for p in sb.state.campaigns[campaign]["postbacks"]]


async def add_at_once(made: list[KeitaroClient]) -> list[Envelope]:
    return list(await asyncio.gather(
        made[0].execute("postbacks.create", {"campaign_id": 5, "data": NEW}),
        made[1].execute("postbacks.create", {"campaign_id": 5, "data": OTHER})))


# -- the locks themselves ------------------------------------------------------------------


async def check_lock_semantics(a: SharedLock, b: SharedLock) -> None:
    """Held by one: the other waits, then gives up; freed: the other gets it; a crashed
    holder's lock expires and is taken over; only its owner releases it."""
    async with a.hold("k", ttl=30, wait=1):
        with pytest.raises(LockUnavailable):
            async with b.hold("k", ttl=30, wait=0.2):
                pass
        async with b.hold("other-key", ttl=30, wait=0.2):  # keys are independent
            pass
    async with b.hold("k", ttl=30, wait=0.5):
        pass
    crashed = a.hold("k", ttl=0.3, wait=1)
    await crashed.__aenter__()  # never left: the holder "crashed"
    async with b.hold("k", ttl=30, wait=3):  # taken over once it expired
        await crashed.__aexit__(None, None, None)  # the old holder cannot free b's lock
        with pytest.raises(LockUnavailable):
            async with a.hold("k", ttl=30, wait=0.2):
                pass


async def test_sqlite_locks_are_shared_through_the_file(tmp_path: Path) -> None:
    async with sqlite_locks(tmp_path / "bot.sqlite3", 2) as (a, b):
        await check_lock_semantics(a, b)


async def test_redis_locks_are_shared_through_the_server(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        async with redis_locks(url, 2) as (a, b):
            await check_lock_semantics(a, b)


async def test_local_locks_only_wait_inside_one_process() -> None:
    locks = LocalLocks()
    async with locks.hold("k", ttl=1, wait=1):
        with pytest.raises(LockUnavailable):
            async with locks.hold("k", ttl=1, wait=0.1):
                pass
    async with locks.hold("k", ttl=1, wait=0.1):
        pass


def test_the_lock_outlasts_the_longest_read_modify_write() -> None:
    """Above the tracker timeout: a read and a read-back with their retries, and a write."""
    quick = settings("http://t", timeout=0.2, retries=0)
    slow = settings("http://t", timeout=30, retries=2)
    assert rmw_lock_seconds(quick) > 3 * 0.2
    assert rmw_lock_seconds(slow) > 30 * (3 + 2 * 2)


# -- no lost update ------------------------------------------------------------------------


async def test_without_a_shared_lock_one_of_two_edits_is_lost() -> None:
    """Why the lock is needed: two processes with their own locks both read the array
    before either writes (the GET answers late), and the later write deletes the item the
    earlier one added (a PUT replaces the array, §11.7)."""
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/campaigns/5$", hold=0.4, times=2)
    async with clients(sb, [LocalLocks(), LocalLocks()]) as made:
        await add_at_once(made)
    added = [url for url in urls(sb) if url in (NEW["url"], OTHER["url"])]
    assert len(added) == 1 and len(urls(sb)) == 4


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
async def test_with_the_shared_lock_both_edits_stay(storage: str, tmp_path: Path) -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/campaigns/5$", hold=0.4, times=0)  # every read answers late
    async with AsyncExitStack() as stack:
        if storage == "redis":
            url = stack.enter_context(redis_server(tmp_path))
            locks = await stack.enter_async_context(redis_locks(url, 2))
        else:
            locks = await stack.enter_async_context(sqlite_locks(tmp_path / "b.sqlite3", 2))
        made = await stack.enter_async_context(clients(sb, locks))
        results = await add_at_once(made)
    assert [r.success for r in results] == [True, True], [r.error for r in results]
    assert NEW["url"] in urls(sb) and OTHER["url"] in urls(sb) and len(urls(sb)) == 5
    # one read, write and read-back after the other, never interleaved
    assert [r.method for r in sb.requests] == ["GET", "PUT", "GET"] * 2
    for result in results:  # what was read back: the array the tracker holds after it
        assert [p["url"] for p in result.data][:3] == urls(sb)[:3]


async def test_a_write_that_cannot_get_the_lock_is_not_sent(tmp_path: Path) -> None:
    sb = make_sandbox(clicks=50)
    async with (sqlite_locks(tmp_path / "bot.sqlite3", 2) as (ours, theirs),
                clients(sb, [ours], timeout=0.1, retries=0) as (client,)):
        async with theirs.hold("rmw:/campaigns/5", ttl=30, wait=1):
            result = await client.execute("postbacks.create",
                                          {"campaign_id": 5, "data": NEW})
        free = await client.execute("postbacks.list", {"campaign_id": 5})
    assert result.kind is ErrorKind.BUSY and result.attempts == 0
    assert sb.count("PUT") == 0 and sb.count("GET", r"/campaigns/5$") == 1  # the list only
    assert free.success
    for lang, words in (("en", "Nothing was sent"), ("ru", "Ничего не отправлено")):
        text = error_text(result.error, lang)  # type: ignore[arg-type]
        assert words in text and ("minute" in text or "минуту" in text)


async def test_a_plain_replace_of_the_array_waits_for_the_lock_too(tmp_path: Path) -> None:
    """`/campaigns update 5 {"postbacks": …}` between an edit's read and write would be
    written over by the edit: it holds the same lock. Other updates do not."""
    sb = make_sandbox(clicks=50)
    async with (sqlite_locks(tmp_path / "bot.sqlite3", 2) as (ours, theirs),
                clients(sb, [ours], timeout=0.1, retries=0) as (client,),
                theirs.hold("rmw:/campaigns/5", ttl=30, wait=1)):
        replace = await client.execute("campaigns.update", {
            "id": 5, "data": {"postbacks": []}})
        rename = await client.execute("campaigns.update", {
            "id": 5, "data": {"name": "Renamed"}})
        filters = await client.execute("streams.update", {
            "id": 1, "data": {"filters": []}})
    assert replace.kind is ErrorKind.BUSY and len(urls(sb)) == 3
    assert rename.success and filters.success


# -- the check after the write -------------------------------------------------------------


async def change_after_the_write(sb: Sandbox, change: Callable[[], None]) -> None:
    """Once the PUT has been answered, change the tracker's array (someone else's edit,
    outside the bot's lock) before the read-back, which waits 0.3 s."""
    for _ in range(500):
        if sb.count("PUT"):
            break
        await asyncio.sleep(0.01)
    change()


async def test_an_item_lost_after_the_write_is_a_conflict() -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/campaigns/5$", skip=1, delay=0.3)  # the read-back
    gone = sb.state.campaigns[5]["postbacks"][1]["id"]

    def someone_else() -> None:
        postbacks = sb.state.campaigns[5]["postbacks"]
        postbacks[:] = [p for p in postbacks if p["id"] != gone]
        postbacks[-1]["url"] = "https://changed.example.com/"  # the new one, as well

    async with clients(sb, [LocalLocks()]) as (client,):
        result, _ = await asyncio.gather(
            client.execute("postbacks.create", {"campaign_id": 5, "data": NEW}),
            change_after_the_write(sb, someone_else))
    assert not result.success and result.kind is ErrorKind.CONFLICT
    assert result.status == 200 and result.attempts == 1
    assert result.error is not None and result.error.body == {
        "path": "/campaigns/5", "field": "postbacks", "missing": [str(gone)], "kept": None,
        "unlike": "new"}
    assert [p["url"] for p in result.data] == urls(sb)  # what the tracker holds now
    en, ru = error_text(result.error, "en"), error_text(result.error, "ru")
    assert f"#{gone}" in en and "Gone" in en and "not there as sent" in en
    assert f"#{gone}" in ru and "Пропали" in ru
    assert "redo your change" in en and "повторите изменение" in ru


async def test_a_removed_item_still_there_or_an_edit_not_kept_is_a_conflict() -> None:
    sb = make_sandbox(clicks=50)
    first, second = (p["id"] for p in sb.state.campaigns[5]["postbacks"][:2])
    sb.faults.add("GET", r"/campaigns/5$", skip=1, delay=0.3, times=1)
    removed = dict(sb.state.campaigns[5]["postbacks"][0])

    def put_back() -> None:
        sb.state.campaigns[5]["postbacks"].insert(0, removed)

    async with clients(sb, [LocalLocks()]) as (client,):
        deleted, _ = await asyncio.gather(
            client.execute("postbacks.delete", {"campaign_id": 5, "postback_id": first}),
            change_after_the_write(sb, put_back))
        sb.faults.add("GET", r"/campaigns/5$", skip=1, delay=0.3, times=1)
        sb.reset_requests()

        def revert() -> None:
            item = next(p for p in sb.state.campaigns[5]["postbacks"] if p["id"] == second)
            item["statuses"] = ["lead"]

        edited, _ = await asyncio.gather(
            client.execute("postbacks.update", {"campaign_id": 5, "postback_id": second,
                                                "data": {"statuses": ["rejected"]}}),
            change_after_the_write(sb, revert))
    assert deleted.kind is ErrorKind.CONFLICT and deleted.error is not None
    assert deleted.error.body["kept"] == str(first) and deleted.error.body["missing"] == []
    assert edited.kind is ErrorKind.CONFLICT and edited.error is not None
    assert edited.error.body["unlike"] == str(second)


async def test_fields_the_tracker_adds_or_writes_its_own_way_are_no_conflict() -> None:
    """The new item gets an id and defaults, the campaign id comes back as a number."""
    sb = make_sandbox(clicks=50)
    async with clients(sb, [LocalLocks()]) as (client,):
        result = await client.execute("postbacks.create", {
            "campaign_id": "5", "data": {"url": NEW["url"], "method": "GET"}})
    assert result.success, result.error
    new = result.data[-1]
    assert new["url"] == NEW["url"] and new["statuses"] == ["lead", "sale"] and new["id"]


# -- an answer without the array -----------------------------------------------------------


async def test_an_answer_without_the_array_is_never_read_as_empty() -> None:
    """§11.7: writing back an array that was not in the answer would delete every item."""
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/campaigns/5$", omit=("postbacks",), times=0)
    sb.faults.add("GET", r"/streams/1$", omit=("filters",), times=0)
    async with clients(sb, [LocalLocks()]) as (client,):
        add = await client.execute("postbacks.create", {"campaign_id": 5, "data": NEW})
        listed = await client.execute("postbacks.list", {"campaign_id": 5})
        remove = await client.execute("filters.delete", {"stream_id": 1, "filter_id": 1})
    assert sb.count("PUT") == 0 and len(urls(sb)) == 3
    assert len(sb.state.streams[1]["filters"]) == 1
    for result in (add, listed, remove):
        assert not result.success and result.kind is ErrorKind.MISSING_ARRAY
        assert result.data is None
    assert add.attempts == 0 and add.request.method == "PUT"  # the write was never sent
    assert add.steps[0].method == "GET"
    en, ru = error_text(add.error, "en"), error_text(add.error, "ru")  # type: ignore[arg-type]
    assert "no <code>postbacks</code> list" in en and "Nothing was written" in en
    assert "нет списка <code>postbacks</code>" in ru and "Ничего не записано" in ru
    assert "delete every item" in en and "удалила бы все" in ru


# -- what the preview showed ---------------------------------------------------------------


def fingerprint(items: list[dict[str, Any]]) -> str:
    return watched({"postbacks": items}, ("postbacks",))


async def test_an_array_changed_since_the_preview_is_not_written() -> None:
    """`expect`: the fingerprint of the array the preview showed, checked under the lock."""
    sb = make_sandbox(clicks=50)
    async with clients(sb, [LocalLocks()]) as (client,):
        shown = await client.execute("postbacks.list", {"campaign_id": 5})
        seen = fingerprint(shown.data)  # as the preview reads it: the campaign's array
        sb.state.campaigns[5]["postbacks"].pop()  # someone else's change after the preview
        stale = await client.execute("postbacks.create", {"campaign_id": 5, "data": NEW},
                                     expect=seen)
        fresh = await client.execute("postbacks.create", {"campaign_id": 5, "data": NEW},
                                     expect=fingerprint(stale.data))
    assert stale.kind is ErrorKind.CHANGED and stale.attempts == 0
    assert [p["url"] for p in stale.data] == urls(sb)[:2]  # the array as it is now
    assert fresh.success and urls(sb)[-1] == NEW["url"]
    assert sb.count("PUT") == 1
    text = error_text(stale.error, "ru")  # type: ignore[arg-type]
    assert "изменился после предпросмотра" in text and "Ничего не отправлено" in text
