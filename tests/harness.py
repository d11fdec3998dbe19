"""The whole bot on loopback: real Dispatcher and aiohttp, a fake Bot API, the sandbox tracker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import Services, create_bot, create_dispatcher, create_services
from bot.keitaro.masking import Redactor
from bot.settings import (
    AccessSettings,
    ChangesSettings,
    KeitaroSettings,
    NotifySettings,
    ReportSettings,
    StorageSettings,
)
from bot.timezones import Clock, now_utc
from handlers import get_routers
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, UserSim
from tests.sandbox_fixtures import NOW

BOT_TOKEN = "4242424242:AAH-bot-token-SECRET-3f9a6c1d2e"
API_KEY = "kt-api-SECRET-5b7e0c9d4a2f81e6"
POSTBACK_KEY = "pb-SECRET-a1c3e5"
WEBHOOK_SECRET = "wh-SECRET-0d9c8b7a6f5e"
SECRETS = (BOT_TOKEN.split(":", 1)[1], API_KEY, POSTBACK_KEY, WEBHOOK_SECRET)
ADMIN, EDITOR, VIEWER, STRANGER = 1001, 1002, 1003, 6666
USERS = {ADMIN: "admin", EDITOR: "editor", VIEWER: "viewer"}


@dataclass
class Harness:
    tg: FakeTelegram
    sandbox: Sandbox
    services: Services
    bot: Bot
    dp: Dispatcher
    data_dir: Path
    tracker_url: str
    api_url: str
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def user(self, user_id: int = ADMIN, lang: str = "en", **kwargs: Any) -> UserSim:
        return self.tg.user(user_id, language_code=lang, **kwargs)

    @property
    def admin(self) -> UserSim:
        return self.user(ADMIN)

    def tracker_calls(self, method: str | None = None, path: str | None = None) -> int:
        """Requests that reached the tracker's Admin API or postback URL."""
        return self.sandbox.count(method, path)

    def tracker_writes(self) -> int:
        """Requests that may change the tracker: every method but GET, and postbacks."""
        return (self.sandbox.count() - self.sandbox.count("GET")
                + self.sandbox.count("GET", r"/postback$"))


def keitaro_settings(url: str, **overrides: Any) -> KeitaroSettings:
    values: dict[str, Any] = {"url": url, "api_key": API_KEY, "postback_key": POSTBACK_KEY,
                              "timezone": "UTC", "timeout": 5.0, "retries": 1}
    values.update(overrides)
    return KeitaroSettings(**values)


def build(
    tracker_url: str,
    api_url: str,
    data_dir: Path,
    *,
    users: dict[int, str] | None = None,
    redis_url: str | None = None,
    keitaro: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    notify: NotifySettings | None = None,
    flow_ttl: float | None = None,
    clock: Clock = now_utc,
    reports: dict[str, Any] | None = None,
) -> tuple[Services, Bot, Dispatcher]:
    """Services, bot and dispatcher exactly as production builds them. `changes`: settings
    of `ChangesSettings` by their names (UNDO_HOURS, POSTBACK_CONFIRM_SECONDS); `clock`: what
    time the bot thinks it is (the sandbox's, so that "today" and "30d" find its traffic);
    `reports`: `ReportSettings` by field (min_cost, min_clicks)."""
    redactor = Redactor([BOT_TOKEN, API_KEY, POSTBACK_KEY, WEBHOOK_SECRET])
    ttl = {"FLOW_TTL": flow_ttl} if flow_ttl is not None else {}
    services = create_services(
        keitaro_settings(tracker_url, **(keitaro or {})),
        AccessSettings(allowed_users=users or USERS),
        StorageSettings(DATA_DIR=data_dir, REDIS_URL=redis_url, **ttl),
        redactor=redactor,
        changes=ChangesSettings(**(changes or {})),
        notify=notify,
        clock=clock,
        reports=ReportSettings(**(reports or {})),
    )
    bot = create_bot(BOT_TOKEN, api_url=api_url, redactor=redactor)
    return services, bot, create_dispatcher(services, get_routers())


KEEP = object()


@asynccontextmanager
async def running_bot(
    tmp_path: Path,
    *,
    sandbox: Sandbox | None = None,
    tg: FakeTelegram | None = None,
    login: str | None = None,
    postback_delay: float | object | None = KEEP,
    **options: Any,
) -> AsyncIterator[Harness]:
    """Start sandbox, fake Bot API and the bot polling them; stop all of it on exit.
    With `login` ("user:password"), KEITARO_URL carries it (`http://user:password@…`).
    The tracker answers postbacks `Success` and processes them from its queue
    `postback_delay` seconds later; by default (None) only when the test calls
    `h.sandbox.process_postbacks()`."""
    sandbox = sandbox or Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY,
                                 clock=ManualClock(NOW), clicks=600)
    if postback_delay is not KEEP:
        assert postback_delay is None or isinstance(postback_delay, int | float)
        sandbox.postback_delay = postback_delay
    tg = tg or FakeTelegram(token=BOT_TOKEN)
    async with AsyncExitStack() as stack:
        tracker_url = await stack.enter_async_context(sandbox.running())
        api_url = await stack.enter_async_context(tg.running())
        configured = tracker_url.replace("://", f"://{login}@", 1) if login else tracker_url
        options.setdefault("clock", sandbox.clock)
        services, bot, dp = build(configured, api_url, tmp_path / "data", **options)
        polling = asyncio.create_task(
            dp.start_polling(bot, handle_signals=False, polling_timeout=1)
        )
        await tg.wait_call("getMe", timeout=10)
        harness = Harness(tg=tg, sandbox=sandbox, services=services, bot=bot, dp=dp,
                          data_dir=tmp_path / "data", tracker_url=tracker_url, api_url=api_url,
                          tasks=[polling])
        try:
            yield harness
        finally:
            await dp.stop_polling()
            await polling


RESULT_MARKS = ("✅", "❌", "⚠️", "🕓", "📤")  # bot.changes.outcome.MARKS


async def until(
    h: Harness, user: UserSim, done: Callable[[str], bool], *, after: int, timeout: float = 10.0
) -> str:
    """Wait for a message to this user's chat, sent or edited after call `after`, whose
    visible text satisfies `done`; returns that text."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for call in h.tg.calls[after:]:
            if (call.ok and call.method in ("sendMessage", "editMessageText")
                    and user.concerns(call)):
                text = FakeTelegram.visible_text(call)
                if done(text):
                    return text
        if loop.time() > deadline:
            recent = [FakeTelegram.visible_text(c)[:120] for c in h.tg.calls[after:]
                      if c.method in ("sendMessage", "editMessageText")]
            raise TimeoutError(f"no matching message; recent: {recent}")
        await asyncio.sleep(0.01)


async def result_of(h: Harness, user: UserSim, step: Awaitable[Any]) -> str:
    """Run a step (say/press) and return the text of the result it leads to (✅ or ❌)."""
    mark = len(h.tg.calls)
    await step
    return await until(h, user, lambda text: text.startswith(RESULT_MARKS), after=mark)
