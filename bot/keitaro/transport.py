"""The transport: one request to the tracker, sent and answered as an `Envelope`, never raised.

One pooled `aiohttp.ClientSession` (created on first use), at most `max_concurrency` requests
in flight, answers read up to a cap. Only idempotent reads are retried (connection errors,
429, 502/503/504), with a jittered backoff and a `Retry-After` of at most MAX_RETRY_AFTER.
The bot's secrets are added here and nowhere before: the API key header of an Admin API call,
the postback key in a postback's URL, the login of a tracker behind one; what may be shown
(`RequestInfo`) has them masked. A write that carries the mask text is never sent.

The mechanisms beyond one call (`bot.keitaro.mechanisms`) are built on `send` and `call`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp

from bot.keitaro.catalog import Action, Danger, Kind, View
from bot.keitaro.envelope import Envelope, RequestInfo
from bot.keitaro.errors import (
    RETRYABLE_KINDS,
    RETRYABLE_STATUSES,
    ErrorInfo,
    ErrorKind,
    classify_exception,
    classify_status,
    html_summary,
    looks_like_html,
    own,
    parse_text,
)
from bot.keitaro.masking import Redactor, find_mask, mask_fields, mask_secret
from bot.keitaro.read_caps import AnswerTooLarge, answer_limit, read_capped
from bot.keitaro.request import JSON_ACCEPT, POSTBACK_KEY_SLOT, PreparedRequest
from bot.settings import KeitaroSettings

log = logging.getLogger("bot.keitaro")

MAX_RETRY_AFTER = 10.0
BACKOFF_BASE = 0.3
BACKOFF_CAP = 3.0
Sleep = Callable[[float], Awaitable[None]]


def _changes_nothing(prepared: PreparedRequest, action: Action | None) -> bool:
    """A read (a catalog read, or a raw GET such as the read of a read-modify-write): when
    it is cut short, nothing can have changed on the tracker, so nothing is uncertain."""
    if action is None:
        return prepared.method == "GET"
    return action.danger is Danger.READ and action.kind is Kind.ADMIN


class Transport:
    """Sends requests to the tracker of `settings`; `sleep` is replaced in tests to observe
    the backoff."""

    def __init__(self, settings: KeitaroSettings, redactor: Redactor) -> None:
        self.settings = settings
        self.redactor = redactor
        self._session: aiohttp.ClientSession | None = None
        self._limit = asyncio.Semaphore(settings.max_concurrency)
        self.sleep: Sleep = asyncio.sleep
        key = settings.api_key.get_secret_value()
        postback = settings.postback_key.get_secret_value() if settings.postback_key else ""
        self._postback_path = quote(postback, safe="")
        # the headers of each kind of request, sent and as shown: built once
        self._headers: dict[tuple[str, bool, bool], tuple[dict[str, str], dict[str, str]]] = {}
        self._key, self._masked_key = key, mask_secret(key)
        self.changes = 0  # requests sent that may change the tracker (counted before and after)

    # -- session ---------------------------------------------------------------------------

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.timeout),
                connector=aiohttp.TCPConnector(
                    limit=self.settings.max_concurrency, ttl_dns_cache=300
                ),
                raise_for_status=False,
                headers=self._login_header(),
            )
            # aiohttp silently re-sends GET/PUT/DELETE once when a kept-alive connection
            # drops; a write (or a postback GET) must reach the tracker at most once, and
            # reads are retried by `send` itself, so that resend is switched off.
            self._session._retry_connection = False
        return self._session

    def _login_header(self) -> dict[str, str]:
        """Basic auth for a tracker behind a login (given inside KEITARO_URL): sent with
        every request, never part of a URL the bot shows or logs."""
        login = self.settings.basic_auth
        return {"Authorization": aiohttp.encode_basic_auth(*login)} if login else {}

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    # -- credentials -----------------------------------------------------------------------

    def headers(self, prepared: PreparedRequest) -> tuple[dict[str, str], dict[str, str]]:
        """The headers `prepared` is sent with, and the same as they may be shown."""
        shape = (prepared.accept, prepared.admin, prepared.has_body)
        found = self._headers.get(shape)
        if found is None:
            sent = {"Accept": prepared.accept, "User-Agent": self.settings.user_agent}
            shown = dict(sent)
            if prepared.admin:
                sent["Api-Key"], shown["Api-Key"] = self._key, self._masked_key
            if prepared.has_body:
                sent["Content-Type"] = shown["Content-Type"] = "application/json"
            found = self._headers[shape] = (sent, shown)
        return found

    def url(self, prepared: PreparedRequest) -> str:
        """The URL as sent: a postback's with the key in it."""
        if prepared.admin or POSTBACK_KEY_SLOT not in prepared.url:
            return prepared.url
        return prepared.url.replace(POSTBACK_KEY_SLOT, self._postback_path)

    def info(self, prepared: PreparedRequest) -> RequestInfo:
        """The request as it may be shown: secrets masked."""
        return RequestInfo(
            url=prepared.masked_url,
            method=prepared.method,
            headers=self.headers(prepared)[1],
            body=mask_fields(prepared.body) if prepared.has_body else None,
        )

    # -- sending ---------------------------------------------------------------------------

    def raw(self, method: str, path: str, *, query: dict[str, str] | None = None,
            json: Any = None) -> PreparedRequest:
        """A raw Admin API request outside the catalog (a read of a read-modify-write, a
        health probe)."""
        base = self.settings.api_base
        suffix = f"?{urlencode(mask_fields(query))}" if query else ""
        return PreparedRequest(method=method, url=f"{base}{path}", query=dict(query or {}),
                               body=json, has_body=json is not None,
                               masked_url=f"{base}{path}{suffix}", accept=JSON_ACCEPT)

    async def call(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        json: Any = None,
        resource: str = "raw",
        operation: str = "call",
    ) -> Envelope:
        """A raw Admin API call outside the catalog (health probes, paging, reads first)."""
        prepared = self.raw(method, path, query=query, json=json)
        return await self.send(prepared, resource=resource, operation=operation,
                               idempotent=method == "GET")

    async def send(
        self,
        prepared: PreparedRequest,
        *,
        action: Action | None = None,
        resource: str | None = None,
        operation: str | None = None,
        idempotent: bool | None = None,
    ) -> Envelope:
        """Send one request; retry it only when it is an idempotent read."""
        resource = resource or (action.group if action else "raw")
        operation = operation or (action.key if action else "call")
        if idempotent is None:
            idempotent = action.idempotent if action else False
        attempts = 1 + (self.settings.retries if idempotent else 0)
        # numbers kept for a minute (`KeptReads`) are dropped by a change, now and after
        changes = action.danger is not Danger.READ if action else prepared.method != "GET"
        self.changes += changes
        info = self.info(prepared)
        where = None if idempotent else (
            find_mask(prepared.body) if prepared.has_body else None) or find_mask(prepared.query)
        if where is not None:  # the last line of defence: a mask is never written back
            log.warning("%s %s refused: the mask text in %s", prepared.method, info.url, where)
            return Envelope(request=info, resource=resource, operation=operation,
                            success=False, attempts=0, error=ErrorInfo(
                                kind=ErrorKind.INVALID_INPUT, body={"code": "mask_in_write",
                                                                    "field": where},
                                message=f"not sent: {where} holds the mask text"))
        started = time.perf_counter()
        envelope: Envelope | None = None
        for attempt in range(1, attempts + 1):
            envelope = await self._attempt(prepared, info, resource, operation, action)
            if attempt != envelope.attempts:
                envelope.attempts = attempt
            error = envelope.error
            retryable = error is not None and (
                error.kind in RETRYABLE_KINDS or (error.status or 0) in RETRYABLE_STATUSES
            )
            if not retryable or attempt == attempts:
                break
            assert error is not None
            delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
            if error.retry_after is not None:
                if error.retry_after > MAX_RETRY_AFTER:
                    break
                delay = max(delay, error.retry_after)
            log.info("retrying %s %s in %.2fs after %s", prepared.method, info.url, delay,
                     error.kind.value)
            await self.sleep(delay)
        assert envelope is not None
        self.changes += changes
        envelope.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        return envelope

    async def _attempt(
        self,
        prepared: PreparedRequest,
        info: RequestInfo,
        resource: str,
        operation: str,
        action: Action | None,
    ) -> Envelope:
        def envelope(**kw: Any) -> Envelope:
            return Envelope(request=info, resource=resource, operation=operation, **kw)

        kwargs: dict[str, Any] = {"headers": self.headers(prepared)[0]}
        if prepared.query:
            kwargs["params"] = prepared.query
        if prepared.has_body:
            kwargs["json"] = prepared.body
        started = time.perf_counter()
        too_large: AnswerTooLarge | None = None
        try:
            async with self._limit, self.session.request(
                prepared.method, self.url(prepared), allow_redirects=False, **kwargs
            ) as response:
                status = response.status
                reason = response.reason
                headers = response.headers  # copied only for an error (below)
                content_type = response.content_type
                try:
                    raw = await read_capped(response, answer_limit(
                        action, self.settings.max_answer_mb * 2**20))
                except AnswerTooLarge as exc:
                    response.close()  # the rest is not read: the connection cannot be reused
                    too_large, raw = exc, b""
        except Exception as exc:
            error = classify_exception(exc, self.settings.timeout)
            if error.uncertain:
                error.uncertain = error.uncertain and not _changes_nothing(prepared, action)
            error.message = self.redactor(error.message)
            log.warning("%s %s failed: %s", prepared.method, info.url, error.kind.value)
            return envelope(success=False, error=error)
        elapsed = (time.perf_counter() - started) * 1000
        log.log(logging.DEBUG if status < 400 else logging.INFO, "%s %s -> %s in %.0f ms",
                prepared.method, info.url, status, elapsed)
        if too_large is not None:
            log.warning("%s %s: answer over %d bytes, not read", prepared.method, info.url,
                        too_large.limit)
            mb = too_large.limit / 2**20
            error = own(ErrorKind.TOO_LARGE, "too_large", {"mb": f"{mb:g}"}, status=status,
                        status_text=reason, uncertain=not _changes_nothing(prepared, action))
            return envelope(success=False, status=status, error=error)
        if 200 <= status < 300:
            return self._success(
                envelope, status=status, reason=reason, content_type=content_type, raw=raw,
                action=action,
            )
        error = classify_status(status, reason, dict(headers), raw)
        error.message = self.redactor(error.message)
        error.body = self.redactor.value(error.body)
        return envelope(success=False, status=status, error=error)

    def _success(
        self,
        envelope: Callable[..., Envelope],
        *,
        status: int,
        reason: str | None,
        content_type: str,
        raw: bytes,
        action: Action | None,
    ) -> Envelope:
        text = raw.decode("utf-8", errors="replace")
        value, is_json = parse_text(text)
        html_page = not is_json and looks_like_html(str(value))
        if action is not None and action.view is View.BINARY and not is_json and not html_page:
            name = f"{action.group}-{action.key}.zip"
            return envelope(
                success=True,
                status=status,
                data={"filename": name, "size": len(raw), "content_type": content_type},
                content=raw,
                filename=name,
            )
        if action is not None and action.kind is Kind.POSTBACK and not html_page:
            answer = value if isinstance(value, str) else raw.decode("utf-8", "replace")
            return envelope(success=True, status=status, data={"response": answer.strip()[:500]})
        if is_json:
            clean = isinstance(value, dict | list) and self.redactor.clean_json(text)
            return envelope(success=True, status=status, data=value,
                            clean_data=value if clean else None)  # see KeitaroClient.execute
        full = str(value)
        if html_page:
            detail, values = "html_page", {"page": self.redactor(html_summary(full))}
            body: Any = f"[HTML] {html_summary(full)}"
        else:
            detail, values = "not_json", {}
            body = full[:1000]
        error = own(ErrorKind.BAD_RESPONSE, detail, values, status=status, status_text=reason,
                    body=self.redactor.value(body))
        return envelope(success=False, status=status, error=error)
