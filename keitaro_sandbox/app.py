"""The aiohttp application: record every request, apply faults, check the key, route.

One catch-all route feeds `dispatch`, so unknown paths and methods can be answered the
way Keitaro does (400 "does not match any route") rather than with aiohttp's 404/405.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from keitaro_sandbox import postback
from keitaro_sandbox.faults import ADMIN_PAGE, Faults, render, without
from keitaro_sandbox.replies import (
    ApiError,
    BadRequest,
    NoRoute,
    NotFound,
    Unauthorized,
    json_reply,
    text_reply,
)
from keitaro_sandbox.router import Call, Router
from keitaro_sandbox.state import State

log = logging.getLogger("keitaro_sandbox")
API_PREFIX = "/admin_api/v1"
_POSTBACK = re.compile(r"^/([^/]+)/postback/?$")


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the sandbox received it (also the rejected and faulted ones)."""

    method: str
    path: str
    query: dict[str, str]
    body: Any  # parsed JSON (or a form as a dict, or the raw text when neither), None if empty
    headers: dict[str, str]


@dataclass
class Recorder:
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0


def parse_body(raw: bytes) -> tuple[Any, bool]:
    """(value, parsed): JSON first, then a form, else the text (not parsed)."""
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return None, True
    try:
        return json.loads(text), True
    except ValueError:
        pass
    if "=" in text and not text.startswith(("{", "[")):
        return dict(parse_qsl(text, keep_blank_values=True)), True
    return text, False


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _api_key(request: web.Request) -> str | None:
    key = request.headers.get("Api-Key")
    if key is None:
        auth = request.headers.get("Authorization", "")
        if auth[:7].lower() == "bearer ":
            key = auth[7:].strip()
    return key


def build_app(state: State, faults: Faults, recorder: Recorder, router: Router,
              queue: postback.PostbackQueue, *, api_key: str, postback_key: str
              ) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body, parsed = parse_body(raw)
        recorder.requests.append(RecordedRequest(
            request.method, request.path, dict(request.query), body, dict(request.headers)))
        recorder.in_flight += 1
        recorder.peak_in_flight = max(recorder.peak_in_flight, recorder.in_flight)
        try:
            answer = faults.take(request.method, request.path)
            if answer is not None:
                if answer.delay:
                    await asyncio.sleep(answer.delay)
                if answer.drop:
                    if request.transport is not None:
                        request.transport.close()
                    return web.Response(status=204)
                if answer.status is not None:
                    return render(answer)
            response = dispatch(request, body, parsed)
            if answer is not None and answer.omit:
                response = without(response, answer.omit)
            if answer is not None and answer.hold:
                await asyncio.sleep(answer.hold)
            return response
        finally:
            recorder.in_flight -= 1

    def dispatch(request: web.Request, body: Any, parsed: bool) -> web.StreamResponse:
        path = request.path
        try:
            if path.startswith("/admin_api/"):
                return admin(request, body, parsed)
            match = _POSTBACK.match(path)
            if match:
                form = ({k: str(v) for k, v in body.items()} if isinstance(body, dict)
                        else None)
                key = match.group(1)
                return postback.receive(state, queue, str(request.url), dict(request.query),
                                        form, key, valid=_same(key, postback_key))
            if path == "/admin" or path.startswith("/admin/"):  # the panel, not the API
                return text_reply(ADMIN_PAGE, content_type="text/html")
            return text_reply("Not found", 404)
        except ApiError as exc:
            return exc.response()
        except Exception as exc:  # Keitaro 9.x answers any unhandled error with 402
            log.exception("sandbox handler failed")
            return json_reply({"error": str(exc) or type(exc).__name__}, 402)

    def admin(request: web.Request, body: Any, parsed: bool) -> web.StreamResponse:
        if not _same(_api_key(request), api_key):
            raise Unauthorized
        url = f"{request.scheme}://{request.host}{request.path}"
        path = request.path
        if not path.startswith(API_PREFIX + "/"):
            raise NoRoute(request.method, url)
        found = router.match(request.method, path[len(API_PREFIX):])
        if found is None:
            raise NoRoute(request.method, url)
        if not parsed:
            raise BadRequest("The request body is not valid JSON")
        route, params = found
        call = Call(state, request.method, params, dict(request.query), body)
        try:
            return route.handler(call)
        except (NotFound, BadRequest) as exc:
            # D application/Admin/Context/AdminApiContext.php, handleException: whatever a
            # controller throws (an entity not found, a missing parameter) is answered
            # 402 {"error": "<message>"} (API-NOTES §12.1); 406 field maps stay 406
            raise ApiError({"error": exc.message}, status=402) from None

    app = web.Application(client_max_size=32 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", handle)
    return app
