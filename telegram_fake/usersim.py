"""`UserSim`: a simulated Telegram user who sends updates and waits until the bot has answered.

"Answered" is decided deterministically from the fake's call log: after the push, wait for the
wanted number of successful answers in this user's chat (a message sent or edited there, or the
answer to this user's callback query), then until no further call for the chat has arrived for
a quiet period. With ``answers=0`` wait until the bot has fetched the update, then the quiet
period: the way to prove that the bot stays silent.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Protocol

from telegram_fake.calls import Call, CallLog
from telegram_fake.chats import ChatMessage
from telegram_fake.methods import MESSAGE_METHODS
from telegram_fake.updates import MessageRef

_QUERY_ANSWERS = MappingProxyType(
    {
        "answerCallbackQuery": "callback_query_id",
        "answerInlineQuery": "inline_query_id",
    }
)


def ephemeral_receiver(call: Call) -> int | None:
    """The user an ephemeral message call is for (sent or edited), else None."""
    given = call.params.get("ephemeral_message_parameters")
    if isinstance(given, dict) and isinstance(given.get("receiver_user_id"), int):
        return int(given["receiver_user_id"])
    receiver = call.params.get("receiver_user_id")
    if "ephemeral_message_id" in call.params and isinstance(receiver, int):
        return receiver
    return None


class BotApiFake(Protocol):
    """What a simulated user needs of the fake Bot API (`FakeTelegram` is one); declared here
    so that this module does not depend on the facade that creates users."""

    quiet_period: float
    log: CallLog

    @property
    def calls(self) -> list[Call]: ...

    @property
    def messages(self) -> Mapping[int, list[ChatMessage]]: ...

    def seen_by(self, chat_id: int, user_id: int) -> list[ChatMessage]: ...

    def push(self, update: dict[str, Any]) -> dict[str, Any]: ...

    def delivered(self, update: dict[str, Any]) -> bool: ...

    def user_json(self, user_id: int, *, first_name: str | None, username: str | None,
                  language_code: str | None) -> dict[str, Any]: ...

    def message(self, user_id: int, text: str, *, chat_id: int | None,
                language_code: str | None, chat_type: str, first_name: str | None,
                username: str | None, reply_to: MessageRef) -> dict[str, Any]: ...

    def callback(self, user_id: int, data: str, *, message: MessageRef,
                 language_code: str | None, chat_id: int | None, first_name: str | None,
                 username: str | None) -> dict[str, Any]: ...

    def document(self, user_id: int, file_name: str, data: bytes, *, caption: str | None,
                 chat_id: int | None, language_code: str | None,
                 chat_type: str) -> dict[str, Any]: ...


class UserSim:
    """One user in one chat (the private chat by default). Create with `FakeTelegram.user`."""

    def __init__(
        self,
        tg: BotApiFake,
        user_id: int,
        *,
        language_code: str | None = "en",
        first_name: str | None = None,
        username: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        timeout: float = 5.0,
    ) -> None:
        self.tg = tg
        self.user_id = user_id
        self.language_code = language_code
        self.first_name = first_name or f"User {user_id}"
        self.username = username
        self.chat_id = user_id if chat_id is None else chat_id
        self.chat_type = chat_type
        self.timeout = timeout
        self._query_ids: set[str] = set()
        tg.user_json(
            user_id, first_name=self.first_name, username=username, language_code=language_code
        )

    # --- acting -----------------------------------------------------------------------------

    async def say(
        self,
        text: str,
        *,
        answers: int = 1,
        timeout: float | None = None,
        quiet: float | None = None,
        reply_to: dict[str, Any] | ChatMessage | int | None = None,
    ) -> list[Call]:
        """Send a text message; return the calls the bot made for this chat in response."""
        update = self.tg.message(
            self.user_id,
            text,
            chat_id=self.chat_id,
            language_code=self.language_code,
            chat_type=self.chat_type,
            first_name=self.first_name,
            username=self.username,
            reply_to=reply_to,
        )
        return await self.send(update, answers=answers, timeout=timeout, quiet=quiet)

    async def press(
        self,
        button: str,
        *,
        message: ChatMessage | dict[str, Any] | int | None = None,
        answers: int = 1,
        timeout: float | None = None,
        quiet: float | None = None,
    ) -> list[Call]:
        """Press the inline button with this text or callback_data (in `message`, or else in
        the newest message of the chat that has it); return the bot's calls in response."""
        target = self._message_with(button, message)
        found = target.find_button(button)
        assert found is not None
        data = found.get("callback_data")
        if not isinstance(data, str):
            kind = next((key for key in found if key != "text"), "no action")
            raise ValueError(
                f"button {found.get('text')!r} is a {kind} button, not a callback button"
            )
        update = self.tg.callback(
            self.user_id,
            data,
            message=target,
            language_code=self.language_code,
            chat_id=self.chat_id,
            first_name=self.first_name,
            username=self.username,
        )
        return await self.send(update, answers=answers, timeout=timeout, quiet=quiet)

    async def send_document(
        self,
        file_name: str,
        data: bytes,
        *,
        caption: str | None = None,
        answers: int = 1,
        timeout: float | None = None,
        quiet: float | None = None,
    ) -> list[Call]:
        """Send a file to the bot."""
        update = self.tg.document(
            self.user_id,
            file_name,
            data,
            caption=caption,
            chat_id=self.chat_id,
            language_code=self.language_code,
            chat_type=self.chat_type,
        )
        return await self.send(update, answers=answers, timeout=timeout, quiet=quiet)

    async def send(
        self,
        update: dict[str, Any],
        *,
        answers: int = 1,
        timeout: float | None = None,
        quiet: float | None = None,
    ) -> list[Call]:
        """Push any update built for this user and wait for the bot as `say` does."""
        query = update.get("callback_query") or update.get("inline_query")
        if isinstance(query, dict):
            self._query_ids.add(str(query["id"]))
        mark = len(self.tg.calls)
        pushed = self.tg.push(update)
        await self._wait(
            pushed,
            mark,
            answers,
            timeout or self.timeout,
            self.tg.quiet_period if quiet is None else quiet,
        )
        return [call for call in self.tg.calls[mark:] if self.concerns(call)]

    # --- what the user sees -----------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages in this chat this user sees (ephemeral ones only when addressed
        to them), oldest first, as currently shown."""
        return self.tg.seen_by(self.chat_id, self.user_id)

    @property
    def last_message(self) -> ChatMessage | None:
        return self.messages[-1] if self.messages else None

    @property
    def last_text(self) -> str | None:
        """Visible text (or caption) of the bot's newest message here."""
        last = self.last_message
        return None if last is None else last.content

    def buttons(self, message: ChatMessage | None = None) -> list[list[str]]:
        """Button texts, row by row, of `message` or of the newest message that has buttons."""
        if message is not None:
            return message.buttons()
        for candidate in reversed(self.messages):
            if candidate.buttons():
                return candidate.buttons()
        return []

    # --- waiting ----------------------------------------------------------------------------

    def concerns(self, call: Call) -> bool:
        """Whether a call is about this chat (an ephemeral message: only when this user is its
        receiver) or answers one of this user's queries."""
        id_field = _QUERY_ANSWERS.get(call.method)
        if id_field is not None:
            return str(call.params.get(id_field)) in self._query_ids
        receiver = ephemeral_receiver(call)
        return call.chat_id == self.chat_id and receiver in (None, self.user_id)

    def _is_answer(self, call: Call) -> bool:
        return (
            call.ok
            and (call.method in MESSAGE_METHODS or call.method in _QUERY_ANSWERS)
            and self.concerns(call)
        )

    def _message_with(
        self, button: str, message: ChatMessage | dict[str, Any] | int | None
    ) -> ChatMessage:
        if isinstance(message, ChatMessage):
            candidates = [message]
        else:
            wanted = message.get("message_id") if isinstance(message, dict) else message
            candidates = [
                m for m in reversed(self.messages) if wanted is None or m.message_id == wanted
            ]
        for candidate in candidates:
            if candidate.find_button(button) is not None:
                return candidate
        shown = [m.buttons() for m in self.messages if m.buttons()]
        raise LookupError(f"no button {button!r} in chat {self.chat_id}; keyboards there: {shown}")

    async def _wait(
        self, update: dict[str, Any], mark: int, answers: int, timeout: float, quiet: float
    ) -> None:
        log, calls = self.tg.log, self.tg.calls
        deadline = time.monotonic() + timeout

        def reached() -> bool:
            if answers == 0:
                return self.tg.delivered(update)
            return sum(1 for call in calls[mark:] if self._is_answer(call)) >= answers

        while not reached():
            if (
                not await log.changed.wait(deadline - time.monotonic())
                and time.monotonic() >= deadline
            ):
                raise self._timeout_error(update, mark, answers, timeout)
        seen = sum(1 for call in calls[mark:] if self.concerns(call))
        quiet_until = time.monotonic() + quiet
        while (remaining := min(quiet_until, deadline) - time.monotonic()) > 0:
            await log.changed.wait(remaining)
            now_seen = sum(1 for call in calls[mark:] if self.concerns(call))
            if now_seen != seen:
                seen, quiet_until = now_seen, time.monotonic() + quiet

    def _timeout_error(
        self, update: dict[str, Any], mark: int, answers: int, timeout: float
    ) -> TimeoutError:
        failed = [call for call in self.tg.calls[mark:] if self.concerns(call) and not call.ok]
        if not self.tg.delivered(update):
            reason = "the bot never fetched the update (is it polling, or is the webhook set?)"
        elif failed:
            reason = "the bot's calls for this chat failed:\n" + "\n".join(
                f"  {c.summary()}" for c in failed
            )
        else:
            reason = f"fewer than {answers} answer(s) for chat {self.chat_id}"
        return TimeoutError(
            f"user {self.user_id}: no answer within {timeout:g} s: {reason}\n{self.tg.log.dump()}"
        )
