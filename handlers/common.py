"""/start, /menu, /help, /cancel, /audit and the group menus."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.access import Role
from bot.callbacks import MenuCB
from bot.context import Ctx
from bot.flow.commands import usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import group_keyboard, groups_keyboard
from bot.i18n import t
from bot.keitaro.catalog import CATALOG
from bot.keitaro.params import InputError, parse_id
from bot.message_filters import TextIn
from bot.render.envelope import api_path
from bot.render.text import BUDGET, utf16_len
from bot.storage.audit import AuditEntry, AuditJournal

CANCEL_WORDS = {"cancel", "отмена", "стоп", "stop"}
OUTCOME_MARKS = {"ok": "✅", "failed": "❌", "pending": "⏳", "uncertain": "❓",
                 "interrupted": "⛔", "refused": "🚫"}


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


def groups_menu(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    return (t(ctx.lang, "menu.groups", name=ctx.user.first_name, role=ctx.role.name.lower()),
            groups_keyboard(ctx.lang))


def audit_text(entries: list[AuditEntry], lang: str) -> str:
    """The last journal entries, newest first, as many as fit one message."""
    lines = [t(lang, "audit.title", count=len(entries))]
    for e in entries:
        mark = OUTCOME_MARKS.get(e.outcome, "•")
        status = f" {e.status}" if e.status else ""
        lines.append(
            f"{mark} <code>#{e.id}</code> {html.quote(e.ts[5:16].replace('T', ' '))} "
            f"{html.quote(e.user_name or str(e.user_id))}: <b>{html.quote(e.action)}</b>"
            f"{status}\n   {html.quote(e.method)} {html.quote(api_path(e.url))}"
            + (f"\n   {html.quote(e.error[:120])}" if e.error else "")
            + (f"\n   {t(lang, 'audit.snapshot')}" if e.snapshot else "")
        )
    text = "\n".join(lines)
    while utf16_len(text) > BUDGET and len(lines) > 2:
        lines.pop()
        text = "\n".join(lines)
    return text


def build_router() -> Router:
    router = Router(name="common")

    @router.message(CommandStart())
    @router.message(Command("menu"))
    async def menu(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        if await engine.load(ctx) is not None:
            await engine.cancel(ctx)
        text, markup = groups_menu(ctx)
        await message.answer(text, reply_markup=markup)

    @router.message(Command("help"))
    async def help_(message: Message, ctx: Ctx) -> None:
        for page in help_text(ctx.lang, ctx.role):
            await message.answer(page)

    @router.message(Command("cancel"))
    @router.message(TextIn(CANCEL_WORDS))
    async def cancel(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        await engine.cancel(ctx)

    @router.message(Command("audit"))
    async def audit(message: Message, command: CommandObject, ctx: Ctx,
                    audit: AuditJournal) -> None:
        if ctx.role is not Role.ADMIN:
            await message.answer(t(ctx.lang, "audit.admins_only"))
            return
        try:
            limit = min(50, parse_id(command.args)) if command.args else 10
        except InputError:
            await message.answer(t(ctx.lang, "audit.usage"))
            return
        entries = await audit.last(limit)
        await message.answer(audit_text(entries, ctx.lang) if entries
                             else t(ctx.lang, "audit.empty"))

    @router.callback_query(MenuCB.filter())
    async def open_menu(query: CallbackQuery, callback_data: MenuCB, ctx: Ctx,
                        engine: FlowEngine) -> None:
        if query.message is None:
            return
        if await engine.load(ctx) is not None:
            await ctx.state.clear()
        group = CATALOG.group(callback_data.group)
        if group is not None:
            text = t(ctx.lang, "menu.group", group=group.title(ctx.lang))
            markup = group_keyboard(group.key, ctx.lang, ctx.role)
        else:
            text, markup = groups_menu(ctx)
        await ctx.show(text, markup, edit=query.message.message_id)

    return router
