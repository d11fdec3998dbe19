"""The Bot API session's forms (`bot.telegram_session`): the same fields and values as
aiogram's own form (JSON written as UTF-8, not escaped), url-encoded by yarl; calls with files
still multipart; the secrets check made on the form, the long way only when it finds one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.enums import ParseMode
from aiogram.methods import BanChatMember, SendDocument, SendMessage, TelegramMethod
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
)
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot.keitaro.masking import Redactor
from bot.render.rich import Cell, Doc, Heading, Paragraph, Table, rich_message
from bot.render.text import strip_invisible
from bot.reply import SendRich, rich_json
from bot.telegram_scrub import Scrubber
from bot.telegram_session import BotSession, UrlEncodedForm

TOKEN = "42:TEST"


def fields(form: FormData) -> list[tuple[str, str]]:
    payload = form()
    assert isinstance(payload, BytesPayload)
    assert payload.content_type == "application/x-www-form-urlencoded"
    return parse_qsl(payload._value.decode(), keep_blank_values=True, strict_parsing=True)


def forms(method: TelegramMethod[Any], session: BotSession | None = None
          ) -> tuple[FormData, FormData]:
    bot = Bot(TOKEN, default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                                  link_preview_is_disabled=True))
    return ((session or BotSession()).build_form_data(bot, method),
            AiohttpSession().build_form_data(bot, method))


def values(form: FormData) -> dict[str, Any]:
    """The form's fields, JSON ones parsed: what the Bot API reads from it."""
    read: dict[str, Any] = {}
    for key, text in fields(form):
        try:
            read[key] = json.loads(text) if text[:1] in "[{" else text
        except ValueError:
            read[key] = text
    return read


def test_a_message_with_buttons_is_the_same_form_as_aiogram_s() -> None:
    text = "Кампания «Test» — a & b = c + 1; 100% <b>x</b>\n😀 ~!*'()?/:@$,"
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="📊 Today & more", callback_data="ex:a=b&c"),
        InlineKeyboardButton(text="🔗", url="https://example.com/?q=a+b&r=%20"),
    ]])
    ours, theirs = forms(SendMessage(chat_id=-100123, text=text, reply_markup=keyboard))
    assert isinstance(ours, UrlEncodedForm)
    assert values(ours) == values(theirs)
    assert [k for k, _ in fields(ours)] == [k for k, _ in fields(theirs)]
    assert dict(fields(ours))["text"] == text
    assert dict(fields(ours))["parse_mode"] == "HTML"
    assert "📊 Today" in dict(fields(ours))["reply_markup"]  # UTF-8 as it is


def test_a_rich_message_and_nested_defaults_read_the_same() -> None:
    """A rich message's blocks (plain JSON made by the renderer), an object holding a bot
    default inside (`reply_parameters`), a date: the values aiogram would send."""
    doc = Doc((Heading("Кампания «Test»"), Paragraph("a & b"),
               Table(header=(Cell("Metric"), Cell("Today")),
                     rows=((Cell("Cost"), Cell("$1,234")),))))
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="⏸ Pause", callback_data="p:1")]])
    method = SendRich(chat_id=5, rich_message=rich_json(rich_message(doc)), reply_markup=markup)
    ours, theirs = forms(method)
    assert values(ours) == values(theirs)
    quoted = SendMessage(chat_id=5, text="hi", reply_parameters=ReplyParameters(message_id=3),
                         link_preview_options=LinkPreviewOptions(is_disabled=True))
    ours, theirs = forms(quoted)
    assert values(ours) == values(theirs)
    ban = BanChatMember(chat_id=-5, user_id=7, until_date=datetime(2030, 1, 1, tzinfo=UTC))
    ours, theirs = forms(ban)
    assert values(ours) == values(theirs)


@pytest.mark.parametrize("label", ["#1 ab12cd34ef56gh78", "Pay\u202eload", "a\x01b", "ok\rno"])
def test_a_form_with_a_secret_or_a_hidden_control_is_scrubbed(label: str) -> None:
    """One search of the form finds a secret (text, label, rich block) or a label's
    invisible control (also where JSON writes it escaped); that call is scrubbed the long
    way and its form made again; a clean call is sent as made."""
    label = label.encode().decode("unicode_escape")
    secret = "ab12cd34ef56gh78"
    session = BotSession(scrubber=Scrubber(Redactor([secret])))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=label, callback_data="x")]])
    doc = Doc((Paragraph(f"key {secret}"),))
    ours, _ = forms(SendRich(chat_id=5, rich_message=rich_json(rich_message(doc)),
                             reply_markup=keyboard), session)
    sent = values(ours)
    assert secret not in json.dumps(sent)
    assert sent["reply_markup"]["inline_keyboard"][0][0]["text"] == strip_invisible(
        Redactor([secret])(label))
    clean = SendMessage(chat_id=5, text="Кампания", reply_markup=InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Пауза\nok", callback_data="x")]]))
    scrubber = Scrubber(Redactor([secret]))
    ours, _ = forms(clean, BotSession(scrubber=scrubber))
    form = BotSession()._fields(Bot(TOKEN), clean)
    assert form is not None
    assert form[1] is not None and scrubber.clean_form(clean, form[0], form[1])


def test_a_call_with_a_file_stays_multipart() -> None:
    document = BufferedInputFile(b"a,b\n1,2\n", filename="rows.csv")
    ours, _ = forms(SendDocument(chat_id=1, document=document, caption="rows"))
    assert ours.is_multipart
