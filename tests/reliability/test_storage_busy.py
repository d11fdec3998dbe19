"""Issue 17.4: a SQLite file held by another process fails the updates that need it, in
seconds, and no other.

One worker thread with a 30 s timeout served every storage call: with the data file locked
from outside, every person waited 30–42 s and then got a generic error. Now writes and reads
have a connection (and thread) each, a statement gives up after SQLITE_BUSY_TIMEOUT (3 s),
and statements of a known stall give up at once: the update that needs storage is told
"storage is busy, try again" in its person's language, with nothing sent to the tracker;
updates that need no storage (and reads) go on; the stall is logged once, with its cause.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.callbacks import ConfirmCB
from telegram_fake import FakeTelegram
from telegram_fake.chats import ChatMessage
from tests.harness import ADMIN, VIEWER, running_bot, until
from tests.reliability.observe import INTERNAL_ERROR, UpdateProbe, log_problems

BUSY_RU = "Хранилище занято"
BUSY_EN = "Storage is busy"
HELP = "ℹ️ Keitaro bot"


def confirm_data(preview: ChatMessage | None) -> str:
    """The callback data of the preview's "yes" button, whatever its language."""
    assert preview is not None
    for row in (preview.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data") or ""
            if data.startswith("c:") and ConfirmCB.unpack(data).yes:
                return str(data)
    raise LookupError("no confirm button")


def texts_after(tg: FakeTelegram, mark: int, chat_id: int) -> list[tuple[int, str]]:
    return [(n, FakeTelegram.visible_text(c)) for n, c in enumerate(tg.calls)
            if n >= mark and c.ok and c.method in ("sendMessage", "editMessageText")
            and c.chat_id == chat_id]


async def test_a_held_file_fails_the_write_in_seconds_and_lets_others_through(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with running_bot(tmp_path) as h:
        probe = UpdateProbe(h.dp)
        admin = h.user(ADMIN, lang="ru")
        await admin.say("/campaigns delete 4")
        data = confirm_data(admin.last_message)
        preview = admin.last_message
        assert preview is not None
        holder = sqlite3.connect(h.data_dir / "bot.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program holds the file for writing
        try:
            writes, mark = h.tracker_writes(), len(h.tg.calls)
            confirm = h.tg.push(h.tg.callback(ADMIN, data, message=preview.to_json(),
                                              language_code="ru"))
            helped = h.tg.push(h.tg.message(VIEWER, "/help"))
            busy = await until(h, admin, lambda text: BUSY_RU in text, after=mark, timeout=10)
            await probe.wait(confirm["update_id"])
            await probe.wait(helped["update_id"])
            assert "Попробуйте ещё раз" in busy
            viewer_texts = texts_after(h.tg, mark, VIEWER)
            admin_texts = texts_after(h.tg, mark, ADMIN)
            [told] = [n for n, text in admin_texts if BUSY_RU in text]
            answered = [n for n, text in viewer_texts if text.startswith(HELP)]
            assert answered and answered[0] < told, "/help waited behind the held file"
            # the same button again while the file is held: told again, at once
            again = h.tg.push(h.tg.callback(ADMIN, data, message=preview.to_json(),
                                            language_code="ru"))
            await probe.wait(again["update_id"])
            assert sum(BUSY_RU in text for _, text in texts_after(h.tg, mark, ADMIN)) == 2
            assert h.tracker_writes() == writes, "something was sent to the tracker"
            assert h.sandbox.state.campaigns[4]["state"] == "active"
        finally:
            holder.rollback()
            holder.close()
        # the file is free: the flow was kept, the same button now archives
        mark = len(h.tg.calls)
        done = h.tg.push(h.tg.callback(ADMIN, data, message=preview.to_json(),
                                       language_code="ru"))
        await probe.wait(done["update_id"])
        result = await until(h, admin, lambda text: text.startswith("✅"), after=mark)
        archived = h.sandbox.state.campaigns[4]["state"]
        errors = dict(probe.errors)
    assert result.startswith("✅")
    assert archived == "deleted" and errors == {}
    stalls = [r for r in caplog.records if r.name == "bot.storage"
              and r.levelno >= logging.WARNING]
    assert len(stalls) == 1, [r.getMessage() for r in stalls]
    assert "database is locked" in stalls[0].getMessage()
    assert "bot.sqlite3" in stalls[0].getMessage()
    assert any("free again" in r.getMessage() for r in caplog.records if r.name == "bot.storage")
    assert log_problems(caplog.records) == []


async def test_a_state_that_cannot_be_read_stops_only_the_updates_that_need_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads failing too (the file held for reading): /help is answered, in the person's
    Telegram language; an answer to a flow is told storage is busy; nothing fails."""
    from bot.storage.sqlite import StorageBusy  # imported here: the module runs on old code too

    async with running_bot(tmp_path) as h:
        viewer = h.user(VIEWER)
        await viewer.say("/campaigns get")  # a flow now waits for the campaign
        storage, kv = h.services.storage, h.services.kv

        async def busy(*_: Any, **__: Any) -> Any:
            raise StorageBusy("database is locked")

        for name in ("get_state", "get_data", "set_state", "set_data"):
            monkeypatch.setattr(storage, name, busy)
        for name in ("get", "set", "delete", "add"):
            monkeypatch.setattr(kv, name, busy)
        await viewer.say("/help")
        assert (viewer.last_text or "").startswith(HELP)
        await h.user(VIEWER, lang="ru").say("3")
        text = viewer.last_text or ""
    assert BUSY_RU in text and INTERNAL_ERROR not in text


async def test_redis_gone_tells_the_person_and_sends_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Redis stops answering between a preview and its confirmation: the confirmation is
    told "storage is not answering" in the person's language (not the internal error), the
    tracker gets nothing, and the outage is logged once, whatever the number of updates."""
    from redis.asyncio import Redis

    from tests.processes import redis_server

    caplog.set_level(logging.INFO)
    with redis_server(tmp_path) as url:
        async with running_bot(tmp_path, redis_url=url) as h:
            admin = h.user(ADMIN, lang="ru")
            await admin.say("/campaigns delete 4")
            data = confirm_data(admin.last_message)
            preview = admin.last_message
            assert preview is not None
            killer = Redis.from_url(url)
            with contextlib.suppress(Exception):  # the server goes before it answers
                await killer.shutdown(nosave=True)
            await killer.aclose()
            writes = h.tracker_writes()
            probe = UpdateProbe(h.dp)
            for _ in range(2):
                pushed = h.tg.push(h.tg.callback(ADMIN, data, message=preview.to_json(),
                                                 language_code="ru"))
                await probe.wait(pushed["update_id"], timeout=20)
                answer = h.tg.callback_answer(pushed) or {}
                assert "Хранилище не отвечает" in str(answer.get("text")), answer
            mark = len(h.tg.calls)
            await admin.say("/campaigns get 1")  # a message: told in the chat
            await until(h, admin, lambda text: "Хранилище не отвечает" in text, after=mark,
                        timeout=20)
            assert h.tracker_writes() == writes, "something was sent to the tracker"
            assert not any(INTERNAL_ERROR in text for _, text in texts_after(h.tg, 0, ADMIN))
    said = [r.getMessage() for r in caplog.records if "Redis does not answer" in r.getMessage()]
    assert len(said) == 1, said
