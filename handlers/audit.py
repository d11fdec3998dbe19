"""/audit (the journal: an admin's all of it, an editor's their own changes) and the ↩️ Undo
buttons of results and of the journal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.access import Role
from bot.callbacks import AuditCB, UndoCB
from bot.changes.audit_view import detail_text, list_text, undo_ids
from bot.context import Ctx
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import journal_keyboard, undo_keyboard
from bot.i18n import t
from bot.keitaro.params import InputError, parse_id
from bot.storage.audit import AuditJournal


def build_router() -> Router:
    router = Router(name="audit")

    @router.message(Command("audit"))
    async def audit(message: Message, command: CommandObject, ctx: Ctx, audit: AuditJournal,
                    engine: FlowEngine) -> None:
        if ctx.role is Role.VIEWER:
            await message.answer(t(ctx.lang, "audit.no_access"))
            return
        words = (command.args or "").split()
        hours = engine.undo_hours
        if len(words) == 1 and words[0].startswith("#"):
            try:
                entry_id = parse_id(words[0])
            except InputError:
                await message.answer(t(ctx.lang, "audit.usage"))
                return
            await _show_entry(message.answer, ctx, audit, engine, entry_id)
            return
        try:
            limit = min(50, parse_id(words[0])) if len(words) == 1 else 10
            if len(words) > 1:
                raise InputError("too_many_args")
        except InputError:
            await message.answer(t(ctx.lang, "audit.usage"))
            return
        entries = await audit.last(limit, user_id=_own(ctx))
        if not entries:
            await message.answer(t(ctx.lang, "audit.empty"))
            return
        await message.answer(list_text(entries, ctx.lang, hours, engine.client.redactor),
                             reply_markup=journal_keyboard(entries, undo_ids(entries, hours),
                                                           ctx.lang))

    @router.callback_query(AuditCB.filter())
    async def entry(query: CallbackQuery, callback_data: AuditCB, ctx: Ctx,
                    audit: AuditJournal, engine: FlowEngine,
                    callback_answer: CallbackAnswer) -> None:
        if ctx.role is Role.VIEWER:
            callback_answer.text = t(ctx.lang, "audit.no_access")
            callback_answer.show_alert = True
            return
        await _show_entry(lambda text, **kw: ctx.bot.send_message(ctx.chat_id, text, **kw),
                          ctx, audit, engine, callback_data.entry)

    @router.callback_query(UndoCB.filter())
    async def undo(query: CallbackQuery, callback_data: UndoCB, ctx: Ctx, engine: FlowEngine,
                   callback_answer: CallbackAnswer) -> None:
        refused = await engine.start_undo(ctx, callback_data.entry)
        if refused is not None:
            callback_answer.text = refused.text[:200]
            callback_answer.show_alert = True

    return router


def _own(ctx: Ctx) -> int | None:
    """Whose entries the person may read: an admin everyone's, an editor their own."""
    return None if ctx.role is Role.ADMIN else ctx.user.id


async def _show_entry(answer: Callable[..., Awaitable[Any]], ctx: Ctx, audit: AuditJournal,
                      engine: FlowEngine, entry_id: int) -> None:
    """One entry whole (its request, the states), with its Undo while open; an editor's own
    only (another's reads as not found)."""
    entry = await audit.get(entry_id)
    own = _own(ctx)
    if entry is None or (own is not None and entry.user_id != own):
        await answer(t(ctx.lang, "audit.not_found", id=entry_id))
        return
    hours = engine.undo_hours
    await answer(detail_text(entry, ctx.lang, hours, engine.client.redactor),
                 reply_markup=undo_keyboard(undo_ids([entry], hours), ctx.lang))
