"""Restart: real `python -m bot run` processes in webhook mode on a SQLite DATA_DIR, stopped in
the middle of several conversations (SIGTERM), or killed in the middle of a write (SIGKILL).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage.audit import INTERRUPTED
from tests.harness import SECRETS
from tests.processes import BotProcess, bot_env, free_port, start_bot, world
from tests.reliability.leaks import found_secrets, leaks
from tests.reliability.soak import give_entities
from tests.reliability.webhook import Person, backdate, journal, until

TIMEOUT = 10  # KEITARO_TIMEOUT of the processes
GRACE = 120  # create_dispatcher's audit_grace: how long a write may be in another process


def env_for(tracker: str, api: str, port: int, data_dir: Path, people: list[int]) -> dict[str, str]:
    env = bot_env(tracker, api, port, data_dir=data_dir)
    env["ALLOWED_USERS"] = ",".join(f"{uid}:admin" for uid in people)
    env["KEITARO_TIMEOUT"] = str(TIMEOUT)
    return env


async def started(env: dict[str, str], log: Path) -> BotProcess:
    proc = start_bot(env, log)
    await proc.wait_healthy()
    return proc


async def stopped(proc: BotProcess) -> int:
    """SIGTERM and wait, in a thread: the sandbox and the fake Bot API must keep answering
    the process while it finishes what is in flight."""
    return await asyncio.to_thread(proc.stop)


def clean_log(proc: BotProcess) -> list[str]:
    log = proc.log()
    problems = [line for line in log.splitlines() if " ERROR " in line or "Traceback" in line]
    return problems + found_secrets(proc.log_path.name, log)


def is_result(text: str) -> bool:
    return text.startswith(("✅", "❌"))


async def test_sigterm_in_the_middle_of_the_soak(tmp_path: Path) -> None:
    """Six people mid-way: one done, one with a preview to confirm, two asked for data, one
    with a write the tracker is still answering, one writing during the shutdown. SIGTERM: the
    write in flight finishes and is answered, the process exits 0. The next process continues
    every open flow, gets the message sent during the restart, and nothing in the journal is
    lost or left pending; every write reached the tracker exactly once."""
    people = list(range(3101, 3107))
    data = tmp_path / "data"
    async with world() as (sandbox, tg, tracker, api):
        owned = give_entities(sandbox, people)
        env = env_for(tracker, api, free_port(), data, people)
        done, confirming, asked_a, asked_b, in_flight, late = (Person(tg, uid) for uid in people)
        first = await started(env, tmp_path / "first.log")
        try:
            await done.reply(done.say(f"/campaigns disable {owned[done.user_id].campaign}"),
                             lambda t: "Preview" in t)
            await done.reply(done.press("Confirm"), is_result)
            await confirming.reply(confirming.say(f"/offers update {owned[3102].offer}"),
                                   lambda t: "JSON" in t)
            await confirming.reply(confirming.say('{"name": "Before the restart"}'),
                                   lambda t: "Preview" in t)
            for person in (asked_a, asked_b):
                await person.reply(person.say(
                    f"/campaigns update {owned[person.user_id].campaign}"), lambda t: "JSON" in t)
            stream = owned[in_flight.user_id].stream
            await in_flight.reply(in_flight.say(f"/streams disable {stream}"),
                                  lambda t: "Preview" in t)
            sandbox.faults.add("POST", rf"/streams/{stream}/disable$", delay=1.5)
            answered = in_flight.press("Confirm")
            await until(lambda: sandbox.count("POST", rf"/streams/{stream}/disable$") == 1)
        finally:
            stopping = asyncio.create_task(stopped(first))
        late_mark = late.say(f"/campaigns get {owned[late.user_id].campaign}")
        assert await stopping == 0, first.log()
        assert (await in_flight.reply(answered, is_result, timeout=1)).startswith("✅")
        before = journal(data)
        assert [(e["action"], e["outcome"]) for e in before] == [
            ("campaigns.disable", "ok"), ("streams.disable", "ok")]

        second = await started(env, tmp_path / "second.log")
        try:
            assert (await late.reply(late_mark, is_result)).startswith("✅")
            results = [await confirming.reply(confirming.press("Confirm"), is_result)]
            for person in (asked_a, asked_b):
                await person.reply(person.say(f'{{"notes": "after {person.user_id}"}}'),
                                   lambda t: "Preview" in t)
                results.append(await person.reply(person.press("Confirm"), is_result))
            await done.reply(done.say(f"/campaigns enable {owned[done.user_id].campaign}"),
                             lambda t: "Preview" in t)
            results.append(await done.reply(done.press("Confirm"), is_result))
        finally:
            assert await stopped(second) == 0, second.log()
        assert all(r.startswith("✅") for r in results), results
        after = journal(data)
        assert after[:2] == before, "entries written before the SIGTERM changed"
        assert [e["outcome"] for e in after] == ["ok"] * 6
        assert sandbox.state.offers[owned[3102].offer]["name"] == "Before the restart"
        for method, path in [("POST", f"/campaigns/{owned[3101].campaign}/disable"),
                             ("PUT", f"/offers/{owned[3102].offer}"),
                             ("PUT", f"/campaigns/{owned[3103].campaign}"),
                             ("PUT", f"/campaigns/{owned[3104].campaign}"),
                             ("POST", f"/streams/{owned[3105].stream}/disable"),
                             ("POST", f"/campaigns/{owned[3101].campaign}/enable")]:
            assert sandbox.count(method, rf"{path}$") == 1, (method, path)
        assert clean_log(first) + clean_log(second) == []
        assert leaks(tg=tg, data_dir=data) == []


async def test_a_crash_mid_write_is_journaled_interrupted_once_it_cannot_be_in_flight(
    tmp_path: Path
) -> None:
    """SIGKILL while two writes wait for the tracker leaves both `pending`. A write can only
    be in flight for the client's timeout, but several processes may share a journal, so a
    restart marks as interrupted only entries older than timeout + grace. Deterministically:
    the test moves one entry's start that far back before restarting: that one is marked
    interrupted, the other, still young, stays pending; moved back too, the next start marks
    it. Entries are never lost, and in the end none is pending."""
    people = [3201, 3202]
    data = tmp_path / "data"
    async with world() as (sandbox, tg, tracker, api):
        owned = give_entities(sandbox, people)
        env = env_for(tracker, api, free_port(), data, people)
        crashing = await started(env, tmp_path / "crash.log")
        try:
            for uid in people:
                person = Person(tg, uid)
                campaign = owned[uid].campaign
                await person.reply(person.say(f"/campaigns enable {campaign}"),
                                   lambda t: "Preview" in t)
                sandbox.faults.add("POST", rf"/campaigns/{campaign}/enable$", delay=3.0)
                person.press("Confirm")
                await until(lambda c=campaign: sandbox.count("POST", rf"/{c}/enable$") == 1)
        finally:
            crashing.proc.kill()
            await asyncio.to_thread(crashing.proc.wait)
        pending = journal(data)
        assert [e["outcome"] for e in pending] == ["pending", "pending"]
        long_ago = (datetime.now(UTC) - timedelta(seconds=TIMEOUT + GRACE + 10)).isoformat(
            timespec="seconds")
        old, young = pending
        backdate(data, old["id"], long_ago)

        restarted = await started(env, tmp_path / "restart.log")
        assert await stopped(restarted) == 0
        marked = journal(data)
        assert [(e["id"], e["outcome"]) for e in marked] == [
            (old["id"], "interrupted"), (young["id"], "pending")]
        assert marked[0]["error"] == INTERRUPTED
        assert "1 journal entries were cut short by a restart" in restarted.log()

        backdate(data, young["id"], long_ago)
        again = await started(env, tmp_path / "again.log")
        assert await stopped(again) == 0
        final = journal(data)
        assert [e["outcome"] for e in final] == ["interrupted", "interrupted"]
        for entry, original in zip(final, pending, strict=True):
            assert {k: entry[k] for k in ("id", "action", "url", "snapshot", "user_id")} == {
                k: original[k] for k in ("id", "action", "url", "snapshot", "user_id")}
        assert clean_log(restarted) + clean_log(again) == []
        assert found_secrets("crash log", crashing.log()) == []
        assert leaks(tg=tg, data_dir=data) == []
        assert all(secret not in str(final) for secret in SECRETS)


async def test_messages_sent_while_the_bot_stops_are_all_answered(tmp_path: Path) -> None:
    """Twenty people write at once and the bot gets SIGTERM in the middle: every message is
    answered exactly once, by the stopping process (those it had accepted) or by the next one
    (those Telegram could not deliver meanwhile and sent again)."""
    people = list(range(3301, 3321))
    data = tmp_path / "data"
    async with world() as (sandbox, tg, tracker, api):
        env = env_for(tracker, api, free_port(), data, people)
        first = await started(env, tmp_path / "first.log")
        persons = [Person(tg, uid) for uid in people]
        marks = [person.say("/campaigns get 1") for person in persons]
        await until(lambda: len(tg.state.updates.delivered) >= 3)  # some accepted, most not
        assert await stopped(first) == 0, first.log()
        second = await started(env, tmp_path / "second.log")
        try:
            replies = [await person.reply(mark, is_result)
                       for person, mark in zip(persons, marks, strict=True)]
        finally:
            assert await stopped(second) == 0, second.log()
        assert all(r.startswith("✅") for r in replies)
        for person, mark in zip(persons, marks, strict=True):
            answers = [c for c in tg.calls[mark:] if c.ok and c.chat_id == person.user_id
                       and c.method in ("sendMessage", "sendRichMessage")]
            assert len(answers) == 1, person.user_id
        assert sandbox.count("GET", r"/campaigns/1$") == len(people)  # none handled twice
        assert clean_log(first) + clean_log(second) == []
