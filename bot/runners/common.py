"""What every real run needs: logging with secrets scrubbed, services, bot and dispatcher."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, Router

from bot.app import Services, create_bot, create_dispatcher, create_services
from bot.keitaro.masking import Redactor, install_log_redaction
from bot.settings import Settings
from bot.telegram_guard import Pacer


def setup_logging(level: str, redactor: Redactor) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("aiogram.event").setLevel(max(logging.getLevelName(level), logging.INFO))
    install_log_redaction(redactor)


@dataclass
class Runtime:
    services: Services
    bot: Bot
    dp: Dispatcher


def build_runtime(settings: Settings, routers: Sequence[Router]) -> Runtime:
    redactor = Redactor(settings.secrets())
    setup_logging(settings.log.level, redactor)
    services = create_services(settings.keitaro, settings.access, settings.storage,
                               redactor=redactor, notify=settings.notify,
                               changes=settings.changes, reports=settings.reports)
    bot = create_bot(
        settings.telegram.bot_token.get_secret_value(),
        api_url=settings.telegram.api_url,
        redactor=redactor,
        pacer=Pacer(),
    )
    return Runtime(services=services, bot=bot, dp=create_dispatcher(services, routers))
