"""`/<group>` for every catalog group: the group's menu, or one of its operations in one line."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import HelpCB, MenuCB, RunCB
from bot.context import Ctx
from bot.explore.lines import resolve, split_filters
from bot.explore.search import search_group, searchable
from bot.flow.commands import parse_line, usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import group_keyboard
from bot.flow.suggest import suggest_operations
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG, Action, Group, ParamKind, View
from bot.keitaro.params import InputError, parse_id
from bot.render.found import found_reply
from bot.render.inputs import DETAIL_SHOWN, input_error_text
from bot.render.text import shorten


def build_routers() -> list[Router]:
    """One fresh router per catalog group, in menu order."""
    return [build_group_router(group) for group in CATALOG.groups]


def _leading_id(rest: str) -> int | None:
    word = rest.split(maxsplit=1)[0] if rest.strip() else ""
    try:
        return parse_id(word) if word else None
    except InputError:
        return None


def unknown_operation(group: Group, op: str, rest: str, lang: str
                      ) -> tuple[str, InlineKeyboardMarkup]:
    """The reply to `/<group> <no such operation>`: the closest operations as buttons (with
    the id the line gave, when they take one), else every operation's usage line."""
    found = suggest_operations(group.key, op)
    ident = _leading_id(rest)
    rows: list[list[InlineKeyboardButton]] = []
    for action in found:
        first = action.params[0] if action.params else None
        takes_id = first is not None and first.kind is ParamKind.ID
        rows.append([InlineKeyboardButton(
            text=f"▶ {action.label.get(lang)}",
            callback_data=RunCB(group=group.key, op=action.key,
                                id=ident if takes_id else None).pack())])
    rows.append([
        InlineKeyboardButton(text=f"☰ {group.title(lang)}",
                             callback_data=MenuCB(group=group.key).pack()),
        InlineKeyboardButton(text=t(lang, "help.button"),
                             callback_data=HelpCB(group=group.key).pack())])
    if found:
        names = ", ".join(f"<code>{html.quote(a.key)}</code>" for a in found)
        text = t(lang, "command.did_you_mean_op", op=op, group=group.key, ops=Html(names))
    else:
        ops = "\n".join(f"<code>{html.quote(usage(a))}</code>"
                        for a in CATALOG.in_group(group.key))
        text = t(lang, "command.unknown_op", op=op, group=group.key, ops=Html(ops))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _getter(group: Group) -> Action | None:
    """The group's `get` when it takes just an id: what `/<group> 12` means."""
    action = CATALOG.get(f"{group.key}.get")
    if action is None or [p.kind for p in action.params if p.required] != [ParamKind.ID]:
        return None
    return action


def build_group_router(group: Group) -> Router:
    """`/campaigns` opens the group's menu; `/campaigns get 12` runs an operation."""
    router = Router(name=f"group:{group.key}")

    @router.message(Command(group.key, ignore_case=True))
    async def command(message: Message, command: CommandObject, ctx: Ctx,
                      engine: FlowEngine) -> None:
        op, _, rest = (command.args or "").strip().partition(" ")
        if not op:
            if await engine.load(ctx) is not None:
                await engine.cancel(ctx)
            await message.answer(t(ctx.lang, "menu.group", group=group.title(ctx.lang)),
                                 reply_markup=group_keyboard(group.key, ctx.lang, ctx.role))
            return
        action = CATALOG.get(f"{group.key}.{op.lower()}")
        if action is None and (getter := _getter(group)) and _leading_id(op) is not None:
            action, rest = getter, f"{op} {rest}"  # `/campaigns 12`: the operation left out
        if action is None and searchable(group.key):
            words = f"{op} {rest}".strip()  # `/campaigns keto`: not an operation, a name
            found = await search_group(engine.client, group.key, words)
            if found.total or not suggest_operations(group.key, op):
                text, markup = found_reply([found], words, ctx.lang, one_group=True)
                await message.answer(text, reply_markup=markup)
                return
        if action is None:
            text, markup = unknown_operation(group, op, rest, ctx.lang)
            await message.answer(text, reply_markup=markup)
            return
        await start_line(ctx, engine, action, rest)

    return router


async def start_line(ctx: Ctx, engine: FlowEngine, action: Action, rest: str) -> None:
    """Start `action` with what the line gave. Nothing is refused: words that fit no parameter
    are named and left out; a bad argument is asked again, with the reason (an optional one
    too: then the flow asks like the button flow, optional parameters included)."""
    if action.view is View.REPORT and engine.explorer is not None:
        line, filters = split_filters(rest)
        if filters:  # `/reports by_offer 7d campaign=2 country=DE`
            await report_line(ctx, engine, action, line, filters)
            return
    args, problems = parse_line(action, rest, engine.today())
    notes: dict[str, str] = {}
    guided = False
    for param, error in problems:
        text = input_error_text(ctx.lang, error.code, error.details)
        if param is None:
            extra = shorten(str(error.details.get("extra", "")), DETAIL_SHOWN)
            await ctx.bot.send_message(ctx.chat_id, t(
                ctx.lang, "command.ignored", extra=extra, usage=usage(action)))
            continue
        guided = guided or not param.required
        notes.setdefault(param.name, text)
    await engine.start(ctx, action, args, mode="buttons" if guided else "command", notes=notes)


async def report_line(ctx: Ctx, engine: FlowEngine, action: Action, rest: str,
                      filters: list[tuple[str, str]]) -> None:
    """A report with typed filters, shown at once (today unless the line names a period:
    its buttons switch it); what cannot be used is said and left out."""
    assert engine.explorer is not None
    args, problems = parse_line(action, rest, engine.today())
    for param, error in problems:
        text = input_error_text(ctx.lang, error.code, error.details)
        if param is None:
            text = t(ctx.lang, "command.ignored", extra=shorten(str(error.details.get(
                "extra", "")), DETAIL_SHOWN), usage=usage(action))
        await ctx.bot.send_message(ctx.chat_id, text)
    slices, bad = await resolve(engine.client, filters)
    for problem in bad:
        await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, problem.code, **problem.details))
    explore = engine.explorer.explore_of(action, {k: v for k, v in args.items()
                                                  if k != "data" or isinstance(v, dict)})
    if explore is None:
        return
    if await engine.load(ctx) is not None:
        await engine.cancel(ctx)
    await engine.explorer.report(ctx, explore.with_(scope=slices), edit=None)
