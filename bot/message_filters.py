"""Small async filters for hot paths.

aiogram runs every synchronous filter, magic filters included, in a worker thread
(`asyncio.to_thread`); these are coroutines, so they run on the event loop at no such cost.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.enums import ChatType
from aiogram.filters import BaseFilter
from aiogram.types import Message


class PrivateChat(BaseFilter):
    async def __call__(self, message: Message) -> bool:
        return message.chat.type == ChatType.PRIVATE


class HasText(BaseFilter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None


class TextIn(BaseFilter):
    """The whole message is one of `words` (case and surrounding spaces ignored)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.lower() for w in words)

    async def __call__(self, message: Message) -> bool:
        return message.text is not None and message.text.strip().lower() in self.words


class SlashWord(BaseFilter):
    """A message that starts like a command: `/` and a word (any script), then a space or
    the end; `/css/style.css` and `/ 12` are not."""

    async def __call__(self, message: Message) -> bool:
        text = (message.text or "").lstrip()
        if not text.startswith("/") or len(text) < 2 or text[1].isspace():
            return False
        word = text.split(maxsplit=1)[0]
        return "/" not in word[1:]
