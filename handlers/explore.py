"""/today, /find, the buttons of explored reports and cards, and the typed period they may
ask for."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import ExploreCB, ExploreOp, GlanceCB
from bot.chat_gate import AddressedToBot
from bot.context import Ctx
from bot.explore import periods
from bot.explore.actions import block_zone, pause_in_stream
from bot.explore.model import Kind
from bot.explore.search import find
from bot.explore.service import Explorer
from bot.flow.engine import FlowEngine
from bot.flow.results import ResultStore
from bot.i18n import t
from bot.keitaro.params import InputError
from bot.message_filters import HasText
from bot.render.found import found_reply
from bot.render.inputs import input_error_text
from bot.states import Explore as ExploreState
from handlers.flow import alert

RID_KEY = "explore_rid"


def build_router() -> Router:
    router = Router(name="explore")

    @router.message(Command("today"))
    async def today(message: Message, command: CommandObject, ctx: Ctx,
                    explorer: Explorer) -> None:
        """`/today` (or `/today 7d`): the money of a period at a glance."""
        word = (command.args or "").strip()
        period = "today"
        if word:
            try:
                period = periods.normal(word, explorer.now().date())
            except InputError as exc:
                await message.answer(input_error_text(ctx.lang, exc.code, exc.details))
                return
        await explorer.glance(ctx, period)

    @router.message(Command("find"))
    async def find_(message: Message, command: CommandObject, ctx: Ctx,
                    explorer: Explorer) -> None:
        """`/find keto`: campaigns, offers, landings, streams and sources by name at once."""
        words = (command.args or "").strip()
        if not words:
            await message.answer(t(ctx.lang, "find.usage"))
            return
        text, markup = found_reply(await find(explorer.client, words), words, ctx.lang)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(GlanceCB.filter())
    async def glance(query: CallbackQuery, callback_data: GlanceCB, ctx: Ctx,
                     explorer: Explorer) -> None:
        if query.message is None:
            return
        await explorer.glance(ctx, callback_data.period.value,
                              edit=query.message.message_id)

    @router.callback_query(ExploreCB.filter())
    async def explore(query: CallbackQuery, callback_data: ExploreCB, ctx: Ctx,
                      explorer: Explorer, results: ResultStore, engine: FlowEngine,
                      callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        rid, op, arg = callback_data.rid, callback_data.op, callback_data.arg
        record = await results.load(rid)
        where = record.explore if record is not None else None
        if record is None or where is None:
            alert(callback_answer, t(ctx.lang, "result.expired"))
            return
        edit: int | None = query.message.message_id
        target = None
        if op is ExploreOp.PERIOD:
            try:
                period = periods.normal(arg, explorer.now().date())
            except InputError:
                alert(callback_answer, t(ctx.lang, "flow.stale"))
                return
            target = where.with_(period=period)
        elif op is ExploreOp.OTHER:
            await ctx.state.set_state(ExploreState.period)
            await ctx.state.set_data({RID_KEY: rid})
            await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "explore.ask_period",
                                                      where=where.crumbs(ctx.lang)))
            return
        elif op is ExploreOp.DRILL:
            target = explorer.drilled(where, arg) if arg else None
        elif op is ExploreOp.ROW:
            target = explorer.row(record, int(arg), ctx.lang) if arg.isdigit() else None
            edit = None  # a row's card comes as a new message: the report stays to go back to
        elif op is ExploreOp.SLICE:
            target = explorer.sliced(where, arg)
            edit = None
        elif op is ExploreOp.FILTER:
            if not arg:
                await explorer.filter_menu(ctx, rid, where, query.message.message_id)
                return
            target = explorer.pick(where, arg)
        elif op is ExploreOp.UNFILTER:
            if arg.isdigit() and int(arg) < len(where.scope):
                scope = [s for n, s in enumerate(where.scope) if n != int(arg)]
                target = where.with_(scope=scope, kind=Kind.REPORT)
        elif op is ExploreOp.UP:
            target = explorer.up(where)
        elif op is ExploreOp.SHOW:
            await explorer.again(ctx, rid, record, query.message.message_id)
            return
        elif op is ExploreOp.SUBS:
            await explorer.sub_menu(ctx, rid, where, query.message.message_id)
            return
        elif op is ExploreOp.TREND:
            await explorer.trend(ctx, record, arg)
            return
        elif op is ExploreOp.PAUSE:
            if arg.isdigit():
                alert(callback_answer, await pause_in_stream(ctx, engine, where, int(arg)))
            return
        elif op is ExploreOp.BLOCK:
            alert(callback_answer, await block_zone(ctx, engine, where))
            return
        if target is None:
            alert(callback_answer, t(ctx.lang, "flow.stale"))
            return
        await explorer.show(ctx, target, edit=edit)

    @router.message(StateFilter(ExploreState.period), HasText(), AddressedToBot())
    async def typed_period(message: Message, ctx: Ctx, explorer: Explorer,
                           results: ResultStore) -> None:
        data = await ctx.state.get_data()
        record = await results.load(str(data.get(RID_KEY) or ""))
        where = record.explore if record is not None else None
        if where is None:
            await ctx.state.clear()
            await message.answer(t(ctx.lang, "result.expired"))
            return
        try:
            period = periods.normal(message.text or "", explorer.now().date())
        except InputError as exc:
            await message.answer(input_error_text(ctx.lang, exc.code, exc.details) + "\n"
                                 + t(ctx.lang, "explore.ask_period_again"))
            return
        await ctx.state.clear()
        await explorer.show(ctx, where.with_(period=period), edit=None)

    return router
