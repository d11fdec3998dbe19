"""The fake Bot API speaks Bot API 10.1 and 10.2 as aiogram 3.31 sends them: rich messages
(sendRichMessage, editMessageText with rich_message, inline results), ephemeral messages,
their limits and refusals, and readable text of what a user sees."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramNotFound
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    EphemeralMessageParameters,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputMediaPhoto,
    InputRichBlockDetails,
    InputRichBlockDivider,
    InputRichBlockList,
    InputRichBlockListItem,
    InputRichBlockParagraph,
    InputRichBlockPhoto,
    InputRichBlockPreformatted,
    InputRichBlockSectionHeading,
    InputRichBlockTable,
    InputRichMessage,
    InputRichMessageContent,
    InputTextMessageContent,
    Message,
    RichBlockTableCell,
    RichTextBold,
    Update,
)

from bot.notify.chart import render_chart
from telegram_fake import FakeTelegram
from telegram_fake.rich import MAX_BLOCKS, MAX_CHARS, MAX_COLUMNS, MAX_DEPTH, MAX_MEDIA

ALICE, BOB = 1, 2
GROUP = -1001234


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    async with fake.running():
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    assert tg.base_url is not None
    client = Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)),
                 default=DefaultBotProperties(parse_mode="HTML"))
    yield client
    await client.session.close()


def cell(text: str, header: bool = False) -> RichBlockTableCell:
    return RichBlockTableCell(text=text, align="left", valign="top",
                              is_header=True if header else None)


def card() -> InputRichMessage:
    return InputRichMessage(blocks=[
        InputRichBlockSectionHeading(text=["#2 · ", RichTextBold(text="Google DE Keto")], size=3),
        InputRichBlockTable(cells=[[cell("State", True), cell("active")],
                                   [cell("Weight", True), cell("100")]]),
        InputRichBlockDivider(),
        InputRichBlockTable(cells=[[cell("Name", True), cell("Clicks", True)],
                                   [cell("FB"), cell("12")]]),
        InputRichBlockList(items=[InputRichBlockListItem(
            blocks=[InputRichBlockParagraph(text="first")])]),
        InputRichBlockDetails(summary="Request", blocks=[
            InputRichBlockPreformatted(text="GET /campaigns/2")]),
    ])


def one(block: Any) -> InputRichMessage:
    return InputRichMessage(blocks=[block])


async def test_a_rich_message_is_sent_read_and_edited(tg: FakeTelegram, bot: Bot) -> None:
    """sendRichMessage answers a Message aiogram reads (`rich_message`, no `text`); what the
    user sees is its readable text; editMessageText with rich_message redraws it in place,
    "not modified" when nothing changed, and text and rich content may replace each other."""
    alice = tg.user(ALICE)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text="Sort", callback_data="sort")]])
    sent = await bot.send_rich_message(ALICE, card(), reply_markup=markup)
    assert sent.text is None and sent.rich_message is not None
    assert [b.type for b in sent.rich_message.blocks] == [
        "heading", "table", "divider", "table", "list", "details"]
    assert alice.last_text == ("#2 · Google DE Keto\nState: active\nWeight: 100\n\n"
                               "Name | Clicks\nFB | 12\n• first\n▸ Request\n  GET /campaigns/2")
    assert FakeTelegram.visible_text(tg.calls[-1]) == alice.last_text
    assert alice.buttons() == [["Sort"]]
    edited = await bot.edit_message_text(chat_id=ALICE, message_id=sent.message_id,
                                         rich_message=one(InputRichBlockParagraph(text="v2")),
                                         reply_markup=markup)
    assert isinstance(edited, Message) and edited.rich_message is not None
    assert alice.last_text == "v2" and alice.buttons() == [["Sort"]]
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_text(chat_id=ALICE, message_id=sent.message_id,
                                    rich_message=one(InputRichBlockParagraph(text="v2")),
                                    reply_markup=markup)
    await bot.edit_message_text("<b>plain</b> now", chat_id=ALICE, message_id=sent.message_id)
    assert alice.last_text == "plain now" and alice.last_message is not None
    assert alice.last_message.rich is None
    await bot.edit_message_text(chat_id=ALICE, message_id=sent.message_id, rich_message=card())
    assert (alice.last_text or "").startswith("#2 · Google DE Keto")


async def test_what_aiogram_refuses_the_fake_refuses(tg: FakeTelegram) -> None:
    """Content is checked against aiogram's own types: a cell without its alignment, a block
    type no Bot API version has, two sources at once, none at all."""
    tg.user(ALICE)
    assert tg.base_url is not None
    cases = [
        ({"blocks": [{"type": "table", "cells": [[{"text": "x"}]]}]}, "align"),
        ({"blocks": [{"type": "marquee", "text": "x"}]}, "marquee"),
        ({"blocks": [{"type": "paragraph", "text": "x"}], "html": "<p>x</p>"}, "exactly one"),
        ({}, "exactly one"),
    ]
    for rich, words in cases:
        call = await tg.server.execute("sendRichMessage", {"chat_id": ALICE, "rich_message": rich})
        assert not call.ok and call.error_code == 400 and words in str(call.description), (
            rich, call.description)


def nested(levels: int) -> list[Any]:
    """A paragraph inside details inside details…: `levels` levels of blocks."""
    block: Any = InputRichBlockParagraph(text="deep")
    for _ in range(levels - 1):
        block = InputRichBlockDetails(summary="s", blocks=[block])
    return [block]


LIMITS = {  # what: (at the limit, one over it, the refusal's word)
    "characters": ([InputRichBlockParagraph(text="x" * MAX_CHARS)],
                   [InputRichBlockParagraph(text="x" * MAX_CHARS),
                    InputRichBlockParagraph(text="y")], "characters"),
    "table rows": ([InputRichBlockTable(cells=[[cell("r")]] * (MAX_BLOCKS - 1))],
                   [InputRichBlockTable(cells=[[cell("r")]] * MAX_BLOCKS)], "blocks"),
    "list items": ([InputRichBlockList(items=[InputRichBlockListItem(blocks=[])] * (
                       MAX_BLOCKS - 1))],
                   [InputRichBlockList(items=[InputRichBlockListItem(blocks=[])] * (
                       MAX_BLOCKS - 1)), InputRichBlockParagraph(text="one more")], "blocks"),
    "nesting": (nested(MAX_DEPTH - 1), nested(MAX_DEPTH + 1), "nested"),
    "columns": ([InputRichBlockTable(cells=[[cell(str(n)) for n in range(MAX_COLUMNS)]])],
                [InputRichBlockTable(cells=[[cell(str(n)) for n in range(MAX_COLUMNS + 1)]])],
                "columns"),
}


@pytest.mark.parametrize("what", sorted(LIMITS))
async def test_limits(tg: FakeTelegram, bot: Bot, what: str) -> None:
    """At Telegram's limits a rich message goes; one over them is refused: 32,768 characters,
    500 blocks (table rows and list items count), 16 levels, 20 columns a table."""
    ok, too_much, word = LIMITS[what]
    await bot.send_rich_message(ALICE, InputRichMessage(blocks=ok))
    with pytest.raises(TelegramBadRequest, match=word):
        await bot.send_rich_message(ALICE, InputRichMessage(blocks=too_much))


async def test_pictures_upload_reuse_and_count(tg: FakeTelegram, bot: Bot) -> None:
    """A photo block takes an upload (attach://, as aiogram sends a BufferedInputFile), a
    file_id the server knows, or a URL; the sent message holds PhotoSize lists; more than 50
    media are refused."""
    chart = render_chart(["a", "b"], {"clicks": [1.0, 2.0]}, "Clicks")
    upload = InputRichBlockPhoto(photo=InputMediaPhoto(
        media=BufferedInputFile(chart.png, filename="digest.png")))
    sent = await bot.send_rich_message(ALICE, one(upload))
    assert sent.rich_message is not None
    photo = sent.rich_message.blocks[0]
    assert photo.type == "photo" and photo.photo[-1].width == 800  # type: ignore[union-attr]
    file_id = photo.photo[-1].file_id  # type: ignore[union-attr]
    again = await bot.send_rich_message(ALICE, one(InputRichBlockPhoto(
        photo=InputMediaPhoto(media=file_id))))
    assert again.rich_message is not None
    assert tg.messages[ALICE][-1].content == "🖼 picture 800×600"
    await bot.send_rich_message(ALICE, one(InputRichBlockPhoto(
        photo=InputMediaPhoto(media="https://example.com/chart.png"))))
    with pytest.raises(TelegramBadRequest, match="file identifier"):
        await bot.send_rich_message(ALICE, one(InputRichBlockPhoto(
            photo=InputMediaPhoto(media="no-such-file"))))
    many = [InputRichBlockPhoto(photo=InputMediaPhoto(media=file_id))] * (MAX_MEDIA + 1)
    with pytest.raises(TelegramBadRequest, match="too many media"):
        await bot.send_rich_message(ALICE, InputRichMessage(blocks=many))


async def test_an_older_server_and_refused_content(tg: FakeTelegram, bot: Bot) -> None:
    """`old_server()`: sendRichMessage is "method not found", `rich_message` on an edit is
    ignored ("message text is empty"), an ephemeral message goes to the whole chat.
    `refuse_rich()`: rich content answered RICH_VALIDATE_CTOR_NOT_ALLOWED (any, or holding
    one of the block types named)."""
    sent = await bot.send_message(ALICE, "plain")
    tg.old_server()
    with pytest.raises(TelegramNotFound, match="method not found"):
        await bot.send_rich_message(ALICE, card())
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.edit_message_text(chat_id=ALICE, message_id=sent.message_id,
                                    rich_message=card())
    tg.push(tg.message(ALICE, "hi", chat_id=GROUP, chat_type="supergroup"))
    public = await bot.send_message(GROUP, "for one", ephemeral_message_parameters=(
        EphemeralMessageParameters(receiver_user_id=ALICE)))
    assert public.ephemeral_message_id is None and public.message_id > 0
    assert [m.content for m in tg.seen_by(GROUP, BOB)] == ["for one"]
    tg.speak_everything()
    tg.refuse_rich({"table"})
    await bot.send_rich_message(ALICE, one(InputRichBlockParagraph(text="no table")))
    with pytest.raises(TelegramBadRequest, match="RICH_VALIDATE_CTOR_NOT_ALLOWED"):
        await bot.send_rich_message(ALICE, card())
    tg.refuse_rich()
    with pytest.raises(TelegramBadRequest, match="RICH_VALIDATE_CTOR_NOT_ALLOWED"):
        await bot.send_rich_message(ALICE, one(InputRichBlockParagraph(text="any")))


async def test_ephemeral_messages_are_seen_by_their_receiver_only(tg: FakeTelegram,
                                                                  bot: Bot) -> None:
    """In a group, an ephemeral message (any send method with ephemeral_message_parameters)
    is seen by its receiver alone; it answers message_id 0 and its ephemeral_message_id, is
    edited and deleted with the editEphemeralMessage…/deleteEphemeralMessage methods; a
    button pressed on it brings a CallbackQuery whose message is ephemeral; a reply to it is
    itself ephemeral and comes without `reply_to_message`. Private chats have none."""
    alice = tg.user(ALICE, chat_id=GROUP, chat_type="supergroup")
    bob = tg.user(BOB, chat_id=GROUP, chat_type="supergroup")
    tg.push(tg.message(BOB, "hello", chat_id=GROUP, chat_type="supergroup"))
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
        text="Confirm", callback_data="yes")]])
    mine = EphemeralMessageParameters(receiver_user_id=ALICE)
    sent = await bot.send_rich_message(GROUP, card(), reply_markup=markup,
                                       ephemeral_message_parameters=mine)
    assert sent.message_id == 0 and sent.ephemeral_message_id == 1
    assert sent.receiver_user is not None and sent.receiver_user.id == ALICE
    await bot.send_message(GROUP, "for everyone")
    assert [m.content for m in bob.messages] == ["for everyone"]
    assert [m.content.split("\n")[0] for m in alice.messages] == [
        "#2 · Google DE Keto", "for everyone"]
    pressed = tg.callback(ALICE, "yes", chat_id=GROUP)
    query = Update.model_validate(pressed).callback_query
    assert isinstance(query, CallbackQuery) and isinstance(query.message, Message)
    assert query.message.message_id == 0 and query.message.ephemeral_message_id == 1
    assert await sent.edit_ephemeral_text("<i>done</i>") is True
    assert alice.messages[0].content == "done" and alice.buttons() == []
    with pytest.raises(TelegramBadRequest, match="not found"):
        await bot.edit_ephemeral_message_text(chat_id=GROUP, receiver_user_id=BOB,
                                              ephemeral_message_id=1, text="not hers")
    reply = tg.message(ALICE, "an answer", chat_id=GROUP, chat_type="supergroup",
                       reply_to=alice.messages[0])
    assert reply["message"]["ephemeral_message_id"] and "reply_to_message" not in reply["message"]
    assert await sent.delete_ephemeral() is True
    assert [m.content for m in alice.messages] == ["for everyone"]
    with pytest.raises(TelegramBadRequest, match="group"):
        await bot.send_message(ALICE, "private", ephemeral_message_parameters=mine)
    tg.refuse_ephemeral()
    with pytest.raises(TelegramBadRequest, match="ephemeral"):
        await bot.send_message(GROUP, "again", ephemeral_message_parameters=mine)


async def test_inline_results_with_rich_and_html_content(tg: FakeTelegram, bot: Bot) -> None:
    """answerInlineQuery checks each result with aiogram's types; a rich content is checked
    as a rich message whose files must have been uploaded before; an HTML text content is
    parsed as a message text is; an older server does not know rich content."""
    uploaded = await bot.send_photo(ALICE, BufferedInputFile(
        render_chart(["a"], {"clicks": [1.0]}, "c").png, filename="c.png"))
    assert uploaded.photo is not None
    file_id = uploaded.photo[-1].file_id

    def article(ident: str, content: Any) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(id=ident, title=ident, input_message_content=content)

    async def answer(*results: InlineQueryResultArticle) -> None:
        update = tg.push(tg.inline_query(ALICE, "keto"))
        await bot.answer_inline_query(update["inline_query"]["id"], list(results))

    rich = InputRichMessageContent(rich_message=card())
    await answer(article("card", rich), article("html", InputTextMessageContent(
        message_text="<b>Keto</b> 12 clicks")), article("pic", InputRichMessageContent(
            rich_message=one(InputRichBlockPhoto(photo=InputMediaPhoto(media=file_id))))))
    with pytest.raises(TelegramBadRequest, match="previously uploaded"):
        await answer(article("url", InputRichMessageContent(rich_message=one(
            InputRichBlockPhoto(photo=InputMediaPhoto(media="https://example.com/a.png"))))))
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await answer(article("bad", InputTextMessageContent(message_text="<b>Keto")))
    tg.old_server()
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await answer(article("card", rich))
