"""The context of an update: who writes, where, with which role and language, and the
conversation state; built once per update and given to handlers as `ctx`. The language is the
one the user chose with /lang (kept in the key-value store), else Telegram's."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, InlineKeyboardMarkup, TelegramObject, Update, User

from bot.access import Role
from bot.i18n import LANGS, lang_of, t
from bot.reply import MessageRef, Replies, Reply
from bot.storage.kv import KeyValue
from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.context")


@dataclass(slots=True)
class Ctx:
    """Who is talking, where, and their conversation state."""

    bot: Bot
    user: User
    chat: Chat
    role: Role
    lang: str
    state: FSMContext
    fresh: bool = False  # the update arrived with no conversation state at all
    replies: Replies = field(default_factory=Replies)

    @property
    def chat_id(self) -> int:
        return self.chat.id

    async def show(self, text: str | Reply, markup: InlineKeyboardMarkup | None = None, *,
                   edit: MessageRef | None = None, private: bool = False) -> MessageRef:
        """Edit message `edit` into this reply, or send a new message (see `bot.reply`).
        `private`: for this person only; in a group, an ephemeral message (an ephemeral
        `edit` is always theirs)."""
        to = self.user.id if private or (edit is not None and edit < 0) else None
        return await self.replies.show(self.bot, self.chat.id, text, markup, edit=edit, to=to)

    async def drop_keyboard(self, ref: MessageRef | None) -> None:
        """Take the buttons off one of the bot's messages to this person."""
        await self.replies.drop_keyboard(self.bot, self.chat.id, ref, self.user.id)


def _lang_key(user_id: int) -> str:
    return f"lang:{user_id}"


async def chosen_lang(kv: KeyValue, user_id: int) -> str | None:
    """The language `user_id` chose with /lang, or None (Telegram's language then)."""
    value = await kv.get(_lang_key(user_id))
    return value if value in LANGS else None


async def choose_lang(kv: KeyValue, user_id: int, lang: str | None) -> None:
    """Store `user_id`'s language (None: forget it and follow Telegram's again)."""
    if lang is None:
        await kv.delete(_lang_key(user_id))
    elif lang in LANGS:
        await kv.set(_lang_key(user_id), lang)
    else:
        raise ValueError(f"unknown language {lang!r}")


async def decide_lang(user: User, kv: KeyValue | None = None) -> str:
    """The language of the bot's replies to `user`: the one place it is decided. The user's
    own choice (/lang) comes first, then Telegram's language code (also while storage is
    busy)."""
    if kv is not None:
        try:
            chosen = await chosen_lang(kv, user.id)
        except StorageBusy:
            chosen = None
        if chosen is not None:
            return chosen
    return lang_of(user)


class ContextMiddleware(BaseMiddleware):
    """Outer middleware on `dp.update`, after access control: puts one `Ctx` into the handler
    data as `ctx`. aiogram has read the state already: `raw_state` None means no flow, so the
    engine skips reading and clearing storage for such updates. With `kv`, a language the user
    chose with /lang wins over Telegram's."""

    def __init__(self, kv: KeyValue | None = None) -> None:
        self.kv = kv

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        state: FSMContext | None = data.get("state")
        if user is None or chat is None or state is None:
            query = event.callback_query if isinstance(event, Update) else None
            if query is not None:  # a button of a message the bot cannot see (inline mode)
                lang = await decide_lang(user, self.kv) if user else "en"
                await query.answer(t(lang, "flow.stale"),
                                   show_alert=True)
                return None
            return await handler(event, data)
        data["ctx"] = Ctx(bot=data["bot"], user=user, chat=chat, role=data["role"],
                          lang=await decide_lang(user, self.kv), state=state,
                          fresh=data.get("raw_state") is None,
                          replies=data.get("replies") or Replies())
        return await handler(event, data)
