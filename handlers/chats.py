"""/enable_chat and /disable_chat: which group chats may receive tracker data."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.access import Role
from bot.chat_gate import is_group
from bot.context import Ctx
from bot.i18n import t
from bot.notify.models import EnabledChat
from bot.notify.subscriptions import Subscriptions


def build_router() -> Router:
    router = Router(name="chats")

    @router.message(Command("enable_chat", "disable_chat"))
    async def toggle(message: Message, command: CommandObject, ctx: Ctx,
                     subscriptions: Subscriptions) -> None:
        if not is_group(ctx.chat):
            await message.answer(t(ctx.lang, "chat.private_only"))
            return
        if ctx.role is not Role.ADMIN:
            await message.answer(t(ctx.lang, "chat.admins_only"))
            return
        if command.command == "enable_chat":
            await subscriptions.enable_chat(ctx.chat_id, EnabledChat(
                title=ctx.chat.title or "", by=ctx.user.id))
            await message.answer(t(ctx.lang, "chat.enabled"))
        else:
            await subscriptions.disable_chat(ctx.chat_id)
            await message.answer(t(ctx.lang, "chat.disabled"))

    return router
