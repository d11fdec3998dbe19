"""Secrets in buttons and in every other field of a Bot API call (issue 13, finding 1).

Button labels come from tracker data. A campaign named like the API key showed the key on a
pick button (cut short by "…", which the redactor could not recognise), and the stored result
page kept it. Here: through the dispatcher on SQLite and Redis, every field of every kind of
outgoing call, and the result store with its button labels.
"""

from __future__ import annotations

import contextlib
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.flow.results import ResultStore, StoredResult
from bot.keitaro.masking import Redactor, mask_secret
from bot.storage.kv import RedisKV, SQLiteKV
from bot.storage.sqlite import SQLiteDatabase
from tests.harness import (
    ADMIN,
    API_KEY,
    BOT_TOKEN,
    POSTBACK_KEY,
    SECRETS,
    WEBHOOK_SECRET,
    result_of,
    running_bot,
)
from tests.processes import redis_server
from tests.reliability.leaks import files_under, fragments_found, redis_dump, telegram_received


def _labels(tg: Any) -> list[str]:
    """Every inline button label the bot sent or edited in, in any call."""
    labels = []
    for call in tg.calls:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            labels += [button["text"] for button in row]
    return labels


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
async def test_a_campaign_named_like_the_api_key_shows_it_on_no_button(
    tmp_path: Path, storage: str
) -> None:
    """Campaigns named after the API key and the postback URL: their list item buttons (on
    a page shown now and one from the store), the pick buttons of a question and the stored
    result page hold no part of either secret, only the masked form."""
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(tmp_path)) if storage == "redis" else None
        async with running_bot(tmp_path, redis_url=redis_url) as h:
            campaigns = h.sandbox.state.campaigns
            campaigns[1]["name"] = API_KEY
            campaigns[2]["name"] = f"{POSTBACK_KEY} postbacks"
            for n in range(15):  # two pages: the list is kept for its page buttons
                campaigns[100 + n] = {**campaigns[1], "id": 100 + n, "alias": f"copy-{n}"}
            sim = h.admin
            assert (await result_of(h, sim, sim.say("/campaigns list"))).startswith("✅")
            await sim.press(next(b for row in sim.buttons() for b in row if b.endswith("›")))
            await sim.say("/campaigns get")  # the question offers existing campaigns
            assert "Which" in (sim.last_text or "") or sim.buttons(), sim.last_text
            stored = {"redis": await redis_dump(redis_url)} if redis_url else {}
        labels = _labels(h.tg)
        masked = mask_secret(API_KEY)
        assert labels.count(f"#1 {masked}") >= 2, labels  # the list's and the pick's
        assert any(label.startswith("#10") and masked in label for label in labels), labels
        found = fragments_found("telegram", telegram_received(h.tg))
        for name, content in {**files_under(tmp_path / "data"), **stored}.items():
            found += fragments_found(name, content)
        assert not found, found


async def test_every_text_field_of_every_call_is_scrubbed(tmp_path: Path) -> None:
    """Through the bot's own session: inline and reply keyboard labels, a callback query's
    answer, captions of a photo and of a media group, file names, an edited message's
    buttons, the command menu's descriptions. The webhook secret is still given to Telegram
    in setWebhook, where Telegram needs it."""
    async with running_bot(tmp_path) as h:
        await h.admin.say("/start")
        bot = h.bot
        inline = InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=f"#1 {API_KEY}", callback_data="x"),
            InlineKeyboardButton(text=f"open {POSTBACK_KEY}", url="https://example.com/"),
        ]])
        sent = await bot.send_message(ADMIN, "menu", reply_markup=inline)
        await bot.send_message(ADMIN, "keys", reply_markup=ReplyKeyboardMarkup(keyboard=[[
            KeyboardButton(text=f"use {API_KEY}")]]))
        await bot.edit_message_text(f"edited {API_KEY}", chat_id=ADMIN,
                                    message_id=sent.message_id, reply_markup=inline)
        await bot.edit_message_reply_markup(
            chat_id=ADMIN, message_id=sent.message_id,
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
                text=f"again {API_KEY}", callback_data="y")]]))
        await bot.send_document(ADMIN, BufferedInputFile(b"plain", filename=f"{API_KEY}.txt"),
                                caption=f"file {POSTBACK_KEY}")
        await bot.send_media_group(ADMIN, [
            InputMediaDocument(media=BufferedInputFile(b"a", filename=f"a-{API_KEY}.txt"),
                               caption=f"one {API_KEY}"),
            InputMediaDocument(media=BufferedInputFile(b"b", filename="b.txt"),
                               caption=f"two {POSTBACK_KEY}")])
        await bot.set_my_commands([BotCommand(command="keys", description=f"show {API_KEY}")])
        with contextlib.suppress(TelegramBadRequest):  # an unknown query: what was sent counts
            await bot.answer_callback_query("no-such-query", text=f"done {API_KEY}")
        await bot.set_webhook("https://bot.example.com/webhook", secret_token=WEBHOOK_SECRET)
        assert h.tg.state.webhook.secret_token == WEBHOOK_SECRET
        await bot.delete_webhook()
    methods = {c.method for c in h.tg.calls}
    assert {"sendMediaGroup", "setMyCommands", "answerCallbackQuery",
            "editMessageReplyMarkup"} <= methods, methods
    assert "#1 " + mask_secret(API_KEY) in _labels(h.tg)
    found = fragments_found("telegram", telegram_received(h.tg),
                            [s for s in SECRETS if s != WEBHOOK_SECRET])
    assert not found, found


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
async def test_a_stored_result_page_keeps_no_secret(tmp_path: Path, storage: str) -> None:
    """The result store scrubs what it keeps, button labels included: they are (id, label)
    tuples, which the redactor used to pass over."""
    redactor = Redactor([API_KEY, POSTBACK_KEY, BOT_TOKEN])
    record = StoredResult(
        action="campaigns.list", lang="en", header="h", pages=[f"1. #1 {API_KEY}"],
        items=[[(1, f"#1 {API_KEY}"), (2, f"#2 {POSTBACK_KEY}")]], exports=["json"],
        stem="campaigns-list", data=[{"id": 1, "name": API_KEY, "tags": (POSTBACK_KEY,)}])
    with ExitStack() as stack:
        if storage == "redis":
            from redis.asyncio import Redis

            url = stack.enter_context(redis_server(tmp_path))
            redis = Redis.from_url(url)
            store = ResultStore(RedisKV(redis), redactor=redactor)
        else:
            db = SQLiteDatabase(tmp_path / "data" / "bot.sqlite3")
            store = ResultStore(SQLiteKV(db), redactor=redactor)
        rid = await store.save(record)
        loaded = await store.load(rid)
        assert loaded is not None
        assert loaded.items == [[(1, f"#1 {mask_secret(API_KEY)}"),
                                 (2, f"#2 {mask_secret(POSTBACK_KEY)}")]]
        if storage == "redis":
            raw = await redis_dump(url)
            await redis.aclose()
        else:
            await db.close()
            raw = "\n".join(c.decode("utf-8", "replace")
                            for c in files_under(tmp_path / "data").values())
    found = fragments_found(storage, raw)
    assert not found, found


def test_the_redactor_scrubs_every_container() -> None:
    """Tuples (kept tuples), sets, dict keys and values at any depth."""
    redactor = Redactor([API_KEY])
    masked = mask_secret(API_KEY)
    value = {API_KEY: [(1, API_KEY, {"k": (API_KEY,)})], "s": {API_KEY}, "f": frozenset({1})}
    assert redactor.value(value) == {masked: [(1, masked, {"k": (masked,)})], "s": {masked},
                                     "f": frozenset({1})}


async def test_a_query_holding_a_secret_is_not_kept_to_run_again(tmp_path: Path) -> None:
    """A click log whose filter holds the API key (pasted by a person) is answered, but
    "All rows" is not offered for it: that button keeps the query's arguments as they are,
    to run it again, and nothing stored may hold a secret."""
    line = ('/clicks log 30d {"limit": 5, "filters": [{"name": "sub_id_1", '
            f'"operator": "NOT_EQUAL", "expression": "{API_KEY}"}}]}}')
    async with running_bot(tmp_path) as h:
        sim = h.admin
        assert (await result_of(h, sim, sim.say(line))).startswith("✅")
        labels = [label for row in sim.buttons() for label in row]
        await sim.say('/clicks log 30d {"limit": 5}')
        plain = [label for row in sim.buttons() for label in row]
    assert any("All rows" in label for label in plain), plain
    assert not any("All rows" in label for label in labels), labels
    found = []
    for name, content in files_under(tmp_path / "data").items():
        found += fragments_found(name, content)
    assert not found, found
