"""Putting a reply on screen: edit the message the user is looking at, or send a new one.

The one edit-or-send policy of the bot: an edit Telegram calls "not modified" keeps the message
as it is; an edit that fails otherwise (the message is too old, deleted, not the bot's) sends
the text as a new message instead, so the user always sees it.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup

log = logging.getLogger("bot.reply")


async def show(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None,
               *, edit: int | None = None) -> int:
    """Edit message `edit` into `text` and `markup`, or send them; returns the id of the
    message that shows them."""
    if edit is not None:
        try:
            await bot.edit_message_text(text=text, chat_id=chat_id, message_id=edit,
                                        reply_markup=markup)
            return edit
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return edit
            log.info("could not edit message %s, sending a new one: %s", edit, exc.message)
    message = await bot.send_message(chat_id, text, reply_markup=markup)
    return message.message_id
