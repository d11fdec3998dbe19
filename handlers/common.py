"""/start, /menu, /help, /cancel, /audit and the group menus."""

from __future__ import annotations

from aiogram import Bot, Router, html
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, User

from bot.access import Role
from bot.callbacks import MenuCB
from bot.flow.commands import usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import group_keyboard, groups_keyboard
from bot.i18n import t
from bot.keitaro.catalog import CATALOG
from bot.keitaro.params import InputError, parse_id
from bot.message_filters import TextIn
from bot.render.text import BUDGET, utf16_len
from bot.storage.audit import AuditJournal
from handlers.context import make_ctx

CANCEL_WORDS = {"cancel", "отмена", "стоп", "stop"}


def help_text(lang: str, role: Role) -> list[str]:
    """The command list, split into messages that fit."""
    lines = [t(lang, "help.intro")]
    for group in CATALOG.groups:
        lines.append(f"\n<b>{html.quote(group.title(lang))}</b> — /{group.key}")
        for action in CATALOG.in_group(group.key):
            lock = "" if role.may(action.danger) else "🔒 "
            lines.append(f"{lock}<code>{html.quote(usage(action))}</code>")
    lines.append("\n" + t(lang, "help.outro"))
    pages: list[str] = []
    current = ""
    for line in lines:
        if utf16_len(current) + utf16_len(line) > BUDGET:
            pages.append(current)
            current = ""
        current += line + "\n"
    pages.append(current)
    return pages


def build_router() -> Router:
    router = Router(name="common")

    @router.message(CommandStart())
    @router.message(Command("menu"))
    async def menu(message: Message, state: FSMContext, raw_state: str | None,
                   engine: FlowEngine, bot: Bot, event_from_user: User, role: Role,
                   lang: str) -> None:
        ctx = make_ctx(bot, message.chat.id, event_from_user, role, lang, state, raw_state)
        flow = await engine.load(ctx)
        if flow is not None:
            await engine.cancel(ctx)
        await message.answer(t(lang, "menu.groups", name=event_from_user.first_name,
                               role=role.name.lower()), reply_markup=groups_keyboard(lang))

    @router.message(Command("help"))
    async def help_(message: Message, role: Role, lang: str) -> None:
        for page in help_text(lang, role):
            await message.answer(page)

    @router.message(Command("cancel"))
    @router.message(TextIn(CANCEL_WORDS))
    async def cancel(message: Message, state: FSMContext, engine: FlowEngine, bot: Bot,
                     event_from_user: User, role: Role, lang: str) -> None:
        await engine.cancel(make_ctx(bot, message.chat.id, event_from_user, role, lang, state))

    @router.message(Command("audit"))
    async def audit(message: Message, command: CommandObject, audit: AuditJournal, role: Role,
                    lang: str) -> None:
        if role is not Role.ADMIN:
            await message.answer(t(lang, "audit.admins_only"))
            return
        try:
            limit = min(50, parse_id(command.args)) if command.args else 10
        except InputError:
            await message.answer(t(lang, "audit.usage"))
            return
        entries = await audit.last(limit)
        if not entries:
            await message.answer(t(lang, "audit.empty"))
            return
        lines = [t(lang, "audit.title", count=len(entries))]
        for e in entries:
            mark = {"ok": "✅", "failed": "❌", "pending": "⏳", "uncertain": "❓",
                    "interrupted": "⛔", "refused": "🚫"}.get(e.outcome, "•")
            status = f" {e.status}" if e.status else ""
            lines.append(
                f"{mark} <code>#{e.id}</code> {html.quote(e.ts[5:16].replace('T', ' '))} "
                f"{html.quote(e.user_name or str(e.user_id))}: <b>{html.quote(e.action)}</b>"
                f"{status}\n   <code>{html.quote(e.method)} {html.quote(e.url[-60:])}</code>"
                + (f"\n   {html.quote(e.error[:120])}" if e.error else "")
                + (f"\n   {t(lang, 'audit.snapshot')}" if e.snapshot else "")
            )
        text = "\n".join(lines)
        while utf16_len(text) > BUDGET and len(lines) > 2:
            lines.pop()
            text = "\n".join(lines)
        await message.answer(text)

    @router.callback_query(MenuCB.filter())
    async def open_menu(query: CallbackQuery, callback_data: MenuCB, state: FSMContext,
                        engine: FlowEngine, bot: Bot, event_from_user: User, role: Role,
                        lang: str) -> None:
        if query.message is None:
            return
        chat_id = query.message.chat.id
        ctx = make_ctx(bot, chat_id, event_from_user, role, lang, state)
        if await engine.load(ctx) is not None:
            await state.clear()
        if callback_data.group and CATALOG.group(callback_data.group):
            text = t(lang, "menu.group", group=CATALOG.group_title(callback_data.group, lang))
            markup = group_keyboard(callback_data.group, lang, role)
        else:
            text = t(lang, "menu.groups", name=event_from_user.first_name,
                     role=role.name.lower())
            markup = groups_keyboard(lang)
        await engine.show(ctx, text, markup, query.message.message_id)

    return router
