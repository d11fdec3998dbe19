"""Group chats: the bot posts tracker data only into groups an admin has enabled."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.filters import BaseFilter
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject

from bot.access import AccessPolicy, Role
from bot.i18n import t
from bot.notify.gate import ENABLES_GROUP
from bot.notify.subscriptions import Subscriptions

OPEN_COMMANDS = ("/enable_chat",)
REFUSAL_EVERY = 600.0


def is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type != ChatType.PRIVATE


def may_manage(chat: Chat, role: Role) -> bool:
    """Anyone allowed may manage their own private chat; a group needs an editor or admin."""
    return not is_group(chat) or role >= Role.EDITOR


class ChatGate(BaseMiddleware):
    """Outer middleware on messages and callbacks: a group that is not enabled gets nothing
    but a (rate-limited) hint, except `/enable_chat` itself. A group is enabled while the
    admin who enabled it is one (`policy`): what the bot says there is seen by everyone in
    it, on that admin's word, as the notifier's `SendGate` decides for what it sends."""

    def __init__(self, subscriptions: Subscriptions, policy: AccessPolicy | None = None
                 ) -> None:
        self.subscriptions = subscriptions
        self.policy = policy
        self._told: dict[int, float] = {}

    async def _closed(self, chat_id: int) -> str | None:
        """Why a group gets nothing (the text id of the hint), or None when it is open."""
        chat = await self.subscriptions.enabled_chat(chat_id)
        if chat is None:
            return "notify.group_disabled"
        enabler = self.policy.role_of(chat.by) if self.policy is not None else ENABLES_GROUP
        if enabler is None or enabler < ENABLES_GROUP:
            return "notify.group_enabler_gone"
        return None

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        if not is_group(chat) or chat is None:
            return await handler(event, data)
        why = await self._closed(chat.id)
        if why is None:
            return await handler(event, data)
        lang = data["ctx"].lang if "ctx" in data else "en"
        if isinstance(event, Message):
            word = (event.text or "").split(maxsplit=1)[0].split("@")[0].lower() if (
                event.text) else ""
            if word in OPEN_COMMANDS:
                return await handler(event, data)
            now = time.monotonic()
            if word.startswith("/") and now - self._told.get(chat.id, -REFUSAL_EVERY) >= (
                    REFUSAL_EVERY):
                self._told[chat.id] = now
                await event.answer(t(lang, why))
        elif isinstance(event, CallbackQuery):
            await event.answer(t(lang, why), show_alert=True)
        return None


class AddressedToBot(BaseFilter):
    """In a group, a typed answer counts only as a reply to one of the bot's messages, or as
    an ephemeral message (only the bot sees it: a reply to the bot's ephemeral question, which
    Telegram may deliver without the message it replies to)."""

    async def __call__(self, message: Message, bot: Bot) -> bool:
        if not is_group(message.chat) or message.ephemeral_message_id:
            return True
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == bot.id)
