"""The webhook route: a posted update is read within bounds and checked before it is taken.

aiogram's handler parses the body with no bound and validates it only later: JSON nested
100,000 deep got a 500 with a traceback in the log, and JSON that is not an update failed in
the background with its content in the log. Here the secret is checked first, then the body
is read (at most `MAX_UPDATE_BYTES`), parsed by `bounded_json` (nesting, finite numbers) and
validated as an `Update`; anything else gets 400 and one log line that names the problem,
never the payload.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from bot import bounded_json
from bot.bounded_json import JSONRefused
from bot.lifecycle import InFlight

log = logging.getLogger("bot.webhook")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MAX_UPDATE_BYTES = 1024 * 1024  # aiohttp's own default; Telegram's updates are far smaller
MAX_UPDATE_DEPTH = 64  # an update nests about 10 levels (a reply's keyboard in a message)

SHUTTING_DOWN = "the bot is restarting: send the update again"
REFUSALS = {"too_long": f"body over {MAX_UPDATE_BYTES} bytes",
            "too_deep": f"JSON nested deeper than {MAX_UPDATE_DEPTH} levels",
            "value": "JSON holds NaN, an infinity or a number of too many digits"}


class UpdateRefused(ValueError):
    """A posted body that is not an update; the text names why, without its content."""


async def read_update(request: web.Request, bot: Bot) -> Update:
    """The update posted in `request`, or `UpdateRefused`."""
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise UpdateRefused(f"body over {MAX_UPDATE_BYTES} bytes") from None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UpdateRefused("body is not UTF-8") from None
    try:
        data = bounded_json.loads(text, max_length=MAX_UPDATE_BYTES,
                                  max_depth=MAX_UPDATE_DEPTH)
    except json.JSONDecodeError as exc:
        raise UpdateRefused(f"broken JSON at line {exc.lineno}, column {exc.colno}") from None
    except JSONRefused as exc:
        raise UpdateRefused(REFUSALS.get(exc.code, exc.code)) from None
    if not isinstance(data, dict):
        raise UpdateRefused("JSON is not an object")
    try:
        return Update.model_validate(data, context={"bot": bot})
    except ValidationError as exc:
        fields = sorted({".".join(map(str, e["loc"][:2])) for e in exc.errors()})[:5]
        raise UpdateRefused(f"not an update ({', '.join(fields) or 'no fields'})") from None


class CheckedRequestHandler(SimpleRequestHandler):
    """aiogram's `SimpleRequestHandler`, with the body read by `read_update`, and every update
    it acknowledges counted in `inflight` until handled; once shutdown starts it answers 503
    (Telegram sends the update again, to this process's successor)."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, *, inflight: InFlight,
                 handle_in_background: bool = True, secret_token: str | None = None,
                 **data: Any) -> None:
        super().__init__(dispatcher=dispatcher, bot=bot, secret_token=secret_token,
                         handle_in_background=handle_in_background, **data)
        self.inflight = inflight

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), bot):
            return web.Response(body="Unauthorized", status=401)
        if not self.inflight.accepting:
            return web.json_response({"ok": False, "description": SHUTTING_DOWN}, status=503,
                                     headers={"Retry-After": "1"})
        try:
            update = await read_update(request, bot)
        except UpdateRefused as exc:
            log.warning("refused a webhook request: %s", exc)
            return web.json_response({"ok": False, "description": str(exc)}, status=400)
        if not self.inflight.accepting:  # shutdown began while the body was read
            return web.json_response({"ok": False, "description": SHUTTING_DOWN}, status=503,
                                     headers={"Retry-After": "1"})
        if not self.handle_in_background:  # answered when handled: counted while it runs
            answer: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
                bot, update, **self.data)
            return web.Response(body=self._build_response_writer(bot=bot, result=answer))
        task = asyncio.create_task(self._feed(bot, update))
        self.inflight.track(task)  # acknowledged now: counted until handled
        self._background_feed_update_tasks.add(task)
        task.add_done_callback(self._background_feed_update_tasks.discard)
        return web.json_response({}, dumps=bot.session.json_dumps)

    async def _feed(self, bot: Bot, update: Update) -> None:
        result: Any = await self.dispatcher.feed_update(bot, update, **self.data)
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot=bot, result=result)
