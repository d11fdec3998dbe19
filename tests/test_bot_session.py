"""The Bot API session's forms (`bot.telegram_session`): the same fields as aiogram's own
form, url-encoded by yarl; calls with files still multipart."""

from __future__ import annotations

from urllib.parse import parse_qsl

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.enums import ParseMode
from aiogram.methods import SendDocument, SendMessage, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import FormData
from aiohttp.payload import BytesPayload

from bot.telegram_session import BotSession, UrlEncodedForm

TOKEN = "42:TEST"


def fields(form: FormData) -> list[tuple[str, str]]:
    payload = form()
    assert isinstance(payload, BytesPayload)
    assert payload.content_type == "application/x-www-form-urlencoded"
    return parse_qsl(payload._value.decode(), keep_blank_values=True, strict_parsing=True)


def forms(method: TelegramMethod[object]) -> tuple[FormData, FormData]:
    bot = Bot(TOKEN, default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                                  link_preview_is_disabled=True))
    return (BotSession().build_form_data(bot, method),
            AiohttpSession().build_form_data(bot, method))


def test_a_message_with_buttons_is_the_same_form_as_aiogram_s() -> None:
    text = "Кампания «Test» — a & b = c + 1; 100% <b>x</b>\n😀 ~!*'()?/:@$,"
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="📊 Today & more", callback_data="ex:a=b&c"),
        InlineKeyboardButton(text="🔗", url="https://example.com/?q=a+b&r=%20"),
    ]])
    ours, theirs = forms(SendMessage(chat_id=-100123, text=text, reply_markup=keyboard))
    assert isinstance(ours, UrlEncodedForm)
    assert fields(ours) == fields(theirs)
    assert dict(fields(ours))["text"] == text
    assert dict(fields(ours))["parse_mode"] == "HTML"


def test_a_call_with_a_file_stays_multipart() -> None:
    document = BufferedInputFile(b"a,b\n1,2\n", filename="rows.csv")
    ours, _ = forms(SendDocument(chat_id=1, document=document, caption="rows"))
    assert ours.is_multipart
