"""Buttons and answers of running flows, result pages and exports."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, User
from aiogram.utils.callback_answer import CallbackAnswer

from bot.access import Role
from bot.callbacks import ConfirmCB, PageCB, RunCB, StepCB
from bot.chat_gate import AddressedToBot
from bot.flow.engine import FlowEngine
from bot.flow.export_to_chat import export_to_chat
from bot.flow.results import export_file, page_markup
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, ParamKind
from bot.message_filters import HasText, PrivateChat
from bot.states import Flow
from handlers.context import make_ctx


def build_router() -> Router:
    router = Router(name="flow")

    @router.callback_query(RunCB.filter())
    async def run(query: CallbackQuery, callback_data: RunCB, state: FSMContext,
                  raw_state: str | None, engine: FlowEngine, bot: Bot, event_from_user: User,
                  role: Role, lang: str) -> None:
        action = CATALOG.get(f"{callback_data.group}.{callback_data.op}")
        if action is None or query.message is None:
            return
        args = {}
        target = next((p for p in action.params if p.kind is ParamKind.ID), None)
        if callback_data.id is not None and target is not None:
            args[target.name] = callback_data.id
        ctx = make_ctx(bot, query.message.chat.id, event_from_user, role, lang, state,
                       raw_state)
        edit = query.message.message_id if callback_data.id is None else None
        await engine.start(ctx, action, args, edit=edit)

    @router.callback_query(StepCB.filter())
    async def step(query: CallbackQuery, callback_data: StepCB, state: FSMContext,
                   engine: FlowEngine, bot: Bot, event_from_user: User, role: Role, lang: str,
                   callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        ctx = make_ctx(bot, query.message.chat.id, event_from_user, role, lang, state)
        alert = await engine.answer_button(
            ctx, nonce=callback_data.nonce, step=callback_data.step, kind=callback_data.kind,
            value=callback_data.value, message_id=query.message.message_id,
        )
        if alert:
            callback_answer.text = alert
            callback_answer.show_alert = True

    @router.callback_query(ConfirmCB.filter())
    async def confirm(query: CallbackQuery, callback_data: ConfirmCB, state: FSMContext,
                      engine: FlowEngine, bot: Bot, event_from_user: User, role: Role,
                      lang: str, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        ctx = make_ctx(bot, query.message.chat.id, event_from_user, role, lang, state)
        alert = await engine.confirm(ctx, nonce=callback_data.nonce, yes=callback_data.yes,
                                     message_id=query.message.message_id)
        if alert:
            callback_answer.text = alert
            callback_answer.show_alert = True

    @router.callback_query(PageCB.filter())
    async def page(query: CallbackQuery, callback_data: PageCB, engine: FlowEngine, bot: Bot,
                   role: Role, lang: str, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        record = await engine.results.load(callback_data.rid)
        if record is None:
            callback_answer.text = t(lang, "result.expired")
            callback_answer.show_alert = True
            return
        chat_id = query.message.chat.id
        if callback_data.file == "all":
            action = CATALOG.get(record.get("action") or "")
            if action is None or not role.may(action.danger):
                callback_answer.text = t(lang, "result.no_export")
                callback_answer.show_alert = True
                return
            await export_to_chat(bot, chat_id, engine.client, action, record.get("args") or {},
                                 lang)
            return
        if callback_data.file:
            document = export_file(record, callback_data.file)
            if document is None:
                callback_answer.text = t(lang, "result.no_export")
                callback_answer.show_alert = True
                return
            await bot.send_document(chat_id, document)
            return
        text, markup = page_markup(record, callback_data.rid, callback_data.page, lang, role)
        try:
            await bot.edit_message_text(text=text, chat_id=chat_id,
                                        message_id=query.message.message_id, reply_markup=markup)
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                raise

    @router.message(Flow.step, HasText(), AddressedToBot())
    async def answer(message: Message, state: FSMContext, engine: FlowEngine, bot: Bot,
                     event_from_user: User, role: Role, lang: str) -> None:
        ctx = make_ctx(bot, message.chat.id, event_from_user, role, lang, state)
        await engine.answer_text(ctx, message.text or "")

    @router.message(Flow.step, PrivateChat())
    async def not_text(message: Message, lang: str) -> None:
        await message.answer(t(lang, "flow.text_please"))

    @router.message(Flow.confirm, PrivateChat())
    async def waiting_confirmation(message: Message, lang: str) -> None:
        await message.answer(t(lang, "flow.confirm_please"))

    @router.message(PrivateChat())
    async def unknown(message: Message, lang: str) -> None:
        await message.answer(t(lang, "flow.unknown"))

    @router.callback_query()
    async def unknown_button(query: CallbackQuery, callback_answer: CallbackAnswer,
                             lang: str) -> None:
        callback_answer.text = t(lang, "flow.stale")
        callback_answer.show_alert = True

    return router
