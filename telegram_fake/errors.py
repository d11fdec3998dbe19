"""Bot API errors as the real server words them, raised by method handlers and rendered as JSON."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

BLOCKED_BY_USER = "Forbidden: bot was blocked by the user"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)

_DEFAULT_DESCRIPTIONS = MappingProxyType(
    {
        400: "Bad Request",
        401: "Unauthorized",
        403: BLOCKED_BY_USER,
        404: "Not Found",
        409: "Conflict",
        413: "Request Entity Too Large",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }
)


def default_description(error_code: int, retry_after: int | None = None) -> str:
    """The description Telegram typically sends with `error_code`."""
    if error_code == 429:
        return f"Too Many Requests: retry after {retry_after if retry_after is not None else 1}"
    return _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")


class ApiError(Exception):
    """A failed Bot API call: becomes `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(
        self,
        error_code: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        self.error_code = error_code
        self.description = description or default_description(error_code, retry_after)
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id
        super().__init__(f"{error_code}: {self.description}")

    def to_json(self) -> dict[str, Any]:
        """The response body the real Bot API would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters: dict[str, int] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(detail: str) -> ApiError:
    """`400 Bad Request: <detail>`."""
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """`429` with `parameters.retry_after`, as flood control answers."""
    return ApiError(429, retry_after=retry_after)
