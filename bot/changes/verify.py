"""After a write: read the entity back and say what was seen, never more.

✅ only for what was read back as sent; ⚠️ for a field the tracker kept or changed otherwise,
or one its answer does not have; write-only fields "sent (cannot be read back)"; secrets
"sent (never shown)". A postback is classified by its answer's text and its conversion
read back for a few seconds: ✅ when seen, ⏳ while queued, ⚠️ or ❌ otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import html

from bot.changes import clean, postbacks
from bot.changes.kinds import Kind, after_reader, data_of, entity_id, kind_of, reader_for
from bot.changes.outcome import FAILED, NOT_AS_SENT, QUEUED, SEEN, SENT, Outcome, overall
from bot.changes.read import Seen, read
from bot.changes.undo import ARCHIVED, STATE_AFTER, ip_list
from bot.changes.values import (
    entity_name,
    field_of,
    holds,
    is_secret,
    is_write_only,
    item_name,
    label,
    same,
    shown,
)
from bot.i18n import Html, t
from bot.keitaro.catalog import Action, RmwOp
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope

MAX_LINES = 14
POLL_EVERY = 0.5  # seconds between two reads of a queued postback's conversion
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Verified:
    outcome: Outcome
    after: Seen | None = None


def _q(value: Any) -> str:
    return html.quote(shown(value))


def _line(mark: str, text: str) -> str:
    return f"{mark} {text}"


def _cap(lines: list[str], lang: str) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], t(lang, "verify.more", count=len(lines) - MAX_LINES)]


def field_checks(action: Action, sent: dict[str, Any], old: Any, new: Any,
                 lang: str) -> list[tuple[str, str]]:
    """(mark, line) for each field sent, as read back in `new` (and before, in `old`)."""
    checks: list[tuple[str, str]] = []
    for name, value in sent.items():
        field = field_of(action.fields, name)
        title = Html(f"<b>{html.quote(label(action, name, lang))}</b>")
        if is_secret(field, name):
            checks.append((SENT, t(lang, "verify.secret", field=title)))
            continue
        if is_write_only(field, name):
            checks.append((SENT, t(lang, "verify.write_only", field=title)))
            continue
        if not isinstance(new, dict) or name not in new:
            checks.append((NOT_AS_SENT, t(lang, "verify.absent", field=title)))
            continue
        seen = new[name]
        if holds(seen, value):
            before = old.get(name) if isinstance(old, dict) else None
            if isinstance(old, dict) and name in old and not same(before, seen):
                checks.append((SEEN, t(lang, "verify.changed", field=title, before=shown(before),
                                       after=shown(seen))))
            else:
                checks.append((SEEN, t(lang, "verify.is", field=title, value=shown(seen))))
        elif isinstance(old, dict) and name in old and same(old[name], seen):
            checks.append((NOT_AS_SENT, t(lang, "verify.kept", field=title, value=shown(seen))))
        else:
            checks.append((NOT_AS_SENT, t(lang, "verify.other", field=title, sent=shown(value),
                                          value=shown(seen))))
    return checks


def _from_checks(checks: list[tuple[str, str]], lang: str) -> Outcome:
    marks = [m for m, _ in checks]
    return Outcome(overall(*marks), _cap([_line(m, text) for m, text in checks], lang))


class Verifier:
    """Reads back what a write did, through the client that made it."""

    def __init__(self, client: KeitaroClient, *, postback_seconds: float,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.client = client
        self.postback_seconds = postback_seconds
        self.sleep = sleep

    async def verify(self, action: Action, args: dict[str, Any], envelope: Envelope,
                     before: Seen | None, lang: str) -> Verified:
        kind = kind_of(action)
        # what was sent, as the read back shows it: a known secret in it (a postback URL
        # with the key) reads back masked, and is compared masked
        args = self.client.redactor.value(args)
        if kind is Kind.CONVERSION:
            return await self._conversion(action, args, envelope, before, lang)
        if not envelope.success:
            return Verified(Outcome(FAILED))
        if kind is Kind.CLEAN:
            return await self._cleaned(args, lang)
        after = await read(self.client, after_reader(action, args, envelope.data))
        old = before.data if before is not None and before.ok else None
        check = CHECKS.get(kind)
        if after is None or check is None:
            return Verified(Outcome(SENT, [_line(SENT, t(lang, "verify.unreadable"))]), after)
        if not after.ok and kind not in (Kind.ARCHIVE, Kind.DELETE, Kind.FILE):
            line = t(lang, "verify.read_failed", reason=after.error or "?")
            return Verified(Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)]), after)
        return Verified(check(action, args, old, after, envelope.data, lang), after)

    async def _cleaned(self, args: dict[str, Any], lang: str) -> Verified:
        found = await clean.scope(self.client, args)
        if found.clicks is None:
            line = t(lang, "verify.read_failed", reason=found.error or "?")
            return Verified(Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)]))
        if found.clicks == 0:
            return Verified(Outcome(SEEN, [_line(SEEN, t(lang, "verify.clean_done", clicks=0))]))
        line = t(lang, "verify.clean_left", clicks=found.clicks)
        return Verified(Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)]))

    # -- postbacks -------------------------------------------------------------------------

    async def _conversion(self, action: Action, args: dict[str, Any], envelope: Envelope,
                          before: Seen | None, lang: str) -> Verified:
        if not envelope.success:
            if envelope.status == 404 and envelope.attempts:
                line = t(lang, "postback.wrong_key")
                return Verified(Outcome(FAILED, [_line(FAILED, line)]))
            return Verified(Outcome(FAILED))
        data = data_of(args)
        answer_text = str((envelope.data or {}).get("response", "")) if isinstance(
            envelope.data, dict) else ""
        answer = postbacks.classify(answer_text, envelope.status, data.get("return"))
        if answer is postbacks.Answer.WRONG_KEY:
            return Verified(Outcome(FAILED, [_line(FAILED, t(lang, "postback.wrong_key"))]))
        if answer is postbacks.Answer.NO_SUBID:
            return Verified(Outcome(FAILED, [_line(FAILED, t(lang, "postback.no_subid"))]))
        if answer is postbacks.Answer.MESSAGE:
            line = t(lang, "postback.message", text=answer_text[:300])
            return Verified(Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)]))
        if action.key == "update":
            return await self._updated(action, args, before, lang)
        return await self._created(action, args, before, lang)

    async def _poll(self, action: Action, args: dict[str, Any],
                    found: Callable[[Seen], bool]) -> Seen | None:
        """Read until `found` says the conversion is there, for postback_seconds at most."""
        reader = reader_for(action, args)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.postback_seconds
        last: Seen | None = None
        while True:
            last = await read(self.client, reader)
            if last is not None and last.ok and found(last):
                return last
            if loop.time() + POLL_EVERY > deadline:
                return last
            await self.sleep(POLL_EVERY)

    async def _updated(self, action: Action, args: dict[str, Any], before: Seen | None,
                       lang: str) -> Verified:
        data = data_of(args)
        wanted = str(data.get("status") or "sale").lower()
        revenue = postbacks.sent_revenue(data)
        old = before.data if before is not None and before.ok else {}
        old = old if isinstance(old, dict) else {}

        def done(seen: Seen) -> bool:
            row = seen.data if isinstance(seen.data, dict) else {}
            return row.get("status") == wanted and (revenue is None or same(
                row.get("revenue"), revenue))

        after = await self._poll(action, args, done)
        row = after.data if after is not None and after.ok and isinstance(after.data,
                                                                          dict) else None
        ident = args.get("id")
        if row is not None and done(after):  # type: ignore[arg-type]
            line = self._confirmed(old, row, lang)
            return Verified(Outcome(SEEN, [_line(SEEN, line)]), after)
        if row is None or same(row, old):
            line = t(lang, "postback.queued", seconds=_secs(self.postback_seconds),
                     check=Html(f"/conversions get {int(ident)}" if isinstance(ident, int)
                                else "/conversions log"))
            return Verified(Outcome(QUEUED, [_line(QUEUED, line)]), after)
        line = t(lang, "postback.other", status=str(row.get("status")),
                 revenue=shown(row.get("revenue")))
        return Verified(Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)]), after)

    @staticmethod
    def _confirmed(old: dict[str, Any], row: dict[str, Any], lang: str) -> str:
        was, now = str(old.get("status") or "—"), str(row.get("status"))
        status = f"{was} → {now}" if was != now else now
        if "revenue" in old and same(old.get("revenue"), row.get("revenue")):
            money = t(lang, "postback.revenue_kept", revenue=_money(row.get("revenue")))
        elif "revenue" in old:
            money = t(lang, "postback.revenue_changed", before=_money(old.get("revenue")),
                      after=_money(row.get("revenue")))
        else:
            money = t(lang, "postback.revenue_is", revenue=_money(row.get("revenue")))
        return t(lang, "postback.confirmed", status=status, money=Html(money))

    async def _created(self, action: Action, args: dict[str, Any], before: Seen | None,
                       lang: str) -> Verified:
        data = data_of(args)
        known = {str(r.get("conversion_id")) for r in _rows(before)}
        tid = postbacks.sent_tid(data)

        def new_rows(seen: Seen) -> list[dict[str, Any]]:
            return [r for r in _rows(seen) if str(r.get("conversion_id")) not in known
                    or (tid is not None and str(r.get("tid")) == str(tid))]

        after = await self._poll(action, args, lambda seen: bool(new_rows(seen)))
        rows = new_rows(after) if after is not None and after.ok else []
        if not rows:
            line = t(lang, "postback.queued", seconds=_secs(self.postback_seconds),
                     check=Html("/conversions log"))
            return Verified(Outcome(QUEUED, [_line(QUEUED, line)]), after)
        row = rows[0]
        line = t(lang, "postback.created", id=str(row.get("conversion_id")),
                 status=str(row.get("status")), revenue=_money(row.get("revenue")))
        return Verified(Outcome(SEEN, [_line(SEEN, line)]), after)


def _rows(seen: Seen | None) -> list[dict[str, Any]]:
    data = seen.data if seen is not None and seen.ok else None
    rows = data.get("rows") if isinstance(data, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _money(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return shown(value)


def _secs(value: float) -> str:
    return f"{value:g}"


# -- checks per kind ------------------------------------------------------------------------

Check = Callable[[Action, dict[str, Any], Any, Seen, Any, str], Outcome]


def _fields(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
            lang: str) -> Outcome:
    return _from_checks(field_checks(action, data_of(args), old, after.data, lang), lang)


def _created(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
             lang: str) -> Outcome:
    name = entity_name(after.data)
    head = (SEEN, t(lang, "verify.created", name=name or "?"))
    checks = field_checks(action, data_of(args), None, after.data, lang)
    return _from_checks([head, *checks], lang)


def _state(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
           lang: str) -> Outcome:
    state = after.data.get("state") if isinstance(after.data, dict) else None
    was = old.get("state") if isinstance(old, dict) else None
    if action.key == "restore":
        done = isinstance(state, str) and state not in ARCHIVED
    else:
        done = state == STATE_AFTER.get(action.key)
    if done:
        text = t(lang, "verify.state", before=str(was or "—"), after=str(state))
        return Outcome(SEEN, [_line(SEEN, text)])
    text = t(lang, "verify.state_kept", state=str(state or "—"))
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, text)])


def _gone(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
          lang: str) -> Outcome:
    name = entity_name(old) or f"#{entity_id(action, args)}"
    if after.missing:
        return Outcome(SEEN, [_line(SEEN, t(lang, "verify.gone", name=name))])
    state = after.data.get("state") if after.ok and isinstance(after.data, dict) else None
    if state in ARCHIVED:
        return Outcome(SEEN, [_line(SEEN, t(lang, "verify.archived", name=name))])
    if not after.ok:
        line = t(lang, "verify.read_failed", reason=after.error or "?")
        return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)])
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.still_there", name=name,
                                                       state=str(state or "—")))])


def _item(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
          lang: str) -> Outcome:
    assert action.rmw is not None
    field, op = action.rmw.field, action.rmw.op
    before_items = Seen(ok=True, data=old).array(field) or []
    items = after.array(field)
    if items is None:
        return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.no_array", field=field))])
    ids = {str(i.get("id")) for i in items}
    wanted = str(args.get(action.rmw.item_param or "")) if action.rmw.item_param else None
    lost = [i for i in before_items if str(i.get("id")) not in ids
            and not (op is RmwOp.DELETE and str(i.get("id")) == wanted)]
    key = next((f.item_key for f in _array_fields(action) if f.item_key), None)
    checks: list[tuple[str, str]] = []
    sent = data_of(args)
    if op is RmwOp.ADD:
        known = {str(i.get("id")) for i in before_items}
        added = [i for i in items if str(i.get("id")) not in known and holds(i, {
            k: v for k, v in sent.items() if k != "id"})]
        if added:
            checks.append((SEEN, t(lang, "verify.item_added", item=item_name(added[0], key),
                                   id=str(added[0].get("id")))))
        else:
            checks.append((NOT_AS_SENT, t(lang, "verify.item_not_added")))
    elif op is RmwOp.UPDATE:
        item = next((i for i in items if str(i.get("id")) == wanted), None)
        was = next((i for i in before_items if str(i.get("id")) == wanted), None)
        if item is None:
            checks.append((NOT_AS_SENT, t(lang, "verify.item_missing", id=str(wanted))))
        else:
            body = {k: v for k, v in sent.items() if k != "id"}
            checks += field_checks(action, body, was, item, lang)
    elif op is RmwOp.DELETE:
        was = next((i for i in before_items if str(i.get("id")) == wanted), None)
        name = item_name(was, key) if was else f"#{wanted}"
        if wanted in ids:
            checks.append((NOT_AS_SENT, t(lang, "verify.item_still_there", item=name)))
        else:
            checks.append((SEEN, t(lang, "verify.item_removed", item=name)))
    if lost:
        names = ", ".join(item_name(i, key) for i in lost[:5])
        checks.append((NOT_AS_SENT, t(lang, "verify.items_lost", count=len(lost), items=names)))
    else:
        checks.append((SEEN, t(lang, "verify.items_kept", count=len(items))))
    return _from_checks(checks, lang)


def _array_fields(action: Action) -> list[Any]:
    return [f for f in action.fields if f.item_key] or []


def _array(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
           lang: str) -> Outcome:
    if action.group == "bots":
        return _ips(action, args, old, after, answer, lang)
    sent = args.get("data")
    read_back = after.items()
    if isinstance(sent, list) and isinstance(read_back, list) and holds(read_back, sent):
        return Outcome(SEEN, [_line(SEEN, t(lang, "verify.array_as_sent", count=len(sent)))])
    count = len(read_back) if isinstance(read_back, list) else 0
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.array_other",
                                                       count=count))])


def _ips(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
         lang: str) -> Outcome:
    now = ip_list(after.data)
    present = set(now)
    sent = ip_list(args.get("value"))
    if action.key == "clear":
        ok = not now
        missing: list[str] = now
    elif action.key == "exclude":
        missing = [ip for ip in sent if ip in present]
        ok = not missing
    elif action.key == "replace":
        missing = [ip for ip in sent if ip not in present]
        ok = not missing and len(present) == len(set(sent))
    else:
        missing = [ip for ip in sent if ip not in present]
        ok = not missing
    if ok:
        return Outcome(SEEN, [_line(SEEN, t(lang, f"verify.ips_{action.key}", count=len(now)))])
    text = t(lang, "verify.ips_not_as_sent", ips=", ".join(missing[:8]), count=len(now))
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, text)])


def _log_cleared(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
                 lang: str) -> Outcome:
    if action.group == "bots":
        return _ips(action, args, old, after, answer, lang)
    rows = after.data if isinstance(after.data, list) else None
    if rows == []:
        return Outcome(SEEN, [_line(SEEN, t(lang, "verify.log_empty"))])
    count = len(rows) if rows is not None else 0
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.log_rows", count=count))])


def _file(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
          lang: str) -> Outcome:
    path = str(args.get("path"))
    content = after.data.get("data") if after.ok and isinstance(after.data, dict) else None
    if action.key.startswith("remove"):
        if after.missing:
            return Outcome(SEEN, [_line(SEEN, t(lang, "verify.file_removed", path=path))])
        return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.file_there",
                                                           path=path))])
    if not after.ok:
        line = t(lang, "verify.read_failed", reason=after.error or "?")
        return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, line)])
    if action.key.startswith("add"):
        return Outcome(SEEN, [_line(SEEN, t(lang, "verify.file_added", path=path))])
    if isinstance(content, str) and content == args.get("data"):
        line = t(lang, "verify.file_content", path=path, size=len(content))
        return Outcome(SEEN, [_line(SEEN, line)])
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, "verify.file_other", path=path))])


def _setting(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
             lang: str) -> Outcome:
    sent = {p.name: args[p.name] for p in action.params if p.name in args}
    checks: list[tuple[str, str]] = []
    for name, value in sent.items():
        title = Html(f"<b>{html.quote(label(action, name, lang))}</b>")
        seen = after.data.get(name) if isinstance(after.data, dict) else None
        if is_secret(field_of(action.fields, name), name):
            matched = isinstance(seen, str) and seen == value
            checks.append((SEEN if matched else NOT_AS_SENT, t(
                lang, "verify.secret_matches" if matched else "verify.secret_differs",
                field=title)))
        elif same(seen, value):
            checks.append((SEEN, t(lang, "verify.is", field=title, value=shown(seen))))
        else:
            checks.append((NOT_AS_SENT, t(lang, "verify.other", field=title, sent=shown(value),
                                          value=shown(seen))))
    return _from_checks(checks, lang)


def _link(action: Action, args: dict[str, Any], old: Any, after: Seen, answer: Any,
          lang: str) -> Outcome:
    linked = {str(i.get("value", i.get("id"))) for i in after.data
              if isinstance(i, dict)} if isinstance(after.data, list) else set()
    campaign = str(args.get("campaign_id"))
    wanted = action.key.endswith("_link")
    if (campaign in linked) == wanted:
        key = "verify.linked" if wanted else "verify.unlinked"
        return Outcome(SEEN, [_line(SEEN, t(lang, key, campaign=campaign))])
    key = "verify.not_linked" if wanted else "verify.still_linked"
    return Outcome(NOT_AS_SENT, [_line(NOT_AS_SENT, t(lang, key, campaign=campaign))])


CHECKS: dict[Kind, Check] = {
    Kind.UPDATE: _fields,
    Kind.CREATE: _created,
    Kind.CLONE: _created,
    Kind.STATE: _state,
    Kind.RESTORE: _state,
    Kind.ARCHIVE: _gone,
    Kind.DELETE: _gone,
    Kind.ITEM: _item,
    Kind.ARRAY: _array,
    Kind.IPS: _ips,
    Kind.CLEAR: _log_cleared,
    Kind.FILE: _file,
    Kind.SETTING: _setting,
    Kind.LINK: _link,
}
