"""The server under test of `bench.throughput`, in its own process: the bot or the echo baseline.

    python -m bench.webhook_server bot  --api-url URL --tracker-url URL --data-dir DIR --users N
    python -m bench.webhook_server echo --api-url URL

Both serve `/webhook` through aiogram's `SimpleRequestHandler` (secret token checked, updates
handled in the background) on a free loopback port, log at INFO to stderr with aiohttp's access
log, as `python -m bot run` does, and print `READY <webhook url>`.

- `bot`: the production factories (`create_services`, `create_bot`, `create_dispatcher`) and
  `create_webhook_app`, with SQLite storage under `--data-dir`, and `--users` allowed users
  (ids from `FIRST_USER`). Its `Pacer` is the real one but with limits far above the load:
  in production it holds the bot to Telegram's 30 messages a second on purpose, which would
  make this a measurement of that limit, not of the bot.
- `echo`: a bare aiogram bot, one handler `message.answer(message.text)`, default (memory)
  storage, the same handler class and options.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import signal
import sys
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bench.common import (
    API_KEY,
    BOT_TOKEN,
    POSTBACK_KEY,
    WEBHOOK_SECRET,
    announce,
)
from bot.app import create_bot, create_dispatcher, create_services
from bot.keitaro.masking import Redactor
from bot.reply import RichMode
from bot.runners.common import Runtime, setup_logging
from bot.runners.webhook import create_webhook_app
from bot.settings import (
    AccessSettings,
    KeitaroSettings,
    NotifySettings,
    StorageSettings,
    WebhookSettings,
)
from bot.telegram_guard import Pacer
from handlers import get_routers

FIRST_USER = 20_001
PATH = "/webhook"
UNBOUNDED = 1e9  # messages a second: the Pacer never waits at this rate


def bot_app(api_url: str, tracker_url: str, data_dir: Path, users: int,
            rich_messages: RichMode = "auto") -> web.Application:
    """The bot exactly as `build_runtime` assembles it, served by `create_webhook_app`."""
    redactor = Redactor([BOT_TOKEN, API_KEY, POSTBACK_KEY, WEBHOOK_SECRET])
    setup_logging("INFO", redactor)
    services = create_services(
        KeitaroSettings(_env_file=None, url=tracker_url, api_key=API_KEY,
                        postback_key=POSTBACK_KEY),
        AccessSettings(_env_file=None,
                       allowed_users={FIRST_USER + n: "viewer" for n in range(users)}),
        StorageSettings(_env_file=None, DATA_DIR=data_dir),
        redactor=redactor,
        notify=NotifySettings(_env_file=None),  # the defaults of a real run: notifier on
        rich_messages=rich_messages,
    )
    bot = create_bot(BOT_TOKEN, api_url=api_url, redactor=redactor,
                     pacer=Pacer(per_chat=UNBOUNDED, chat_burst=int(UNBOUNDED),
                                 overall=UNBOUNDED, overall_burst=int(UNBOUNDED)))
    runtime = Runtime(services=services, bot=bot, dp=create_dispatcher(services, get_routers()))
    webhook = WebhookSettings(_env_file=None, path=PATH, secret=WEBHOOK_SECRET)
    return create_webhook_app(runtime, webhook, register=False)


def echo_app(api_url: str) -> web.Application:
    """A bare aiogram echo bot behind the same request handler."""
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr, force=True)
    bot = Bot(BOT_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=WEBHOOK_SECRET,
                         handle_in_background=True).register(app, path=PATH)
    setup_application(app, dp, bot=bot)
    return app


async def serve(app: web.Application, profile: Path | None = None) -> None:
    """Serve like `run_webhook` (same AppRunner options) until SIGTERM/SIGINT. `profile`:
    cProfile runs from SIGUSR1 to SIGUSR2, then its stats are written there (`bench.profile`)."""
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if profile is not None:
        profiler = cProfile.Profile()
        loop.add_signal_handler(signal.SIGUSR1, profiler.enable)

        def dump() -> None:
            profiler.disable()
            part = profile.with_name(profile.name + ".part")
            profiler.dump_stats(part)
            part.replace(profile)  # whole or not there: the reader waits for the name

        loop.add_signal_handler(signal.SIGUSR2, dump)
    announce(f"http://127.0.0.1:{port}{PATH}")
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("bot", "echo"))
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--tracker-url")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rich-messages", choices=("auto", "off"), default="auto")
    parser.add_argument("--profile", type=Path, help="cProfile from SIGUSR1 to SIGUSR2, here")
    args = parser.parse_args()
    if args.kind == "bot":
        if not args.tracker_url or not args.data_dir:
            parser.error("bot needs --tracker-url and --data-dir")
        app = bot_app(args.api_url, args.tracker_url, args.data_dir, args.users,
                      args.rich_messages)
    else:
        app = echo_app(args.api_url)
    asyncio.run(serve(app, args.profile))


if __name__ == "__main__":
    main()
