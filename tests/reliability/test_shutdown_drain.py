"""Updates lost at shutdown (issue 13, finding 6).

200 updates posted to the webhook, then SIGTERM: the bot exited in 2 s having handled 7; the
other 193 had been answered 200, so Telegram would not send them again. The count of updates
in flight saw only the one holding a person's lock, not those queued behind it: the drain
ended at the first hand-over of the lock. Now the webhook counts every update it
acknowledged until it is handled, answers 503 once shutdown has begun (Telegram sends those
again), and the process drains before it exits; polling counts every update it fetched from
the moment its task starts, ahead of the lock. Real processes (`python -m bot run`), on
SQLite and on Redis. The burst is one person's button presses (answered without a message,
so Telegram's one-message-a-second pacing of a chat does not stretch the test), all queued
behind that person's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from telegram_fake import FakeTelegram
from tests.harness import WEBHOOK_SECRET
from tests.processes import BotProcess, bot_env, free_port, redis_server, start_bot, world
from tests.reliability.leaks import found_secrets
from tests.reliability.webhook import until

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PRESSER = 3401  # one person pressing an old button 200 times
PEOPLE = list(range(3402, 3422))  # 20 more people, one command each while the bot stops
BURST = 200


def env_for(tracker: str, api: str, data: Path, *, redis_url: str | None = None,
            webhook: bool = True) -> dict[str, str]:
    env = bot_env(tracker, api, free_port(), data_dir=data, redis_url=redis_url)
    env["ALLOWED_USERS"] = ",".join(f"{uid}:viewer" for uid in [PRESSER, *PEOPLE])
    env["NOTIFY_ENABLED"] = "false"
    if not webhook:
        del env["WEBHOOK_URL"]
    return env


def results(tg: FakeTelegram) -> Counter[int]:
    """Per chat, the result messages (✅/❌) the bot sent."""
    return Counter(int(c.chat_id or 0) for c in tg.calls
                   if c.method in ("sendMessage", "sendRichMessage") and c.ok
                   and FakeTelegram.visible_text(c).startswith(("✅", "❌")))


def answers(tg: FakeTelegram) -> Counter[str]:
    """Per button press (callback query id), the answers the bot gave it."""
    return Counter(str(c.params.get("callback_query_id")) for c in tg.calls
                   if c.method == "answerCallbackQuery" and c.ok)


def press_id(update: dict[str, Any]) -> str:
    return str(update["callback_query"]["id"])


def chat_of(update: dict[str, Any]) -> int:
    return int(update["message"]["chat"]["id"])


async def post(session: aiohttp.ClientSession, url: str, update: dict[str, Any]) -> int | None:
    """POST an update as Telegram does; the status, or None when the connection failed."""
    try:
        async with session.post(url, json=update,
                                headers={SECRET_HEADER: WEBHOOK_SECRET}) as response:
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return None


def clean(proc: BotProcess) -> list[str]:
    log = proc.log()
    problems = [line for line in log.splitlines() if " ERROR " in line or "Traceback" in line]
    return problems + found_secrets(proc.log_path.name, log)


async def menu_message(tg: FakeTelegram, session: aiohttp.ClientSession, url: str
                       ) -> dict[str, Any]:
    """The presser's /menu reply: the message under the button pressed."""
    assert await post(session, url, tg.message(PRESSER, "/menu")) == 200
    await until(lambda: any(m.buttons() for m in tg.messages[PRESSER]))
    return next(m for m in tg.messages[PRESSER] if m.buttons()).to_json()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_every_update_the_webhook_acknowledged_is_handled_before_exit(
    tmp_path: Path, backend: str,
) -> None:
    """A burst of 200 updates from one person, all answered 200, then SIGTERM, and 20
    commands from others posted while the bot stops: every update answered 200 is handled by
    the stopping process before it exits (0); the ones it refused (503, or no connection)
    are handled by the next process when Telegram sends them again. Each exactly once."""
    redis = redis_server(tmp_path) if backend == "redis" else contextlib.nullcontext()
    with redis as redis_url:
        async with world() as (sandbox, tg, tracker, api):
            env = env_for(tracker, api, tmp_path / "data", redis_url=redis_url)
            first = start_bot(env, tmp_path / "first.log")
            await first.wait_healthy()
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:
                menu = await menu_message(tg, session, first.webhook_url)
                burst = [tg.callback(PRESSER, f"old:{n}", message=menu) for n in range(BURST)]
                statuses = await asyncio.gather(*(post(session, first.webhook_url, u)
                                                  for u in burst))
            assert statuses == [200] * BURST
            # the burst's connections are closed: the server's shutdown has none to wait for,
            # and the process ends as soon as it lets itself
            stopping = asyncio.create_task(asyncio.to_thread(first.stop))
            await until(lambda: "shutting down" in first.log())
            late = [tg.message(uid, "/campaigns get 2") for uid in PEOPLE]
            closing = aiohttp.TCPConnector(limit=64, force_close=True)
            async with aiohttp.ClientSession(connector=closing) as session:
                late_statuses = await asyncio.gather(*(post(session, first.webhook_url, u)
                                                       for u in late))
            assert await stopping == 0, first.log()[-3000:]
            answered = answers(tg)
            assert [press_id(u) for u in burst if not answered[press_id(u)]] == [], (
                "acknowledged but not handled")
            taken = [u for u, s in zip(late, late_statuses, strict=True) if s == 200]
            refused = [u for u, s in zip(late, late_statuses, strict=True) if s != 200]
            assert results(tg) == Counter(chat_of(u) for u in taken)
            assert all(s in (200, 503, None) for s in late_statuses), late_statuses

            second = start_bot(env, tmp_path / "second.log")
            await second.wait_healthy()
            async with aiohttp.ClientSession() as session:
                again = await asyncio.gather(*(post(session, second.webhook_url, u)
                                               for u in refused))
            assert again == [200] * len(refused)
            await until(lambda: results(tg) == Counter(PEOPLE))
            assert await asyncio.to_thread(second.stop) == 0
            assert answers(tg) == Counter({press_id(u): 1 for u in burst})
            assert results(tg) == Counter(PEOPLE)  # each command handled once
            assert sandbox.count("GET", r"/campaigns/2$") == len(PEOPLE)
            assert clean(first) + clean(second) == []


async def test_polling_handles_every_update_it_fetched_before_exit(tmp_path: Path) -> None:
    """Polling fetches one person's 100 button presses in one batch; SIGTERM after the
    first answer: every update fetched is handled before the process exits, and the next
    process gets none of them again."""
    async with world() as (_sandbox, tg, tracker, api):
        env = env_for(tracker, api, tmp_path / "data", webhook=False)
        first = start_bot(env, tmp_path / "first.log")
        await until(lambda: any(c.method == "getUpdates" for c in tg.calls), timeout=30)
        tg.push(tg.message(PRESSER, "/menu"))
        await until(lambda: any(m.buttons() for m in tg.messages[PRESSER]))
        menu = next(m for m in tg.messages[PRESSER] if m.buttons()).to_json()
        mark = len(tg.calls)
        pushed = [tg.push(tg.callback(PRESSER, f"old:{n}", message=menu)) for n in range(100)]
        await until(lambda: any(c.method == "answerCallbackQuery" for c in tg.calls[mark:]))
        assert await asyncio.to_thread(first.stop) == 0, first.log()[-3000:]
        assert all(tg.delivered(u) for u in pushed)  # one batch
        answered = answers(tg)
        assert [press_id(u) for u in pushed if not answered[press_id(u)]] == [], (
            "fetched but not handled")

        second = start_bot(env, tmp_path / "second.log")
        marker = tg.push(tg.message(PEOPLE[0], "/campaigns get 2"))
        await until(lambda: results(tg)[PEOPLE[0]] == 1, timeout=30)
        assert await asyncio.to_thread(second.stop) == 0
        assert tg.delivered(marker)
        assert answers(tg) == Counter({press_id(u): 1 for u in pushed})
        assert clean(first) + clean(second) == []
