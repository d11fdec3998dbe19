"""Posting notices to chats; a chat that blocked the bot or is gone stops receiving them."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNotFound
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.notify.subscriptions import Subscriptions

log = logging.getLogger("bot.notify")
GONE = ("chat not found", "bot was kicked", "group chat was deleted", "user is deactivated",
        "chat was deleted", "bot is not a member")


async def send_notice(
    bot: Bot, subscriptions: Subscriptions, chat_id: int, text: str, *,
    photo: bytes | None = None, caption: str | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Send (with `markup`'s buttons); on a blocked or deleted chat, disable its
    subscriptions and log it once."""
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
        if photo is not None:
            await bot.send_photo(chat_id, BufferedInputFile(photo, filename="digest.png"),
                                 caption=caption)
    except (TelegramForbiddenError, TelegramNotFound) as exc:
        return await _gone(subscriptions, chat_id, exc.message)
    except TelegramBadRequest as exc:
        if any(reason in exc.message.lower() for reason in GONE):
            return await _gone(subscriptions, chat_id, exc.message)
        raise
    return True


async def _gone(subscriptions: Subscriptions, chat_id: int, reason: str) -> bool:
    count = await subscriptions.disable_chat(chat_id)
    log.warning("chat %s cannot receive messages (%s): %d subscription(s) disabled",
                chat_id, reason, count)
    return False
