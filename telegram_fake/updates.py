"""Builders of Update JSON for every common update type, as a user or chat would cause them.

Each builder returns a new Update dict with a fresh `update_id` and registers what it creates
(the chat, the user, message ids, query ids, files) so the bot's later calls are checked
against it. Builders do not queue anything: pass the result to `FakeTelegram.push`.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from telegram_fake.chats import ChatMessage
from telegram_fake.formatted_text import utf16_len
from telegram_fake.state import QueryRecord, TelegramState

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MessageRef = dict[str, Any] | ChatMessage | int | None


def _now() -> int:
    return int(time.time())


def command_entities(text: str) -> list[dict[str, Any]]:
    """A bot_command entity for a leading /command, as Telegram adds it."""
    match = _COMMAND.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


class UpdateBuilders:
    """Mixin for `FakeTelegram`: needs `self.state`."""

    state: TelegramState

    # --- people and chats -------------------------------------------------------------------

    def user_json(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A User object; names default to what this user was last seen with."""
        known = self.state.chats.users.get(user_id, {})
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or known.get("first_name") or f"User {user_id}",
        }
        username = username or known.get("username")
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.state.chats.remember_user(user)
        return user

    def chat_json(
        self,
        user: dict[str, Any],
        chat_id: int | None,
        chat_type: str,
        title: str | None = None,
    ) -> dict[str, Any]:
        """The Chat a message from `user` lands in (the private chat unless told otherwise)."""
        if chat_type == "private":
            chat: dict[str, Any] = {
                "id": user["id"] if chat_id is None else chat_id,
                "type": "private",
                "first_name": user["first_name"],
            }
            if "username" in user:
                chat["username"] = user["username"]
        else:
            if chat_id is None:
                raise ValueError(f"chat_id is required for a {chat_type} chat")
            known = self.state.chats.chats.get(chat_id, {})
            chat = {
                "id": chat_id,
                "type": chat_type,
                "title": title or known.get("title") or f"Chat {chat_id}",
            }
        return self.state.chats.remember_chat(chat)

    def _update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": self.state.updates.next_update_id(), kind: payload}

    def _message_ref(self, ref: MessageRef, chat_id: int) -> dict[str, Any] | None:
        """A Message dict for `ref` (a dict, a ChatMessage, or a message id in `chat_id`)."""
        if ref is None or isinstance(ref, dict):
            return ref
        if isinstance(ref, ChatMessage):
            return ref.to_json()
        found = self.state.chats.message_json(chat_id, ref)
        if found is None:
            raise ValueError(f"no message {ref} in chat {chat_id}")
        return found

    def _user_message(
        self,
        user_id: int,
        *,
        chat_id: int | None,
        chat_type: str,
        language_code: str | None,
        first_name: str | None,
        username: str | None,
        reply_to: MessageRef = None,
        message_id: int | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        user = self.user_json(
            user_id, first_name=first_name, username=username, language_code=language_code
        )
        chat = self.chat_json(user, chat_id, chat_type)
        message: dict[str, Any] = {
            "message_id": message_id or self.state.chats.next_message_id(int(chat["id"])),
            "from": user,
            "chat": chat,
            "date": _now(),
        }
        replied = self._message_ref(reply_to, int(chat["id"]))
        if replied is not None and replied.get("ephemeral_message_id") is not None:
            # a reply to the bot's ephemeral message is itself ephemeral (only the bot sees
            # it), and its `reply_to_message` is omitted, as the Bot API allows
            message["message_id"] = 0
            message["ephemeral_message_id"] = self.state.chats.next_ephemeral_id(int(chat["id"]))
            message["receiver_user"] = self.state.bot_user
        elif replied is not None:
            message["reply_to_message"] = replied
        message.update({key: value for key, value in content.items() if value is not None})
        self.state.chats.remember_user_message(message)
        return message

    # --- messages ---------------------------------------------------------------------------

    def message(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: str = "private",
        first_name: str | None = None,
        username: str | None = None,
        reply_to: MessageRef = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A text message; a leading /command gets its bot_command entity automatically."""
        message = self._user_message(
            user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            username=username,
            reply_to=reply_to,
            text=text,
            entities=entities if entities is not None else (command_entities(text) or None),
        )
        return self._update("message", message)

    def edited_message(
        self,
        user_id: int,
        text: str,
        *,
        message: MessageRef = None,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: str = "private",
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """The user edited a message of theirs (`message`: its id or dict; a new id if None)."""
        message_id = None
        if isinstance(message, dict):
            message_id = int(message["message_id"])
        elif isinstance(message, int):
            message_id = message
        edited = self._user_message(
            user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            username=username,
            message_id=message_id,
            text=text,
            entities=command_entities(text) or None,
        )
        edited["edit_date"] = _now()
        return self._update("edited_message", edited)

    def document(
        self,
        user_id: int,
        file_name: str,
        data: bytes = b"%PDF-1.4 fake",
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: str = "private",
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A document from the user; the bot can getFile and download its bytes."""
        stored = self.state.files.add(
            data, kind="document", file_name=file_name, mime_type=mime_type
        )
        message = self._user_message(
            user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            username=username,
            document=stored.document_json(),
            caption=caption,
        )
        return self._update("message", message)

    def photo(
        self,
        user_id: int,
        data: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        language_code: str | None = "en",
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """A photo from the user."""
        stored = self.state.files.add(data, kind="photo")
        message = self._user_message(
            user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=None,
            username=None,
            photo=stored.photo_json(),
            caption=caption,
        )
        return self._update("message", message)

    def business_message(
        self,
        user_id: int,
        text: str,
        *,
        connection_id: str = "business-1",
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A message in a business account chat the bot manages."""
        message = self._user_message(
            user_id,
            chat_id=None,
            chat_type="private",
            language_code=language_code,
            first_name=None,
            username=None,
            text=text,
            business_connection_id=connection_id,
        )
        return self._update("business_message", message)

    def _channel_message(
        self, chat_id: int, text: str, title: str, message_id: int | None
    ) -> dict[str, Any]:
        chat = self.state.chats.remember_chat({"id": chat_id, "type": "channel", "title": title})
        message = {
            "message_id": message_id or self.state.chats.next_message_id(chat_id),
            "sender_chat": chat,
            "chat": chat,
            "date": _now(),
            "text": text,
        }
        self.state.chats.remember_user_message(message)
        return message

    def channel_post(self, chat_id: int, text: str, *, title: str = "Channel") -> dict[str, Any]:
        """A post in a channel the bot is in (no `from`: channels post as themselves)."""
        return self._update("channel_post", self._channel_message(chat_id, text, title, None))

    def edited_channel_post(
        self, chat_id: int, text: str, *, message_id: int | None = None, title: str = "Channel"
    ) -> dict[str, Any]:
        post = self._channel_message(chat_id, text, title, message_id)
        post["edit_date"] = _now()
        return self._update("edited_channel_post", post)

    # --- queries ----------------------------------------------------------------------------

    def _new_query(self, kind: str, user_id: int, chat_id: int | None) -> str:
        query_id = f"{user_id}{self.state.new_id():08d}"
        self.state.queries[query_id] = QueryRecord(query_id, kind, user_id, chat_id)
        return query_id

    def _message_with_button(self, chat_id: int, data: str, user_id: int) -> dict[str, Any]:
        """The newest bot message the user sees in the chat with a button for `data`, else a
        stand-in message."""
        for message in reversed(self.state.chats.seen_by(chat_id, user_id)):
            button = message.find_button(data)
            if button is not None and button.get("callback_data") == data:
                return message.to_json()
        return {
            "message_id": self.state.chats.next_message_id(chat_id),
            "from": self.state.bot_user,
            "chat": self.state.chats.chat(chat_id),
            "date": _now(),
            "text": "…",
        }

    def callback(
        self,
        user_id: int,
        data: str,
        *,
        message: MessageRef = None,
        language_code: str | None = "en",
        chat_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A button press. `message`: the bot's message (dict/ChatMessage/id); by default the
        newest message in the chat that has a button with this callback_data."""
        user = self.user_json(
            user_id, first_name=first_name, username=username, language_code=language_code
        )
        chat = int(user_id if chat_id is None else chat_id)
        pressed = self._message_ref(message, chat) if message is not None else None
        if pressed is None:
            pressed = self._message_with_button(chat, data, user_id)
        chat = int(pressed["chat"]["id"])
        query_id = self._new_query("callback_query", user_id, chat)
        self.state.queries[query_id].from_ephemeral = "ephemeral_message_id" in pressed
        query = {
            "id": query_id,
            "from": user,
            "message": pressed,
            "chat_instance": str(int(hashlib.sha256(str(chat).encode()).hexdigest()[:15], 16)),
            "data": data,
        }
        return self._update("callback_query", query)

    def inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        language_code: str | None = "en",
        chat_type: str | None = "private",
    ) -> dict[str, Any]:
        """The user typed `@bot query` in some chat."""
        payload: dict[str, Any] = {
            "id": self._new_query("inline_query", user_id, None),
            "from": self.user_json(user_id, language_code=language_code),
            "query": query,
            "offset": offset,
        }
        if chat_type:
            payload["chat_type"] = chat_type
        return self._update("inline_query", payload)

    def chosen_inline_result(
        self, user_id: int, result_id: str, *, query: str = ""
    ) -> dict[str, Any]:
        payload = {"result_id": result_id, "from": self.user_json(user_id), "query": query}
        return self._update("chosen_inline_result", payload)

    def shipping_query(self, user_id: int, *, payload: str = "invoice") -> dict[str, Any]:
        query = {
            "id": self._new_query("shipping_query", user_id, None),
            "from": self.user_json(user_id),
            "invoice_payload": payload,
            "shipping_address": {
                "country_code": "DE",
                "state": "",
                "city": "Berlin",
                "street_line1": "Street 1",
                "street_line2": "",
                "post_code": "10115",
            },
        }
        return self._update("shipping_query", query)

    def pre_checkout_query(
        self,
        user_id: int,
        *,
        payload: str = "invoice",
        currency: str = "USD",
        total_amount: int = 100,
    ) -> dict[str, Any]:
        query = {
            "id": self._new_query("pre_checkout_query", user_id, None),
            "from": self.user_json(user_id),
            "currency": currency,
            "total_amount": total_amount,
            "invoice_payload": payload,
        }
        return self._update("pre_checkout_query", query)

    def poll_answer(
        self, user_id: int, *, poll_id: str = "poll-1", option_ids: list[int] | None = None
    ) -> dict[str, Any]:
        options = [0] if option_ids is None else option_ids
        answer = {
            "poll_id": poll_id,
            "user": self.user_json(user_id),
            "option_ids": options,
            "option_persistent_ids": [str(option) for option in options],
        }
        return self._update("poll_answer", answer)

    # --- membership and reactions -----------------------------------------------------------

    def _member(self, user: dict[str, Any], status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "kicked":
            member["until_date"] = 0
        elif status == "creator":
            member["is_anonymous"] = False
        elif status not in {"member", "left"}:
            raise ValueError(
                f"unsupported member status {status!r}: use member/left/kicked/creator"
            )
        return member

    def my_chat_member(
        self,
        user_id: int,
        *,
        old_status: str = "member",
        new_status: str = "kicked",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """The bot's own membership changed (default: the user blocked the bot)."""
        user = self.user_json(user_id)
        change = {
            "chat": self.chat_json(user, chat_id, chat_type),
            "from": user,
            "date": _now(),
            "old_chat_member": self._member(self.state.bot_user, old_status),
            "new_chat_member": self._member(self.state.bot_user, new_status),
        }
        return self._update("my_chat_member", change)

    def chat_member(
        self,
        user_id: int,
        chat_id: int,
        *,
        old_status: str = "left",
        new_status: str = "member",
        chat_type: str = "supergroup",
    ) -> dict[str, Any]:
        """`user_id` joined or left a group (opt-in update: list it in allowed_updates)."""
        user = self.user_json(user_id)
        change = {
            "chat": self.chat_json(user, chat_id, chat_type),
            "from": user,
            "date": _now(),
            "old_chat_member": self._member(user, old_status),
            "new_chat_member": self._member(user, new_status),
        }
        return self._update("chat_member", change)

    def chat_join_request(
        self, user_id: int, chat_id: int, *, chat_type: str = "supergroup"
    ) -> dict[str, Any]:
        user = self.user_json(user_id)
        request = {
            "chat": self.chat_json(user, chat_id, chat_type),
            "from": user,
            "user_chat_id": user_id,
            "date": _now(),
        }
        return self._update("chat_join_request", request)

    def message_reaction(
        self,
        user_id: int,
        message_id: int,
        *,
        emoji: str = "👍",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """The user reacted to a message (opt-in update: list it in allowed_updates)."""
        user = self.user_json(user_id)
        reaction = {
            "chat": self.chat_json(user, chat_id, chat_type),
            "message_id": message_id,
            "user": user,
            "date": _now(),
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": emoji}],
        }
        return self._update("message_reaction", reaction)
