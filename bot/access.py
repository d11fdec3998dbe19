"""Access control: the whitelist with roles, checked in an outer middleware on every update."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from enum import IntEnum
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineQuery, Message, TelegramObject, Update, User

from bot.i18n import lang_of, t
from bot.keitaro.catalog import Action, Danger, L

log = logging.getLogger("bot.access")


class Role(IntEnum):
    """Roles in order of power: each may run the danger levels of those below it."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        return cls[name.upper()]

    def may(self, danger: Danger) -> bool:
        return self >= _NEEDED[danger]


_NEEDED = {Danger.READ: Role.VIEWER, Danger.WRITE: Role.EDITOR, Danger.DESTRUCTIVE: Role.ADMIN}


def role_name(role: Role, lang: str) -> str:
    """A role's name in `lang`."""
    return t(lang, f"role.{role.name.lower()}")


def needed_role(danger: Danger, lang: str) -> str:
    """The name, in `lang`, of the least role that may run this level."""
    return role_name(_NEEDED[danger], lang)


def refusal(
    role: Role, action: Action, lang: str, danger: Danger | None = None,
    reasons: tuple[L, ...] = (),
) -> str:
    """What a user whose role may not run `action` (at the level `danger`, its own when not
    given, for `reasons`) is told (the one such text)."""
    text = t(lang, "access.role", role=role_name(role, lang),
             needed=needed_role(danger or action.danger, lang), action=action.label.get(lang))
    return "\n".join([text, *(t(lang, "access.because", reason=r.get(lang)) for r in reasons)])


class AccessPolicy:
    """Who may use the bot: Telegram user id → role."""

    def __init__(self, users: dict[int, str]) -> None:
        self.roles = {uid: Role.parse(role) for uid, role in users.items()}

    def role_of(self, user_id: int | None) -> Role | None:
        return self.roles.get(user_id) if user_id is not None else None


class RefusalLimiter:
    """At most one refusal per stranger per `cooldown`, and at most `burst` per minute overall.

    Bounded memory: the least recently refused ids are forgotten beyond `capacity`.
    """

    def __init__(self, cooldown: float = 600.0, burst: int = 20, capacity: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.burst = burst
        self.capacity = capacity
        self.clock = clock
        self._last: OrderedDict[int, float] = OrderedDict()
        self._window: list[float] = []
        self.refused = 0  # updates dropped
        self.answered = 0  # refusals actually sent

    def allow(self, user_id: int) -> bool:
        now = self.clock()
        self.refused += 1
        last = self._last.get(user_id)
        if last is not None and now - last < self.cooldown:
            return False
        self._window = [ts for ts in self._window if now - ts < 60.0]
        if len(self._window) >= self.burst:
            return False
        self._window.append(now)
        self._last[user_id] = now
        self._last.move_to_end(user_id)
        while len(self._last) > self.capacity:
            self._last.popitem(last=False)
        self.answered += 1
        return True


class AccessMiddleware(BaseMiddleware):
    """Outer middleware on `dp.update`: strangers never reach a handler or the tracker.

    Allowed users get their `role` in the handler data. A stranger gets one polite,
    rate-limited refusal that shows their id; callbacks are answered without effect.
    """

    def __init__(self, policy: AccessPolicy, limiter: RefusalLimiter) -> None:
        self.policy = policy
        self.limiter = limiter

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        role = self.policy.role_of(user.id if user else None)
        if role is not None and user is not None and not user.is_bot:
            data["role"] = role
            return await handler(event, data)
        if user is not None and isinstance(event, Update) and self.limiter.allow(user.id):
            await self._refuse(event, user, data["bot"])
        log.info("refused an update from %s", user.id if user else "an unknown sender")
        return None

    async def _refuse(self, update: Update, user: User, bot: Bot) -> None:
        lang = lang_of(user)
        text = t(lang, "access.refused", user_id=user.id)
        try:
            event = update.event
            if isinstance(event, CallbackQuery):
                await event.answer(t(lang, "access.refused_short", user_id=user.id),
                                   show_alert=True)
            elif isinstance(event, InlineQuery):
                await event.answer([], cache_time=60, is_personal=True)
            elif isinstance(event, Message) and event.chat.type == "private":
                await bot.send_message(event.chat.id, text)
        except TelegramAPIError as exc:
            log.info("could not send a refusal: %s", type(exc).__name__)
