"""Putting a reply on screen: edit the message the user is looking at, or send a new one.

The one edit-or-send policy of the bot: an edit Telegram calls "not modified" keeps the message
as it is; an edit that fails otherwise (the message is too old, deleted, not the bot's) sends
the reply as a new message instead, so the user always sees it.

A reply may come in two forms (`Reply`): a rich message (Bot API 10.1: tables, collapsible
details) and the plain HTML message of before. `Replies` sends the rich form when
`RICH_MESSAGES=auto` and it fits Telegram's limits; when the Bot API server does not know rich
messages (a self-hosted server older than 10.1: "method not found") or refuses the content, the
plain form goes instead, and that server gets plain messages from then on (for the process's
lifetime). In a group, a reply meant for one person (`to`) is an ephemeral message only they
see (Bot API 10.2), where the server allows it; else it is posted as before.

Messages are named by a `MessageRef`: a message id, or for an ephemeral message its negated
`ephemeral_message_id` (its `message_id` is always 0), shown to the person acting.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Literal

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNotFound
from aiogram.methods import TelegramMethod
from aiogram.types import (
    EphemeralMessageParameters,
    InlineKeyboardMarkup,
    InputRichMessage,
    MaybeInaccessibleMessageUnion,
    Message,
    TelegramObject,
)

from bot.render.rich import Doc, fits_json, measure_message, rich_message

log = logging.getLogger("bot.reply")
RichMode = Literal["auto", "off"]
MessageRef = int  # a message id; negative: an ephemeral message's id, negated
# how a Bot API server says it cannot take a rich message: it does not know the method, or
# (an older server ignoring `rich_message` on an edit) finds no text; or it refuses the content
RICH_REFUSALS = ("rich", "text is empty", "ctor_not_allowed", "method not found")
# an ephemeral message refused: by the chat (remembered for it), or for its receiver alone
# (not in the chat any more: this one message is posted instead)
EPHEMERAL_REFUSALS = ("ephemeral", "method not found")
RECEIVER_REFUSALS = ("receiver",)


class SentMessage(TelegramObject):
    """What the bot reads of a message it sent: its id (an ephemeral one's). Telegram's
    answer to a rich message repeats all its blocks; parsing them into aiogram's types cost
    more than building and sending the reply, and nothing reads them."""

    message_id: int
    ephemeral_message_id: int | None = None


def rich_json(content: InputRichMessage) -> str | InputRichMessage:
    """The rich message as the Bot API's JSON, written once: its blocks are plain JSON
    already (`rich_message`), so they are not copied into a dict again by `model_dump`. One
    that uploads a picture (a file inside) stays the object: the session attaches it."""
    if content.model_fields_set <= {"blocks"}:
        try:
            return json.dumps({"blocks": content.blocks}, ensure_ascii=False)
        except TypeError:  # an InputFile
            return content
    return content


class SendRich(TelegramMethod[SentMessage]):
    """`sendRichMessage` with what the bot sends, its answer read as a `SentMessage`
    (`aiogram.methods.SendRichMessage` parses the whole message). `rich_message` is the
    message's JSON (`rich_json`): a form field is sent as its text."""

    __returning__ = SentMessage
    __api_method__ = "sendRichMessage"

    chat_id: int
    rich_message: str | InputRichMessage
    reply_markup: InlineKeyboardMarkup | None = None
    ephemeral_message_parameters: EphemeralMessageParameters | None = None


class EditRich(TelegramMethod[SentMessage | bool]):
    """`editMessageText` with `rich_message`, its answer read as a `SentMessage`."""

    __returning__ = SentMessage | bool
    __api_method__ = "editMessageText"

    chat_id: int
    message_id: int
    rich_message: str | InputRichMessage  # `rich_json`
    reply_markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Reply:
    """A reply in both forms: `html` (a plain message, as before) and `doc` (a rich message;
    None: plain only). `plain_markup` replaces `markup` under the plain form (for a button
    that reaches what the rich form shows in place, such as the ℹ️ Request)."""

    html: str
    doc: Doc | None = None
    markup: InlineKeyboardMarkup | None = None
    plain_markup: InlineKeyboardMarkup | None = None

    def plain_keyboard(self) -> InlineKeyboardMarkup | None:
        return self.plain_markup if self.plain_markup is not None else self.markup


@dataclass(frozen=True)
class Sent:
    """What a reply became: the message (`MessageRef`) and whether it went rich."""

    ref: MessageRef
    rich: bool


def message_ref(message: MaybeInaccessibleMessageUnion) -> MessageRef:
    """The `MessageRef` of a message the bot sent (a button's message, say)."""
    ephemeral = getattr(message, "ephemeral_message_id", None)
    return -ephemeral if isinstance(ephemeral, int) and ephemeral else message.message_id


def _server(bot: Bot) -> str:
    return bot.session.api.base


def _said(exc: TelegramAPIError, words: tuple[str, ...]) -> bool:
    text = exc.message.lower()
    return any(word in text for word in words)


class Replies:
    """The bot's replies: rich or plain, ephemeral or posted, edited or sent (see the module).
    What a Bot API server could not take is remembered per server URL."""

    def __init__(self, mode: RichMode = "auto") -> None:
        self.mode = mode
        self._plain_servers: set[str] = set()  # answered that they cannot take rich messages
        self._public_servers: set[str] = set()  # do not know ephemeral messages (older ones)
        self._public_chats: set[tuple[str, int]] = set()  # refused them in a chat
        # the JSON of the rich message last checked against the limits, sent right after
        self._written: tuple[InputRichMessage, str | InputRichMessage] | None = None

    def rich_for(self, bot: Bot) -> bool:
        """Whether replies through `bot` go as rich messages."""
        return self.mode == "auto" and _server(bot) not in self._plain_servers

    def ephemeral_for(self, bot: Bot, chat_id: int) -> bool:
        """Whether a reply for one person in chat `chat_id` may be an ephemeral message."""
        server = _server(bot)
        return server not in self._public_servers and (server, chat_id) not in self._public_chats

    def refused_rich(self, bot: Bot, exc: TelegramAPIError) -> bool:
        """Whether `exc` is a server saying it cannot take rich content (remembered for that
        server, as for a reply): for calls that carry it otherwise (inline answers)."""
        if not _said(exc, RICH_REFUSALS):
            return False
        self._no_rich(bot, exc)
        return True

    def _no_rich(self, bot: Bot, exc: TelegramAPIError) -> None:
        if _server(bot) not in self._plain_servers:
            log.warning("the Bot API server refused a rich message (%s): plain messages from "
                        "now on", exc.message[:120])
        self._plain_servers.add(_server(bot))

    def _no_ephemeral(self, bot: Bot, why: str, chat_id: int | None = None) -> None:
        """Ephemeral messages are refused: by the server (`chat_id` None) or in one chat."""
        where = _server(bot) if chat_id is None else (_server(bot), chat_id)
        known = self._public_servers if chat_id is None else self._public_chats
        if where not in known:
            log.warning("ephemeral messages are refused %s (%s): posted for the chat from now "
                        "on", "by the Bot API server" if chat_id is None else "in a chat",
                        why[:120])
        if isinstance(where, str):
            self._public_servers.add(where)
        else:
            self._public_chats.add(where)

    def _rich(self, bot: Bot, reply: Reply) -> InputRichMessage | None:
        """The rich form of `reply` to send through `bot`, or None: plain (there is none, the
        server cannot take one, or it is past Telegram's limits)."""
        if reply.doc is None or not self.rich_for(bot):
            return None
        content = rich_message(reply.doc)
        written = self._json(content)
        if not (fits_json(content, written) if isinstance(written, str)
                else measure_message(content).fits()):
            log.info("a reply is past the rich message limits: sent plain")
            return None
        return content

    def _json(self, content: InputRichMessage) -> str | InputRichMessage:
        """`rich_json(content)`, written once for the check of its limits and its send."""
        if self._written is None or self._written[0] is not content:
            self._written = (content, rich_json(content))
        return self._written[1]

    async def show(self, bot: Bot, chat_id: int, reply: Reply | str,
                   markup: InlineKeyboardMarkup | None = None, *,
                   edit: MessageRef | None = None, to: int | None = None) -> MessageRef:
        """Edit message `edit` into `reply`, or send it; returns the `MessageRef` of the
        message that shows it. `to`: the person it is for; in a group it is an ephemeral
        message only they see (and `to` is the receiver of an ephemeral `edit`)."""
        if isinstance(reply, str):
            reply = Reply(reply, markup=markup)
        content = self._rich(bot, reply)
        if (edit is not None and edit > 0 and to is not None and chat_id < 0
                and self.ephemeral_for(bot, chat_id)):
            edit = None  # a message the chat sees does not become one person's: theirs is new
        if edit is not None:
            shown = await self._edit(bot, chat_id, reply, content, edit, to)
            if shown is not None:
                return shown
        return (await self._send(bot, chat_id, reply, content, to)).ref

    async def send(self, bot: Bot, chat_id: int, reply: Reply, *, to: int | None = None
                   ) -> Sent:
        """Send `reply` as a new message; says whether it went rich (a plain one may need
        what the rich one held inside, such as a picture, sent apart)."""
        return await self._send(bot, chat_id, reply, self._rich(bot, reply), to)

    async def _edit(self, bot: Bot, chat_id: int, reply: Reply,
                    content: InputRichMessage | None, edit: MessageRef,
                    to: int | None) -> MessageRef | None:
        """The edit, or None when it failed and a new message must be sent."""
        if edit < 0 and to is None:
            return None
        text = None if content is not None else reply.html
        markup = reply.markup if content is not None else reply.plain_keyboard()
        try:
            if edit < 0:
                assert to is not None
                await bot.edit_ephemeral_message_text(
                    chat_id=chat_id, receiver_user_id=to, ephemeral_message_id=-edit,
                    text=text, rich_message=content, reply_markup=markup)
            elif content is not None:
                await bot(EditRich(chat_id=chat_id, message_id=edit,
                                   rich_message=self._json(content), reply_markup=markup))
            else:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=edit,
                                            reply_markup=markup)
            return edit
        except TelegramAPIError as exc:
            if "not modified" in exc.message:
                return edit
            if content is not None and _said(exc, RICH_REFUSALS):
                self._no_rich(bot, exc)
                return await self._edit(bot, chat_id, reply, None, edit, to)
            if not isinstance(exc, TelegramBadRequest | TelegramNotFound):
                raise
            log.info("could not edit message %s, sending a new one: %s", edit, exc.message)
            return None

    async def _send(self, bot: Bot, chat_id: int, reply: Reply,
                    content: InputRichMessage | None, to: int | None) -> Sent:
        private = to is not None and chat_id < 0 and self.ephemeral_for(bot, chat_id)
        ephemeral = EphemeralMessageParameters(receiver_user_id=to) if (
            private and to is not None) else None
        message: SentMessage | Message
        try:
            if content is not None:
                message = await bot(SendRich(
                    chat_id=chat_id, rich_message=self._json(content), reply_markup=reply.markup,
                    ephemeral_message_parameters=ephemeral))
            else:
                message = await bot.send_message(
                    chat_id, reply.html, reply_markup=reply.plain_keyboard(),
                    ephemeral_message_parameters=ephemeral)
        except (TelegramBadRequest, TelegramNotFound) as exc:
            if content is not None and _said(exc, RICH_REFUSALS):
                self._no_rich(bot, exc)
                return await self._send(bot, chat_id, reply, None, to)
            if private and _said(exc, RECEIVER_REFUSALS):
                log.info("an ephemeral message was refused for its receiver (%s): posted",
                         exc.message[:120])
                return await self._send(bot, chat_id, reply, content, None)
            if private and _said(exc, EPHEMERAL_REFUSALS):
                self._no_ephemeral(bot, exc.message, None if "method not found" in (
                    exc.message.lower()) else chat_id)
                return await self._send(bot, chat_id, reply, content, to)
            raise
        return Sent(self._ref(bot, message, private), content is not None)

    def _ref(self, bot: Bot, message: SentMessage | Message, private: bool) -> MessageRef:
        if message.ephemeral_message_id:
            return -message.ephemeral_message_id
        if private:  # an older server ignored the parameter: the message went to the chat
            self._no_ephemeral(bot, "the message was posted for the whole chat")
        return message.message_id

    async def drop_keyboard(self, bot: Bot, chat_id: int, ref: MessageRef | None,
                            to: int | None = None) -> None:
        """Take the buttons off a message (quietly, if it is gone or has none)."""
        if ref is None or (ref < 0 and to is None):
            return
        try:
            if ref < 0:
                assert to is not None
                await bot.edit_ephemeral_message_reply_markup(
                    chat_id=chat_id, receiver_user_id=to, ephemeral_message_id=-ref,
                    reply_markup=None)
            else:
                await bot.edit_message_reply_markup(chat_id=chat_id, message_id=ref,
                                                    reply_markup=None)
        except (TelegramBadRequest, TelegramNotFound):
            return


async def show(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None,
               *, edit: int | None = None) -> int:
    """Edit message `edit` into `text` and `markup`, or send them, as a plain message;
    returns the id of the message that shows them (`Replies.show` for the other forms)."""
    return await Replies("off").show(bot, chat_id, text, markup, edit=edit)
