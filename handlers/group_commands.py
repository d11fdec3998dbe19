"""`/<group>` for every catalog group: the group's menu, or one of its operations in one line."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.context import Ctx
from bot.flow.commands import parse_line, usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import group_keyboard
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG, Group
from bot.render.inputs import input_error_text


def build_routers() -> list[Router]:
    """One fresh router per catalog group, in menu order."""
    return [build_group_router(group) for group in CATALOG.groups]


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
        if action is None:
            ops = "\n".join(f"<code>{html.quote(usage(a))}</code>"
                            for a in CATALOG.in_group(group.key))
            await message.answer(t(ctx.lang, "command.unknown_op", op=op, group=group.key,
                                   ops=Html(ops)))
            return
        args, problems = parse_line(action, rest, engine.today())
        notes: dict[str, str] = {}
        for param, error in problems:
            text = input_error_text(ctx.lang, error.code, error.details)
            # a bad required argument is asked for again; an optional one is not asked in a
            # one-line command, so running without it would drop it silently: refuse the line
            if param is None or not param.required:
                await message.answer(t(ctx.lang, "command.bad_line", problem=Html(text),
                                       usage=usage(action)))
                return
            notes.setdefault(param.name, text)
        await engine.start(ctx, action, args, mode="command", notes=notes)

    return router
