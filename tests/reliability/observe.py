"""Watching the bot from the outside: when an update is done, what it said, what it logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from keitaro_sandbox.app import RecordedRequest
from telegram_fake import FakeTelegram
from telegram_fake.calls import Call
from telegram_fake.chats import ChatMessage

TEXT_METHODS = ("sendMessage", "sendRichMessage", "editMessageText",
                "editEphemeralMessageText")  # plain and rich messages, ephemeral ones too
RESULT_MARKS = ("✅", "❌", "⚠️", "🕓", "📤")  # a result's title mark (bot.changes.outcome)
INTERNAL_ERROR = "Something went wrong on the bot's side"


class UpdateProbe:
    """Knows when the dispatcher has finished an update, however it arrived.

    It wraps `Dispatcher.feed_update` (the one door both polling and `feed_raw_update` go
    through), so a test awaits the end of the handler instead of sleeping.
    """

    def __init__(self, dp: Dispatcher) -> None:
        self._feed = dp.feed_update
        self._done: dict[int, asyncio.Event] = {}
        self.errors: dict[int, BaseException] = {}
        self.finished = 0
        dp.feed_update = self._feed_update  # type: ignore[method-assign]

    def _event(self, update_id: int) -> asyncio.Event:
        return self._done.setdefault(update_id, asyncio.Event())

    async def _feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        try:
            return await self._feed(bot, update, **kwargs)
        except BaseException as exc:
            self.errors[update.update_id] = exc
            raise
        finally:
            self.finished += 1
            self._event(update.update_id).set()

    async def wait(self, update_id: int, timeout: float = 30.0) -> None:
        """Until the handler of this update has returned (or raised)."""
        await asyncio.wait_for(self._event(update_id).wait(), timeout)

    def done(self, update_id: int) -> bool:
        return self._event(update_id).is_set()


@dataclass
class Step:
    """One update a test sent, and everything the bot did for it.

    `calls` are the Bot API calls for the sender's chat (or answering its query) made between
    the push and the end of the handler; `requests` the tracker requests in that window
    (of every user: filter them by what this user owns). `presses`: a double tap sends the
    same button press twice at once (counted in `update` once).
    """

    kind: str
    update: dict[str, Any]
    calls: list[Call] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    request_range: tuple[int, int] = (0, 0)
    presses: int = 1

    @property
    def texts(self) -> list[str]:
        """What the user saw, message by message (sent or edited), in order."""
        return [FakeTelegram.visible_text(c) for c in self.calls
                if c.ok and c.method in TEXT_METHODS]

    @property
    def final(self) -> str:
        texts = self.texts
        return texts[-1] if texts else ""

    @property
    def failed_calls(self) -> list[Call]:
        """Refused Bot API calls, except flood-control 429s (the bot waits and sends again)."""
        return [c for c in self.calls if c.done and not c.ok and c.error_code != 429]

    def describe(self) -> str:
        sent = self.update.get("message", {}).get("text") or self.update.get(
            "callback_query", {}).get("data")
        return f"{self.kind} {sent!r} → {[t[:80] for t in self.texts]}"


def concerns(call: Call, chat_id: int, query_ids: Iterable[str | None]) -> bool:
    """A call about this chat, or answering one of these callback queries."""
    if call.method == "answerCallbackQuery":
        return str(call.params.get("callback_query_id")) in set(query_ids)
    return call.chat_id == chat_id


def query_id_of(update: dict[str, Any]) -> str | None:
    query = update.get("callback_query")
    return str(query["id"]) if isinstance(query, dict) else None


def find_button(messages: Iterable[ChatMessage], label: str) -> tuple[ChatMessage, str]:
    """The newest message with a button whose text contains `label`; (message, data)."""
    for message in reversed(list(messages)):
        markup = message.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label in button["text"] and "callback_data" in button:
                    return message, str(button["callback_data"])
    raise LookupError(f"no button with {label!r}")


# The test doubles log under these names; in-process (polling) the bot runs no aiohttp server,
# so "aiohttp.server" is the sandbox's or the fake Bot API's (e.g. refusing a 20 KB URL line).
DOUBLES = ("aiohttp.server", "keitaro_sandbox", "telegram_fake")


def log_problems(records: Iterable[logging.LogRecord],
                 ignore: tuple[str, ...] = DOUBLES) -> list[str]:
    """ERROR (and worse) records, and any record carrying a traceback, from the bot (not from
    the loggers in `ignore`)."""
    found = []
    for record in records:
        if record.name.startswith(ignore):
            continue
        text = record.getMessage()
        if record.levelno >= logging.ERROR or record.exc_info or "Traceback" in text:
            found.append(f"{record.levelname} {record.name}: {text[:300]}")
    return found
