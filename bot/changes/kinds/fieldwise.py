"""Field by field, item by item: the before → after lines of a preview, and the checks of what
was read back, shared by the kinds that send fields (update, create, setting, item, array).

Values go through `Display` (secrets masked, known secrets and URL logins scrubbed) only to be
shown; every comparison is made on the tracker's own values.
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.kinds.base import Check, Sheet
from bot.changes.outcome import NOT_AS_SENT, SEEN, SENT
from bot.changes.values import (
    Display,
    field_of,
    holds,
    is_secret,
    is_write_only,
    item_key,
    item_name,
    label,
    same,
)
from bot.i18n import Html, t
from bot.keitaro.catalog import Action
from bot.keitaro.catalog.fields import FieldType
from bot.keitaro.masking import MASK
from bot.render.rich import Markup
from bot.render.text import PHONE_WIDTH, phone_text, shorten

MAX_ITEMS = 30  # array items listed in a preview (the whole array goes to the file)
MAX_FIELDS = 25


def _b(text: str) -> Html:
    return Html(f"<b>{html.quote(text)}</b>")


def field_lines(action: Action, sent: dict[str, Any], old: Any, sheet: Sheet,
                *, create: bool) -> list[str]:
    """Each field sent: before → after by its name (a secret as ••••, a write-only field
    "→ value (not readable back)", an array item by item). Each line's table row (field,
    before, after) goes to `sheet.rows` for the rich form (`sheet.tabled`: the lines drawn
    by them)."""
    lang, show = sheet.lang, sheet.show
    lines: list[str] = []
    for name, value in list(sent.items())[:MAX_FIELDS]:
        field = field_of(action.fields, name)
        title = _b(label(action, name, lang))
        plain = label(action, name, lang)
        if is_secret(field, name):
            lines.append(t(lang, "preview.secret", field=title, mask=MASK))
            _row(sheet, lines[-1], plain, "", MASK)
            continue
        if is_write_only(field, name):
            lines.append(t(lang, "preview.write_only", field=title,
                           value=show.text(value, name=name)))
            _row(sheet, lines[-1], plain, Markup(t(lang, "preview.cell_unread")),
                 show.text(value, name=name))
            continue
        items = isinstance(value, list) and (
            (field is not None and field.type is FieldType.ITEMS)
            or (value and all(isinstance(i, dict) for i in value)))
        if items and isinstance(value, list):
            before_items = old.get(name) if isinstance(old, dict) else None
            if before_items is not None and not isinstance(before_items, list):
                before_items = None
            lines += item_lines(action, name, before_items or [], value, sheet,
                                missing=before_items is None and not create)
            continue
        after = Markup(show.html(value, name=name))
        if create or not isinstance(old, dict):
            lines.append(f"{title}: → {show.html(value, name=name)}")
            _row(sheet, lines[-1], plain, "", after)
        elif name not in old:
            note = t(lang, "preview.not_read") if not action.fields else ""
            lines.append(f"{title}: → {show.html(value, name=name)}{note}")
            _row(sheet, lines[-1], plain, Markup(t(lang, "preview.cell_unread")), after)
        elif same(old[name], value):
            lines.append(t(lang, "preview.unchanged", field=title,
                           value=show.text(value, name=name)))
            _row(sheet, lines[-1], plain, after, Markup(t(lang, "preview.cell_same")))
        else:
            lines.append(f"{title}: {show.html(old[name], name=name)} → "
                         f"<b>{show.html(value, name=name)}</b>")
            _row(sheet, lines[-1], plain, Markup(show.html(old[name], name=name)),
                 Markup(f"<b>{after}</b>"))
    if len(sent) > MAX_FIELDS:
        sheet.cut = True
        lines.append(t(lang, "verify.more", count=len(sent) - MAX_FIELDS))
    return lines


def _row(sheet: Sheet, line: str, field: str, before: str, after: str) -> None:
    """A preview line's row of the rich form's table (field, before, after)."""
    sheet.rows.append((field, before, after))
    sheet.tabled.add(line)


def item_lines(action: Action, name: str, before: list[Any], after: list[Any], sheet: Sheet,
               *, missing: bool = False) -> list[str]:
    """The array that will be sent, item by item: + added, ~ changed, − removed."""
    lang, show = sheet.lang, sheet.show
    field = field_of(action.fields, name)
    key = item_key(field)
    title = _b(label(action, name, lang))
    by_id = {str(i.get("id")): i for i in before if isinstance(i, dict) and "id" in i}
    lines = [t(lang, "preview.array", field=title, before=len(before), after=len(after))]
    if missing:
        lines.append(t(lang, "preview.array_unread"))
    sent_ids: set[str] = set()
    rows: list[str] = []  # plain text, wrapped for a phone below
    table: list[tuple[str, str, str]] = [(label(action, name, lang), str(len(before)),
                                          str(len(after)))]  # the rich form's rows
    width = PHONE_WIDTH - 2  # after the `+ ` mark
    for item in after:
        ident = str(item.get("id")) if isinstance(item, dict) and "id" in item else None
        was = by_id.get(ident) if ident is not None else None
        if ident is not None:
            sent_ids.add(ident)
        named = shorten(item_name(show.safe(item), key), width)
        if was is None:
            rows.append(f"+ {named}")
            table.append(("+", "", Markup(f"<b>{html.quote(named)}</b>")))
            continue
        diff = [k for k in item if k != "id" and not same(was.get(k), item[k])]
        if diff:  # the item, then each change on a line of its own
            rows.append(f"~ {named}")
            rows += [f"  {label(action, k, lang)}: {show.text(was.get(k), 24, name=k)} → "
                     f"{show.text(item[k], 24, name=k)}" for k in diff[:3]]
            table += [(f"~ {named} · {label(action, k, lang)}", show.text(was.get(k), 24, name=k),
                       Markup(f"<b>{html.quote(show.text(item[k], 24, name=k))}</b>"))
                      for k in diff[:3]]
        else:
            rows.append(f"  {named}")
            table.append(("", named, named))
    for ident, was in by_id.items():
        if ident not in sent_ids:
            rows.append(f"− {shorten(item_name(show.safe(was), key), width)}")
            table.append(("−", Markup(f"<s>{html.quote(rows[-1][2:])}</s>"), ""))
    if len(rows) > MAX_ITEMS:
        sheet.cut = True
        rows = [*rows[:MAX_ITEMS], t(lang, "verify.more", count=len(rows) - MAX_ITEMS)]
    if len(table) > MAX_ITEMS + 1:
        more = Markup(t(lang, "verify.more", count=len(table) - MAX_ITEMS - 1))
        table = [*table[:MAX_ITEMS + 1], ("", "", more)]
    sheet.rows += table
    sheet.tabled.add(lines[0])
    if rows:
        sheet.tabled.add("<code>" + html.quote(phone_text("\n".join(rows))) + "</code>")
    return lines + (["<code>" + html.quote(phone_text("\n".join(rows))) + "</code>"]
                    if rows else [])


def field_checks(action: Action, sent: dict[str, Any], old: Any, new: Any,
                 show: Display) -> list[Check]:
    """(mark, line) for each field sent, as read back in `new` (and before, in `old`)."""
    lang = show.lang
    checks: list[Check] = []
    for name, value in sent.items():
        field = field_of(action.fields, name)
        title = _b(label(action, name, lang))
        if is_write_only(field, name):
            checks.append((SENT, t(lang, "verify.write_only", field=title)))
            continue
        if is_secret(field, name):
            seen = new.get(name) if isinstance(new, dict) else None
            if isinstance(seen, str) and seen == value:
                checks.append((SEEN, t(lang, "verify.secret_matches", field=title)))
            else:
                checks.append((SENT, t(lang, "verify.secret", field=title)))
            continue
        if not isinstance(new, dict) or name not in new:
            checks.append((NOT_AS_SENT, t(lang, "verify.absent", field=title)))
            continue
        seen = new[name]
        if holds(seen, value):
            before = old.get(name) if isinstance(old, dict) else None
            if isinstance(old, dict) and name in old and not same(before, seen):
                checks.append((SEEN, t(lang, "verify.changed", field=title,
                                       before=show.text(before, name=name),
                                       after=show.text(seen, name=name))))
            else:
                checks.append((SEEN, t(lang, "verify.is", field=title,
                                       value=show.text(seen, name=name))))
        elif isinstance(old, dict) and name in old and same(old[name], seen):
            checks.append((NOT_AS_SENT, t(lang, "verify.kept", field=title,
                                          value=show.text(seen, name=name))))
        else:
            checks.append((NOT_AS_SENT, t(lang, "verify.other", field=title,
                                          sent=show.text(value, name=name),
                                          value=show.text(seen, name=name))))
    return checks
