"""Chats and their messages as the user sees them: ids, current content, edits and deletions."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram_fake.files import StoredFile
from telegram_fake.keyboards import button_rows
from telegram_fake.rich import rich_plain_text


@dataclass
class ChatMessage:
    """The current version of a message the bot sent: what the user sees now."""

    message_id: int
    chat: dict[str, Any]
    sender: dict[str, Any]
    date: int
    text: str | None = None  # visible text, after parsing the markup
    caption: str | None = None  # visible caption
    raw: str | None = None  # text or caption exactly as the bot sent it
    parse_mode: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    reply_markup: dict[str, Any] | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    edit_date: int | None = None
    edits: int = 0
    media_group_id: str | None = None
    reply_to: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other Message fields echoed back
    rich: dict[str, Any] | None = None  # a rich message's RichMessage (Bot API 10.1)
    receiver: dict[str, Any] | None = None  # an ephemeral message's only reader (10.2)
    ephemeral_id: int | None = None  # its ephemeral_message_id; its message_id is 0
    order: int = 0  # place among the chat's messages, ephemeral ones included

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def is_ephemeral(self) -> bool:
        return self.ephemeral_id is not None

    def visible_to(self, user_id: int | None) -> bool:
        """Whether `user_id` sees this message (an ephemeral one: only its receiver)."""
        return self.receiver is None or (user_id is not None and self.receiver["id"] == user_id)

    @property
    def rich_text(self) -> str | None:
        """A rich message as readable text (`telegram_fake.rich.rich_plain_text`)."""
        return None if self.rich is None else rich_plain_text(self.rich)

    @property
    def content(self) -> str:
        """Text, rich content as text, or caption, whichever the message has ("" for none)."""
        if self.rich is not None:
            return rich_plain_text(self.rich)
        return self.text if self.text is not None else self.caption or ""

    def buttons(self) -> list[list[str]]:
        """Keyboard button texts, row by row."""
        return [
            [str(button.get("text", "")) for button in row]
            for row in button_rows(self.reply_markup)
        ]

    def find_button(self, text_or_data: str) -> dict[str, Any] | None:
        """The button whose text or callback_data equals `text_or_data`."""
        for row in button_rows(self.reply_markup):
            for button in row:
                if text_or_data in (button.get("text"), button.get("callback_data")):
                    return button
        return None

    def to_json(self) -> dict[str, Any]:
        """The Bot API `Message` object for the current version."""
        body: dict[str, Any] = {
            "message_id": 0 if self.is_ephemeral else self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.receiver is not None and self.ephemeral_id is not None:
            body["receiver_user"] = self.receiver
            body["ephemeral_message_id"] = self.ephemeral_id
        if self.edit_date is not None:
            body["edit_date"] = self.edit_date
        if self.media_group_id is not None:
            body["media_group_id"] = self.media_group_id
        if self.reply_to is not None:
            body["reply_to_message"] = self.reply_to
        body.update(self.extra)
        if self.rich is not None:
            body["rich_message"] = self.rich
        elif self.text is not None:
            body["text"] = self.text
            if self.entities:
                body["entities"] = list(self.entities)
        if self.document is not None:
            body["document"] = self.document.document_json()
        if self.photo is not None:
            body["photo"] = self.photo.photo_json()
        if self.caption is not None:
            body["caption"] = self.caption
            if self.entities:
                body["caption_entities"] = list(self.entities)
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            body["reply_markup"] = self.reply_markup
        return body


def default_chat(chat_id: int) -> dict[str, Any]:
    """A plausible Chat for an id the fake has not seen in any update."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
    if chat_id < -1_000_000_000_000:
        return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
    return {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}


class ChatStore:
    """Known chats, one message-id sequence per chat (shared by user and bot), and messages."""

    def __init__(self) -> None:
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self._last_id: dict[int, int] = {}
        self._bot_messages: dict[int, dict[int, ChatMessage]] = {}
        self._user_messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._ephemeral: dict[int, dict[int, ChatMessage]] = {}  # chat → ephemeral id → message
        self._last_ephemeral: dict[int, int] = {}
        self._order = 0

    def clear(self) -> None:
        self.chats.clear()
        self.users.clear()
        self._last_id.clear()
        self._bot_messages.clear()
        self._user_messages.clear()
        self._ephemeral.clear()
        self._last_ephemeral.clear()

    @staticmethod
    def now() -> int:
        return int(time.time())

    def remember_chat(self, chat: dict[str, Any]) -> dict[str, Any]:
        known = self.chats.setdefault(int(chat["id"]), dict(chat))
        known.update(chat)
        return known

    def remember_user(self, user: dict[str, Any]) -> None:
        self.users[int(user["id"])] = dict(user)

    def chat(self, chat_id: int) -> dict[str, Any]:
        """The Chat object for `chat_id` (seen in an update, or a default one)."""
        return self.chats.get(chat_id) or default_chat(chat_id)

    def is_known(self, chat_id: int) -> bool:
        return chat_id in self.chats

    def resolve_username(self, username: str) -> int | None:
        name = username.removeprefix("@").lower()
        for chat_id, chat in self.chats.items():
            if str(chat.get("username", "")).lower() == name:
                return chat_id
        return None

    def next_message_id(self, chat_id: int) -> int:
        self._last_id[chat_id] = self._last_id.get(chat_id, 0) + 1
        return self._last_id[chat_id]

    def remember_user_message(self, message: dict[str, Any]) -> None:
        """Register a message that arrived in an update, so replies and deletes can find it."""
        chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
        self.remember_chat(message["chat"])
        if isinstance(message.get("from"), dict):
            self.remember_user(message["from"])
        if message_id == 0:  # an ephemeral message: nothing can reply to it or delete it
            return
        self._last_id[chat_id] = max(self._last_id.get(chat_id, 0), message_id)
        if message_id not in self._bot_messages.get(chat_id, {}):
            self._user_messages.setdefault(chat_id, {})[message_id] = message

    def next_ephemeral_id(self, chat_id: int) -> int:
        self._last_ephemeral[chat_id] = self._last_ephemeral.get(chat_id, 0) + 1
        return self._last_ephemeral[chat_id]

    def add(self, message: ChatMessage) -> None:
        self._order += 1
        message.order = self._order
        if message.ephemeral_id is not None:
            self._ephemeral.setdefault(message.chat_id, {})[message.ephemeral_id] = message
        else:
            self._bot_messages.setdefault(message.chat_id, {})[message.message_id] = message

    def ephemeral(self, chat_id: int, ephemeral_id: int, receiver_id: int) -> ChatMessage | None:
        """The bot's ephemeral message `ephemeral_id` shown to `receiver_id`, if it exists."""
        found = self._ephemeral.get(chat_id, {}).get(ephemeral_id)
        if found is None or found.receiver is None or found.receiver["id"] != receiver_id:
            return None
        return found

    def delete_ephemeral(self, chat_id: int, ephemeral_id: int, receiver_id: int) -> bool:
        if self.ephemeral(chat_id, ephemeral_id, receiver_id) is None:
            return False
        del self._ephemeral[chat_id][ephemeral_id]
        return True

    def bot_message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        return self._bot_messages.get(chat_id, {}).get(message_id)

    def user_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        return self._user_messages.get(chat_id, {}).get(message_id)

    def message_json(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message of either side as a Bot API dict, if it exists."""
        bot_message = self.bot_message(chat_id, message_id)
        if bot_message is not None:
            return bot_message.to_json()
        return self.user_message(chat_id, message_id)

    def delete(self, chat_id: int, message_id: int) -> bool:
        if self._bot_messages.get(chat_id, {}).pop(message_id, None) is not None:
            return True
        return self._user_messages.get(chat_id, {}).pop(message_id, None) is not None

    def history(self, chat_id: int) -> list[ChatMessage]:
        """The bot's messages in a chat in the order sent, ephemeral ones included."""
        messages = [*self._bot_messages.get(chat_id, {}).values(),
                    *self._ephemeral.get(chat_id, {}).values()]
        return sorted(messages, key=lambda m: m.order)

    def seen_by(self, chat_id: int, user_id: int) -> list[ChatMessage]:
        """What `user_id` sees of the bot's messages in a chat: ephemeral messages only when
        they are addressed to them."""
        return [m for m in self.history(chat_id) if m.visible_to(user_id)]

    def chats_with_messages(self) -> list[int]:
        chats = {chat_id for chat_id, messages in self._bot_messages.items() if messages}
        chats |= {chat_id for chat_id, messages in self._ephemeral.items() if messages}
        return sorted(chats)


class ChatHistory(Mapping[int, list[ChatMessage]]):
    """`tg.messages[chat_id]`: the bot's messages in a chat, oldest first ([] if none)."""

    def __init__(self, store: ChatStore) -> None:
        self._store = store

    def __getitem__(self, chat_id: int) -> list[ChatMessage]:
        return self._store.history(chat_id)

    def __iter__(self) -> Iterator[int]:
        return iter(self._store.chats_with_messages())

    def __len__(self) -> int:
        return len(self._store.chats_with_messages())

    def __contains__(self, chat_id: object) -> bool:
        return isinstance(chat_id, int) and bool(self._store.history(chat_id))
