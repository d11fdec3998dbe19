"""Webhook mode: an aiohttp server that checks Telegram's secret token (and that what is posted
is an update: `webhook_requests`) and serves /healthz."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.webhook.aiohttp_server import setup_application
from aiohttp import web

from bot.app import Services
from bot.runners.common import Runtime, build_runtime
from bot.runners.webhook_requests import CheckedRequestHandler
from bot.settings import Settings, WebhookSettings

log = logging.getLogger("bot.webhook")
HEALTH_PATH = "/healthz"


def create_webhook_app(runtime: Runtime, webhook: WebhookSettings, *,
                       register: bool = True) -> web.Application:
    """The aiohttp app: the webhook route (secret checked) and the health probe."""
    secret = webhook.secret.get_secret_value() if webhook.secret else None
    app = web.Application()

    async def finish_in_flight(_: web.Application) -> None:
        runtime.services.inflight.stop_accepting()  # 503 from now on: Telegram sends again
        await runtime.services.notifier.stop()  # no new round while the session is open
        await runtime.services.inflight.drain()  # every update acknowledged is handled

    app.on_shutdown.append(finish_in_flight)  # before the handler closes the bot session
    CheckedRequestHandler(
        dispatcher=runtime.dp, bot=runtime.bot, secret_token=secret, handle_in_background=True,
        inflight=runtime.services.inflight,
    ).register(app, path=webhook.path)

    async def health(_: web.Request) -> web.Response:
        return await healthz(runtime.bot, runtime.services)

    app.router.add_get(HEALTH_PATH, health)
    if register and webhook.url:
        url = webhook.url.rstrip("/") + webhook.path if not webhook.url.endswith(
            webhook.path) else webhook.url

        async def set_webhook(bot: Bot) -> None:
            await bot.set_webhook(url, secret_token=secret, drop_pending_updates=False,
                                  allowed_updates=runtime.dp.resolve_used_update_types())
            log.info("webhook registered")

        runtime.dp.startup.register(set_webhook)
    setup_application(app, runtime.dp, bot=runtime.bot)
    return app


async def healthz(bot: Bot, services: Services) -> web.Response:
    """200 while the process serves and its storage answers; 503 otherwise."""
    ok = await services.ping()
    return web.json_response({"ok": ok, "storage": ok, "bot_id": bot.id},
                             status=200 if ok else 503)


async def run_webhook(settings: Settings, routers: Sequence[Router]) -> None:
    """Serve until SIGINT/SIGTERM; then refuse new updates (503), finish every update
    acknowledged, and close."""
    runtime = build_runtime(settings, routers)
    app = create_webhook_app(runtime, settings.webhook)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook.host, settings.webhook.port)
    await site.start()
    log.info("webhook server listening on %s:%s", settings.webhook.host, settings.webhook.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        log.info("shutting down")
        runtime.services.inflight.stop_accepting()  # before the listening socket closes
        await runner.cleanup()
        await runtime.bot.session.close()
