"""`FakeTelegram`: a fake Bot API server on loopback that the real aiogram `Bot` talks to."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from types import MappingProxyType
from typing import Any

from aiohttp import web

from telegram_fake.calls import Call, CallLog, MethodFilter
from telegram_fake.chats import ChatHistory, ChatMessage
from telegram_fake.errors import ApiError, default_description
from telegram_fake.faults import FaultInjector, PlannedFailure
from telegram_fake.formatting import render
from telegram_fake.html_markup import strip_html
from telegram_fake.methods import MESSAGE_METHODS, canonical_name
from telegram_fake.rate_limits import RateLimitHit, RateLimits
from telegram_fake.rich import rich_plain_text
from telegram_fake.server import BotApiServer
from telegram_fake.state import TelegramState, WebhookConfig, scope_key
from telegram_fake.updates import UpdateBuilders
from telegram_fake.usersim import UserSim
from telegram_fake.webhook import WebhookDeliverer, WebhookResult, post_update

DEFAULT_TOKEN = "42:TEST"  # noqa: S105 - the fake's test token, not a secret
DEFAULT_BOT_USER: Mapping[str, Any] = MappingProxyType(
    {
        "id": 42,
        "is_bot": True,
        "first_name": "Keitaro",
        "username": "keitaro_test_bot",
    }
)
SHUTDOWN_TIMEOUT = 2.0


def _bot_user_for(token: str) -> dict[str, Any]:
    """The default bot user, with the id Telegram gives it: the number before the colon."""
    user = dict(DEFAULT_BOT_USER)
    prefix = token.split(":", 1)[0]
    if prefix.isdigit():
        user["id"] = int(prefix)
    return user


class FakeTelegram(UpdateBuilders):
    """One fake Bot API: state, request log, update builders, failure plans and test helpers.

    Start it with ``async with tg.running() as base_url`` and point the bot at it with
    ``AiohttpSession(api=TelegramAPIServer.from_base(base_url))``. Instances are independent.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_user: Mapping[str, Any] | None = None,
        *,
        enforce_rate_limits: bool = True,
        per_chat_per_sec: float = RateLimits.per_chat_per_sec,
        burst_per_chat: int = RateLimits.burst_per_chat,
        per_group_per_min: float | None = RateLimits.per_group_per_min,
        global_per_sec: float = RateLimits.global_per_sec,
        burst_global: int = RateLimits.burst_global,
        rate_limits: RateLimits | None = None,
        strict_html_ampersand: bool = True,
        require_known_chats: bool = False,
        quiet_period: float = 0.08,
    ) -> None:
        """`rate_limits`, when given, replaces the individual rate-limit arguments.

        `strict_html_ampersand`: refuse a bare ``&`` in HTML (Telegram keeps it literally).
        `require_known_chats`: sending to a chat never seen in an update → "chat not found".
        `quiet_period`: how long `UserSim` waits for further replies after the first one.
        """
        limits = rate_limits or RateLimits(
            enabled=enforce_rate_limits,
            per_chat_per_sec=per_chat_per_sec,
            burst_per_chat=burst_per_chat,
            per_group_per_min=per_group_per_min,
            global_per_sec=global_per_sec,
            burst_global=burst_global,
        )
        self.state = TelegramState(
            token=token,
            bot_user=dict(bot_user or _bot_user_for(token)),
            rate_limits=limits,
            strict_html_ampersand=strict_html_ampersand,
            require_known_chats=require_known_chats,
        )
        self.quiet_period = quiet_period
        self.log = CallLog()
        self.faults = FaultInjector()
        self.server = BotApiServer(self.state, self.log, self.faults)
        self.app: web.Application = self.server.build_app()
        self.base_url: str | None = None
        self._deliverer = WebhookDeliverer(self.server)

    # --- running ----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def running(self, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
        """Serve on `host` (a free port by default); yields the base URL, e.g. http://127.0.0.1:PORT."""
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound_port = runner.addresses[0][1]
            self.base_url = f"http://{host}:{bound_port}"
            self._deliverer.start()
            yield self.base_url
        finally:
            await self._deliverer.stop()
            self.base_url = None
            await runner.cleanup()

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.state.bot_user

    # --- driving the bot --------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue `update` for getUpdates (or the webhook) and wake the long poll; returns it."""
        for kind in ("message", "edited_message", "channel_post", "business_message"):
            message = update.get(kind)
            if isinstance(message, dict) and "chat" in message and "message_id" in message:
                self.state.chats.remember_user_message(message)
        return self.state.updates.push(update)

    def user(
        self,
        user_id: int,
        *,
        language_code: str | None = "en",
        first_name: str | None = None,
        username: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        timeout: float = 5.0,
    ) -> UserSim:
        """A simulated user who talks to the bot and waits for its answers."""
        return UserSim(
            self,
            user_id,
            language_code=language_code,
            first_name=first_name,
            username=username,
            chat_id=chat_id,
            chat_type=chat_type,
            timeout=timeout,
        )

    async def post_webhook(
        self, url: str, update: dict[str, Any], secret: str | None = None, *, timeout: float = 10.0
    ) -> WebhookResult:
        """POST `update` to a bot's webhook with X-Telegram-Bot-Api-Secret-Token, as Telegram does.

        A Bot API method the bot returns in the response body is executed (and logged) here.
        """
        if "update_id" not in update:
            update = {"update_id": self.state.updates.next_update_id(), **update}
        return await post_update(self.server, url, update, secret, timeout=timeout)

    # --- observing --------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """Every Bot API request so far, in arrival order."""
        return self.log.calls

    async def wait_call(
        self,
        method: MethodFilter,
        timeout: float = 5.0,
        where: Callable[[Call], bool] | None = None,
        after: int | None = None,
    ) -> Call:
        """The first completed call of `method` (a name, several names, or None for any).

        `after`: search from this index of `calls` (e.g. ``len(tg.calls)`` taken before acting).
        With None, calls already returned by an earlier ``wait_call(after=None)`` are skipped, so
        successive waits walk through the log. Raises `TimeoutError` listing the recent calls.
        """
        return await self.log.wait_call(method, timeout=timeout, where=where, after=after)

    def sent(self, chat_id: int | str | None = None, *, include_failed: bool = False) -> list[Call]:
        """Successful message calls (send*/edit*), optionally only those for `chat_id`."""
        return [
            call
            for call in self.log.calls
            if call.method in MESSAGE_METHODS
            and (include_failed or call.ok)
            and (chat_id is None or call.chat_id == chat_id)
        ]

    @property
    def messages(self) -> ChatHistory:
        """``tg.messages[chat_id]``: the bot's messages in a chat as the user now sees them."""
        return ChatHistory(self.state.chats)

    def last_message(self, chat_id: int) -> ChatMessage | None:
        history = self.state.chats.history(chat_id)
        return history[-1] if history else None

    def seen_by(self, chat_id: int, user_id: int) -> list[ChatMessage]:
        """The bot's messages in a chat as `user_id` sees them: ephemeral messages only when
        addressed to them."""
        return self.state.chats.seen_by(chat_id, user_id)

    @property
    def rate_limit_hits(self) -> list[RateLimitHit]:
        """Every 429 the rate limiter answered (planned `fail_next` failures are not included)."""
        return self.state.rate_limiter.hits

    @property
    def rate_limits(self) -> RateLimits:
        return self.state.rate_limiter.limits

    def set_rate_limits(self, limits: RateLimits) -> None:
        """Switch limits (e.g. ``RateLimits.strict()``); buckets start full."""
        self.state.rate_limiter.configure(limits)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Commands stored by setMyCommands for `scope` (default scope) and `language_code`."""
        return list(self.state.commands.get((scope_key(scope), language_code), []))

    @property
    def webhook(self) -> WebhookConfig | None:
        return self.state.webhook

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates pushed but not yet confirmed by the bot."""
        return list(self.state.updates.pending)

    def delivered(self, update: dict[str, Any]) -> bool:
        """Whether `update` was handed to the bot (getUpdates or webhook)."""
        return int(update["update_id"]) in self.state.updates.delivered

    def callback_answer(self, update: dict[str, Any]) -> dict[str, Any] | None:
        """The answerCallbackQuery params for a pushed callback update, if answered."""
        record = self.state.queries.get(str(update["callback_query"]["id"]))
        return None if record is None else record.answer

    @staticmethod
    def visible_text(call: Call) -> str:
        """What the user sees for a message call: markup removed, references decoded; a rich
        message as readable text (`telegram_fake.rich.rich_plain_text`)."""
        result = call.result
        if isinstance(result, dict):
            if isinstance(result.get("rich_message"), dict):
                return rich_plain_text(result["rich_message"])
            return str(result.get("text") or result.get("caption") or "")
        if isinstance(call.params.get("rich_message"), dict):
            return rich_plain_text(call.params["rich_message"])
        raw = call.params.get("text", call.params.get("caption", ""))
        try:
            return render(
                str(raw), call.params.get("parse_mode"), None, strict_ampersand=False
            ).text
        except ApiError:
            return str(raw)

    strip_html = staticmethod(strip_html)

    # --- shaping the server's behaviour ------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = 1,
        times: int = 1,
        where: Callable[[Call], bool] | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` ("*" for any) with an error.

        429 carries ``parameters.retry_after``; the description defaults to Telegram's wording
        for the code (403: "Forbidden: bot was blocked by the user", 502: "Bad Gateway", ...).
        """
        if method != "*" and canonical_name(method) is None:
            raise ValueError(f"the fake does not implement {method!r}; use a Bot API method name")
        method = "*" if method == "*" else str(canonical_name(method))
        retry = retry_after if error_code == 429 else None
        error = ApiError(
            error_code, description or default_description(error_code, retry), retry_after=retry
        )
        self.faults.plan(PlannedFailure(method, error, times, where))

    def old_server(self, *, rich: bool = True, ephemeral: bool = True) -> None:
        """Behave like a self-hosted Bot API server older than 10.1 (`rich`) or 10.2
        (`ephemeral`): their methods answer 404 "method not found" and their parameters are
        ignored (`rich_message` on editMessageText: "message text is empty"; ephemeral
        parameters: the message goes to the whole chat)."""
        self.state.rich_methods = not rich
        self.state.ephemeral_methods = not ephemeral

    def refuse_rich(self, block_types: set[str] | None = None) -> None:
        """Refuse rich content with 400 RICH_VALIDATE_CTOR_NOT_ALLOWED: any (None) or that
        holding one of `block_types` (e.g. {"table"}), as a construct bots may not send."""
        self.state.refused_rich_blocks = frozenset(block_types or ())

    def refuse_ephemeral(self) -> None:
        """Answer every ephemeral message with a 400, as a chat that does not allow them."""
        self.state.ephemeral_refused = True

    def speak_everything(self) -> None:
        """Undo `old_server`, `refuse_rich` and `refuse_ephemeral`."""
        self.state.rich_methods = self.state.ephemeral_methods = True
        self.state.refused_rich_blocks = None
        self.state.ephemeral_refused = False

    def inline_answer(self, update: dict[str, Any]) -> dict[str, Any] | None:
        """The answerInlineQuery params for a pushed inline query update, if answered."""
        record = self.state.queries.get(str(update["inline_query"]["id"]))
        return None if record is None else record.answer

    def block(self, user_id: int) -> None:
        """The user blocked the bot: sending to them answers 403 until `unblock`."""
        self.state.blocked_by.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.state.blocked_by.discard(user_id)

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember reports (member, administrator, creator, left, kicked)."""
        self.state.chat_members[(chat_id, user_id)] = status

    def reset(self) -> None:
        """Forget calls, chats, files, updates, failure plans and rate-limit history."""
        self.state.reset()
        self.faults.clear()
        self.log.clear()
