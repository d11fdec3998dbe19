"""The fake Telegram Bot API exercised through the real aiogram stack (Bot, session, Dispatcher)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import BaseMiddleware, Bot, Dispatcher, F, Router, html
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputMediaDocument,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    TelegramObject,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from telegram_fake import FakeTelegram, RateLimits, UploadedFile

ALICE, BOB, STRANGER = 1, 2, 666


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    async with fake.running():
        yield fake


def make_bot(tg: FakeTelegram, *, parse_mode: str | None = "HTML") -> Bot:
    assert tg.base_url is not None
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    return Bot(tg.token, session=session, default=DefaultBotProperties(parse_mode=parse_mode))


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    client = make_bot(tg)
    yield client
    await client.session.close()


class OnlyAllowed(BaseMiddleware):
    """The whitelist pattern the bot uses: drop updates from unknown users on dp.update."""

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = data.get("event_from_user")
        if user is None or user.id not in {ALICE, BOB}:
            return None
        return await handler(event, data)


def echo_dispatcher() -> Dispatcher:
    """A tiny bot: /start shows a menu, text is echoed, buttons edit the menu."""
    router = Router()

    @router.message(Command("start"))
    async def start(message: Message) -> None:
        assert message.from_user is not None
        menu = InlineKeyboardBuilder()
        menu.button(text="Campaigns", callback_data="menu:campaigns")
        menu.button(text="Offers", callback_data="menu:offers")
        menu.button(text="Docs", url="https://example.com/docs")
        await message.answer(
            f"Hello, <b>{html.quote(message.from_user.first_name)}</b>!",
            reply_markup=menu.adjust(2).as_markup(),
        )

    @router.message(Command("two"))
    async def two(message: Message) -> None:
        await message.answer("first")
        await asyncio.sleep(0.02)
        await message.answer("second")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(html.quote(message.text or ""))

    @router.callback_query(F.data.startswith("menu:"))
    async def menu(callback: CallbackQuery) -> None:
        assert isinstance(callback.message, Message) and callback.data is not None
        await callback.answer("Loading…")
        await callback.message.edit_text(f"<i>{callback.data.split(':')[1]}</i>")

    dp = Dispatcher()
    dp.update.outer_middleware(OnlyAllowed())
    dp.include_router(router)
    return dp


@contextlib.asynccontextmanager
async def polling(tg: FakeTelegram, dp: Dispatcher, bot: Bot, **kwargs: Any) -> AsyncIterator[None]:
    mark = len(tg.calls)
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=1, **kwargs)
    )
    await tg.wait_call("getMe", after=mark)
    try:
        yield
    finally:
        await dp.stop_polling()
        await task


# --- basics -------------------------------------------------------------------------------------


async def test_get_me_unknown_method_and_wrong_token(tg: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (42, "keitaro_test_bot", True)
    assert tg.calls[-1].method == "getMe" and tg.calls[-1].ok

    async with aiohttp.ClientSession() as session:
        async with session.post(f"{tg.base_url}/bot42:TEST/fooBar") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with session.get(f"{tg.base_url}/bot42:TEST/GETME") as response:  # case-insensitive
            assert (await response.json())["result"]["id"] == 42

    stranger = Bot(
        "43:OTHER", session=AiohttpSession(api=TelegramAPIServer.from_base(str(tg.base_url)))
    )
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()


async def test_form_fields_are_decoded_only_where_known(tg: FakeTelegram, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="1", callback_data="77")]]
    )
    await bot.send_message(ALICE, "77", reply_markup=markup, disable_notification=True)
    call = tg.calls[-1]
    assert call.params["text"] == "77"  # a numeric text stays a string
    assert call.params["chat_id"] == ALICE  # ids are cast to int
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "1", "callback_data": "77"}]]
    }
    message = call.result
    assert message["from"]["id"] == 42 and message["chat"]["id"] == ALICE
    assert message["reply_markup"] == call.params["reply_markup"]

    async with aiohttp.ClientSession() as session:  # a JSON body is accepted too
        url = f"{tg.base_url}/bot42:TEST/sendMessage"
        async with session.post(url, json={"chat_id": ALICE, "text": "json"}) as response:
            assert (await response.json())["result"]["text"] == "json"
    assert [m.text for m in tg.messages[ALICE]] == ["77", "json"]
    assert [m.message_id for m in tg.messages[ALICE]] == [1, 2]


async def test_two_fakes_run_side_by_side() -> None:
    first, second = FakeTelegram(), FakeTelegram(token="7:SEVEN")
    async with first.running() as url_one, second.running() as url_two:
        assert url_one != url_two
        one, two = make_bot(first), make_bot(second)
        await one.send_message(ALICE, "one")
        await two.send_message(ALICE, "two")
        assert [m.text for m in first.messages[ALICE]] == ["one"]
        assert [m.text for m in second.messages[ALICE]] == ["two"]
        await one.session.close()
        await two.session.close()


# --- getUpdates -----------------------------------------------------------------------------------


async def test_long_poll_offsets_limit_and_timeout(tg: FakeTelegram, bot: Bot) -> None:
    pushed = [tg.push(tg.message(ALICE, f"m{n}")) for n in range(3)]
    ids = [update["update_id"] for update in pushed]
    assert ids == sorted(ids)

    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[:1]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates()] == ids[1:]  # ids[0] was confirmed
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[2:]

    started = time.monotonic()
    assert await bot.get_updates(offset=ids[2] + 1, timeout=1) == []
    assert time.monotonic() - started >= 0.9  # a true long poll waits for the timeout

    waiting = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    late = tg.push(tg.message(ALICE, "late"))
    assert [u.update_id for u in await waiting] == [late["update_id"]]
    assert time.monotonic() - started < 0.5  # the push woke the poll


async def test_allowed_updates_filter_and_poll_conflict(tg: FakeTelegram, bot: Bot) -> None:
    tg.push(tg.callback(ALICE, "x"))
    message = tg.push(tg.message(ALICE, "kept"))
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in updates] == [message["update_id"]]
    assert [u.get("callback_query") is not None for u in tg.state.updates.filtered] == [True]

    first = asyncio.create_task(bot.get_updates(offset=message["update_id"] + 1, timeout=5))
    await asyncio.sleep(0.05)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first


async def test_polling_dispatcher_echoes_and_confirms(tg: FakeTelegram, bot: Bot) -> None:
    dp = echo_dispatcher()
    async with polling(tg, dp, bot):
        tg.push(tg.message(ALICE, "77"))
        reply = await tg.wait_call("sendMessage", where=lambda c: c.chat_id == ALICE)
        assert reply.params["text"] == "77" and reply.ok
        tg.push(tg.message(BOB, "<b>not markup</b>"))
        reply = await tg.wait_call("sendMessage")  # after=None continues past the last one
        assert reply.chat_id == BOB
        assert FakeTelegram.visible_text(reply) == "<b>not markup</b>"
    assert tg.pending_updates == [] or all(tg.delivered(u) for u in tg.pending_updates)
    getupdates = [c for c in tg.calls if c.method == "getUpdates" and c.ok]
    assert any(c.params.get("offset") for c in getupdates)  # aiogram confirmed with an offset


async def test_wait_call_timeout_lists_recent_calls(tg: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(ALICE, "hello")
    with pytest.raises(TimeoutError) as caught:
        await tg.wait_call("sendDocument", timeout=0.1)
    assert "sendMessage chat_id=1 text='hello'" in str(caught.value)


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x<br>y", 'Unsupported start tag "br" at byte offset 1'),
        ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("Tom & Jerry", 'Unsupported HTML entity "&"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("<a href=https://e.com>x</a>", "Unexpected end of name token"),
    ],
)
async def test_html_errors_surface_as_bad_request(
    tg: FakeTelegram, bot: Bot, text: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ALICE, text)
    assert caught.value.message.startswith(f"Bad Request: can't parse entities: {error}")
    assert tg.messages[ALICE] == []
    assert tg.calls[-1].error_code == 400


async def test_valid_html_is_parsed_into_entities(tg: FakeTelegram, bot: Bot) -> None:
    markup = (
        '<b>bold <i>both</i></b> &lt;3 &#x1F600; <a href="https://e.com/?a=1&amp;b=2">link</a> '
        '<tg-spoiler>s</tg-spoiler> <pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>q</blockquote>"
    )
    sent = await bot.send_message(ALICE, markup)
    assert sent.text == "bold both <3 😀 link s x = 1 q"
    entities = {(e.type, e.offset, e.length) for e in sent.entities or []}
    assert ("bold", 0, 9) in entities and ("italic", 5, 4) in entities
    assert ("text_link", 16, 4) in entities  # 😀 counts as 2 UTF-16 units
    pre = next(e for e in sent.entities or [] if e.type == "pre")
    assert pre.language == "python"
    assert sent.html_text.startswith("<b>bold <i>both</i></b>")
    assert FakeTelegram.strip_html("<b>a</b> &amp; b") == "a & b"


async def test_text_length_counts_utf16_units_after_parsing(tg: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(ALICE, "😀" * 2048)  # 4096 UTF-16 units
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(ALICE, "😀" * 2048 + "a")
    await bot.send_message(ALICE, "<b>" + "a" * 4096 + "</b>")  # markup does not count
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(ALICE, " \n ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(ALICE, "<b></b>")
    document = BufferedInputFile(b"data", "a.txt")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(ALICE, document, caption="c" * 1025)
    assert len(tg.messages[ALICE]) == 2


async def test_markdown_v2_reserved_characters(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(ALICE, "Total: 1.5", parse_mode="MarkdownV2")
    sent = await bot.send_message(ALICE, "*Total:* 1\\.5", parse_mode="MarkdownV2")
    assert sent.text == "Total: 1.5"


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        (keyboard({"text": "x", "callback_data": "a" * 65}), "BUTTON_DATA_INVALID"),
        (keyboard({"text": "x", "callback_data": "é" * 33}), "BUTTON_DATA_INVALID"),
        (keyboard({"text": "x"}), "Text buttons are unallowed in the inline keyboard"),
        (keyboard({"text": "x", "callback_data": ""}), "Text buttons are unallowed"),
        (keyboard({"text": "", "callback_data": "a"}), "BUTTON_TEXT_EMPTY"),
        (keyboard({"text": "x", "callback_data": "a", "url": "https://e.com"}), "exactly one"),
        (keyboard({"text": "x", "url": "not a url"}), "BUTTON_URL_INVALID"),
        (
            {"inline_keyboard": [[{"text": str(n), "callback_data": str(n)}] for n in range(101)]},
            "reply markup is too long",
        ),
    ],
)
async def test_inline_keyboards_are_validated(
    tg: FakeTelegram, bot: Bot, markup: dict[str, Any], error: str
) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{tg.base_url}/bot42:TEST/sendMessage"
        body = {"chat_id": ALICE, "text": "menu", "reply_markup": markup}
        async with session.post(url, json=body) as response:
            answer = await response.json()
    assert response.status == 400 and error in answer["description"]


async def test_callback_data_over_64_bytes_fails_through_aiogram(
    tg: FakeTelegram, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="é" * 33)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(ALICE, "menu", reply_markup=markup)
    exact = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="é" * 32)]]
    )
    await bot.send_message(ALICE, "menu", reply_markup=exact)


async def test_edits_deletes_and_replies(tg: FakeTelegram, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]]
    )
    sent = await bot.send_message(ALICE, "<b>v1</b>", reply_markup=markup)
    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new message"):
        await bot.edit_message_text(
            "<b>v1</b>", chat_id=ALICE, message_id=sent.message_id, reply_markup=markup
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=ALICE, message_id=999)

    edited = await bot.edit_message_text("<i>v2</i>", chat_id=ALICE, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.edit_date is not None
    shown = tg.messages[ALICE][0]
    assert (shown.text, shown.raw, shown.reply_markup, shown.edits) == ("v2", "<i>v2</i>", None, 1)

    await bot.edit_message_reply_markup(
        chat_id=ALICE, message_id=sent.message_id, reply_markup=markup
    )
    assert tg.messages[ALICE][0].buttons() == [["A"]]
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_reply_markup(
            chat_id=ALICE, message_id=sent.message_id, reply_markup=markup
        )

    user_message = tg.push(tg.message(ALICE, "question"))["message"]
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=ALICE, message_id=user_message["message_id"])
    reply = await bot.send_message(
        ALICE, "answer", reply_parameters=ReplyParameters(message_id=user_message["message_id"])
    )
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "question"
    assert reply.message_id == user_message["message_id"] + 1  # one id sequence per chat
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(ALICE, "x", reply_parameters=ReplyParameters(message_id=777))

    assert await bot.delete_message(ALICE, sent.message_id) is True
    assert [m.text for m in tg.messages[ALICE]] == ["answer"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


# --- files ----------------------------------------------------------------------------------------


async def test_documents_round_trip_through_multipart(tg: FakeTelegram, bot: Bot) -> None:
    payload = bytes(range(256)) * 40
    sent = await bot.send_document(
        ALICE, BufferedInputFile(payload, "report.json"), caption="<b>Report</b>"
    )
    call = tg.calls[-1]
    upload = call.params["document"]
    assert isinstance(upload, UploadedFile) and upload.filename == "report.json"
    assert upload.data == payload
    assert sent.document is not None and sent.document.file_name == "report.json"
    assert sent.document.file_size == len(payload) and sent.caption == "Report"
    shown = tg.messages[ALICE][-1]
    assert shown.document is not None and shown.document.data == payload

    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == payload

    again = await bot.send_document(BOB, sent.document.file_id)  # resend by file_id
    assert (
        again.document is not None and again.document.file_unique_id == sent.document.file_unique_id
    )

    incoming = tg.document(ALICE, "input.csv", b"a,b\n1,2\n")["message"]["document"]
    got = await bot.get_file(incoming["file_id"])
    assert got.file_path is not None
    received = await bot.download_file(got.file_path)
    assert received is not None and received.read() == b"a,b\n1,2\n"


async def test_oversized_document_and_media_group(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(ALICE, BufferedInputFile(b"x" * (50 * 1024 * 1024 + 1), "big.bin"))
    group = await bot.send_media_group(
        ALICE,
        [
            InputMediaDocument(media=BufferedInputFile(b"one", "1.txt"), caption="first"),
            InputMediaDocument(media=BufferedInputFile(b"two", "2.txt")),
        ],
    )
    assert len({m.media_group_id for m in group}) == 1
    assert [m.document.data for m in tg.messages[ALICE] if m.document] == [b"one", b"two"]
    with pytest.raises(TelegramBadRequest, match="wrong number of media"):
        await bot.send_media_group(
            ALICE, [InputMediaDocument(media=BufferedInputFile(b"x", "x.txt"))]
        )
    photo = await bot.send_photo(
        ALICE, BufferedInputFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "p.png")
    )
    assert photo.photo is not None and tg.messages[ALICE][-1].photo is not None
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(ALICE, "dancing")
    assert await bot.send_chat_action(ALICE, "typing") is True


# --- queries and commands -------------------------------------------------------------------------


async def test_answer_callback_query_only_once(tg: FakeTelegram, bot: Bot) -> None:
    update = tg.callback(ALICE, "menu:x")
    query_id = update["callback_query"]["id"]
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert await bot.answer_callback_query(query_id, text="done") is True
    assert tg.callback_answer(update) is not None
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("12345")


async def test_inline_query_answers(tg: FakeTelegram, bot: Bot) -> None:
    query_id = tg.inline_query(ALICE, "camp")["inline_query"]["id"]
    article = InlineQueryResultArticle(
        id="1", title="t", input_message_content=InputTextMessageContent(message_text="m")
    )
    with pytest.raises(TelegramBadRequest, match="RESULT_ID_DUPLICATE"):
        await bot.answer_inline_query(query_id, results=[article, article])
    assert await bot.answer_inline_query(query_id, results=[article]) is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_inline_query(query_id, results=[article])


async def test_set_my_commands_per_scope_and_language(tg: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Начать")], language_code="ru"
    )
    await bot.set_my_commands(
        [BotCommand(command="admin", description="Admin")], scope=BotCommandScopeChat(chat_id=ALICE)
    )
    assert tg.commands() == [{"command": "start", "description": "Start"}]
    assert tg.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert tg.commands({"type": "chat", "chat_id": ALICE}) == [
        {"command": "admin", "description": "Admin"}
    ]
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    assert await bot.get_my_commands(language_code="de") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])
    await bot.delete_my_commands(language_code="ru")
    assert tg.commands(language_code="ru") == []


# --- failures and rate limits ---------------------------------------------------------------------


async def test_planned_failures_raise_aiogram_errors(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail_next("sendMessage", retry_after=3)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(ALICE, "hi")
    assert caught.value.retry_after == 3
    assert tg.calls[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    await bot.send_message(ALICE, "hi")  # only the next call failed

    tg.fail_next("sendMessage", error_code=500, times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(ALICE, "x")
    tg.fail_next("*", error_code=403, where=lambda call: call.chat_id == BOB)
    await bot.send_message(ALICE, "fine")
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(BOB, "x")
    tg.fail_next("getMe", error_code=502)
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.get_me()

    tg.block(BOB)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(BOB, "x")
    tg.unblock(BOB)
    await bot.send_message(BOB, "back")
    assert tg.rate_limit_hits == []  # planned failures are not rate-limit hits


async def test_rate_limits_answer_429_and_are_recorded(tg: FakeTelegram, bot: Bot) -> None:
    for n in range(60):  # the lenient default lets an ordinary burst through
        await bot.send_message(ALICE, f"m{n}")
    assert tg.rate_limit_hits == []

    now = [1000.0]
    tg.set_rate_limits(RateLimits.strict())
    tg.state.rate_limiter.clock = lambda: now[0]
    await bot.send_message(ALICE, "first")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(ALICE, "second")
    assert caught.value.retry_after == 1
    hit = tg.rate_limit_hits[-1]
    assert (hit.method, hit.chat_id, hit.scope, hit.retry_after) == (
        "sendMessage",
        ALICE,
        "chat",
        1,
    )
    await bot.send_message(BOB, "other chat is fine")
    with pytest.raises(TelegramRetryAfter):  # strict mode counts edits too
        await bot.edit_message_text("e", chat_id=ALICE, message_id=1)
    now[0] += 1.0
    await bot.send_message(ALICE, "after waiting")

    for chat in range(100, 129):  # with "after waiting": 30 this second, the global limit
        await bot.send_message(chat, "x")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(200, "x")
    assert tg.rate_limit_hits[-1].scope == "global"
    assert len(tg.rate_limit_hits) == 3


# --- webhook --------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def webhook_server(dp: Dispatcher, bot: Bot, **handler: Any) -> AsyncIterator[str]:
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token="s3cret", **handler).register(
        app, path="/webhook"
    )
    setup_application(app, dp, bot=bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/webhook"
    finally:
        await runner.cleanup()


async def test_webhook_path_with_secret_token(tg: FakeTelegram) -> None:
    bot = make_bot(tg)
    async with webhook_server(echo_dispatcher(), bot) as url:
        result = await tg.post_webhook(url, tg.message(ALICE, "via webhook"), secret="s3cret")
        assert result.status == 200 and result.reply is None
        reply = await tg.wait_call("sendMessage")
        assert reply.params["text"] == "via webhook"
        refused = await tg.post_webhook(url, tg.message(ALICE, "x"), secret="wrong")
        assert refused.status == 401

        await bot.set_webhook(url, secret_token="s3cret")  # now pushes are delivered by the fake
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert info.url == url
        alice = tg.user(ALICE)
        await alice.say("pushed")
        assert alice.last_text == "pushed"
        await bot.delete_webhook()


async def test_webhook_reply_in_response_body_is_executed(tg: FakeTelegram) -> None:
    bot = make_bot(tg)
    router = Router()

    @router.message()
    async def answer_in_response(message: Message) -> SendMessage:
        return message.answer("from the response body")

    dp = Dispatcher()
    dp.include_router(router)
    async with webhook_server(dp, bot, handle_in_background=False) as url:
        result = await tg.post_webhook(url, tg.message(ALICE, "hi"), secret="s3cret")
    await bot.session.close()
    assert result.reply is not None and result.reply.ok
    assert result.reply.method == "sendMessage"
    assert tg.messages[ALICE][-1].text == "from the response body"


# --- UserSim --------------------------------------------------------------------------------------


async def test_user_sim_conversation(tg: FakeTelegram, bot: Bot) -> None:
    async with polling(tg, echo_dispatcher(), bot):
        alice = tg.user(ALICE, first_name="Alice & Co")
        calls = await alice.say("/start")
        assert [c.method for c in calls] == ["sendMessage"]
        assert alice.last_text == "Hello, Alice & Co!"
        assert alice.buttons() == [["Campaigns", "Offers"], ["Docs"]]

        calls = await alice.press("Campaigns")
        assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageText"]
        assert calls[0].params["text"] == "Loading…"
        assert alice.last_text == "campaigns" and alice.buttons() == []
        assert len(alice.messages) == 1

        calls = await alice.say("/two")  # the quiet period collects the second message too
        assert [c.params["text"] for c in calls] == ["first", "second"]
        await alice.say("/start")
        with pytest.raises(LookupError, match="no button 'Nope'"):
            await alice.press("Nope")
        with pytest.raises(ValueError, match="url button"):
            await alice.press("Docs")
        await alice.press("menu:offers")  # by callback_data
        assert alice.last_text == "offers"


async def test_strangers_get_no_answer_on_any_update_type(tg: FakeTelegram, bot: Bot) -> None:
    async with polling(tg, echo_dispatcher(), bot, allowed_updates=None):
        stranger = tg.user(STRANGER)
        assert await stranger.say("/start", answers=0, quiet=0.05) == []
        for update in (
            tg.callback(STRANGER, "menu:campaigns"),
            tg.edited_message(STRANGER, "/start"),
            tg.document(STRANGER, "x.txt", b"x"),
            tg.inline_query(STRANGER, "q"),
            tg.my_chat_member(STRANGER),
        ):
            assert await stranger.send(update, answers=0, quiet=0.05) == []
        with pytest.raises(TimeoutError, match="fewer than 1 answer"):
            await stranger.say("hello?", timeout=0.3)
        assert tg.sent(STRANGER) == []


async def test_chat_profile_and_session_methods_parse_in_aiogram(
    tg: FakeTelegram, bot: Bot
) -> None:
    tg.push(tg.message(ALICE, "hi", first_name="Alice", username="alice"))
    chat = await bot.get_chat("@alice")
    assert (chat.id, chat.type, chat.first_name) == (ALICE, "private", "Alice")
    tg.set_chat_member(-100123, ALICE, "administrator")
    member = await bot.get_chat_member(-100123, ALICE)
    assert member.status == "administrator" and member.user.id == ALICE
    assert (await bot.get_chat_member(-100123, BOB)).status == "member"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat("@nobody")
    await bot.set_my_description("Manages Keitaro", language_code="en")
    assert (await bot.get_my_description(language_code="en")).description == "Manages Keitaro"
    assert (await bot.get_my_name()).name == "Keitaro"
    assert await bot.set_chat_menu_button() is True
    assert (await bot.get_chat_menu_button()).type == "default"
    assert await bot.leave_chat(-100123) is True
    assert await bot.log_out() is True and await bot.close() is True

    sent = await bot.send_document(ALICE, BufferedInputFile(b"x", "x.txt"), caption="old")
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("new", chat_id=ALICE, message_id=sent.message_id)
    edited = await bot.edit_message_caption(
        chat_id=ALICE, message_id=sent.message_id, caption="new"
    )
    assert isinstance(edited, Message) and edited.caption == "new"
    assert await bot.delete_messages(ALICE, [sent.message_id, 999]) is True
    assert tg.messages[ALICE] == []
    with pytest.raises(ValueError, match="does not implement"):
        tg.fail_next("sendmessages")
