"""Two real bot processes add a postback to the same campaign at the same moment, on one
redis-server and on one SQLite file: both edits stay (issue 10, point 5).

The sandbox answers every read of the campaign a second late (`hold`: the answer is what it
held when asked), so without a lock both processes would read the same array, and the later
write would delete the postback the earlier one added; `tests/test_rmw_lock.py` shows that
loss with two clients that do not share their locks."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from telegram_fake import FakeTelegram
from tests.harness import ADMIN, EDITOR, WEBHOOK_SECRET
from tests.processes import BotProcess, bot_env, free_port, redis_server, start_bot, world

PATH = r"/admin_api/v1/campaigns/5$"
ADDED = {ADMIN: "https://admin.example.com/pb?c={subid}",
         EDITOR: "https://editor.example.com/pb?c={subid}"}


async def text_to(tg: FakeTelegram, user: int, after: int, contains: str | tuple[str, ...],
                  timeout: float = 30.0) -> str:
    """The first message (sent or edited) to `user` after call `after` containing `contains`
    (or one of them)."""
    needles = (contains,) if isinstance(contains, str) else contains
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for call in tg.calls[after:]:
            if call.ok and call.chat_id == user and call.method in (
                    "sendMessage", "sendRichMessage", "editMessageText"):
                text = FakeTelegram.visible_text(call)
                if any(needle in text for needle in needles):
                    return text
        await asyncio.sleep(0.02)
    raise TimeoutError(f"no message to {user} containing {contains!r}")


def confirm_button(tg: FakeTelegram, user: int) -> tuple[str, dict[str, Any]]:
    message = tg.messages[user][-1]
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"].startswith("✅ Confirm"):
                return button["callback_data"], message.to_json()
    raise AssertionError(f"no Confirm button for {user}")


async def both_add_a_postback(tg: FakeTelegram, procs: list[BotProcess]) -> dict[int, str]:
    """Each user previews on their own process, then both confirm at once."""
    taps = {}
    for user, proc in zip(ADDED, procs, strict=True):
        mark = len(tg.calls)
        text = f'/postbacks create 5 {{"url": "{ADDED[user]}", "method": "GET"}}'
        await tg.post_webhook(proc.webhook_url, tg.message(user, text), WEBHOOK_SECRET)
        await text_to(tg, user, mark, "Preview")
        taps[user] = confirm_button(tg, user)
    mark = len(tg.calls)
    await asyncio.gather(*(
        tg.post_webhook(proc.webhook_url, tg.callback(user, data, message=message),
                        WEBHOOK_SECRET)
        for (user, (data, message)), proc in zip(taps.items(), procs, strict=True)))
    texts = await asyncio.gather(*(text_to(tg, user, mark, "Add a postback") for user in taps))
    return dict(zip(taps, texts, strict=True))


async def stop_all(procs: list[BotProcess], timeout: float = 30.0) -> list[int]:
    """SIGTERM to every process at once (one signal each), then their exit codes, waited for
    in threads: the fake Bot API and the sandbox share this loop, and a bot finishing its last
    update at shutdown still calls them."""
    return list(await asyncio.gather(*(asyncio.to_thread(proc.stop, timeout)
                                       for proc in procs)))


async def run_two(tmp_path: Path, *, redis_url: str | None) -> None:
    async with world() as (sandbox, tg, tracker, api):
        procs = [start_bot(bot_env(tracker, api, free_port(), redis_url=redis_url,
                                   data_dir=tmp_path / "data"), tmp_path / f"bot{n}.log")
                 for n in (1, 2)]
        try:
            await asyncio.gather(*(p.wait_healthy() for p in procs))
            before = [p["id"] for p in sandbox.state.campaigns[5]["postbacks"]]
            sandbox.faults.add("GET", PATH, hold=1.0, times=0)
            results = await both_add_a_postback(tg, procs)
            # both previewed the same array: the edit that took the lock second found it
            # changed, sent nothing and showed the new array; confirmed again, it goes
            stale = [user for user, text in results.items() if not text.startswith("✅")]
            assert len(stale) == 1, results
            assert "changed since the preview" in results[stale[0]], results
            assert sandbox.count("PUT", PATH) == 1, "the stale preview was not written"
            user = stale[0]
            data, message = confirm_button(tg, user)
            mark = len(tg.calls)
            proc = procs[list(ADDED).index(user)]
            await tg.post_webhook(proc.webhook_url, tg.callback(user, data, message=message),
                                  WEBHOOK_SECRET)
            again = await text_to(tg, user, mark, "Add a postback")
        finally:
            codes = await stop_all(procs)
        assert codes == [0, 0], "\n".join(proc.log() for proc in procs)
        assert again.startswith("✅"), again
        postbacks = sandbox.state.campaigns[5]["postbacks"]
        assert [p["id"] for p in postbacks][:3] == before
        assert sorted(p["url"] for p in postbacks[3:]) == sorted(ADDED.values())
        assert sandbox.count("PUT", PATH) == 2


async def test_two_processes_on_one_redis_server_keep_both_postbacks(tmp_path: Path) -> None:
    with redis_server(tmp_path) as redis_url:
        await run_two(tmp_path, redis_url=redis_url)


async def test_two_processes_on_one_sqlite_file_keep_both_postbacks(tmp_path: Path) -> None:
    await run_two(tmp_path, redis_url=None)


def button_of(tg: FakeTelegram, user: int, prefix: str) -> tuple[str, dict[str, Any]]:
    message = tg.messages[user][-1]
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"].startswith(prefix):
                return button["callback_data"], message.to_json()
    raise AssertionError(f"no {prefix!r} button for {user}")


async def test_two_processes_on_one_redis_server_edit_a_streams_offers(tmp_path: Path) -> None:
    """Issue 16.6: two admins, each on their own process behind one redis-server, replace the
    same stream's offers at once (what the shares editor sends). The first write holds the
    stream's lock; the second, re-read under it, finds the offers changed since its preview:
    nothing is sent, and the new preview shows what its write would now remove."""
    admins = {ADMIN: 1, 1004: 3}  # each adds another offer beside the stream's #2
    with redis_server(tmp_path) as redis_url:
        async with world() as (sandbox, tg, tracker, api):
            procs = []
            for n in (1, 2):
                env = bot_env(tracker, api, free_port(), redis_url=redis_url,
                              data_dir=tmp_path / f"data{n}")
                env["ALLOWED_USERS"] = ",".join(f"{uid}:admin" for uid in admins)
                procs.append(start_bot(env, tmp_path / f"bot{n}.log"))
            try:
                await asyncio.gather(*(p.wait_healthy() for p in procs))
                taps = {}
                for (user, offer), proc in zip(admins.items(), procs, strict=True):
                    mark = len(tg.calls)
                    line = ('/streams update 4 {"offers": [{"offer_id": 2, "share": 50}, '
                            f'{{"offer_id": {offer}, "share": 50}}]}}')
                    await tg.post_webhook(proc.webhook_url, tg.message(user, line),
                                          WEBHOOK_SECRET)
                    await text_to(tg, user, mark, "Careful")
                    taps[user] = button_of(tg, user, "⚠️ Yes")
                sandbox.faults.add("GET", r"/admin_api/v1/streams/4$", hold=1.0, times=0)
                mark = len(tg.calls)
                await asyncio.gather(*(
                    tg.post_webhook(proc.webhook_url, tg.callback(user, data, message=message),
                                    WEBHOOK_SECRET)
                    for (user, (data, message)), proc in zip(taps.items(), procs, strict=True)))
                texts = await asyncio.gather(*(
                    text_to(tg, user, mark, ("Stream #4", "changed since the preview"))
                    for user in admins))
            finally:
                codes = await stop_all(procs)
            assert codes == [0, 0], "\n".join(proc.log() for proc in procs)
            done = [text for text in texts if text.startswith("✅")]
            stale = [text for text in texts if "changed since the preview" in text]
            assert len(done) == 1 and len(stale) == 1, texts
            assert sandbox.count("PUT", r"/streams/4$") == 1, "the stale preview was not sent"
            kept = {o["offer_id"] for o in sandbox.state.streams[4]["offers"]}
            written = 1 if kept == {2, 1} else 3
            assert kept == {2, written}
            # what it would now remove, shown (a line, or a removed row of the preview's table)
            assert re.search(rf"−[ |]+#{written}\b", stale[0]), stale[0]
