"""Buttons and answers of running flows, result pages and exports; the catch-all handlers."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import (
    ConfirmCB,
    HelpCB,
    MenuCB,
    PageCB,
    ReportCB,
    RequestCB,
    ResultFile,
    RunCB,
    StepCB,
)
from bot.changes.permission import may_start
from bot.chat_gate import AddressedToBot
from bot.context import Ctx
from bot.flow.engine import FlowEngine
from bot.flow.results import (
    ResultStore,
    export_file,
    page_reply,
    report_reply,
    request_answer,
)
from bot.flow.suggest import suggest_commands
from bot.flow.turn import Alert
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG, ParamKind, View
from bot.keitaro.params import InputError, parse_id
from bot.message_filters import HasText, PrivateChat, SlashWord
from bot.render.report import ReportView
from bot.render.text import shorten
from bot.reply import message_ref
from bot.states import Flow


def alert(callback_answer: CallbackAnswer, shown: Alert | str | None) -> None:
    """Answer the button press with an alert (nothing when None)."""
    text = shown.text if isinstance(shown, Alert) else shown
    if text:
        callback_answer.text = text
        callback_answer.show_alert = True


def did_you_mean(word: str, rest: str, lang: str, *, command: bool = True
                 ) -> tuple[str, InlineKeyboardMarkup | None]:
    """The reply to an unknown `/word` (or, with `command` False, a plain word): the closest
    commands, tappable, and the closest groups as buttons (with the operation the line named
    started directly, when the group has it)."""
    found = suggest_commands(word)
    rows: list[list[InlineKeyboardButton]] = []
    op, _, args = rest.strip().partition(" ")
    for suggestion in found:
        group = CATALOG.group(suggestion.group) if suggestion.group else None
        if group is None:
            continue
        action = CATALOG.get(f"{group.key}.{op.lower()}") if op else None
        if action is not None:
            first = action.params[0] if action.params else None
            ident = _first_id(args) if first is not None and first.kind is ParamKind.ID else None
            rows.append([InlineKeyboardButton(
                text=f"▶ {group.icon} {action.label.get(lang)}",
                callback_data=RunCB(group=group.key, op=action.key, id=ident).pack())])
        rows.append([InlineKeyboardButton(text=group.title(lang),
                                          callback_data=MenuCB(group=group.key).pack())])
    shown = html.quote(shorten(word, 40))
    if not found:
        text = t(lang, "command.unknown", command=Html(shown))
        rows.append([InlineKeyboardButton(text=t(lang, "help.button"),
                                          callback_data=HelpCB().pack()),
                     InlineKeyboardButton(text=t(lang, "button.menu"),
                                          callback_data=MenuCB().pack())])
    else:
        names = ", ".join(f"/{s.command}" for s in found)
        key = "command.did_you_mean" if command else "command.did_you_mean_word"
        text = t(lang, key, command=Html(shown), commands=Html(names))
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _first_id(text: str) -> int | None:
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    try:
        return parse_id(word) if word else None
    except InputError:
        return None


def build_router() -> Router:
    router = Router(name="flow")

    @router.callback_query(RunCB.filter())
    async def run(query: CallbackQuery, callback_data: RunCB, ctx: Ctx,
                  engine: FlowEngine) -> None:
        action = CATALOG.get(f"{callback_data.group}.{callback_data.op}")
        if action is None or query.message is None:
            return
        args = {}
        target = next((p for p in action.params if p.kind is ParamKind.ID), None)
        if callback_data.id is not None and target is not None:
            args[target.name] = callback_data.id
        edit = message_ref(query.message) if callback_data.id is None else None
        await engine.start(ctx, action, args, edit=edit)

    @router.callback_query(StepCB.filter())
    async def step(query: CallbackQuery, callback_data: StepCB, ctx: Ctx, engine: FlowEngine,
                   callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        alert(callback_answer, await engine.answer_button(
            ctx, nonce=callback_data.nonce, step=callback_data.step, kind=callback_data.kind,
            value=callback_data.value, message_id=message_ref(query.message)))

    @router.callback_query(ConfirmCB.filter())
    async def confirm(query: CallbackQuery, callback_data: ConfirmCB, ctx: Ctx,
                      engine: FlowEngine, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        alert(callback_answer, await engine.confirm(
            ctx, nonce=callback_data.nonce, yes=callback_data.yes,
            message_id=message_ref(query.message)))

    @router.callback_query(PageCB.filter())
    async def page(query: CallbackQuery, callback_data: PageCB, ctx: Ctx, results: ResultStore,
                   engine: FlowEngine, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        record = await results.load(callback_data.rid)
        if record is None:
            alert(callback_answer, t(ctx.lang, "result.expired"))
            return
        if callback_data.file is ResultFile.ALL:
            action = CATALOG.get(record.action or "")
            if action is None or not may_start(ctx.role, action):
                alert(callback_answer, t(ctx.lang, "result.no_export"))
                return
            await engine.export_all(ctx, action, record.args)
            return
        grid = CATALOG.get(record.action or "")
        if (callback_data.file is ResultFile.CSV and grid is not None
                and grid.view is View.GRID and may_start(ctx.role, grid)):
            # the rows shown, as CSV with every column the tracker has for them
            await engine.export_rows(ctx, grid, record.args, record.stem)
            return
        if callback_data.file:
            document = export_file(record, callback_data.file)
            if document is None:
                alert(callback_answer, t(ctx.lang, "result.no_export"))
                return
            await ctx.bot.send_document(ctx.chat_id, document)
            return
        reply = page_reply(record, callback_data.rid, callback_data.page, ctx.lang, ctx.role,
                           results.redactor)
        await ctx.show(reply, edit=message_ref(query.message))

    @router.callback_query(ReportCB.filter())
    async def report_view(query: CallbackQuery, callback_data: ReportCB, ctx: Ctx,
                          results: ResultStore, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        record = await results.load(callback_data.rid)
        view = ReportView(metrics=callback_data.metrics, sort=callback_data.sort,
                          desc=callback_data.desc, page=callback_data.page)
        shown = report_reply(record, callback_data.rid, view, ctx.lang, ctx.role,
                             results.redactor, results.floors) if record is not None else None
        if shown is None:
            alert(callback_answer, t(ctx.lang, "result.expired"))
            return
        await ctx.show(shown, edit=message_ref(query.message))

    @router.callback_query(RequestCB.filter())
    async def request(query: CallbackQuery, callback_data: RequestCB, ctx: Ctx,
                      results: ResultStore, callback_answer: CallbackAnswer) -> None:
        record = await results.load(callback_data.rid)
        text = request_answer(record, ctx.lang) if record is not None else None
        if text is None:
            alert(callback_answer, t(ctx.lang, "result.expired"))
            return
        await ctx.bot.send_message(ctx.chat_id, text)

    @router.message(PrivateChat(), SlashWord())
    async def unknown_command(message: Message, ctx: Ctx) -> None:
        """`/campagns`: no such command (any flow stays where it was); the closest ones."""
        word, _, rest = (message.text or "").strip().partition(" ")
        text, markup = did_you_mean(word, rest, ctx.lang)
        await message.answer(text, reply_markup=markup)

    @router.message(StateFilter(Flow.step), HasText(), AddressedToBot())
    async def answer(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        await engine.answer_text(ctx, message.text or "")

    @router.message(StateFilter(Flow.step), PrivateChat())
    async def not_text(message: Message, ctx: Ctx) -> None:
        await message.answer(t(ctx.lang, "flow.text_please"))

    @router.message(StateFilter(Flow.confirm), HasText(), AddressedToBot())
    async def typed_confirmation(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        await engine.answer_confirmation(ctx, message.text or "")

    @router.message(StateFilter(Flow.confirm), PrivateChat())
    async def waiting_confirmation(message: Message, ctx: Ctx) -> None:
        await message.answer(t(ctx.lang, "flow.confirm_please"))

    @router.message(PrivateChat())
    async def unknown(message: Message, ctx: Ctx) -> None:
        """Text outside a flow: a group's name opens the way to it; else how to start."""
        text = (message.text or "").strip()
        found = suggest_commands(text) if text and len(text) <= 40 else []
        if found:
            reply, markup = did_you_mean(text, "", ctx.lang, command=False)
            await message.answer(reply, reply_markup=markup)
            return
        await message.answer(t(ctx.lang, "flow.unknown"))

    @router.callback_query()
    async def unknown_button(query: CallbackQuery, ctx: Ctx,
                             callback_answer: CallbackAnswer) -> None:
        alert(callback_answer, t(ctx.lang, "flow.stale"))

    return router
