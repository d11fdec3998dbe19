"""The bot through the real dispatcher against the sandbox that now behaves like the tracker:
read-modify-write refusals and conflicts as a person reads them, and postbacks that the tracker
only queues (API-NOTES §11.4, §11.7).

The bot shows only what it saw: a queued postback is 🕓, a wrong key ❌, and an answer without
the array is refused at the preview, before anything could be written."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage.locks import SQLiteLocks
from bot.storage.sqlite import SQLiteDatabase
from keitaro_sandbox import Sandbox
from tests.harness import API_KEY, EDITOR, POSTBACK_KEY, Harness, result_of, running_bot

NEW = '{"url": "https://ts.example.com/pb?c={subid}", "method": "GET"}'


async def add_postback(h: Harness, lang: str = "en") -> str:
    """The result of adding a postback, or the preview's refusal when there is nothing to
    confirm."""
    user = h.user(EDITOR, lang=lang)
    await user.say(f"/postbacks create 5 {NEW}")
    button = "✅ Подтвердить: Добавить постбэк" if lang == "ru" else "✅ Confirm: Add a postback"
    if not any(button in row for row in user.buttons()):
        return user.last_text or ""
    return await result_of(h, user, user.press(button))


async def test_an_answer_without_the_postbacks_is_refused_in_both_languages(
        tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        h.sandbox.faults.add("GET", r"/campaigns/5$", omit=("postbacks",), times=0)
        english = await add_postback(h)
        russian = await add_postback(h, "ru")
        listed = await result_of(h, h.admin, h.admin.say("/postbacks list 5"))
        puts = h.tracker_calls("PUT")
    assert puts == 0 and len(h.sandbox.state.campaigns[5]["postbacks"]) == 3
    assert english.startswith("⚠️") and "has no postbacks list" in english  # at the preview
    assert "Nothing was written" in english and "delete every item" in english
    assert russian.startswith("⚠️") and "нет списка postbacks" in russian
    assert listed.startswith("❌") and "has no postbacks list" in listed  # never "0 items"


async def test_a_conflict_after_the_write_is_not_a_success(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        # every read of the campaign slowed, so the read-back after the write comes late
        h.sandbox.faults.add("GET", r"/campaigns/5$", delay=0.5, times=0)
        gone = h.sandbox.state.campaigns[5]["postbacks"][0]["id"]

        async def edit_in_the_panel() -> None:  # after the bot's write, before its read-back
            for _ in range(500):
                if h.tracker_calls("PUT"):
                    break
                await asyncio.sleep(0.01)
            del h.sandbox.state.campaigns[5]["postbacks"][0]

        text, _ = await asyncio.gather(add_postback(h), edit_in_the_panel())
        journal = await h.services.audit.last(1)
    assert text.startswith("❌") and "The list changed while it was being written" in text
    assert f"#{gone}" in text and "redo your change" in text
    assert journal[0].action == "postbacks.create" and journal[0].outcome == "failed"
    assert f"items {gone} were there and are gone" in (journal[0].error or "")


async def test_an_edit_that_cannot_get_the_lock_is_not_sent(tmp_path: Path) -> None:
    """Another process holds the campaign's lock (the same SQLite file) for longer than an
    edit may take."""
    async with running_bot(tmp_path, keitaro={"timeout": 0.3, "retries": 0}) as h:
        other = SQLiteDatabase(h.data_dir / "bot.sqlite3")
        try:
            async with SQLiteLocks(other).hold("rmw:/campaigns/5", ttl=60, wait=1):
                text = await add_postback(h, "ru")
        finally:
            await other.close()
    assert text.startswith("❌") and "меняет кто-то другой" in text
    assert "Ничего не отправлено" in text and "через минуту" in text
    assert h.tracker_writes() == 0  # the preview read the campaign; nothing was written


async def test_a_conversion_is_only_queued_when_the_bot_answers(tmp_path: Path) -> None:
    """§11.4: the tracker answers `Success` before it has looked at the postback."""
    async with running_bot(tmp_path) as h:
        sub_id = h.sandbox.sub_id(3)
        before = len(h.sandbox.state.traffic.conversions)
        await h.admin.say(f'/conversions create {{"click_id": "{sub_id}", "status": "lead", '
                          '"revenue": 5}')
        text = await result_of(h, h.admin, h.admin.press("✅ Confirm: Create a conversion"))
        queued = len(h.sandbox.state.traffic.conversions)
        processed = h.sandbox.process_postbacks()
    assert "Success" in text
    assert text.startswith("🕓") and "not visible yet" in text  # the tracker wrote nothing yet
    assert queued == before and processed == [f"Subid {sub_id} complete"]
    assert len(h.sandbox.state.traffic.conversions) == before + 1


async def test_a_wrong_postback_key_is_answered_200_and_stays_hidden(tmp_path: Path) -> None:
    """§11.4: the tracker answers a wrong key with 200 and `Incorrect postback code (<the
    key> in <the URL>)`: the key the bot sent comes back in the answer, and is masked."""
    wrong = "pb-WRONG-SECRET-9d8c"
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clicks=100)
    before = len(sandbox.state.traffic.conversions)
    async with running_bot(tmp_path, sandbox=sandbox, keitaro={"postback_key": wrong}) as h:
        await h.admin.say(f'/conversions create {{"click_id": "{sandbox.sub_id(3)}", '
                          '"status": "lead"}')
        text = await result_of(h, h.admin, h.admin.press("✅ Confirm: Create a conversion"))
        shown = "\n".join(str(c.params) for c in h.tg.calls)
    assert "Incorrect postback code" in text and wrong not in shown
    assert text.startswith("❌")  # a 200 that says the key is wrong is not a success
    assert sandbox.pending_postbacks == 0 and sandbox.process_postbacks() == []
    assert len(sandbox.state.traffic.conversions) == before
