"""Answers the way Keitaro words them: JSON bodies, plain-text 404s and the error types."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

EDITION_MESSAGE = "Admin API is available only in Business editions"


def json_reply(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(data), content_type="application/json", charset="utf-8"
    )


def text_reply(text: str, status: int = 200, content_type: str = "text/plain") -> web.Response:
    return web.Response(status=status, text=text, content_type=content_type, charset="utf-8")


class ApiError(Exception):
    """An error answer; raised anywhere in a handler, rendered by the app."""

    status = 400

    def __init__(self, body: Any, *, status: int | None = None, text: bool = False) -> None:
        super().__init__(body if isinstance(body, str) else json.dumps(body))
        self.body = body
        self.text = text
        if status is not None:
            self.status = status

    def response(self) -> web.Response:
        if self.text:
            return text_reply(str(self.body), self.status)
        return json_reply(self.body, self.status)


class BadRequest(ApiError):
    """400 `{"error": message}` (inside the Admin API's controllers: 402, see `app`)."""

    def __init__(self, message: str) -> None:
        super().__init__({"error": message}, status=400)
        self.message = message


class NoRoute(ApiError):
    """400 for an unknown path or method, worded like Keitaro 9.x."""

    def __init__(self, method: str, url: str) -> None:
        super().__init__({"error": f"URL '{method} {url}' does not match any route"}, status=400)


class Unauthorized(ApiError):
    def __init__(self) -> None:
        super().__init__({"error": "Invalid API key"}, status=401)


class NotFound(ApiError):
    """404 with a plain-text body such as `Traffic\\Model\\Campaign #99 not found` (inside the
    Admin API's controllers: 402 with that message, see `app`)."""

    def __init__(self, model: str, ident: object = None, *, message: str | None = None
                 ) -> None:
        self.message = message or f"{model} #{ident} not found"
        super().__init__(self.message, status=404, text=True)


class Invalid(ApiError):
    """406 with the field map `{"field": ["message", ...]}`."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__(fields, status=406)
        self.fields = fields


def invalid(field: str, message: str) -> Invalid:
    return Invalid({field: [message]})
