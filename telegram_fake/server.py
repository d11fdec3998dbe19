"""The aiohttp application: `/bot{token}/{method}` and `/file/bot{token}/{path}` on loopback."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from telegram_fake.calls import Call, CallLog
from telegram_fake.errors import ApiError, too_many_requests
from telegram_fake.faults import FaultInjector
from telegram_fake.form_params import MAX_REQUEST_BYTES, read_params
from telegram_fake.methods import (
    EPHEMERAL_METHODS,
    EPHEMERAL_PARAMS,
    METHODS,
    RICH_METHODS,
    RICH_PARAMS,
    canonical_name,
    method_not_found,
)
from telegram_fake.state import TelegramState

logger = logging.getLogger(__name__)


class BotApiServer:
    """Serves the Bot API from `state`, logging every call and applying planned failures."""

    def __init__(self, state: TelegramState, log: CallLog, faults: FaultInjector) -> None:
        self.state = state
        self.log = log
        self.faults = faults

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_REQUEST_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self.handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)
        app.on_startup.append(self._on_startup)
        app.on_shutdown.append(self._on_shutdown)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self.state.updates.closing = False

    async def _on_shutdown(self, app: web.Application) -> None:
        self.state.updates.close()  # waiting long polls answer [] instead of holding shutdown

    @staticmethod
    def _respond(call: Call) -> web.Response:
        assert call.response is not None
        return web.json_response(call.response, status=call.status)

    async def handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await read_params(request)
        except ApiError as error:
            return self._respond(self._refuse(method, {}, error))
        if request.match_info["token"] != self.state.token:
            return self._respond(self._refuse(method, params, ApiError(401, "Unauthorized")))
        return self._respond(await self.execute(method, params))

    def _refuse(self, method: str, params: dict[str, Any], error: ApiError) -> Call:
        call = self.log.start(canonical_name(method) or method, params)
        self.log.finish(call, error.error_code, error.to_json())
        return call

    def _rate_limited(self, call: Call) -> ApiError | None:
        media = call.params.get("media")
        count = len(media) if call.method == "sendMediaGroup" and isinstance(media, list) else 1
        hit = self.state.rate_limiter.check(call.method, call.chat_id, count)
        return None if hit is None else too_many_requests(hit.retry_after)

    def _known(self, name: str) -> bool:
        """Whether this server's Bot API version has the method (see `TelegramState`)."""
        return not ((name in RICH_METHODS and not self.state.rich_methods)
                    or (name in EPHEMERAL_METHODS and not self.state.ephemeral_methods))

    def _understood(self, params: dict[str, Any]) -> dict[str, Any]:
        """The parameters this server's version knows; an older server ignores the others."""
        unknown: set[str] = set()
        if not self.state.rich_methods:
            unknown |= RICH_PARAMS
        if not self.state.ephemeral_methods:
            unknown |= EPHEMERAL_PARAMS
        if not unknown or not unknown & set(params):
            return params
        return {key: value for key, value in params.items() if key not in unknown}

    async def execute(self, method: str, params: dict[str, Any]) -> Call:
        """Run one Bot API call (also used for methods returned in a webhook response)."""
        name = canonical_name(method)
        if name is None or not self._known(name):
            return self._refuse(method, params, method_not_found())
        call = self.log.start(name, params)
        error = self.faults.take(call) or self._rate_limited(call)
        if error is None:
            try:
                result = await METHODS[name](self.state, self._understood(params))
            except ApiError as refused:
                error = refused
            except Exception as bug:  # a defect in the fake must not look like a Telegram answer
                logger.exception("fake Telegram failed on %s", name)
                error = ApiError(
                    500, f"Internal Server Error: fake failed: {type(bug).__name__}: {bug}"
                )
            else:
                self.log.finish(call, 200, {"ok": True, "result": result})
                return call
        self.log.finish(call, error.error_code, error.to_json())
        return call

    async def handle_file(self, request: web.Request) -> web.Response:
        stored = self.state.files.by_path(request.match_info["path"])
        if request.match_info["token"] != self.state.token or stored is None:
            return web.json_response(ApiError(404, "Not Found").to_json(), status=404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
