"""The Keitaro Admin API client: catalog actions in, envelopes out, never raised.

The request of an action is built once (`prepare`, `bot.keitaro.request`) and sent by the
transport (`bot.keitaro.transport`: one pooled session, attempts, retries of idempotent
reads, answer caps, the secrets added when sent). An action whose catalog entry names a
mechanism beyond one call (`Special`) goes through its module in `bot.keitaro.mechanisms`.
Row caps of grid, report and log reads, and the scrubbing of secrets from what comes back,
are here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Action, Danger, Param, Special
from bot.keitaro.envelope import Envelope, RequestInfo, RowLimit
from bot.keitaro.errors import REFUSAL_KINDS, ErrorInfo, ErrorKind
from bot.keitaro.masking import Redactor
from bot.keitaro.mechanisms import AFTER, Call, arrays, postback_update
from bot.keitaro.mechanisms import rmw as read_modify_write
from bot.keitaro.params import InputError
from bot.keitaro.read_caps import cap_rows, trim_rows
from bot.keitaro.request import PreparedRequest, build_request, check_args
from bot.keitaro.transport import Sleep, Transport
from bot.settings import KeitaroSettings
from bot.storage.locks import LocalLocks, SharedLock

# Values only newer trackers know, per (group, field): a refusal of one is explained.
NEWER_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("groups", "type"): {"domains": "groups_domains"},  # API-NOTES §11.11
}
_SLUG_VALUE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
READS_KEPT = 512  # read requests of plain arguments kept built (`_read_request`)
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _newer_value_note(action: Action, args: dict[str, Any]) -> str | None:
    for (group, name), notes in NEWER_VALUES.items():
        if action.group != group:
            continue
        data = args.get("data")
        value = args.get(name) or (data.get(name) if isinstance(data, dict) else None)
        if isinstance(value, str) and value in notes:
            return notes[value]
    return None


class KeitaroClient:
    """Calls the tracker for catalog actions; every call returns an `Envelope`, never raises.

    At most `max_concurrency` requests are in flight per client; only idempotent reads are
    retried. Read-modify-writes of an array hold `locks` (shared by every process when
    given). `close()` ends the session.
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
        self.transport = Transport(settings, self.redactor)
        # shared by every process of the bot (built in `create_services`); alone, this
        # process's own locks (bench, scripts)
        self.locks: SharedLock = locks or LocalLocks()
        self._reads: dict[tuple[Any, ...], PreparedRequest] = {}  # see `_read_request`

    @property
    def sleep(self) -> Sleep:
        """How the transport waits between attempts (replaced in tests)."""
        return self.transport.sleep

    @sleep.setter
    def sleep(self, value: Sleep) -> None:
        self.transport.sleep = value

    async def close(self) -> None:
        await self.transport.close()

    async def __aenter__(self) -> KeitaroClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- requests --------------------------------------------------------------------------

    def prepare(self, action: Action, args: dict[str, Any], *,
                tracker_values: bool = False) -> PreparedRequest:
        """Build the request an action sends (raises InputError), once: a change's by its
        plan (`bot.changes.plan`), carried from there to the preview, the journal and the
        send; a read's when its last answer is in, and sent as it is (`execute(request=)`).
        A grid, report or log read asks for at most KEITARO_MAX_ROWS rows, as `execute`
        does. `tracker_values`: the data is the tracker's own (an Undo sends back what it
        read)."""
        capped, _ = cap_rows(action, args, self.settings.max_rows)
        return build_request(action, capped, self.settings, tracker_values=tracker_values)

    def check(self, action: Action, args: dict[str, Any], *,
              tracker_values: bool = False) -> None:
        """Refuse what can be refused before anything is read (raises InputError); builds
        nothing."""
        check_args(action, args, self.settings, tracker_values=tracker_values)

    def refused(self, action: Action, exc: InputError) -> Envelope:
        """The envelope of a request refused before it was sent."""
        kind = ErrorKind.NOT_CONFIGURED if exc.code == "postback_key_missing" else (
            ErrorKind.INVALID_INPUT)
        info = RequestInfo(url=f"{self.settings.api_base}{action.path}", method=action.method,
                           headers={})
        error = ErrorInfo(kind=kind, message=str(exc), body={"code": exc.code, **exc.details})
        return Envelope(request=info, resource=action.group, operation=action.key,
                        success=False, error=error, attempts=0)

    # -- actions ---------------------------------------------------------------------------

    async def execute(self, action: Action | str, args: dict[str, Any] | None = None, *,
                      request: PreparedRequest | None = None, expect: str | None = None,
                      watch: rmw.Watch | None = None, raw: bool = False,
                      tracker_values: bool = False, max_rows: int | None = None) -> Envelope:
        """Run one catalog action with its arguments. Its data comes back scrubbed of
        secrets (tracker data is shown, cut short, stored: a key cut short by "…" could no
        longer be recognised), unless `raw`: what a change reads to build its Undo or to
        write back must be the tracker's own values, never masks.

        `request`: the request `prepare` built from these arguments (a change's plan, a read
        whose answers were checked), sent as it is: not built again.

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
        given = dict(args or {})
        capped_args, limit = cap_rows(action, given, cap)
        if limit is not None and cap != self.settings.max_rows:
            request = None  # held to another cap than `prepare`'s: the request follows it
        envelope = await self.dispatch(action, capped_args, request=request, expect=expect,
                                       watch=watch, tracker_values=tracker_values)
        if envelope.success:
            data, received = trim_rows(action, envelope.data, cap)
            if data is not envelope.data:
                envelope.data = data
            if received is not None:
                limit = (limit or RowLimit(cap=cap)).model_copy(update={"received": received})
        if limit is not None:
            envelope.row_limit = limit
        if not raw and envelope.data is not envelope.clean_data:
            envelope.data = self.redactor.json_value(envelope.data)
        return envelope

    async def dispatch(self, action: Action, args: dict[str, Any], *,
                       request: PreparedRequest | None = None, expect: str | None = None,
                       watch: rmw.Watch | None = None,
                       tracker_values: bool = False) -> Envelope:
        """The action's request (built here unless given), through its mechanism."""
        planned = request is not None
        try:
            if action.special is Special.POSTBACK_UPDATE:
                if request is None:  # completed from the conversion as read, then built
                    self.check(action, args, tracker_values=tracker_values)
                return await postback_update.run(self, action, args, request,
                                                 tracker_values=tracker_values)
            if request is None:  # the arguments as they come (held to the caller's cap)
                request = self._read_request(action, args) if not tracker_values else None
                request = request or build_request(action, args, self.settings,
                                                   tracker_values=tracker_values)
        except InputError as exc:
            return self.refused(action, exc)
        call = Call(client=self, action=action, args=args, request=request, expect=expect,
                    watch=watch, tracker_values=tracker_values, planned=planned)
        if action.special is Special.RMW:
            return await read_modify_write.run(call)
        watch = watch or arrays.watch_of(call)
        if watch is not None:
            return await arrays.run(call, watch)
        envelope = await self.transport.send(request, action=action)
        if envelope.error is not None and envelope.error.kind in REFUSAL_KINDS:
            envelope.error.note = _newer_value_note(action, args)
        after = AFTER.get(action.special)
        return await after(call, envelope) if after is not None else envelope

    def _read_request(self, action: Action, args: dict[str, Any]) -> PreparedRequest | None:
        """The request of a read whose arguments are plain values (`campaigns.get` of an id),
        built once and kept (requests are never changed once built; the settings they are
        built from are fixed): the same reads come again and again (cards, the glance, pick
        lists). None for anything else, which is built each time."""
        if action.danger is not Danger.READ or not all(
                type(value) in _PLAIN for value in args.values()):
            return None
        key = (action.id, *((name, type(value), value) for name, value in args.items()))
        request = self._reads.get(key)
        if request is None:
            if len(self._reads) >= READS_KEPT:
                self._reads.clear()
            request = self._reads[key] = build_request(action, args, self.settings)
        return request

    # -- the transport ---------------------------------------------------------------------

    async def send(self, prepared: PreparedRequest, *, action: Action | None = None,
                   resource: str | None = None, operation: str | None = None,
                   idempotent: bool | None = None) -> Envelope:
        """One request (`Transport.send`), retried only when it is an idempotent read."""
        return await self.transport.send(prepared, action=action, resource=resource,
                                         operation=operation, idempotent=idempotent)

    async def call(self, method: str, path: str, *, query: dict[str, str] | None = None,
                   json: Any = None, resource: str = "raw", operation: str = "call"
                   ) -> Envelope:
        """A raw Admin API call outside the catalog (`Transport.call`)."""
        return await self.transport.call(method, path, query=query, json=json,
                                         resource=resource, operation=operation)

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
