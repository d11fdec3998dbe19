"""/enable_chat and /disable_chat: which group chats may receive tracker data."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message, User

from bot.access import Role
from bot.chat_gate import is_group
from bot.i18n import t
from bot.notify.models import now_utc
from bot.notify.sender import disable_chat
from bot.notify.store import RecordStore


def build_router() -> Router:
    router = Router(name="chats")

    @router.message(Command("enable_chat", "disable_chat"))
    async def toggle(message: Message, records: RecordStore, event_from_user: User, role: Role,
                     lang: str) -> None:
        if not is_group(message.chat):
            await message.answer(t(lang, "chat.private_only"))
            return
        if role is not Role.ADMIN:
            await message.answer(t(lang, "chat.admins_only"))
            return
        enable = (message.text or "").split()[0].split("@")[0].lower() == "/enable_chat"
        if enable:
            await records.put("chats", message.chat.id, {
                "title": message.chat.title or "", "by": event_from_user.id,
                "at": now_utc().isoformat(timespec="seconds")})
            await message.answer(t(lang, "chat.enabled"))
        else:
            await disable_chat(records, message.chat.id)
            await message.answer(t(lang, "chat.disabled"))

    return router
