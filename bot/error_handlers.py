"""Error handlers: whatever fails while handling an update, the user hears about it."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.context import Ctx
from bot.i18n import lang_of, t
from bot.keitaro.errors import KeitaroError
from bot.notify.subscriptions import SubscriptionLimit
from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.errors")


async def _tell(event: ErrorEvent, bot: Bot, key: str, ctx: Ctx | None,
                **details: Any) -> None:
    await _report(event, bot, key, ctx, details)


async def _report(event: ErrorEvent, bot: Bot, key: str, ctx: Ctx | None,
                  details: dict[str, Any], *, to_chat: bool = False) -> None:
    """Tell the person: a button's alert, else a message. With `to_chat`, a message also when
    the button was answered already (the alert can no longer be shown)."""
    update = event.update
    target = update.message or update.edited_message
    query = update.callback_query
    user = (target.from_user if target else None) or (query.from_user if query else None)
    lang = ctx.lang if ctx is not None else lang_of(user)
    chat_id = target.chat.id if target else (query.message.chat.id if query and query.message
                                             else None)
    try:
        if query is not None:
            try:
                await query.answer(t(lang, key, **details), show_alert=True)
                return
            except TelegramAPIError:
                if not to_chat:
                    raise
        if chat_id is not None:
            await bot.send_message(chat_id, t(lang, key, **details))
    except TelegramAPIError:
        log.info("could not report an error to the user")


def register_error_handlers(dp: Dispatcher) -> None:
    @dp.errors(ExceptionTypeFilter(KeitaroError))
    async def keitaro_error(event: ErrorEvent, bot: Bot, ctx: Ctx | None = None) -> bool:
        log.warning("tracker error: %s", event.exception)
        await _tell(event, bot, "error.internal_tracker", ctx)
        return True

    @dp.errors(ExceptionTypeFilter(SubscriptionLimit))
    async def too_many(event: ErrorEvent, bot: Bot, ctx: Ctx | None = None) -> bool:
        """A chat or a person is at the most alerts or digests allowed: say so, save nothing."""
        limit = event.exception
        assert isinstance(limit, SubscriptionLimit)
        await _tell(event, bot, limit.key, ctx, **limit.details)
        return True

    @dp.errors(ExceptionTypeFilter(StorageBusy))
    async def storage_busy(event: ErrorEvent, bot: Bot, ctx: Ctx | None = None) -> bool:
        """Storage could not be had in time (the database logs the stall once): the person
        is told to try again; nothing was sent for this step past that point."""
        log.debug("an update stopped: storage busy (%s)", event.exception)
        where = getattr(event.exception, "where", "file")
        key = "storage.unreachable" if where == "redis" else "storage.busy"
        await _report(event, bot, key, ctx, {}, to_chat=True)
        return True

    @dp.errors(ExceptionTypeFilter(TelegramAPIError))
    async def telegram_error(event: ErrorEvent, bot: Bot) -> bool:
        log.warning("Telegram refused a call: %s", event.exception)
        return True

    @dp.errors()
    async def unexpected(event: ErrorEvent, bot: Bot, ctx: Ctx | None = None) -> bool:
        log.error("unhandled error", exc_info=event.exception)
        await _tell(event, bot, "error.internal", ctx)
        return True
