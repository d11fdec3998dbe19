"""The router every group module builds: `/<group>` menus and one-line commands."""

from __future__ import annotations

from aiogram import Bot, Router, html
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, User

from bot.access import Role
from bot.flow.commands import parse_line, usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import group_keyboard
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG
from bot.keitaro.params import today_in
from bot.render.inputs import input_error_text
from handlers.context import make_ctx


def build_group_router(group: str) -> Router:
    """`/campaigns` opens the group's menu; `/campaigns get 12` runs an operation."""
    if CATALOG.group(group) is None:
        raise ValueError(f"unknown group {group!r}")
    router = Router(name=f"group:{group}")

    @router.message(Command(group, ignore_case=True))
    async def command(message: Message, command: CommandObject, state: FSMContext,
                      raw_state: str | None, engine: FlowEngine, bot: Bot,
                      event_from_user: User, role: Role, lang: str) -> None:
        ctx = make_ctx(bot, message.chat.id, event_from_user, role, lang, state, raw_state)
        op, _, rest = (command.args or "").strip().partition(" ")
        if not op:
            previous = await engine.load(ctx)
            if previous is not None:
                await engine.cancel(ctx)
            await message.answer(t(lang, "menu.group", group=CATALOG.group_title(group, lang)),
                                 reply_markup=group_keyboard(group, lang, role))
            return
        action = CATALOG.get(f"{group}.{op.lower()}")
        if action is None:
            ops = "\n".join(f"<code>{html.quote(usage(a))}</code>"
                            for a in CATALOG.in_group(group))
            await message.answer(t(lang, "command.unknown_op", op=op, group=group,
                                   ops=Html(ops)))
            return
        args, problems = parse_line(action, rest, today_in(engine.client.settings.timezone))
        notes: dict[str, str] = {}
        for param, error in problems:
            text = input_error_text(lang, error.code, error.details)
            # a bad required argument is asked for again; an optional one is not asked in a
            # one-line command, so running without it would drop it silently: refuse the line
            if param is None or not param.required:
                await message.answer(t(lang, "command.bad_line", problem=Html(text),
                                       usage=usage(action)))
                return
            notes.setdefault(param.name, text)
        await engine.start(ctx, action, args, mode="command", notes=notes)

    return router


class GroupRouterFactory:
    """What a group module exports: `build_router()` makes a fresh router for its group."""

    def __init__(self, group: str) -> None:
        if CATALOG.group(group) is None:
            raise ValueError(f"unknown group {group!r}")
        self.group = group

    def __call__(self) -> Router:
        return build_group_router(self.group)
