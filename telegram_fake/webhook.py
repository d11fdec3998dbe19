"""Webhook delivery: post updates to the bot's webhook as Telegram does, and run its replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from telegram_fake.calls import Call
from telegram_fake.form_params import read_webhook_reply
from telegram_fake.server import BotApiServer

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
RETRY_DELAY = 0.25  # seconds between attempts after a failed delivery
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebhookResult:
    """The bot's HTTP answer to one posted update, and the method it returned, if any."""

    status: int
    update: dict[str, Any]
    reply: Call | None = None  # a method sent back in the response body, executed by the fake

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


async def post_update(
    server: BotApiServer,
    url: str,
    update: dict[str, Any],
    secret: str | None = None,
    *,
    timeout: float = 10.0,
) -> WebhookResult:
    """POST `update` to `url` (with the secret-token header) and execute a returned method."""
    headers = {SECRET_HEADER: secret} if secret else {}
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.post(url, json=update, headers=headers) as response,
    ):
        reply = None
        if 200 <= response.status < 300:
            server.state.updates.delivered.add(int(update["update_id"]))
            server.log.changed.notify()
            method, params = await read_webhook_reply(response)
            if method:
                reply = await server.execute(method, params)
        return WebhookResult(response.status, update, reply)


class WebhookDeliverer:
    """While a webhook is set, posts queued updates to it one at a time, retrying failures."""

    def __init__(self, server: BotApiServer) -> None:
        self.server = server
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="fake-telegram-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        state = self.server.state
        while True:
            webhook = state.webhook
            queue = state.updates
            batch = queue.take(1) if webhook is not None and not queue.closing else []
            if webhook is None or not batch:
                await queue.changed.wait(None)
                continue
            update = batch[0]
            try:
                result = await post_update(self.server, webhook.url, update, webhook.secret_token)
                failure = None if result.ok else f"Wrong response from the webhook: {result.status}"
            except (aiohttp.ClientError, TimeoutError) as error:
                failure = f"Connection failed: {type(error).__name__}: {error}"
            if failure is None:
                queue.confirm(int(update["update_id"]) + 1)
                continue
            logger.warning(
                "fake Telegram could not deliver update %s: %s", update["update_id"], failure
            )
            webhook.last_error_date, webhook.last_error_message = int(time.time()), failure
            await asyncio.sleep(RETRY_DELAY)
