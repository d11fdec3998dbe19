"""/audit (the journal, for admins) and the ↩️ Undo buttons of results and of the journal."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.access import Role
from bot.callbacks import UndoCB
from bot.changes.audit_view import detail_text, list_text, undo_ids
from bot.context import Ctx
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import undo_keyboard
from bot.i18n import t
from bot.keitaro.params import InputError, parse_id
from bot.storage.audit import AuditJournal


def build_router() -> Router:
    router = Router(name="audit")

    @router.message(Command("audit"))
    async def audit(message: Message, command: CommandObject, ctx: Ctx, audit: AuditJournal,
                    engine: FlowEngine) -> None:
        if ctx.role is not Role.ADMIN:
            await message.answer(t(ctx.lang, "audit.admins_only"))
            return
        words = (command.args or "").split()
        hours = engine.undo_hours
        if len(words) == 1 and words[0].startswith("#"):
            try:
                entry_id = parse_id(words[0])
            except InputError:
                await message.answer(t(ctx.lang, "audit.usage"))
                return
            entry = await audit.get(entry_id)
            if entry is None:
                await message.answer(t(ctx.lang, "audit.not_found", id=entry_id))
                return
            await message.answer(detail_text(entry, ctx.lang, hours, engine.client.redactor),
                                 reply_markup=undo_keyboard(undo_ids([entry], hours), ctx.lang))
            return
        try:
            limit = min(50, parse_id(words[0])) if len(words) == 1 else 10
            if len(words) > 1:
                raise InputError("too_many_args")
        except InputError:
            await message.answer(t(ctx.lang, "audit.usage"))
            return
        entries = await audit.last(limit)
        if not entries:
            await message.answer(t(ctx.lang, "audit.empty"))
            return
        await message.answer(list_text(entries, ctx.lang, hours, engine.client.redactor),
                             reply_markup=undo_keyboard(undo_ids(entries, hours), ctx.lang))

    @router.callback_query(UndoCB.filter())
    async def undo(query: CallbackQuery, callback_data: UndoCB, ctx: Ctx, engine: FlowEngine,
                   callback_answer: CallbackAnswer) -> None:
        refused = await engine.start_undo(ctx, callback_data.entry)
        if refused is not None:
            callback_answer.text = refused.text[:200]
            callback_answer.show_alert = True

    return router
