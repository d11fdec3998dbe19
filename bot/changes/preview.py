"""The preview of a write: the entity read first, and the change shown as it will be made.

By name and id, a before → after of exactly the fields sent (labels in the user's language;
a secret as ••••; a write-only field "→ value (not readable back)"); for an array (a
read-modify-write, an ITEMS field, a whole list) every item that will be sent, marked
+ added, ~ changed, − removed; what a delete or archive removes, by name; a state before →
after; the scope of a clean; the IPs new to the bot list or removed from it; a conversion's
status, revenue and tid. What is sent is what is previewed: the arguments come back
completed (a conversion's revenue and tid), and a read-modify-write carries the fingerprint
of the array it was planned on, checked again under the lock before the write.
"""

from __future__ import annotations

import html as std_html
import re
from dataclasses import dataclass, field
from typing import Any

from aiogram import html
from yarl import URL

from bot.changes import clean, postbacks, undo
from bot.changes.kinds import Kind, data_of, entity_id, kind_of, reader_for
from bot.changes.outcome import reason_values, undo_text
from bot.changes.read import Seen, read
from bot.changes.values import (
    entity_name,
    field_of,
    is_secret,
    is_write_only,
    item_key,
    item_name,
    label,
    same,
    shown,
)
from bot.i18n import Html, t
from bot.keitaro import rmw
from bot.keitaro.catalog import Action, Danger, Effect, RmwOp, effect
from bot.keitaro.catalog.fields import FieldType
from bot.keitaro.client import KeitaroClient
from bot.keitaro.masking import MASK, mask_fields
from bot.keitaro.params import InputError
from bot.keitaro.request import PreparedRequest
from bot.render.envelope import action_title, request_line
from bot.render.text import BUDGET, PHONE_WIDTH, phone_text, pretty_json, shorten, utf16_len
from bot.storage.audit import AuditEntry

MAX_ITEMS = 30  # array items listed in a preview (the whole array goes to the file)
MAX_FIELDS = 25
MAX_IPS = 20
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Preview:
    text: str
    args: dict[str, Any]  # what will be sent (completed where the tracker needs more)
    before: Seen | None = None
    expect: str | None = None  # the fingerprint of the array a read-modify-write plans on
    retype: str | None = None  # text the person must type to confirm (a clean of everything)
    file: tuple[str, bytes] | None = None  # the whole change, when it does not fit
    lines: list[str] = field(default_factory=list)
    cut: bool = False  # a list was cut short in the message: the whole change goes as a file
    danger: Danger = Danger.WRITE  # what the change amounts to (permission by effect)


def _b(text: str) -> str:
    return f"<b>{html.quote(text)}</b>"


def _q(value: Any, limit: int = 48, lang: str | None = None) -> str:
    """A value as HTML: an object or a list is JSON, monospace and cut to a phone's line."""
    if isinstance(value, dict | list) and value:
        return f"<code>{html.quote(shown(value, min(limit, PHONE_WIDTH), lang))}</code>"
    return html.quote(shown(value, limit, lang))


class Previewer:
    """Builds previews through the client that will make the change."""

    def __init__(self, client: KeitaroClient, *, undo_hours: float) -> None:
        self.client = client
        self.undo_hours = undo_hours

    async def build(self, action: Action, args: dict[str, Any], lang: str,
                    *, undo_of: AuditEntry | None = None,
                    expected: dict[str, Any] | None = None) -> Preview:
        """The preview of `action` with `args`; raises InputError for a change the bot
        refuses before any write (a status the tracker would map, a refused transition, an
        item that is not there, an array the tracker's answer does not have)."""
        kind = kind_of(action)
        args = dict(args)
        before = await read(self.client, reader_for(action, args))
        if kind is Kind.CONVERSION:
            args = self._conversion_args(action, args, before)
        prepared = self.client.prepare(action, args)
        found = effect(action, args)
        preview = Preview(text="", args=args, before=before, danger=found.danger)
        lines = await self._lines(action, args, before, preview, lang)
        head = self._head(action, args, before, lang, undo_of, found)
        if undo_of is not None and expected:
            lines = [*self._changed_since(action, undo_of.id or 0, expected, before, lang),
                     *lines]
        tail = self._tail(action, args, before, prepared, preview, lang, found)
        preview.lines = lines
        preview.text = self._fit(head, lines, tail, prepared, preview, action, lang)
        return preview

    # -- parts -----------------------------------------------------------------------------

    def _head(self, action: Action, args: dict[str, Any], before: Seen | None, lang: str,
              undo_of: AuditEntry | None, found: Effect) -> list[str]:
        destructive = found.danger is Danger.DESTRUCTIVE
        parts = []
        if undo_of is not None:
            when = undo_of.ts[5:16].replace("T", " ")
            parts.append(t(lang, "undo.preview_title", id=undo_of.id or 0,
                           who=undo_of.user_name or str(undo_of.user_id), when=when))
        parts.append(t(lang, "preview.title_destructive" if destructive else "preview.title"))
        parts.append(_b(action_title(action, lang, action.group, action.key)))
        target = self._target(action, args, before, lang)
        if target:
            parts.append(target)
        return parts

    def _target(self, action: Action, args: dict[str, Any], before: Seen | None,
                lang: str) -> str:
        data = before.data if before is not None and before.ok else None
        kind = kind_of(action)
        named = kind not in (Kind.FILE, Kind.SETTING, Kind.LINK, Kind.CLEAR, Kind.IPS) and (
            action.group != "bots")  # the bot list is one list, not an entity with a name
        name = entity_name(data) if isinstance(data, dict) and named else ""
        if not name:
            ident = entity_id(action, args)
            if ident is None or kind in (Kind.CLEAN,):
                return ""
            name = f"#{ident}"
        what = t(lang, f"target.{action.group}")
        return f"📌 {html.quote(what)} {html.quote(name)}"

    def _tail(self, action: Action, args: dict[str, Any], before: Seen | None,
              prepared: PreparedRequest, preview: Preview, lang: str,
              found: Effect) -> list[str]:
        parts = []
        if found.danger is Danger.DESTRUCTIVE:  # what the action, or its body, loses
            losses = found.reasons or ((action.loses,) if action.loses is not None else ())
            parts += ["⚠️ <b>" + html.quote(lost.get(lang)) + "</b>" for lost in losses]
        parts.append(request_line(prepared.method, prepared.masked_url, lang))
        if not prepared.has_body:  # a query is what is sent (postbacks): shown, a pair a line
            query = URL(prepared.masked_url).query
            if query:
                parts.append("<code>" + html.quote(phone_text("\n".join(
                    f"{k}={v}" for k, v in query.items()))) + "</code>")
        if action.note and action.kind.value == "postback":
            parts.append(t(lang, "preview.postback"))
        why = undo.reason(action, args, before)
        if why is None and self.undo_hours > 0:
            parts.append(t(lang, "undo.will", hours=_hours(self.undo_hours)))
        elif why is None:
            parts.append(t(lang, "undo.none.disabled"))
        else:
            old = before.data if before is not None and before.ok else None
            parts.append(undo_text(lang, why, action, reason_values(data_of(args), old)))
        if before is not None and before.ok:
            parts.append(t(lang, "preview.kept"))
        if preview.retype:
            parts.append(t(lang, "preview.retype", period=Html(
                f"<code>{html.quote(preview.retype)}</code>")))
        else:
            parts.append(t(lang, "preview.confirm_hint" if found.danger is Danger.WRITE
                           else "preview.confirm_destructive_hint"))
        return parts

    def _fit(self, head: list[str], lines: list[str], tail: list[str],
             prepared: PreparedRequest, preview: Preview, action: Action, lang: str) -> str:
        """Head, change and tail in one message; what does not fit goes to a file."""
        def join(shown_lines: list[str], note: str = "") -> str:
            middle = "\n".join(shown_lines) + (f"\n{note}" if note else "")
            return "\n".join([*head, middle, "", *tail]) if middle else "\n".join(
                [*head, "", *tail])

        text = join(lines)
        fits = utf16_len(text) <= BUDGET
        if fits and not preview.cut:
            return text
        body = mask_fields(prepared.body) if prepared.has_body else prepared.query
        payload = {"change": [html_to_plain(line) for line in lines], "sent": body}
        name = f"{action.group}-{action.key}-preview.json"
        preview.file = (name, pretty_json(payload).encode("utf-8"))
        if fits:
            return join(lines, t(lang, "preview.in_file"))
        kept: list[str] = []
        lang_note = t(lang, "preview.in_file")
        for line in lines:
            if utf16_len(join([*kept, line], lang_note)) > BUDGET:
                break
            kept.append(line)
        return join(kept, lang_note)

    # -- the change, by kind ---------------------------------------------------------------

    async def _lines(self, action: Action, args: dict[str, Any], before: Seen | None,
                     preview: Preview, lang: str) -> list[str]:
        kind = kind_of(action)
        old = before.data if before is not None and before.ok else None
        if before is not None and not before.ok and kind not in (Kind.FILE,):
            note = [t(lang, "preview.unread", reason=before.error or "?")]
        else:
            note = []
        if kind is Kind.ITEM:
            return note + self._item(action, args, before, preview, lang)
        if kind in (Kind.UPDATE, Kind.CREATE, Kind.OTHER, Kind.COSTS):
            return note + self._fields(action, data_of(args), old, lang,
                                       create=kind is not Kind.UPDATE, preview=preview)
        if kind is Kind.STATE:
            return note + self._state(action, old, lang)
        if kind in (Kind.ARCHIVE, Kind.DELETE):
            return [*note, t(lang, "preview.goes", what=Html(self._named(action, args, old)))]
        if kind is Kind.RESTORE:
            state = old.get("state") if isinstance(old, dict) else None
            what = Html(self._named(action, args, old))
            return [*note, t(lang, "preview.restores", what=what, state=str(state or "—"))]
        if kind is Kind.CLONE:
            return [*note, t(lang, "preview.clones", what=Html(self._named(action, args, old)))]
        if kind in (Kind.IPS, Kind.ARRAY, Kind.CLEAR) and action.group == "bots":
            return note + self._ips(action, args, old, lang, preview)
        if kind is Kind.ARRAY:
            sent = args.get("data")
            listed = before.items() if before is not None else None
            items = listed if isinstance(listed, list) else []
            after = sent if isinstance(sent, list) else []
            return note + self._items(action, "filters", items, after, lang, preview=preview)
        if kind is Kind.CLEAR:
            count = len(old) if isinstance(old, list) else 0
            return [*note, t(lang, "preview.log_goes", type=str(args.get("type")), count=count)]
        if kind is Kind.CLEAN:
            return await self._clean(args, preview, lang)
        if kind is Kind.CONVERSION:
            return self._conversion(action, args, before, lang)
        if kind is Kind.FILE:
            return self._file(action, args, before, lang)
        if kind is Kind.SETTING:
            sent = {p.name: args[p.name] for p in action.params if p.name in args}
            return note + self._fields(action, sent, old, lang, create=False, preview=preview)
        if kind is Kind.LINK:
            key = "preview.link" if action.key.endswith("_link") else "preview.unlink"
            return [t(lang, key, campaign=str(args.get("campaign_id")),
                      integration=str(args.get("id")))]
        return note

    def _named(self, action: Action, args: dict[str, Any], old: Any) -> str:
        name = entity_name(old) or f"#{entity_id(action, args)}"
        extra = ""
        if isinstance(old, dict) and old.get("state"):
            extra = f" · {html.quote(str(old['state']))}"
        return f"<b>{html.quote(name)}</b>{extra}"

    def _fields(self, action: Action, sent: dict[str, Any], old: Any, lang: str,
                *, create: bool, preview: Preview) -> list[str]:
        lines: list[str] = []
        for name, value in list(sent.items())[:MAX_FIELDS]:
            field = field_of(action.fields, name)
            title = html.quote(label(action, name, lang))
            if is_secret(field, name):
                lines.append(t(lang, "preview.secret", field=Html(f"<b>{title}</b>"), mask=MASK))
                continue
            if is_write_only(field, name):
                lines.append(t(lang, "preview.write_only", field=Html(f"<b>{title}</b>"),
                               value=shown(value, lang=lang)))
                continue
            items = isinstance(value, list) and (
                (field is not None and field.type is FieldType.ITEMS)
                or (value and all(isinstance(i, dict) for i in value)))
            if items and isinstance(value, list):
                before_items = old.get(name) if isinstance(old, dict) else None
                if before_items is not None and not isinstance(before_items, list):
                    before_items = None
                lines += self._items(action, name, before_items or [], value, lang,
                                     preview=preview,
                                     missing=before_items is None and not create)
                continue
            if create or not isinstance(old, dict):
                lines.append(f"<b>{title}</b>: → {_q(value, lang=lang)}")
            elif name not in old:
                note = t(lang, "preview.not_read") if not action.fields else ""
                lines.append(f"<b>{title}</b>: → {_q(value, lang=lang)}{note}")
            elif same(old[name], value):
                lines.append(t(lang, "preview.unchanged", field=Html(f"<b>{title}</b>"),
                               value=shown(value, lang=lang)))
            else:
                lines.append(f"<b>{title}</b>: {_q(old[name], lang=lang)} → "
                             f"<b>{_q(value, lang=lang)}</b>")
        if len(sent) > MAX_FIELDS:
            preview.cut = True
            lines.append(t(lang, "verify.more", count=len(sent) - MAX_FIELDS))
        return lines

    def _items(self, action: Action, name: str, before: list[Any], after: list[Any],
               lang: str, *, preview: Preview, missing: bool = False) -> list[str]:
        """The array that will be sent, item by item: + added, ~ changed, − removed."""
        field = field_of(action.fields, name)
        key = item_key(field)
        title = html.quote(label(action, name, lang))
        by_id = {str(i.get("id")): i for i in before if isinstance(i, dict) and "id" in i}
        lines = [t(lang, "preview.array", field=Html(f"<b>{title}</b>"), before=len(before),
                   after=len(after))]
        if missing:
            lines.append(t(lang, "preview.array_unread"))
        sent_ids: set[str] = set()
        rows: list[str] = []  # plain text, wrapped for a phone below
        width = PHONE_WIDTH - 2  # after the `+ ` mark
        for item in after:
            ident = str(item.get("id")) if isinstance(item, dict) and "id" in item else None
            was = by_id.get(ident) if ident is not None else None
            if ident is not None:
                sent_ids.add(ident)
            named = shorten(item_name(item, key), width)
            if was is None:
                rows.append(f"+ {named}")
                continue
            diff = [k for k in item if k != "id" and not same(was.get(k), item[k])]
            if diff:  # the item, then each change on a line of its own
                rows.append(f"~ {named}")
                rows += [f"  {label(action, k, lang)}: {shown(was.get(k), 24, lang)} → "
                         f"{shown(item[k], 24, lang)}" for k in diff[:3]]
            else:
                rows.append(f"  {named}")
        for ident, was in by_id.items():
            if ident not in sent_ids:
                rows.append(f"− {shorten(item_name(was, key), width)}")
        if len(rows) > MAX_ITEMS:
            preview.cut = True
            rows = [*rows[:MAX_ITEMS], t(lang, "verify.more", count=len(rows) - MAX_ITEMS)]
        return lines + (["<code>" + html.quote(phone_text("\n".join(rows))) + "</code>"]
                        if rows else [])

    def _item(self, action: Action, args: dict[str, Any], before: Seen | None,
              preview: Preview, lang: str) -> list[str]:
        assert action.rmw is not None
        if before is None or not before.ok:
            raise InputError("rmw_unread", reason=(before.error if before else "?") or "?")
        items = before.array(action.rmw.field)
        if items is None:
            raise InputError("array_missing", field=action.rmw.field)
        try:
            planned = rmw.plan(action, args, items)
        except rmw.ItemNotFound:
            raise InputError("item_not_found", field=action.rmw.field,
                             id=str(args.get(action.rmw.item_param or ""))) from None
        preview.expect = rmw.fingerprint(items)
        lines = self._items(action, action.rmw.field, planned.before, planned.after, lang,
                            preview=preview)
        if planned.op is RmwOp.DELETE and planned.item is not None:
            key = next((f.item_key for f in action.fields if f.item_key), None)
            lines.insert(0, t(lang, "preview.goes", what=Html(
                f"<b>{html.quote(item_name(planned.item, key or 'url'))}</b>")))
        return lines

    def _state(self, action: Action, old: Any, lang: str) -> list[str]:
        state = old.get("state") if isinstance(old, dict) else None
        wanted = undo.STATE_AFTER.get(action.key, "?")
        if state == wanted:
            return [t(lang, "preview.state_already", state=str(state))]
        return [t(lang, "preview.state", before=str(state or "—"), after=wanted)]

    def _ips(self, action: Action, args: dict[str, Any], old: Any, lang: str,
             preview: Preview) -> list[str]:
        present = undo.ip_list(old)
        sent = undo.ip_list(args.get("value"))
        known = set(present)

        def listed(ips: list[str]) -> str:
            if len(ips) > MAX_IPS:
                preview.cut = True
            shown_ips = ", ".join(ips[:MAX_IPS]) + (
                f" … (+{len(ips) - MAX_IPS})" if len(ips) > MAX_IPS else "")
            return html.quote(shown_ips) if ips else "—"

        if action.key == "add":
            new = [ip for ip in sent if ip not in known]
            there = [ip for ip in sent if ip in known]
            return [t(lang, "preview.ips_new", count=len(new), ips=Html(listed(new))),
                    t(lang, "preview.ips_there", count=len(there), ips=Html(listed(there)))]
        if action.key == "exclude":
            gone = [ip for ip in sent if ip in known]
            absent = [ip for ip in sent if ip not in known]
            return [t(lang, "preview.ips_removed", count=len(gone), ips=Html(listed(gone))),
                    t(lang, "preview.ips_absent", count=len(absent), ips=Html(listed(absent)))]
        wanted = set(sent)
        gone = [ip for ip in present if ip not in wanted]
        new = [ip for ip in sent if ip not in known]
        if action.key == "clear":
            gone, new = present, []
        return [t(lang, "preview.ips_removed", count=len(gone), ips=Html(listed(gone))),
                t(lang, "preview.ips_new", count=len(new), ips=Html(listed(new)))]

    async def _clean(self, args: dict[str, Any], preview: Preview, lang: str) -> list[str]:
        found = await clean.scope(self.client, args)
        if found.campaign is None:
            preview.retype = found.period
            who = t(lang, "preview.clean_all")
        else:
            who = html.quote(found.campaign)
        lines = [t(lang, "preview.clean_scope", campaigns=Html(who), period=found.period)]
        if found.clicks is None:
            lines.append(t(lang, "preview.clean_unknown", reason=found.error or "?"))
        else:
            lines.append(t(lang, "preview.clean_count", clicks=found.clicks,
                           campaigns=found.campaigns))
            if found.campaign is None and found.named:
                lines.append("<i>" + html.quote(", ".join(found.named)) + (
                    " …" if found.campaigns > len(found.named) else "") + "</i>")
        return lines

    # -- conversions -----------------------------------------------------------------------

    def _conversion_args(self, action: Action, args: dict[str, Any],
                         before: Seen | None) -> dict[str, Any]:
        data = data_of(args)
        status = postbacks.check_status(data.get("status"))
        if action.key != "update":
            return args
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

    def _conversion(self, action: Action, args: dict[str, Any], before: Seen | None,
                    lang: str) -> list[str]:
        data = data_of(args)
        status = str(data.get("status") or "sale")
        revenue = postbacks.sent_revenue(data)
        tid = postbacks.sent_tid(data)
        click = str(data.get("click_id") or data.get("subid") or "")
        if action.key != "update":
            lines = [t(lang, "preview.conversion_new", click=click, status=status)]
            if revenue is None:
                lines.append(t(lang, "preview.no_revenue"))
            else:
                lines.append(f"<b>{t(lang, 'field.revenue')}</b>: → {_q(revenue)}")
            if tid is not None:
                lines.append(f"<b>{t(lang, 'field.transaction_id')}</b>: → {_q(tid)}")
            return lines
        row = before.data if before is not None and isinstance(before.data, dict) else {}
        lines = [t(lang, "preview.conversion", id=str(args.get("id")), click=click)]
        was = str(row.get("status") or "—")
        lines.append(f"<b>{t(lang, 'field.status')}</b>: " + (
            f"{html.quote(was)} → <b>{html.quote(status)}</b>" if was != status
            else t(lang, "preview.kept_value", value=status)))
        old_revenue = row.get("revenue")
        lines.append(f"<b>{t(lang, 'field.revenue')}</b>: " + (
            t(lang, "preview.kept_value", value=shown(revenue)) if same(old_revenue, revenue)
            else f"{_q(old_revenue)} → <b>{_q(revenue)}</b>"))
        if data.get("currency") is not None:
            lines.append(f"<b>{t(lang, 'field.currency')}</b>: {_q(data['currency'])}")
        if tid is not None:
            kept = same(row.get("tid"), tid)
            lines.append(f"<b>{t(lang, 'field.transaction_id')}</b>: " + (
                t(lang, "preview.kept_value", value=shown(tid)) if kept
                else f"{_q(row.get('tid'))} → <b>{_q(tid)}</b>"))
        return lines

    # -- files -----------------------------------------------------------------------------

    def _file(self, action: Action, args: dict[str, Any], before: Seen | None,
              lang: str) -> list[str]:
        path = str(args.get("path"))
        content = before.data.get("data") if before is not None and before.ok and isinstance(
            before.data, dict) else None
        if action.key.startswith("add"):
            key = "preview.file_exists" if isinstance(content, str) else "preview.file_new"
            return [t(lang, key, path=path)]
        size = len(content) if isinstance(content, str) else None
        if action.key.startswith("remove"):
            return [t(lang, "preview.file_goes", path=path, size=size if size is not None
                      else "?")]
        new = args.get("data")
        return [t(lang, "preview.file_change", path=path,
                  before=size if size is not None else "?",
                  after=len(new) if isinstance(new, str) else "?")]

    # -- undo ------------------------------------------------------------------------------

    def _changed_since(self, action: Action, entry_id: int, expected: dict[str, Any],
                       before: Seen | None, lang: str) -> list[str]:
        now = before.data if before is not None and before.ok else None
        if not isinstance(now, dict):
            return []
        lines = []
        for name, value in expected.items():
            current = now.get(name)
            if same(current, value):
                continue
            title = html.quote(label(action, name, lang))
            lines.append(t(lang, "undo.changed_field", field=Html(f"<b>{title}</b>"),
                           expected=shown(value), now=shown(current)))
        if lines:
            return [t(lang, "undo.changed_since", id=entry_id), *lines]
        return []


def _hours(value: float) -> str:
    return f"{value:g}"


def html_to_plain(text: str) -> str:
    """A preview line without its markup, for the file that carries a long preview."""
    return std_html.unescape(_TAG.sub("", text))
