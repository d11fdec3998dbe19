"""The Keitaro Admin API client: one pooled session, envelopes, bounded retries of reads."""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.changes import postbacks as conversion_rules
from bot.keitaro import rmw
from bot.keitaro.catalog import (
    CATALOG,
    Action,
    Danger,
    FieldType,
    Kind,
    Param,
    RmwOp,
    Special,
    View,
)
from bot.keitaro.envelope import Envelope, RequestInfo, RowLimit
from bot.keitaro.errors import (
    REFUSAL_KINDS,
    RETRYABLE_KINDS,
    RETRYABLE_STATUSES,
    ErrorInfo,
    ErrorKind,
    classify_exception,
    classify_status,
    html_summary,
    looks_like_html,
    own,
    parse_body,
)
from bot.keitaro.masking import Redactor, find_mask, mask_fields, mask_secret
from bot.keitaro.params import InputError
from bot.keitaro.read_caps import AnswerTooLarge, answer_limit, cap_rows, read_capped, trim_rows
from bot.keitaro.request import PreparedRequest, build_request
from bot.settings import KeitaroSettings
from bot.storage.locks import LocalLocks, LockUnavailable, SharedLock

log = logging.getLogger("bot.keitaro")

MAX_RETRY_AFTER = 10.0
# A GET that found no such route falls back to POST. A tracker that routes `GET /logs/types`
# as `GET /logs/{type}` refuses "types" as a log type with a 400 (API-NOTES §11.5), which is
# classified as a bad request or, with a field map, a validation error.
FALLBACK_KINDS = frozenset({ErrorKind.NO_ROUTE, ErrorKind.NOT_FOUND, ErrorKind.HTTP_ERROR,
                            ErrorKind.BAD_REQUEST, ErrorKind.VALIDATION})
# Values only newer trackers know, per (group, field): a refusal of one is explained.
NEWER_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("groups", "type"): {"domains": "groups_domains"},  # API-NOTES §11.11
}
_SLUG_VALUE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _newer_value_note(action: Action, args: dict[str, Any]) -> str | None:
    for (group, name), notes in NEWER_VALUES.items():
        if action.group != group:
            continue
        data = args.get("data")
        value = args.get(name) or (data.get(name) if isinstance(data, dict) else None)
        if isinstance(value, str) and value in notes:
            return notes[value]
    return None


def _labels_as_list(body: Any) -> Any:
    """`items` {value: label} → [{"value": value, "label": label}, …], the other shape."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), dict):
        return None
    items = [{"value": value, "label": label} for value, label in body["items"].items()]
    return {**body, "items": items}
BACKOFF_BASE = 0.3
BACKOFF_CAP = 3.0
_PLACEHOLDER = re.compile(r"{\w+}")


def rmw_lock_seconds(settings: KeitaroSettings) -> float:
    """How long a read-modify-write may hold its lock, and how long another one waits for it:
    above the longest it can take (its read and read-back, each tried 1 + retries times with
    backoff, and its write, each within the tracker timeout), so a holder is never overtaken
    while it works and a waiter outlasts a crashed holder's lock."""
    reads = 2 * (1 + settings.retries)
    pauses = 2 * settings.retries * (BACKOFF_CAP * 1.5 + MAX_RETRY_AFTER)
    return settings.timeout * (reads + 1) + pauses + 1.0


def conflict_message(path: str, field: str, verdict: rmw.WriteCheck) -> str:
    """The conflict in one line (the texts people read are `error.conflict` and its
    details, in their language)."""
    parts = []
    if verdict.missing:
        parts.append(f"items {', '.join(verdict.missing)} were there and are gone")
    if verdict.kept is not None:
        parts.append(f"item {verdict.kept} was removed and is still there")
    if verdict.unlike is not None:
        parts.append("the new item is not there as sent" if verdict.unlike == "new"
                     else f"item {verdict.unlike} is not as sent")
    return f"{field} of {path} after the write: " + "; ".join(parts)


def _changes_nothing(prepared: PreparedRequest, action: Action | None) -> bool:
    """A read (a catalog read, or a raw GET such as the read of a read-modify-write): when
    it is cut short, nothing can have changed on the tracker, so nothing is uncertain."""
    if action is None:
        return prepared.method == "GET"
    return action.danger is Danger.READ and action.kind is Kind.ADMIN


class KeitaroClient:
    """Calls the tracker for catalog actions; every call returns an `Envelope`, never raises.

    One `aiohttp.ClientSession` is created on first use and reused (connection pooling);
    `close()` ends it. At most `max_concurrency` requests are in flight per client.
    Only idempotent reads are retried, on connection errors, 429 and 502/503/504.
    Read-modify-writes of an array hold `locks` (shared by every process when given).
    """

    def __init__(
        self,
        settings: KeitaroSettings,
        *,
        redactor: Redactor | None = None,
        locks: SharedLock | None = None,
    ) -> None:
        self.settings = settings
        self.redactor = redactor or Redactor()
        self.redactor.add(*settings.secrets())
        self._session: aiohttp.ClientSession | None = None
        self._limit = asyncio.Semaphore(settings.max_concurrency)
        # shared by every process of the bot (built in `create_services`); alone, this
        # process's own locks (bench, scripts)
        self.locks: SharedLock = locks or LocalLocks()
        self.sleep = asyncio.sleep  # replaced in tests to observe backoff

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

    async def __aenter__(self) -> KeitaroClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- public API ------------------------------------------------------------------------

    def prepare(self, action: Action, args: dict[str, Any], *,
                tracker_values: bool = False) -> PreparedRequest:
        """Build the request an action would send (raises InputError); used for previews.
        `tracker_values`: the data is the tracker's own (an Undo sends back what it read)."""
        return build_request(action, args, self.settings, tracker_values=tracker_values)

    async def execute(self, action: Action | str, args: dict[str, Any] | None = None, *,
                      expect: str | None = None, watch: rmw.Watch | None = None,
                      raw: bool = False, tracker_values: bool = False,
                      max_rows: int | None = None) -> Envelope:
        """Run one catalog action with its arguments. Its data comes back scrubbed of
        secrets (tracker data is shown, cut short, stored: a key cut short by "…" could no
        longer be recognised), unless `raw`: what a change reads to build its Undo or to
        write back must be the tracker's own values, never masks.

        `expect`: the fingerprint of the arrays the person saw in the preview (`rmw.watched`
        of a read-modify-write's array, or of the `watch` fields of a write that replaces
        arrays). Re-read under the lock every process shares, arrays that differ are not
        written: the envelope (kind CHANGED, attempts 0) carries the entity as it is now.

        `tracker_values`: the data is the tracker's own (an Undo), not held against the
        choice lists a person's input is.

        A grid, report or log read asks for at most `max_rows` rows (default
        `KEITARO_MAX_ROWS`) and keeps no more; `envelope.row_limit` says when it was held."""
        if isinstance(action, str):
            action = CATALOG[action]
        cap = max_rows or self.settings.max_rows
        capped_args, limit = cap_rows(action, dict(args or {}), cap)
        envelope = await self._execute(action, capped_args, expect, watch=watch,
                                       tracker_values=tracker_values)
        if envelope.success:
            envelope.data, received = trim_rows(action, envelope.data, cap)
            if received is not None:
                limit = (limit or RowLimit(cap=cap)).model_copy(update={"received": received})
        envelope.row_limit = limit
        if not raw:
            envelope.data = self.redactor.json_value(envelope.data)
        return envelope

    async def _execute(self, action: Action | str, args: dict[str, Any] | None,
                       expect: str | None = None, *, watch: rmw.Watch | None = None,
                       tracker_values: bool = False) -> Envelope:
        if isinstance(action, str):
            action = CATALOG[action]
        args = dict(args or {})
        try:
            prepared = self.prepare(action, args, tracker_values=tracker_values)
        except InputError as exc:
            return self._refused(action, exc)
        if action.special is Special.RMW:
            return await self._rmw(action, args, prepared, expect)
        if action.special is Special.POSTBACK_UPDATE:
            return await self._postback_update(action, args, prepared, tracker_values)
        watch = watch or self._array_watch(action, prepared)
        if watch is not None:
            return await self._array_write(action, prepared, watch, expect)
        envelope = await self.send(prepared, action=action)
        if envelope.error is not None and envelope.error.kind in REFUSAL_KINDS:
            envelope.error.note = _newer_value_note(action, args)
        if action.special is Special.LABELS:
            return await self._labels_fallback(action, prepared, envelope)
        if action.special is Special.FALLBACK_POST and envelope.kind in FALLBACK_KINDS:
            prepared.method = "POST"
            retry = await self.send(prepared, action=action, idempotent=False)
            retry.steps = [envelope.request]
            return retry
        if action.special is Special.FIRST_ROW:
            return self._first_row(envelope, action, args)
        if action.special is Special.PICK_BY_ID:
            return self._pick_by_id(envelope, args)
        return envelope

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
        """A raw Admin API call outside the catalog (health probes, paging)."""
        key = self.settings.api_key.get_secret_value()


        suffix = f"?{urlencode(mask_fields(query))}" if query else ""
        headers = {"Accept": "application/json", "User-Agent": self.settings.user_agent,
                   "Api-Key": key}
        masked = {**headers, "Api-Key": mask_secret(key)}
        if json is not None:
            headers["Content-Type"] = masked["Content-Type"] = "application/json"
        prepared = PreparedRequest(
            method=method,
            url=f"{self.settings.api_base}{path}",
            query=dict(query or {}),
            body=json,
            has_body=json is not None,
            masked_url=f"{self.settings.api_base}{path}{suffix}",
            headers=headers,
            masked_headers=masked,
        )
        return await self.send(
            prepared, resource=resource, operation=operation, idempotent=method == "GET"
        )

    async def iter_grid(
        self, action: Action, args: dict[str, Any], *, page_size: int = 1000
    ) -> AsyncIterator[Envelope]:
        """Page through a grid query (clicks/conversions log, report) with limit/offset.

        Yields one envelope per page and stops after an error, a short page or `total`.
        Only one page is held at a time, so exports do not grow with the row count.
        """
        data = dict(args.get("data") or {})
        offset = int(data.get("offset", 0))
        ceiling = data.get("limit")
        fetched = 0
        while True:
            size = page_size if ceiling is None else min(page_size, int(ceiling) - fetched)
            if size <= 0:
                return
            page_args = {**args, "data": {**data, "limit": size, "offset": offset}}
            envelope = await self.execute(action, page_args, max_rows=size)
            yield envelope
            if not envelope.success or not isinstance(envelope.data, dict):
                return
            rows = envelope.data.get("rows") or []
            fetched += len(rows)
            offset += len(rows)
            total = envelope.data.get("total")
            if len(rows) < size or (isinstance(total, int) and offset >= total):
                return

    # -- sending ---------------------------------------------------------------------------

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
        info = self._info(prepared)
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
        envelope.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        return envelope

    @staticmethod
    def _info(prepared: PreparedRequest) -> RequestInfo:
        """The request as it may be shown: secrets masked."""
        return RequestInfo(
            url=prepared.masked_url,
            method=prepared.method,
            headers=prepared.masked_headers,
            body=mask_fields(prepared.body) if prepared.has_body else None,
        )

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

        kwargs: dict[str, Any] = {"headers": prepared.headers}
        if prepared.query:
            kwargs["params"] = prepared.query
        if prepared.has_body:
            kwargs["json"] = prepared.body
        started = time.perf_counter()
        too_large: AnswerTooLarge | None = None
        try:
            async with self._limit, self.session.request(
                prepared.method, prepared.url, allow_redirects=False, **kwargs
            ) as response:
                status = response.status
                reason = response.reason
                headers = dict(response.headers)
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
        error = classify_status(status, reason, headers, raw)
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
        value, is_json = parse_body(raw)
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
            return envelope(success=True, status=status, data=value)
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

    def _refused(self, action: Action, exc: InputError) -> Envelope:
        kind = ErrorKind.NOT_CONFIGURED if exc.code == "postback_key_missing" else (
            ErrorKind.INVALID_INPUT)
        info = RequestInfo(
            url=f"{self.settings.api_base}{action.path}",
            method=action.method,
            headers={},
        )
        error = ErrorInfo(kind=kind, message=str(exc), body={"code": exc.code, **exc.details})
        return Envelope(request=info, resource=action.group, operation=action.key,
                        success=False, error=error, attempts=0)

    async def choices(self, param: Param) -> tuple[str, ...]:
        """The values to offer for an enum: what the tracker lists (`param.pick`) when it
        answers with names, else the known ones (`param.choices`)."""
        if not param.pick:
            return param.choices
        envelope = await self.execute(param.pick, {})
        items = envelope.data if envelope.success and isinstance(envelope.data, list) else []
        listed: list[str] = []
        for item in items:
            name = item.get("name") or item.get("type") if isinstance(item, dict) else item
            if isinstance(name, str) and _SLUG_VALUE.match(name) and name not in listed:
                listed.append(name)
        return tuple(listed) or param.choices

    # -- composite actions -----------------------------------------------------------------

    async def _labels_fallback(
        self, action: Action, prepared: PreparedRequest, first: Envelope
    ) -> Envelope:
        """The tracker read `items` as a map (D LabelService::updateLabels). Only when it
        refused that shape outright (400/406: nothing written) is the list shape sent; never
        after an uncertain failure, a no-route answer or any other error."""
        refused = first.status in (400, 406) and first.kind in (
            ErrorKind.BAD_REQUEST, ErrorKind.VALIDATION)
        other = _labels_as_list(prepared.body) if refused else None
        if other is None:
            return first
        prepared.body = other
        retry = await self.send(prepared, action=action)
        retry.steps = [first.request]
        return retry


    @staticmethod
    def _not_found(envelope: Envelope, detail: str, values: dict[str, Any]) -> Envelope:
        envelope.success = False
        envelope.data = None
        envelope.error = own(ErrorKind.NOT_FOUND, detail, values, status=envelope.status)
        return envelope

    def _first_row(self, envelope: Envelope, action: Action, args: dict[str, Any]) -> Envelope:
        if not envelope.success:
            return envelope
        rows = envelope.data.get("rows") if isinstance(envelope.data, dict) else None
        if not rows:
            return self._not_found(envelope, "not_found", {"what": action.group.rstrip("s"),
                                                           "id": str(args.get("id"))})
        envelope.data = rows[0]
        return envelope

    def _pick_by_id(self, envelope: Envelope, args: dict[str, Any]) -> Envelope:
        if not envelope.success:
            return envelope
        wanted = args.get("id")
        items = envelope.data if isinstance(envelope.data, list) else []
        for item in items:
            if isinstance(item, dict) and str(item.get("id")) == str(wanted):
                envelope.data = item
                return envelope
        return self._not_found(envelope, "group_not_found", {"type": str(args.get("type")),
                                                              "id": str(wanted)})

    # -- read-modify-write of an array -----------------------------------------------------

    async def _rmw(self, action: Action, args: dict[str, Any], write: PreparedRequest,
                   expect: str | None = None) -> Envelope:
        """Read the entity, change one item of its array, write the whole array back, read it
        back. A write holds the lock every process shares for that entity from the read to
        the read-back, so two edits cannot both start from the same array (the later write
        would delete what the earlier one added: the tracker replaces arrays, §11.7)."""
        assert action.rmw is not None
        path = rmw.read_path(action, args)
        if action.rmw.op in (RmwOp.LIST, RmwOp.GET):  # nothing is written: no lock
            return await self._rmw_locked(action, args, write, path)
        seconds = rmw_lock_seconds(self.settings)
        try:
            async with self.locks.hold(f"rmw:{path}", ttl=seconds, wait=seconds):
                return await self._rmw_locked(action, args, write, path, expect)
        except LockUnavailable:
            return self._unsent(action, write, ErrorInfo(
                kind=ErrorKind.BUSY, body={"path": path, "field": action.rmw.field},
                message=f"another change of {path} ({action.rmw.field}) held the lock for "
                        f"{seconds:.0f} s: nothing was sent"))

    async def _rmw_locked(self, action: Action, args: dict[str, Any], write: PreparedRequest,
                          path: str, expect: str | None = None) -> Envelope:
        assert action.rmw is not None
        field = action.rmw.field
        read = await self.call("GET", path, resource=action.group, operation=action.key)
        if not read.success:
            return read
        items = rmw.items_of(read.data, field)
        if items is None:  # never "empty": writing that back would delete every item
            error = ErrorInfo(kind=ErrorKind.MISSING_ARRAY, status=read.status,
                              body={"path": path, "field": field},
                              message=f"the answer to GET {path} has no {field} array")
            if action.rmw.op in (RmwOp.LIST, RmwOp.GET):
                read.success, read.data, read.error = False, None, error
                return read
            return self._unsent(action, write, error, steps=[read.request])
        if expect is not None and expect != rmw.watched(read.data, (field,)):
            changed = self._unsent(action, write, ErrorInfo(
                kind=ErrorKind.CHANGED, status=read.status, body={"path": path, "field": field},
                message=f"{field} of {path} changed since the preview: nothing was sent"),
                steps=[read.request])
            changed.data = items
            return changed
        try:
            planned = rmw.plan(action, args, items)
        except rmw.ItemNotFound as exc:
            return self._not_found(read, "item_not_found", exc.values)
        except InputError as exc:
            return self._refused(action, exc)
        if planned.op is RmwOp.LIST:
            read.data = planned.before
            return read
        if planned.op is RmwOp.GET:
            read.data = planned.item
            return read
        write.body = planned.body
        write.has_body = True
        write.headers["Content-Type"] = write.masked_headers["Content-Type"] = (
            "application/json")
        result = await self.send(write, action=action)
        result.steps = [read.request]
        if not result.success:
            return result
        return await self._check_written(action, path, planned, result)

    async def _check_written(self, action: Action, path: str, planned: rmw.RmwPlan,
                             result: Envelope) -> Envelope:
        """Read the array back and hold it against the plan: a lost item or an item not as
        sent is a conflict (success is not claimed). When the read-back fails, the write's
        own answer is checked, if it holds the array."""
        back = await self.call("GET", path, resource=action.group, operation=action.key)
        result.steps.append(back.request)
        items = rmw.items_of(back.data, planned.field) if back.success else None
        if items is None:
            items = rmw.items_of(result.data, planned.field)
        if items is None:
            log.warning("%s: %s could not be read back after the write", action.id, path)
            return result
        result.data = items
        verdict = rmw.check_written(planned, items)
        if verdict.ok:
            return result
        result.success = False
        result.error = ErrorInfo(
            kind=ErrorKind.CONFLICT, status=result.status,
            body={"path": path, "field": planned.field, "missing": list(verdict.missing),
                  "kept": verdict.kept, "unlike": verdict.unlike},
            message=conflict_message(path, planned.field, verdict))
        log.warning("%s: conflict on %s: %s", action.id, path, result.error.message)
        return result

    def _unsent(self, action: Action, write: PreparedRequest, error: ErrorInfo, *,
                steps: list[RequestInfo] | None = None) -> Envelope:
        """The write was not sent (attempts 0: the journal records it as refused)."""
        return Envelope(request=self._info(write), resource=action.group, operation=action.key,
                        success=False, error=error, attempts=0, steps=steps or [])

    def _array_watch(self, action: Action, prepared: PreparedRequest) -> rmw.Watch | None:
        """What a plain write that replaces arrays holds the entity's lock for, when its caller
        did not say (`watch`): a PUT whose body carries an array the tracker replaces whole
        (`/campaigns update 5 {"postbacks": …}`, `/filters replace`, a stream's offers). It
        must not land between a read-modify-write's read and write, or that edit writes the
        old array back."""
        if prepared.method != "PUT" or not isinstance(prepared.body, dict):
            return None
        arrays = tuple(f.name for f in action.fields
                       if f.type is FieldType.ITEMS and f.name in prepared.body)
        if not arrays:
            return None
        return rmw.Watch(path=prepared.url.removeprefix(self.settings.api_base), fields=arrays)

    async def _array_write(self, action: Action, prepared: PreparedRequest, watch: rmw.Watch,
                           expect: str | None) -> Envelope:
        """Send a write that replaces arrays under the entity's lock; with `expect`, only when
        the watched arrays, read again under that lock, are the ones the preview showed."""
        seconds = rmw_lock_seconds(self.settings)
        try:
            async with self.locks.hold(watch.lock, ttl=seconds, wait=seconds):
                steps: list[RequestInfo] = []
                if expect is not None:
                    read = await self.call("GET", watch.path, resource=action.group,
                                           operation=action.key)
                    steps.append(read.request)
                    if not read.success:
                        read.attempts = 0  # nothing was written
                        return read
                    if rmw.watched(read.data, watch.fields) != expect:
                        changed = self._unsent(action, prepared, ErrorInfo(
                            kind=ErrorKind.CHANGED, status=read.status,
                            body={"path": watch.path, "field": ", ".join(watch.fields)},
                            message=f"{', '.join(watch.fields)} of {watch.path} changed since "
                                    "the preview: nothing was sent"), steps=steps)
                        changed.data = read.data
                        return changed
                envelope = await self.send(prepared, action=action)
                envelope.steps = steps + envelope.steps
                return envelope
        except LockUnavailable:
            return self._unsent(action, prepared, ErrorInfo(
                kind=ErrorKind.BUSY, body={"path": watch.path},
                message=f"another change held the lock for {seconds:.0f} s: nothing was sent"))

    async def _postback_update(
        self, action: Action, args: dict[str, Any], postback: PreparedRequest,
        tracker_values: bool = False,
    ) -> Envelope:
        """Check that the conversion exists and belongs to `click_id`, then re-post its click."""
        lookup = CATALOG[f"{action.group}.get"]
        found = await self._execute(lookup, {"id": args.get("id")})
        if not found.success:
            return found
        row = found.data if isinstance(found.data, dict) else {}
        data = args.get("data") or {}
        click = str(data.get("click_id", ""))
        owner = str(row.get("sub_id", ""))
        if owner and owner != click:
            return self._refused(action, InputError(
                "conversion_click_mismatch", id=args.get("id"), owner=owner, click=click))
        try:  # the tracker's rules (API-NOTES §11.1–11.2): what it would map or refuse is
            # refused here; the row's revenue, currency and tid are kept unless given
            status = conversion_rules.check_status(data.get("status"))
            conversion_rules.check_transition(str(row.get("status") or ""), status or "sale")
            postback = self.prepare(action, {
                **args, "data": conversion_rules.complete_update(row, data)},
                tracker_values=tracker_values)
        except InputError as exc:
            return self._refused(action, exc)
        result = await self.send(postback, action=action)
        result.steps = [found.request]
        if result.success:
            result.data = {**(result.data or {}), "conversion": row}
        return result

