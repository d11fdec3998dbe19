"""The preview of a write: the change planned (read first), and shown as it will be made.

The title names the entity by name and id; the change kind draws its lines
(`bot.changes.kinds`); its side effects follow by name (what else the tracker changes:
API-NOTES §12); then the request, what it loses, whether it can be undone (field by field)
and how to confirm. What is sent is what is previewed: the arguments come back completed (a
conversion's revenue and tid), with the request built from them (carried to Confirm and sent
as it is), the fingerprint of the arrays the change was planned on (checked again under the
lock at Confirm) and the level it amounts to (the permission).
"""

from __future__ import annotations

import html as std_html
import re
from dataclasses import dataclass, field
from typing import Any

from aiogram import html
from yarl import URL

from bot.changes.kinds.base import Change, Sheet, entity_id, labels
from bot.changes.outcome import undo_text
from bot.changes.plan import plan
from bot.changes.read import Seen
from bot.changes.values import Display, entity_name, label, same
from bot.i18n import Html, t
from bot.keitaro.catalog import Action, Danger
from bot.keitaro.client import KeitaroClient
from bot.keitaro.masking import mask_fields
from bot.keitaro.request import PreparedRequest
from bot.render.envelope import action_title, request_line
from bot.render.preview_table import preview_doc
from bot.render.rich import Doc
from bot.render.text import BUDGET, phone_text, pretty_json, utf16_len
from bot.storage.audit import AuditEntry, UndoStep

_TAG = re.compile(r"<[^>]+>")


@dataclass
class Preview:
    text: str
    args: dict[str, Any]  # what will be sent (completed where the tracker needs more)
    before: Seen | None = None
    expect: str | None = None  # the fingerprint of the arrays the change is planned on
    retype: str | None = None  # text the person must type to confirm (a clean of everything)
    file: tuple[str, bytes] | None = None  # the whole change, when it does not fit
    lines: list[str] = field(default_factory=list)
    cut: bool = False  # a list was cut short in the message: the whole change goes as a file
    danger: Danger = Danger.WRITE  # what the change amounts to (permission by effect)
    change: Change | None = None
    doc: Doc | None = None  # the preview as a rich message (the change as a table)

    @property
    def request(self) -> PreparedRequest | None:
        """The request the change sends, built once by its plan."""
        return self.change.request if self.change is not None else None


def _b(text: str) -> str:
    return f"<b>{html.quote(text)}</b>"


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
        item that is not there, an array the tracker's answer does not have, the mask)."""
        trusted = undo_of is not None  # an Undo sends back the tracker's own values
        change = await plan(self.client, action, args, tracker_values=trusted)
        prepared = change.request  # built once, by the plan; sent as it is at Confirm
        assert prepared is not None
        sheet = Sheet(show=Display(self.client.redactor, lang, action.group), lang=lang)
        kind = change.kind
        lines = []
        if change.before is not None and not change.before.ok and not kind.accepts_missing:
            lines.append(t(lang, "preview.unread", reason=change.before.error or "?"))
        lines += await kind.lines(change, sheet, self.client)
        lines += ["⚠️ " + side.text(lang) for side in change.sides]
        if undo_of is not None and expected:
            lines = [*self._changed_since(action, undo_of.id or 0, expected, change, sheet),
                     *lines]
        if undo_of is not None and undo_of.undo is not None and undo_of.undo.also:
            lines += self._also(undo_of.undo.also, sheet)
        preview = Preview(text="", args=change.args, before=change.before,
                          expect=change.expect, danger=change.effect.danger, change=change)
        head = self._head(action, change, sheet, undo_of)
        tail = self._tail(action, change, prepared, sheet)
        preview.lines = lines
        preview.cut, preview.retype = sheet.cut, sheet.retype
        preview.text = self._fit(head, lines, tail, prepared, preview, action, lang)
        preview.doc = preview_doc(head, lines, tail, lang, rows=sheet.rows, tabled=sheet.tabled,
                                  note=t(lang, "preview.in_file") if preview.file else None)
        return preview

    # -- parts -----------------------------------------------------------------------------

    def _head(self, action: Action, change: Change, sheet: Sheet,
              undo_of: AuditEntry | None) -> list[str]:
        lang = sheet.lang
        parts = []
        if undo_of is not None:
            when = undo_of.ts[5:16].replace("T", " ")
            parts.append(t(lang, "undo.preview_title", id=undo_of.id or 0,
                           who=undo_of.user_name or str(undo_of.user_id), when=when))
        destructive = change.effect.danger is Danger.DESTRUCTIVE
        parts.append(t(lang, "preview.title_destructive" if destructive else "preview.title"))
        parts.append(_b(action_title(action, lang, action.group, action.key)))
        name = sheet.show.name(change.old) if change.kind.named(change) else ""
        ident = entity_id(action, change.args)
        if not name and ident is not None and action.change.value != "clean":
            name = f"#{ident}"
        if name:
            parts.append(f"📌 {html.quote(t(lang, f'target.{action.group}'))} "
                         f"{html.quote(name)}")
        return parts

    def _tail(self, action: Action, change: Change, prepared: PreparedRequest,
              sheet: Sheet) -> list[str]:
        lang = sheet.lang
        parts = []
        found = change.effect
        if found.danger is Danger.DESTRUCTIVE:  # what the action, or its body, loses
            losses = found.reasons or ((action.loses,) if action.loses is not None else ())
            shown = {side.text(lang) for side in change.sides}
            parts += ["⚠️ <b>" + html.quote(lost.get(lang)) + "</b>" for lost in losses
                      if lost.get(lang) not in shown]  # a side effect is said once, above
        parts.append(request_line(prepared.method, prepared.masked_url, lang))
        if not prepared.has_body:  # a query is what is sent (postbacks): shown, a pair a line
            query = URL(prepared.masked_url).query  # secret keys masked; the rest scrubbed
            if query:
                parts.append("<code>" + html.quote(phone_text("\n".join(
                    f"{k}={self.client.redactor(v)}" for k, v in query.items()))) + "</code>")
        if action.note and action.kind.value == "postback":
            parts.append(t(lang, "preview.postback"))
        why = change.kind.no_undo(change)
        if why is None and self.undo_hours > 0:
            parts.append(t(lang, "undo.will", hours=_hours(self.undo_hours)))
            gaps = change.kind.gaps(change)
            if gaps:
                parts.append(t(lang, "undo.gaps", fields=labels(action, gaps, lang)))
        elif why is None:
            parts.append(t(lang, "undo.none.disabled"))
        else:
            parts.append(undo_text(lang, why, action, change.kind.reason_values(change)))
        if change.before is not None and change.before.ok:
            parts.append(t(lang, "preview.kept"))
        if sheet.retype:
            parts.append(t(lang, "preview.retype", period=Html(
                f"<code>{html.quote(sheet.retype)}</code>")))
        else:
            parts.append(t(lang, "preview.confirm_hint" if found.danger is not
                           Danger.DESTRUCTIVE else "preview.confirm_destructive_hint"))
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
        payload = {"change": [html_to_plain(line) for line in lines],
                   "sent": self.client.redactor.value(body)}
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

    # -- undo ------------------------------------------------------------------------------

    def _changed_since(self, action: Action, entry_id: int, expected: dict[str, Any],
                       change: Change, sheet: Sheet) -> list[str]:
        now = change.old
        if not isinstance(now, dict):
            return []
        lines = []
        for name, value in expected.items():
            current = now.get(name)
            if same(current, value):
                continue
            title = html.quote(label(action, name, sheet.lang))
            lines.append(t(sheet.lang, "undo.changed_field", field=Html(f"<b>{title}</b>"),
                           expected=sheet.show.text(value, name=name, words=False),
                           now=sheet.show.text(current, name=name, words=False)))
        if lines:
            return [t(sheet.lang, "undo.changed_since", id=entry_id), *lines]
        return []

    def _also(self, steps: list[UndoStep], sheet: Sheet) -> list[str]:
        """What the Undo puts back after its own change (a side effect's restore)."""
        from bot.keitaro.catalog import CATALOG

        lines = [t(sheet.lang, "undo.also")]
        for step in steps:
            action = CATALOG.get(step.action)
            if action is None:
                continue
            data = step.args.get("data")
            data = data if isinstance(data, dict) else {}
            fields = "; ".join(f"{label(action, k, sheet.lang)} → {sheet.show.text(v, name=k)}"
                               for k, v in data.items())
            name = entity_name({"id": step.args.get("id"), "name": step.name or None})
            what = f"{t(sheet.lang, f'target.{action.group}')} {name}"
            lines.append(html.quote(f"• {what}: {fields}"))
        return lines


def _hours(value: float) -> str:
    return f"{value:g}"


def html_to_plain(text: str) -> str:
    """A preview line without its markup, for the file that carries a long preview."""
    return std_html.unescape(_TAG.sub("", text))
