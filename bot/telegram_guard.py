"""Outgoing Telegram calls: scrubbed of secrets, paced to Telegram's limits, retried as told."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.keitaro.masking import Redactor
from bot.telegram_scrub import Scrubber
from bot.telegram_session import BotSession

log = logging.getLogger("bot.telegram")

PACED_PREFIXES = ("Send", "Edit", "Copy", "Forward")
MAX_RETRY_AFTER = 60.0

# aiogram validates every answer with `Response[method.__returning__]`. pydantic keeps such
# parametrised models only in a weak-value cache, so once the garbage collector has dropped
# one, the next call builds the model class again (schema, validator: most of the cost of a
# call). Holding them here keeps every one built once per process.
_RESPONSE_MODELS: dict[Any, Any] = {}


def _keep_response_model(method: TelegramMethod[Any]) -> None:
    returning = getattr(method, "__returning__", None)
    if returning is None:
        return
    try:
        if returning not in _RESPONSE_MODELS:
            _RESPONSE_MODELS[returning] = Response[returning]  # type: ignore[valid-type]
    except TypeError:  # an unhashable return annotation: leave it to aiogram
        return


class Pacer:
    """Token buckets under Telegram's limits: about 1 message a second per private chat (with
    the short bursts Telegram tolerates there), 20 a minute per group, and a little under 30
    a second overall, so that network jitter never tips a burst over the line."""

    def __init__(self, per_chat: float = 1.0, chat_burst: int = 3, per_group: float = 20 / 60,
                 group_burst: int = 3, overall: float = 25.0, overall_burst: int = 3,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_chat, self.chat_burst = per_chat, chat_burst
        self.per_group, self.group_burst = per_group, group_burst
        # any one second holds at most the burst and a second's refill: 3 + 25 = 28 < 30 (a
        # burst of 25 on top of 25 a second let 50 messages into the first second)
        self.overall, self.overall_burst = overall, overall_burst
        self.clock = clock
        self._chats: dict[Any, tuple[float, float]] = {}
        self._flying: dict[Any, int] = {}  # messages to a chat sent but not answered yet
        self._global = (float(overall_burst), clock())
        self._lock = asyncio.Lock()

    def _take(self, bucket: tuple[float, float], rate: float, cap: float) -> tuple[float, float]:
        tokens, stamp = bucket
        now = self.clock()
        return min(cap, tokens + (now - stamp) * rate), now

    def answered(self, chat_id: Any) -> None:
        """Telegram has answered a message to `chat_id`, so it has counted it by now: the
        chat's bucket refills from now on. `wait` lets a message go before Telegram counts it,
        and when the next one travels faster (an open connection after a new one) it would
        arrive less than a second after it."""
        flying = self._flying.get(chat_id, 0) - 1
        if flying > 0:
            self._flying[chat_id] = flying
        else:
            self._flying.pop(chat_id, None)
        bucket = self._chats.get(chat_id)
        if bucket is not None:
            # what refilled while it travelled was counted from before Telegram saw it:
            # keep whole tokens only, and refill from now
            self._chats[chat_id] = (math.floor(bucket[0]), max(bucket[1], self.clock()))

    def _chat_limits(self, chat_id: Any) -> tuple[float, float]:
        group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        return (self.per_group, self.group_burst) if group else (self.per_chat, self.chat_burst)

    async def wait(self, chat_id: Any) -> None:
        """Wait until one more message to `chat_id` is within both limits."""
        rate, burst = self._chat_limits(chat_id)
        while True:
            async with self._lock:
                chat = self._chats.get(chat_id, (float(burst), self.clock()))
                if chat[0] < 1 and self._flying.get(chat_id):
                    # the burst is spent and Telegram has not counted the last messages yet:
                    # the bucket refills only from their answers (a message still travelling
                    # may reach Telegram later than the next one would)
                    chat = (chat[0], self.clock())
                else:
                    chat = self._take(chat, rate, burst)
                glob = self._take(self._global, self.overall, self.overall_burst)
                if chat[0] >= 1 and glob[0] >= 1:
                    self._chats[chat_id] = (chat[0] - 1, chat[1])
                    self._global = (glob[0] - 1, glob[1])
                    self._flying[chat_id] = self._flying.get(chat_id, 0) + 1
                    if len(self._chats) > 10_000:
                        self._chats.pop(next(iter(self._chats)))
                    return
                self._chats[chat_id], self._global = chat, glob
                delay = max((1 - chat[0]) / rate, (1 - glob[0]) / self.overall, 0.005)
            await asyncio.sleep(delay)


class TelegramGuard(BaseRequestMiddleware):
    """Session middleware for every Bot API call the bot makes."""

    def __init__(self, redactor: Redactor, pacer: Pacer | None = None, retries: int = 3) -> None:
        self.scrubber = Scrubber(redactor)
        self.pacer = pacer
        self.retries = retries
        self.sleep = asyncio.sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not (isinstance(bot.session, BotSession) and bot.session.scrubber is not None):
            self.scrubber.scrub(method)  # else the session checks the form it sends
        _keep_response_model(method)
        name = type(method).__name__
        paced = name.startswith(PACED_PREFIXES) and name != "SendChatAction"
        chat_id = getattr(method, "chat_id", None)
        for attempt in range(self.retries + 1):
            if paced and self.pacer is not None:
                await self.pacer.wait(chat_id)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.retries or exc.retry_after > MAX_RETRY_AFTER:
                    raise
                log.warning("Telegram asked to wait %ss before %s", exc.retry_after, name)
                await self.sleep(exc.retry_after)
            except TelegramServerError:
                if attempt == self.retries:
                    raise
                await self.sleep(0.5 * 2**attempt)
            finally:
                if paced and self.pacer is not None:
                    self.pacer.answered(chat_id)
        raise AssertionError("unreachable")
