"""Everything one fake Telegram remembers: chats, files, updates, queries, commands, webhook."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from telegram_fake.chats import ChatStore
from telegram_fake.errors import BLOCKED_BY_USER, ApiError, bad_request
from telegram_fake.files import FileStore
from telegram_fake.rate_limits import RateLimiter, RateLimits
from telegram_fake.update_queue import UpdateQueue

DEFAULT_SCOPE: Mapping[str, Any] = MappingProxyType({"type": "default"})


@dataclass
class QueryRecord:
    """A callback or inline query the fake issued, and how the bot answered it."""

    query_id: str
    kind: str  # "callback_query" or "inline_query"
    user_id: int
    chat_id: int | None
    created: float = field(default_factory=time.monotonic)
    answer: dict[str, Any] | None = None
    from_ephemeral: bool = False  # a button of an ephemeral message was pressed


@dataclass
class WebhookConfig:
    """What setWebhook stored."""

    url: str
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


def scope_key(scope: Any) -> str:
    """A stable key for a BotCommandScope (dict or JSON text); the default scope if None."""
    if scope is None:
        scope = dict(DEFAULT_SCOPE)
    if isinstance(scope, str):
        scope = json.loads(scope)
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    normalized = {key: value for key, value in scope.items() if value is not None}
    return json.dumps(normalized, sort_keys=True)


Handler = Callable[["TelegramState", dict[str, Any]], Awaitable[Any]]
"""A Bot API method: decoded params in, `result` out (or `ApiError` raised)."""


class TelegramState:
    """The server-side state; method handlers read and change it."""

    def __init__(
        self,
        *,
        token: str,
        bot_user: dict[str, Any],
        rate_limits: RateLimits,
        strict_html_ampersand: bool = True,
        require_known_chats: bool = False,
    ) -> None:
        self.token = token
        self.bot_user = bot_user
        self.strict_html_ampersand = strict_html_ampersand
        self.require_known_chats = require_known_chats
        self.chats = ChatStore()
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.rate_limiter = RateLimiter(rate_limits)
        self.queries: dict[str, QueryRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.profile: dict[tuple[str, str], str] = {}  # (field, language_code) -> text
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.chat_members: dict[tuple[int, int], str] = {}  # (chat_id, user_id) -> status
        self.blocked_by: set[int] = set()  # users who blocked the bot
        self.webhook: WebhookConfig | None = None
        # what this server speaks: False mimics a self-hosted Bot API server older than 10.1
        # (rich messages) or 10.2 (ephemeral messages), which knows neither their methods nor
        # their parameters (it ignores unknown parameters, as every Bot API server does)
        self.rich_methods = True
        self.ephemeral_methods = True
        # rich content it refuses (RICH_VALIDATE_CTOR_NOT_ALLOWED): block types; empty: all
        self.refused_rich_blocks: frozenset[str] | None = None
        self.ephemeral_refused = False  # ephemeral parameters answered with a 400
        self._ids = itertools.count(1)

    def reset(self) -> None:
        """Forget everything except configuration (token, bot user, limits)."""
        self.chats.clear()
        self.files.clear()
        self.updates.clear()
        self.rate_limiter.reset()
        self.queries.clear()
        self.commands.clear()
        self.profile.clear()
        self.menu_buttons.clear()
        self.chat_members.clear()
        self.blocked_by.clear()
        self.set_webhook(None)

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    def new_id(self) -> int:
        """A number unique within this fake (query ids, media group ids)."""
        return next(self._ids)

    def set_webhook(self, config: WebhookConfig | None) -> None:
        self.webhook = config
        self.updates.webhook_active = config is not None
        self.updates.changed.notify()

    def target_chat(self, params: dict[str, Any], *, sending: bool = True) -> int:
        """The numeric chat of `chat_id` (an id or "@username"), refusing unreachable chats."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise bad_request("chat not found")
        if isinstance(raw, str):
            resolved = self.chats.resolve_username(raw) if raw.startswith("@") else None
            if resolved is None:
                raise bad_request("chat not found")
            raw = resolved
        if self.require_known_chats and not self.chats.is_known(raw):
            raise bad_request("chat not found")
        if sending and raw in self.blocked_by:
            raise ApiError(403, BLOCKED_BY_USER)
        return raw

    def user(self, user_id: int) -> dict[str, Any]:
        """The User object for `user_id` (seen in an update, or a default one)."""
        if user_id == self.bot_id:
            return self.bot_user
        return self.chats.users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User {user_id}",
        }
