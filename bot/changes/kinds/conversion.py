"""CONVERSION: a conversion created or changed through the tracker's postback URL.

- Reads first: for an update, the conversion by id; for a create, the click's conversions
  (`conversions/log` of all time, by its subid).
- A create is not blind (API-NOTES §12.2, D Payload::updateOldConversionsTid/isStatusChange):
  a postback for a click that has a conversion whose tid matches the one sent (loosely: an
  empty tid equals a missing one) is a status change of that conversion. The preview says so
  ("this changes conversion #N": status and revenue before → after), the revenue it has is
  carried as an update carries it (a postback without a payout sets it to 0, §11.1), the
  tracker's refused transitions are refused before sending, and a new tid is offered to
  make a separate conversion.
- Statuses are sent as the tracker records them (sale, lead, rejected); anything it would map
  to another is refused, saying what it would become (§11.2).
- Verified by the answer's text (a wrong key, no subid, the tracker's own message) and by
  reading the conversion back for POSTBACK_CONFIRM_SECONDS: a conversion id that was not
  there before, or the changed one's status and revenue — never an old row; 🕓 while queued.
- Undo: a revenue changed → put back (the same status again); a status change back is one
  the tracker refuses; a new conversion cannot be deleted through the API.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from typing import Any

from aiogram import html

from bot.changes import postbacks
from bot.changes.kinds.base import Change, Kind, Reading, Sheet, catalog_reader, data_of
from bot.changes.outcome import FAILED, NOT_AS_SENT, QUEUED, SEEN, Outcome, reason_values
from bot.changes.read import Reader, Seen, found, read
from bot.changes.values import Display, same, shown
from bot.i18n import Html, t
from bot.keitaro.catalog import Action, ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.params import InputError
from bot.render.labels import value_word
from bot.render.text import phone_text
from bot.storage.audit import UndoStep

POLL_EVERY = 0.5  # seconds between two reads of a queued postback's conversion
CONVERSION_COLUMNS = ["conversion_id", "sub_id", "postback_datetime", "status",
                      "previous_status", "revenue", "tid"]


def conversions_of_click(sub_id: str) -> Reader:
    """The conversions of one click (a grid query of all time, filtered by its subid)."""
    return Reader(path="/conversions/log", body={
        "range": {"interval": "all_time"},
        "columns": CONVERSION_COLUMNS,
        "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": sub_id}],
        "sort": [{"name": "postback_datetime", "order": "DESC"}],
        "limit": 50,
    })


def rows_of(seen: Seen | None) -> list[dict[str, Any]]:
    data = found(seen)
    rows = data.get("rows") if isinstance(data, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _tid(value: Any) -> str:
    return "" if value is None else str(value)


def matching(rows: list[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any] | None:
    """The conversion a postback with `data` changes: the newest of the click's whose tid
    equals the one sent (an empty tid equals a missing one, as PHP's == has it)."""
    tid = _tid(postbacks.sent_tid(data))
    same_tid = [r for r in rows if _tid(r.get("tid")) == tid]
    return max(same_tid, key=lambda r: int(r.get("conversion_id") or 0), default=None)


def click_of(data: dict[str, Any]) -> str:
    return str(data.get("click_id") or data.get("subid") or "")


class Conversion(Kind):
    kinds = (ChangeKind.CONVERSION,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        if action.key == "update":
            return catalog_reader(f"{action.group}.get", args)
        click = click_of(data_of(args))
        return conversions_of_click(click) if click else None

    def target(self, change: Change) -> dict[str, Any] | None:
        """The conversion this postback changes (None: it makes a new one)."""
        if change.action.key == "update":
            return change.old if isinstance(change.old, dict) else None
        return matching(rows_of(change.before), change.data)

    def complete(self, action: Action, args: dict[str, Any], before: Seen | None
                 ) -> dict[str, Any]:
        data = data_of(args)
        status = postbacks.check_status(data.get("status"))
        if action.key != "update":
            row = matching(rows_of(before), data)
            if row is None:
                return args
            postbacks.check_transition(str(row.get("status") or ""), status or "sale")
            return {**args, "data": postbacks.complete_update(row, data)}
        if before is None or not before.ok or not isinstance(before.data, dict):
            reason = before.error if before is not None else "?"
            raise InputError("conversion_unread", id=args.get("id"), reason=reason or "?")
        row = before.data
        click, owner = str(data.get("click_id", "")), str(row.get("sub_id") or "")
        if owner and owner != click:
            raise InputError("conversion_click_mismatch", id=args.get("id"), owner=owner,
                             click=click)
        postbacks.check_transition(str(row.get("status") or ""), status or "sale")
        return {**args, "data": postbacks.complete_update(row, data)}

    # -- preview ---------------------------------------------------------------------------

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        lang, show, data = sheet.lang, sheet.show, change.data
        status = str(data.get("status") or "sale")
        revenue = postbacks.sent_revenue(data)
        tid = postbacks.sent_tid(data)
        click = click_of(data)
        row = self.target(change)
        if row is None:
            lines = [t(lang, "preview.conversion_new", click=click, status=_status(status, lang))]
            others = rows_of(change.before)
            if others:
                ids = ", ".join(f"#{r.get('conversion_id')}" for r in others[:5])
                lines.append(t(lang, "preview.conversion_others", count=len(others), ids=ids))
            if revenue is None:
                lines.append(t(lang, "preview.no_revenue"))
            else:
                lines.append(f"<b>{t(lang, 'field.revenue')}</b>: → {show.html(revenue)}")
            if tid is not None:
                lines.append(f"<b>{t(lang, 'field.transaction_id')}</b>: → {show.html(tid)}")
            return lines
        ident = str(row.get("conversion_id") or change.args.get("id"))
        if change.action.key == "update":
            lines = [t(lang, "preview.conversion", id=ident, click=click)]
        else:
            lines = [t(lang, "preview.conversion_changes", id=ident, click=click,
                       tid=_tid(row.get("tid")) or "—")]
        was = str(row.get("status") or "—")
        lines.append(f"<b>{t(lang, 'field.status')}</b>: " + (
            f"{html.quote(_status(was, lang))} → <b>{html.quote(_status(status, lang))}</b>"
            if was != status else t(lang, "preview.kept_value", value=_status(status, lang))))
        old_revenue = row.get("revenue")
        lines.append(f"<b>{t(lang, 'field.revenue')}</b>: " + (
            t(lang, "preview.kept_value", value=shown(revenue)) if same(old_revenue, revenue)
            else f"{show.html(old_revenue)} → <b>{show.html(revenue)}</b>"))
        if data.get("currency") is not None:
            lines.append(f"<b>{t(lang, 'field.currency')}</b>: {show.html(data['currency'])}")
        if tid is not None:
            kept = same(row.get("tid"), tid)
            lines.append(f"<b>{t(lang, 'field.transaction_id')}</b>: " + (
                t(lang, "preview.kept_value", value=shown(tid)) if kept
                else f"{show.html(row.get('tid'))} → <b>{show.html(tid)}</b>"))
        if change.action.key != "update":
            separate = {k: v for k, v in data.items() if k not in ("transaction_id", "tid")}
            separate["transaction_id"] = f"bot-{secrets.token_hex(4)}"
            line = "/conversions create " + json.dumps(separate, ensure_ascii=False, indent=1)
            block = phone_text(show.redactor(line))  # a phone's width, ready to copy
            lines.append(t(lang, "preview.conversion_separate",
                           line=Html(f"<code>{html.quote(block)}</code>")))
        return lines

    # -- after -----------------------------------------------------------------------------

    async def verify(self, verifier: Reading, change: Change, envelope: Envelope,
                     show: Display) -> tuple[Outcome, Seen | None]:
        lang = show.lang
        if not envelope.success:
            if envelope.status == 404 and envelope.attempts:
                return Outcome(FAILED, [f"{FAILED} {t(lang, 'postback.wrong_key')}"]), None
            return Outcome(FAILED), None
        text = str((envelope.data or {}).get("response", "")) if isinstance(
            envelope.data, dict) else ""
        answer = postbacks.classify(text, envelope.status, change.data.get("return"))
        if answer is postbacks.Answer.WRONG_KEY:
            return Outcome(FAILED, [f"{FAILED} {t(lang, 'postback.wrong_key')}"]), None
        if answer is postbacks.Answer.NO_SUBID:
            return Outcome(FAILED, [f"{FAILED} {t(lang, 'postback.no_subid')}"]), None
        if answer is postbacks.Answer.MESSAGE:
            line = t(lang, "postback.message", text=text[:300])
            return Outcome(NOT_AS_SENT, [f"{NOT_AS_SENT} {line}"]), None
        row = self.target(change)
        if row is not None:
            return await self._changed(verifier, change, row, lang)
        return await self._created(verifier, change, lang)

    async def _poll(self, verifier: Reading, change: Change,
                    done: Callable[[Seen], bool]) -> Seen | None:
        """Read until `done` says the conversion is there, for postback_seconds at most."""
        reader = self.reader(change.action, change.args)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + verifier.postback_seconds
        while True:
            last = await read(verifier.client, reader)
            if last is not None and last.ok and done(last):
                return last
            if loop.time() + POLL_EVERY > deadline:
                return last
            await verifier.sleep(POLL_EVERY)

    def _row(self, change: Change, seen: Seen | None, ident: str) -> dict[str, Any] | None:
        if change.action.key == "update":
            data = found(seen)
            return data if isinstance(data, dict) else None
        return next((r for r in rows_of(seen) if str(r.get("conversion_id")) == ident), None)

    async def _changed(self, verifier: Reading, change: Change, old: dict[str, Any],
                       lang: str) -> tuple[Outcome, Seen | None]:
        data = change.data
        wanted = str(data.get("status") or "sale").lower()
        revenue = postbacks.sent_revenue(data)
        ident = str(old.get("conversion_id") or change.args.get("id"))

        def done(seen: Seen) -> bool:
            row = self._row(change, seen, ident) or {}
            return row.get("status") == wanted and (revenue is None or same(
                row.get("revenue"), revenue))

        after = await self._poll(verifier, change, done)
        row = self._row(change, after, ident)
        if row is not None and done(after):  # type: ignore[arg-type]
            line = _confirmed(old, row, lang)
            return Outcome(SEEN, [f"{SEEN} {line}"]), after
        if row is None or same(row, old):
            check = f"/conversions get {ident}" if ident.isdigit() else "/conversions log"
            line = t(lang, "postback.queued", seconds=f"{verifier.postback_seconds:g}",
                     check=Html(check))
            return Outcome(QUEUED, [f"{QUEUED} {line}"]), after
        line = t(lang, "postback.other", status=_status(row.get("status"), lang),
                 revenue=shown(row.get("revenue")))
        return Outcome(NOT_AS_SENT, [f"{NOT_AS_SENT} {line}"]), after

    async def _created(self, verifier: Reading, change: Change, lang: str
                       ) -> tuple[Outcome, Seen | None]:
        known = {str(r.get("conversion_id")) for r in rows_of(change.before)}

        def new_rows(seen: Seen) -> list[dict[str, Any]]:
            return [r for r in rows_of(seen) if str(r.get("conversion_id")) not in known]

        after = await self._poll(verifier, change, lambda seen: bool(new_rows(seen)))
        rows = new_rows(after) if after is not None and after.ok else []
        if not rows:
            line = t(lang, "postback.queued", seconds=f"{verifier.postback_seconds:g}",
                     check=Html("/conversions log"))
            return Outcome(QUEUED, [f"{QUEUED} {line}"]), after
        row = rows[0]
        line = t(lang, "postback.created", id=str(row.get("conversion_id")),
                 status=_status(row.get("status"), lang), revenue=_money(row.get("revenue")))
        return Outcome(SEEN, [f"{SEEN} {line}"]), after

    # -- undo ------------------------------------------------------------------------------

    def reason_values(self, change: Change) -> dict[str, str]:
        return reason_values(change.data, self.target(change))

    def no_undo(self, change: Change) -> str | None:
        row = self.target(change)
        if row is None:
            if change.action.key == "update":
                return "no_before"
            return "conversion_create"
        current = str(row.get("status") or "")
        wanted = str(change.data.get("status") or "sale").lower()
        if wanted != current:
            return "transition"
        revenue = postbacks.sent_revenue(change.data)
        if revenue is None or same(revenue, row.get("revenue")):
            return "nothing"  # the same status and revenue: nothing to undo
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        row = self.target(change)
        if why is not None or row is None:
            return why or "no_before"
        ident = str(row.get("conversion_id") or change.args.get("id"))
        new = self._row(change, after, ident)
        revenue = row.get("revenue")
        if isinstance(new, dict) and same(new.get("revenue"), revenue):
            return "nothing"
        back: dict[str, Any] = {"click_id": click_of(change.data),
                                "status": row.get("status"), "revenue": revenue}
        if row.get("tid"):
            back["transaction_id"] = row["tid"]
        expect = {k: new[k] for k in ("status", "revenue") if isinstance(new, dict) and k in new}
        return UndoStep(action="conversions.update",
                        args={"id": int(ident) if ident.isdigit() else ident, "data": back},
                        expect=expect)


def _status(code: Any, lang: str) -> str:
    """A conversion's status by its meaning ("sale" → "продажа"), or as the tracker has it."""
    return value_word("status", code, lang) if code not in (None, "") else "—"


def _confirmed(old: dict[str, Any], row: dict[str, Any], lang: str) -> str:
    was, now = str(old.get("status") or "—"), str(row.get("status"))
    status = (f"{_status(was, lang)} → {_status(now, lang)}" if was != now
              else _status(now, lang))
    if "revenue" in old and same(old.get("revenue"), row.get("revenue")):
        money = t(lang, "postback.revenue_kept", revenue=_money(row.get("revenue")))
    elif "revenue" in old:
        money = t(lang, "postback.revenue_changed", before=_money(old.get("revenue")),
                  after=_money(row.get("revenue")))
    else:
        money = t(lang, "postback.revenue_is", revenue=_money(row.get("revenue")))
    return t(lang, "postback.confirmed", status=status, money=Html(money))


def _money(value: Any) -> str:
    try:
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return shown(value)
