"""Long polling: the default way to run."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram import Router

from bot.runners.common import build_runtime
from bot.settings import Settings

log = logging.getLogger("bot.polling")


async def run_polling(settings: Settings, routers: Sequence[Router]) -> None:
    """Poll until SIGINT/SIGTERM; updates in flight finish, then everything closes."""
    runtime = build_runtime(settings, routers)
    await runtime.bot.delete_webhook(drop_pending_updates=False)
    log.info("starting long polling")
    await runtime.dp.start_polling(runtime.bot, handle_signals=True, close_bot_session=True)
