"""A fake Telegram Bot API server for end-to-end runs of the real aiogram bot without Telegram.

    tg = FakeTelegram(token="42:TEST")
    async with tg.running() as base_url:
        bot = Bot("42:TEST", session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))
        ...
        alice = tg.user(1)
        await alice.say("/start")

Modules: `fake` (the facade), `server` (aiohttp app), `methods`/`api_*` (Bot API methods),
`html_markup`/`markdown_markup`/`formatting` (parse modes and text limits), `rich` (rich
messages: types, limits, readable text), `keyboards`
(reply markup rules), `updates` (Update builders), `update_queue` (getUpdates long polling),
`rate_limits` (flood control), `webhook` (delivery to a bot's webhook), `usersim` (UserSim).
"""

from telegram_fake.calls import Call
from telegram_fake.chats import ChatMessage
from telegram_fake.errors import ApiError
from telegram_fake.fake import FakeTelegram
from telegram_fake.files import StoredFile, UploadedFile
from telegram_fake.html_markup import parse_html, strip_html
from telegram_fake.rate_limits import RateLimitHit, RateLimits
from telegram_fake.usersim import UserSim
from telegram_fake.webhook import WebhookResult

__all__ = [
    "ApiError",
    "Call",
    "ChatMessage",
    "FakeTelegram",
    "RateLimitHit",
    "RateLimits",
    "StoredFile",
    "UploadedFile",
    "UserSim",
    "WebhookResult",
    "parse_html",
    "strip_html",
]
