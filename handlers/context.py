"""Building the flow context from an update's event."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import User

from bot.access import Role
from bot.flow.engine import Ctx

UNKNOWN = object()


def make_ctx(bot: Bot, chat_id: int, user: User, role: Role, lang: str, state: FSMContext,
             raw_state: str | object | None = UNKNOWN) -> Ctx:
    """`raw_state` is aiogram's handler argument: the state the update arrived with. When it
    is None the engine knows there is no flow and skips reading and clearing storage."""
    return Ctx(bot=bot, chat_id=chat_id, user=user, role=role, lang=lang, state=state,
               fresh=raw_state is None)
