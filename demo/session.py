"""An in-process Bot API for the demo: an aiogram session that answers the bot's calls itself.

The demo needs no Telegram server: `DemoSession` answers the methods the bot uses with valid
results (messages get increasing ids; editing a message that did not change, or one that does
not exist, fails as Telegram fails) and keeps every call, so the terminal can print what the
bot sent; the files it sends are saved to a folder, to be opened. The rules of the real Bot API
(rate limits, markup checks, faults) are the business of the fake server in `telegram_fake`,
which the tests use.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    BufferedInputFile,
    FSInputFile,
    InlineKeyboardMarkup,
    InputFile,
    InputRichMessage,
)

from bot.notify.chart import png_size
from telegram_fake.errors import ApiError
from telegram_fake.files import FileStore, StoredFile
from telegram_fake.rich import check_rich_message

NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message")
NOT_FOUND = "Bad Request: message to edit not found"
TRIMMED = " \t\n\r\v\f"  # the whitespace Telegram trims around a message's text
# methods the bot calls for their effect alone; the demo has nothing to do for them
ACKNOWLEDGED = frozenset({"SendChatAction", "SetMyCommands", "DeleteMyCommands", "DeleteWebhook",
                          "SetWebhook", "AnswerCallbackQuery", "DeleteMessage", "Close",
                          "LogOut"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(markup: str) -> str:
    """What a user sees of the bot's HTML: the tags removed, character references decoded,
    and surrounding whitespace trimmed, as Telegram trims it."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts).strip(TRIMMED)


@dataclass
class Sent:
    """One Bot API call of the bot and what the demo answered (`result` is its JSON)."""

    method: TelegramMethod[Any]
    ok: bool
    result: Any = None

    @property
    def name(self) -> str:
        """The Bot API method as aiogram names its class (`SendRichMessage`), whichever class
        the bot called it with."""
        api = str(self.method.__api_method__)
        return api[:1].upper() + api[1:]


def _file_size(file: InputFile) -> int | None:
    if isinstance(file, BufferedInputFile):
        return len(file.data)
    if isinstance(file, FSInputFile):
        return Path(file.path).stat().st_size
    return None


def _file_bytes(file: InputFile) -> bytes | None:
    if isinstance(file, BufferedInputFile):
        return file.data
    if isinstance(file, FSInputFile):
        return Path(file.path).read_bytes()
    return None


class DemoSession(BaseSession):
    """The Bot API of the demo, in the process; `calls` holds what the bot did. With
    `files`, every file the bot sends (a document or a picture) is saved in that folder,
    and `saved` says where, by message id."""

    def __init__(self, chat: dict[str, Any], files: Path | None = None) -> None:
        super().__init__()
        self.chat = chat
        self.calls: list[Sent] = []
        self.messages: dict[int, dict[str, Any]] = {}  # message id → the message as shown
        self.files = files
        self.saved: dict[int, Path] = {}
        self._ids = itertools.count(1)
        self._stored = FileStore()  # pictures of rich messages, as Telegram keeps them

    def _save(self, message: dict[str, Any], name: str, data: bytes | None) -> None:
        """Keep a sent file where a person can open it: `name`, or `name-2`… when taken."""
        if self.files is None or data is None:
            return
        self.files.mkdir(parents=True, exist_ok=True)
        path = Path(name).name or "file"
        stem, suffix = Path(path).stem, Path(path).suffix
        target = self.files / path
        for n in itertools.count(2):
            if not target.exists():
                break
            target = self.files / f"{stem}-{n}{suffix}"
        target.write_bytes(data)
        self.saved[message["message_id"]] = target

    def next_message_id(self) -> int:
        """Message ids of a chat increase, whoever sends: the user's messages take them too."""
        return next(self._ids)

    def take(self) -> list[Sent]:
        """The calls made since the last `take`."""
        calls, self.calls = self.calls, []
        return calls

    async def close(self) -> None:
        """Nothing to close: no connection was opened."""

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None,
                             timeout: int = 30, chunk_size: int = 65536,
                             raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        """The demo stores no files the bot could download."""
        raise FileNotFoundError(url)
        yield b""  # pragma: no cover - makes this an async generator

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        try:
            result = self._answer(bot, method)
            payload: dict[str, Any] = {"ok": True, "result": result}
        except LookupError as exc:
            payload = {"ok": False, "error_code": 400, "description": str(exc.args[0])}
        self.calls.append(Sent(method, payload["ok"], payload.get("result")))
        status = 200 if payload["ok"] else 400
        response = self.check_response(bot, method, status, json.dumps(payload))
        return response.result  # type: ignore[return-value]

    # -- answers ---------------------------------------------------------------------------

    def _answer(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        """The JSON result Telegram would give; LookupError(description) for a refusal."""
        if isinstance(method, GetMe):
            return self._bot_user(bot)
        if isinstance(method, SendMessage):
            return self._new_message(bot, text=self._text(bot, method.text, method.parse_mode),
                                     reply_markup=self._markup(method.reply_markup))
        api = method.__api_method__
        rich_message = getattr(method, "rich_message", None)
        if api == "sendRichMessage" and isinstance(rich_message, InputRichMessage | str):
            rich, pictures = self._rich(bot, rich_message)
            message = self._new_message(bot, rich_message=rich, reply_markup=self._markup(
                getattr(method, "reply_markup", None)))
            for picture, data in pictures:
                self._save(message, picture, data)
            return message
        if api == "editMessageText" and isinstance(rich_message, InputRichMessage | str):
            rich, _ = self._rich(bot, rich_message)
            return self._edit(getattr(method, "message_id", None), rich_message=rich, text=None,
                              reply_markup=self._markup(getattr(method, "reply_markup", None)))
        if isinstance(method, EditMessageText):
            return self._edit(method.message_id, rich_message=None,
                              text=self._text(bot, method.text, method.parse_mode),
                              reply_markup=self._markup(method.reply_markup))
        if isinstance(method, EditMessageReplyMarkup):
            return self._edit(method.message_id, reply_markup=self._markup(method.reply_markup))
        if isinstance(method, SendDocument):
            document = method.document
            name = document.filename if isinstance(document, InputFile) else None
            size = _file_size(document) if isinstance(document, InputFile) else None
            message = self._new_message(bot, document={
                "file_id": f"demo-document-{len(self.messages) + 1}",
                "file_unique_id": f"demo-{len(self.messages) + 1}",
                "file_name": name or "file", "file_size": size})
            if isinstance(document, InputFile):
                self._save(message, name or "file", _file_bytes(document))
            return message
        if isinstance(method, SendPhoto):
            photo = method.photo
            width, height = (png_size(photo.data) if isinstance(photo, BufferedInputFile)
                             else (0, 0))
            caption = self._text(bot, method.caption, method.parse_mode)
            message = self._new_message(bot, caption=caption or None, photo=[{
                "file_id": f"demo-photo-{len(self.messages) + 1}",
                "file_unique_id": f"demo-p{len(self.messages) + 1}",
                "width": width, "height": height}])
            if isinstance(photo, InputFile):
                self._save(message, photo.filename or "picture.png", _file_bytes(photo))
            return message
        if isinstance(method, DeleteMessage):
            self.messages.pop(method.message_id, None)
            return True
        if isinstance(method, AnswerCallbackQuery) or type(method).__name__ in ACKNOWLEDGED:
            return True
        raise LookupError(f"Bad Request: the demo does not offer {type(method).__name__}")

    def _rich(self, bot: Bot, rich: InputRichMessage | str
              ) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
        """A rich message (or its JSON, `bot.reply.rich_json`) as Telegram answers it (its
        pictures stored), with the pictures it uploaded (to be saved); LookupError(description)
        when Telegram would refuse it."""
        pictures: list[tuple[str, bytes]] = []
        uploads: dict[str, Any] = {}
        sent = json.loads(rich if isinstance(rich, str)
                          else self.prepare_value(rich, bot=bot, files=uploads))  # as posted

        def store(media: Any, kind: str) -> StoredFile:
            upload = uploads.get(media.removeprefix("attach://")) if isinstance(
                media, str) else None
            data = _file_bytes(upload) if isinstance(upload, InputFile) else None
            name = (upload.filename if isinstance(upload, InputFile) else None) or "picture.png"
            if data is not None:
                pictures.append((name, data))
            return self._stored.add(data or b"", kind=kind, file_name=name)

        try:
            return check_rich_message(sent, store), pictures
        except ApiError as exc:
            raise LookupError(exc.description) from None

    @staticmethod
    def _bot_user(bot: Bot) -> dict[str, Any]:
        return {"id": bot.id, "is_bot": True, "first_name": "Keitaro demo",
                "username": "keitaro_demo_bot"}

    @staticmethod
    def _text(bot: Bot, text: str | None, parse_mode: str | Default | None) -> str:
        mode = bot.default["parse_mode"] if isinstance(parse_mode, Default) else parse_mode
        if text is None:
            return ""
        return visible_text(text) if mode == "HTML" else text.strip(TRIMMED)

    @staticmethod
    def _markup(markup: Any) -> dict[str, Any] | None:
        if isinstance(markup, InlineKeyboardMarkup):
            dumped: dict[str, Any] = markup.model_dump(mode="json", exclude_none=True)
            return dumped
        return None

    def _new_message(self, bot: Bot, **content: Any) -> dict[str, Any]:
        message = {"message_id": self.next_message_id(), "date": int(time.time()),
                   "chat": self.chat, "from": self._bot_user(bot),
                   **{k: v for k, v in content.items() if v is not None}}
        self.messages[message["message_id"]] = message
        return message

    def _edit(self, message_id: int | None, **content: Any) -> dict[str, Any]:
        current = self.messages.get(message_id or 0)
        if current is None:
            raise LookupError(NOT_FOUND)
        edited = {k: v for k, v in {**current, **content}.items() if v is not None}
        if edited == current:
            raise LookupError(NOT_MODIFIED)
        edited["edit_date"] = int(time.time())
        self.messages[current["message_id"]] = edited
        return edited
