"""Error kinds of tracker calls, and how a response or exception is classified into one."""

from __future__ import annotations

import asyncio
import re
import ssl
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from pydantic import BaseModel, Field

from bot import bounded_json
from bot.i18n.texts import DEFAULT_LANG, plain


class ErrorKind(StrEnum):
    INVALID_INPUT = "invalid_input"  # refused before sending: the request would be wrong
    NOT_CONFIGURED = "not_configured"  # a setting the action needs is missing
    BAD_REQUEST = "bad_request"  # 400
    NO_ROUTE = "no_route"  # 400 "does not match any route"
    UNAUTHORIZED = "unauthorized"  # 401 invalid API key
    EDITION = "edition"  # 402 Admin API not in this edition
    TRACKER_FAILED = "tracker_failed"  # 402 for any unhandled error in 9.x
    FORBIDDEN = "forbidden"  # 403 the key's user lacks the right
    BLOCKED = "blocked"  # 403/503 from Cloudflare or another firewall in front
    NOT_FOUND = "not_found"  # 404 (plain text from Keitaro)
    VALIDATION = "validation"  # 406/422 field → messages
    RATE_LIMITED = "rate_limited"  # 429
    SERVER_ERROR = "server_error"  # 5xx, often an HTML page
    HTTP_ERROR = "http_error"  # any other non-2xx status
    BAD_RESPONSE = "bad_response"  # 2xx that is not JSON (e.g. the admin panel's HTML page)
    TOO_LARGE = "too_large"  # an answer over KEITARO_MAX_ANSWER_MB, not read to its end
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection_refused"
    DNS_FAILURE = "dns_failure"
    CONNECTION_ERROR = "connection_error"  # reset, dropped
    TLS_ERROR = "tls_error"  # certificate not trusted, or the TLS handshake failed
    PROXY_ERROR = "proxy_error"  # a proxy between the bot and the tracker refused or failed
    REDIRECT = "redirect"  # a 3xx answer (or a redirect loop) instead of the API's answer
    INVALID_URL = "invalid_url"  # the tracker URL cannot be requested at all
    # read-modify-write of an array (a campaign's postbacks, a stream's filters)
    MISSING_ARRAY = "missing_array"  # the read had no such array: writing it back could wipe it
    BUSY = "busy"  # another change of the same array held the lock too long: nothing sent
    CHANGED = "changed"  # the array is not the one the preview showed: nothing sent
    CONFLICT = "conflict"  # read back after the write, the array is not what was written


class ErrorInfo(BaseModel):
    kind: ErrorKind
    message: str
    status: int | None = None
    status_text: str | None = None
    body: Any = None
    fields: dict[str, list[str]] = Field(default_factory=dict)
    retry_after: float | None = None
    uncertain: bool = False  # the request may have reached the tracker: check before repeating
    note: str | None = None  # a text key (`note.<key>`) that explains this refusal further
    # the bot's own words for `message`: the text `detail-<detail>` with `detail_args` (see
    # `own`), said in the person's language; `message` keeps them in English for the logs
    detail: str | None = Field(default=None, exclude=True)
    detail_args: dict[str, Any] = Field(default_factory=dict, exclude=True)


def own(kind: ErrorKind, detail: str, values: dict[str, Any] | None = None,
        **info: Any) -> ErrorInfo:
    """An error told in the bot's own words: the text `detail-<detail>`, in English as the
    `message` (the envelope, the journal, the logs), and in a person's language when shown
    (`bot.i18n.details.detail_text`)."""
    values = values or {}
    return ErrorInfo(kind=kind, message=plain(DEFAULT_LANG, f"detail-{detail}", **values),
                     detail=detail, detail_args=values, **info)


class KeitaroError(Exception):
    """Raised by `Envelope.raise_for_error`; carries the classified error."""

    def __init__(self, info: ErrorInfo) -> None:
        super().__init__(f"{info.kind.value}: {info.message}")
        self.info = info


BODY_EXCERPT = 1000
MAX_ANSWER_DEPTH = 64  # real answers nest a few levels; far below any recursion limit
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# a 402 whose message says the thing is not there: 9.x answers every exception with 402
# (AdminApiContext::handleException), a not-found one included (API-NOTES §12.1)
_GONE = re.compile(r"not found|does not exist|doesn't exist|no such", re.IGNORECASE)
# What a tracker answers when it does not know a value it was sent (an older version).
REFUSAL_KINDS = frozenset({ErrorKind.BAD_REQUEST, ErrorKind.VALIDATION, ErrorKind.NO_ROUTE,
                           ErrorKind.NOT_FOUND, ErrorKind.TRACKER_FAILED,
                           ErrorKind.HTTP_ERROR})
RETRYABLE_KINDS = frozenset({ErrorKind.CONNECTION_REFUSED, ErrorKind.CONNECTION_ERROR})


def looks_like_html(text: str) -> bool:
    """A page rather than data: starts with a tag and has the bones of an HTML document."""
    head = text.lstrip()[:1000].lower()
    return head.startswith("<") and any(
        tag in head for tag in ("<!doctype html", "<html", "<head", "<body", "<title"))


def html_summary(text: str) -> str:
    """The title of an HTML page, or its first words, for a one-line message."""
    match = _TITLE.search(text)
    raw = match.group(1) if match else _TAGS.sub(" ", text)
    words = " ".join(raw.split())
    return words[:200] or "HTML page"


def parse_body(raw: bytes) -> tuple[Any, bool]:
    """(value, is_json): JSON when it parses within bounds (nesting, finite numbers: see
    `bounded_json`), else the decoded text."""
    return parse_text(raw.decode("utf-8", errors="replace"))


def parse_text(text: str) -> tuple[Any, bool]:
    """`parse_body` of an answer already decoded."""
    if not text.strip():
        return None, True
    try:
        return bounded_json.loads_answer(text, max_depth=MAX_ANSWER_DEPTH), True
    except ValueError:  # broken JSON, refused JSON, an integer of thousands of digits
        return text, False


def excerpt(value: Any) -> Any:
    """Keep error bodies small: long text is cut; HTML becomes its title."""
    if isinstance(value, str):
        if looks_like_html(value):
            return f"[HTML] {html_summary(value)}"
        return value if len(value) <= BODY_EXCERPT else value[:BODY_EXCERPT] + "…"
    return value


def _field_map(value: Any) -> dict[str, list[str]]:
    """406/422 bodies: {"name": ["is required"], ...}; also {"error": ..., "errors": {...}}."""
    if not isinstance(value, dict):
        return {}
    nested = value.get("errors")
    source: dict[str, Any] = nested if isinstance(nested, dict) else value
    fields: dict[str, list[str]] = {}
    for key, messages in source.items():
        if key == "error":
            continue
        if isinstance(messages, list):
            fields[str(key)] = [str(m) for m in messages]
        elif isinstance(messages, str):
            fields[str(key)] = [messages]
    return fields


def _message(value: Any, fallback: str) -> str:
    if isinstance(value, dict) and isinstance(value.get("error"), str):
        return str(value["error"])
    if isinstance(value, str) and value.strip():
        if looks_like_html(value):
            return html_summary(value)
        return " ".join(value.split())[:300]
    return fallback


def _is_firewall(headers: dict[str, str], text: str) -> bool:
    lowered = text[:4000].lower()
    return (
        "cf-ray" in {k.lower() for k in headers}
        or "cloudflare" in lowered
        or "error code: 1010" in lowered
        or "attention required" in lowered
    )


def classify_status(
    status: int, reason: str | None, headers: dict[str, str], raw: bytes
) -> ErrorInfo:
    """Classify a non-2xx response."""
    value, _ = parse_body(raw)
    text = value if isinstance(value, str) else ""
    message = _message(value, reason or f"HTTP {status}")
    body = excerpt(value)
    common: dict[str, Any] = {"status": status, "status_text": reason, "body": body}
    if status == 400 and "does not match any route" in message:
        return ErrorInfo(kind=ErrorKind.NO_ROUTE, message=message, **common)
    if status == 400:
        return ErrorInfo(kind=ErrorKind.BAD_REQUEST, message=message, **common)
    if status == 401:
        return ErrorInfo(kind=ErrorKind.UNAUTHORIZED, message=message, **common)
    if status == 402:
        edition = "edition" in message.lower() or "business" in message.lower()
        if not edition and _GONE.search(message):  # 9.x: every exception is a 402 (§12.1)
            return ErrorInfo(kind=ErrorKind.NOT_FOUND, message=message, **common)
        kind = ErrorKind.EDITION if edition else ErrorKind.TRACKER_FAILED
        return ErrorInfo(kind=kind, message=message, fields=_field_map(value), **common)
    if status in (403, 503) and _is_firewall(headers, text):
        return ErrorInfo(kind=ErrorKind.BLOCKED, message=message, **common)
    if status == 403:
        return ErrorInfo(kind=ErrorKind.FORBIDDEN, message=message, **common)
    if status == 404:
        return ErrorInfo(kind=ErrorKind.NOT_FOUND, message=message, **common)
    if status in (406, 422):
        fields = _field_map(value)
        if fields and message == (reason or f"HTTP {status}"):
            message = "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())
        return ErrorInfo(kind=ErrorKind.VALIDATION, message=message, fields=fields, **common)
    if 300 <= status < 400:
        return _redirect(status, headers, common)
    if status == 429:
        return ErrorInfo(
            kind=ErrorKind.RATE_LIMITED,
            message=message,
            retry_after=_retry_after(headers),
            **common,
        )
    if status >= 500:
        return ErrorInfo(kind=ErrorKind.SERVER_ERROR, message=message, **common)
    return ErrorInfo(kind=ErrorKind.HTTP_ERROR, message=message, **common)


def _redirect(status: int, headers: dict[str, str], common: dict[str, Any]) -> ErrorInfo:
    """Where a redirect points, without its path or query (they may hold a key)."""
    location = next((v for k, v in headers.items() if k.lower() == "location"), "")
    target = urlsplit(location)
    if target.scheme and target.netloc:
        where = f"{target.scheme}://{target.netloc}"
        return own(ErrorKind.REDIRECT, "redirect_to", {"status": status, "where": where},
                   **common)
    return own(ErrorKind.REDIRECT, "redirect", {"status": status}, **common)


def _retry_after(headers: dict[str, str]) -> float | None:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


def classify_exception(exc: BaseException, timeout: float) -> ErrorInfo:
    """Classify a failure to get any response. Messages carry no URL (it may hold a secret)."""
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return own(ErrorKind.TIMEOUT, "timeout", {"seconds": f"{timeout:g}"}, uncertain=True)
    if isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return own(ErrorKind.INVALID_URL, "invalid_url")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return own(ErrorKind.DNS_FAILURE, "dns")
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return own(ErrorKind.PROXY_ERROR, "proxy_unreachable")
    if isinstance(exc, aiohttp.ClientHttpProxyError):
        return own(ErrorKind.PROXY_ERROR, "proxy_refused", {"status": exc.status},
                   status=exc.status or None)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return own(ErrorKind.TLS_ERROR, "tls_untrusted")
    if isinstance(exc, aiohttp.ClientConnectorSSLError | aiohttp.ServerFingerprintMismatch):
        return own(ErrorKind.TLS_ERROR, "tls_handshake")
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        # not at connect time: the request may already be out
        return own(ErrorKind.TLS_ERROR, "tls_broken", uncertain=True)
    if isinstance(exc, aiohttp.ClientConnectorError):
        refused = isinstance(exc.os_error, ConnectionRefusedError)
        if refused:
            return own(ErrorKind.CONNECTION_REFUSED, "refused")
        return own(ErrorKind.CONNECTION_ERROR, "unreachable")
    if isinstance(exc, aiohttp.TooManyRedirects):
        return own(ErrorKind.REDIRECT, "redirect_loop", status=exc.status or None)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return own(ErrorKind.CONNECTION_ERROR, "closed", uncertain=True)
    if isinstance(exc, aiohttp.ClientError | OSError):
        return own(ErrorKind.CONNECTION_ERROR, "connection_failed",
                   {"name": type(exc).__name__}, uncertain=True)
    raise exc
