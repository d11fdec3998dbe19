"""What the bot holds for the person behind an update, and when: only after the whitelist.

aiogram's FSM middleware takes a per-person lock (one update of a person at a time) and reads
the conversation state. It runs here after access control, so a stranger's update reads
nothing from storage and leaves nothing behind; and the in-memory locks are freed as soon as
no update holds or awaits them (aiogram's `SimpleEventIsolation` keeps every lock it made).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import TelegramObject, Update

from bot.storage.sqlite import StorageBusy

# `raw_state` of an update whose state storage could not read in time: not None, so the
# engine reads storage again when it needs the flow (and that update is told storage is busy)
UNREAD_STATE = "storage-busy"


def answers_a_step(update: TelegramObject) -> bool:
    """A message that is not a command: what it means depends on the step a flow waits at."""
    message = update.message if isinstance(update, Update) else None
    return message is not None and not (message.text or "").startswith("/")


class _Held:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0  # updates holding or awaiting the lock


class PersonLocks(BaseEventIsolation):
    """One asyncio lock per person (and chat), kept only while an update holds or awaits it."""

    def __init__(self) -> None:
        self._held: dict[Hashable, _Held] = {}

    @property
    def held(self) -> int:
        """How many people's locks exist now (held or awaited). No `__len__`: aiogram takes
        an empty isolation for none (`events_isolation or DisabledEventIsolation()`)."""
        return len(self._held)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = _Held()
        held.users += 1
        try:
            async with held.lock:
                yield
        finally:
            held.users -= 1
            if not held.users and self._held.get(key) is held:
                del self._held[key]

    async def close(self) -> None:
        """Nothing to close: a lock goes with its last update. (aiogram closes the isolation
        first thing on shutdown, while the updates taken are still being finished.)"""


class PersonState(FSMContextMiddleware):
    """aiogram's FSM middleware: the person's lock, then their state. A state that cannot be
    read because storage is busy is passed on as `UNREAD_STATE`, so an update that needs no
    storage (/help) goes on, and one that needs it is told storage is busy when it gets to
    storage; a message answering a step needs its state at once, and is told so here."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bot: Bot = data["bot"]
        context = self.resolve_event_context(bot, data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with self.events_isolation.lock(key=context.key):
            try:
                raw_state: str | None = await context.get_state()
            except StorageBusy:
                if answers_a_step(event):
                    raise
                raw_state = UNREAD_STATE
            data.update({"state": context, "raw_state": raw_state})
            return await handler(event, data)


def order_update_middlewares(dp: Dispatcher, *, inflight: BaseMiddleware,
                             access: BaseMiddleware, context: BaseMiddleware) -> None:
    """The update middlewares in their order: count the update (shutdown waits for it, queued
    behind its person's lock too), the whitelist, the person's lock and state, then `ctx`.
    aiogram registers its FSM middleware first; it is replaced by `PersonState`, later."""
    fsm = dp.fsm
    dp.update.outer_middleware.unregister(fsm)
    dp.fsm = PersonState(storage=fsm.storage, events_isolation=fsm.events_isolation,
                         strategy=fsm.strategy)
    for middleware in (inflight, access, dp.fsm, context):
        dp.update.outer_middleware(middleware)
