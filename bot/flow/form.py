"""Forms instead of JSON: an operation's data asked field by field, by buttons where it can.

The fields are the catalog's (`Action.fields`). A create asks its required fields one at a
time, then offers the other fields or the preview; an edit (an update of an existing entity)
offers the fields, shows the one picked as it is now, takes the new value and goes to the
preview (what it requires is filled from the entity, `BodyField.read_from`). Choices and
yes/no are buttons, a reference is picked from its list by name, tags (statuses) are
toggled, a list of shares (a stream's offers) has an editor of its own; the rest is typed as
text, a number, a URL — and JSON only for nested values. Typing the whole JSON (or
`field=value` pairs) stays the expert path at every step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import StepCB, StepKind
from bot.changes.values import masked, shown
from bot.i18n import t
from bot.keitaro.body_check import required_names, supplied
from bot.keitaro.catalog import Action, Danger, Param, ParamKind
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.params import repair_quotes
from bot.render.labels import choice_label, meaning, value_word
from bot.render.text import shorten

T = FieldType
FIELDS_PAGE = 8  # field buttons on a page of the form (two a row)
CHOICES_SHOWN = 24  # choice buttons of a question (two a row)
BUTTON_TEXT = 30
NESTED = frozenset({T.ITEMS, T.LIST, T.OBJECT, T.ANY})


def form_param(action: Action) -> Param | None:
    """The param a form fills: the action's JSON object when its fields are known."""
    for param in action.params:
        if param.kind is ParamKind.JSON:
            usable = action.fields and param.field is None and not param.json_array
            return param if usable else None
    return None


def is_edit(action: Action) -> bool:
    """A change of an existing entity: one field, then the preview (what it requires is
    filled from the entity as read, `prefill`)."""
    return action.key == "update" and any(p.kind is ParamKind.ID for p in action.params)


def prefill(action: Action, entity: Any) -> dict[str, Any]:
    """The required fields an edit takes from the entity it reads (a conversion's click)."""
    if not isinstance(entity, dict):
        return {}
    needed = set(required_names(action))
    found = {}
    for f in fillable(action):
        key = f.read_from or f.name
        if f.name in needed and entity.get(key) not in (None, ""):
            found[f.name] = entity[key]
    return found


def whole_data(action: Action, field: BodyField, text: str) -> bool:
    """Text typed at a field's question that is the data itself: JSON (for a field that
    does not take JSON), or `field=value` pairs naming the action's fields."""
    raw = text.lstrip()
    if raw[:1] in ("{", "[", "“") and field.type not in NESTED:
        return True
    if raw[:1] == "{":  # a nested field's JSON, or the data with this field in it
        try:
            data = json.loads(repair_quotes(raw))
        except ValueError:
            return False
        names = {f.name for f in action.fields}
        return isinstance(data, dict) and field.name in data and set(data) <= names
    name, sep, _ = raw.partition("=")
    return bool(sep) and " " not in name and any(f.name == name for f in action.fields)


def fillable(action: Action) -> list[BodyField]:
    """The fields a form offers: those the action's other params do not fill."""
    others = supplied(action)
    fields: list[BodyField] = []
    said: set[tuple[str, ...]] = set()
    for f in action.fields:  # an alias (`subid` of `click_id`) once, under its first name
        name = f.label.every()  # the same name in every language
        if f.name not in others and name not in said:
            fields.append(f)
            said.add(name)
    # a list of shares first (its own editor: what people change most), what is typed as
    # JSON last
    return sorted(fields, key=lambda f: 0 if share_key(f) else 2 if f.type in NESTED else 1)


def field_at(action: Action, index: str) -> BodyField | None:
    fields = fillable(action)
    try:
        return fields[int(index)]
    except (ValueError, IndexError):
        return None


def next_required(action: Action, form: dict[str, Any]) -> BodyField | None:
    needed = set(required_names(action))
    return next((f for f in fillable(action) if f.name in needed and f.name not in form), None)


def shown_value(field: BodyField, value: Any, lang: str) -> str:
    """A value as a line of the form shows it (never a secret; a tracker's code by its
    meaning)."""
    read = None if field.secret else meaning(field.name, value, lang)
    return shorten(read, 28) if read else shown(masked(value, field, field.name), 28, lang)


# -- texts -------------------------------------------------------------------------------


def _menu_hint(action: Action, form: dict[str, Any], optional: bool) -> str:
    """What the fields' menu says to do next: what its keyboard offers (`menu_keyboard`)."""
    if form and next_required(action, form) is None:
        return "form.menu_run" if action.danger is Danger.READ else "form.menu"
    return "form.menu_defaults" if optional and not form else "form.menu_fields"


def menu_text(action: Action, form: dict[str, Any], lang: str, title: str,
              note: str | None = None, *, optional: bool = False) -> str:
    """The form so far: the values given, and what to do next."""
    lines = [f"<b>{html.quote(title)}</b>"]
    if note:
        lines.append(f"⚠️ {note}")
    by_name = {f.name: f for f in action.fields}
    if form:
        lines.append("")
        for name, value in form.items():
            field = by_name.get(name)
            label = field.label.get(lang) if field else name
            text = shown_value(field, value, lang) if field else shown(value, 28, lang)
            lines.append(f"<b>{html.quote(label)}</b>: {html.quote(text)}")
        lines.append("")
    lines.append(t(lang, "form.edit_pick" if is_edit(action) and not form
                   else _menu_hint(action, form, optional)))
    lines.append(t(lang, "form.json_too"))
    return "\n".join(lines)


def field_text(action: Action, field: BodyField, lang: str, title: str, *,
               now: Any = None, known: bool = False, picked: Sequence[str] = (),
               note: str | None = None) -> str:
    """One field's question: its name, its value now (an edit), how to answer."""
    lines = [f"<b>{html.quote(title)}</b>"]
    if note:
        lines.append(f"⚠️ {note}")
    lines.append("")
    lines.append(t(lang, "form.field", field=field.label.get(lang)))
    if known:
        lines.append(t(lang, "form.now", value=shown_value(field, now, lang)))
    kind = field.type
    if kind is T.TAGS and field.choices:
        lines.append(t(lang, "form.hint.toggle", picked=", ".join(
            value_word(field.name, p, lang) for p in picked) or "—"))
    elif kind in (T.ENUM, T.BOOL) or (kind is T.REF and field.ref) or (
            kind is T.STR and field.choices):
        lines.append(t(lang, f"form.hint.{'ref' if kind is T.REF else 'choice'}"))
    elif kind in NESTED:
        lines.append(t(lang, "form.hint.json"))
    else:
        lines.append(t(lang, f"form.hint.{kind.value}"))
    if field.choices and (kind is T.STR or (kind is T.ENUM and field.ref)):
        lines.append(t(lang, "form.hint.other"))
    lines.append(t(lang, "form.json_too"))
    return "\n".join(lines)


# -- shares (a stream's offers and landings) ----------------------------------------------

SHARE_STEP = 10  # what one tap adds to or takes from a share


def share_key(field: BodyField) -> BodyField | None:
    """The item's reference field when `field` is a list of shares (a stream's offers,
    landings: `offer_id` + `share`), else None."""
    if field.type is not T.ITEMS or not any(i.name == "share" for i in field.items):
        return None
    return next((i for i in field.items if i.name == field.item_key and i.type is T.REF), None)


def total(items: list[dict[str, Any]]) -> int:
    return sum(int(i.get("share") or 0) for i in items)


def change_shares(items: list[dict[str, Any]], op: str, key: str) -> list[dict[str, Any]]:
    """`pN`/`mN` item N's share plus or minus SHARE_STEP (0..100), `xN` removes it, `even` splits
    100 evenly (the first ones take what is left over)."""
    items = [dict(i) for i in items]
    if op == "even" and items:
        base, extra = divmod(100, len(items))
        for n, item in enumerate(items):
            item["share"] = base + (1 if n < extra else 0)
        return items
    what, at = op[:1], op[1:]
    try:
        item = items[int(at)]
    except (ValueError, IndexError):
        return items
    if what == "x":
        items.remove(item)
    elif what in ("p", "m"):
        step = SHARE_STEP if what == "p" else -SHARE_STEP
        item["share"] = min(100, max(0, int(item.get("share") or 0) + step))
    return items


def added(items: list[dict[str, Any]], key: str, ident: int) -> list[dict[str, Any]]:
    """The items with one more, taking what is left of 100 (an item there already: as is)."""
    if any(i.get(key) == ident for i in items):
        return items
    return [*items, {key: ident, "share": max(0, 100 - total(items)), "state": "active"}]


def shares_text(field: BodyField, items: list[dict[str, Any]], names: dict[int, str],
                lang: str, title: str, *, adding: bool, note: str | None = None) -> str:
    key = field.item_key or "id"
    lines = [f"<b>{html.quote(title)}</b>"]
    if note:
        lines.append(f"⚠️ {note}")
    lines += ["", f"<b>{html.quote(field.label.get(lang))}</b>"]
    for n, item in enumerate(items, 1):
        ident = item.get(key)
        name = names.get(ident, "") if isinstance(ident, int) else ""  # `#8 Keto PL`
        label = f"{n}. {name or f'#{ident}'}"
        lines.append(html.quote(shorten(label, 26)) + f" — {item.get('share')} %")
    whole = total(items)
    lines.append(t(lang, "form.shares_total", total=whole) + (
        "" if whole == 100 or not items else " " + t(lang, "form.shares_not_100")))
    lines.append(t(lang, "form.shares_add" if adding else "form.shares_hint"))
    return "\n".join(lines)


def shares_keyboard(items: list[dict[str, Any]], nonce: str, step: int, lang: str, *,
                    picks: list[tuple[int, str]] | None, adding: bool) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if adding:
        rows += _pairs([_button(label, nonce, step, StepKind.VALUE, str(ident))
                        for ident, label in (picks or [])[:CHOICES_SHOWN]])
    else:
        for n, _ in enumerate(items):
            rows.append([_button(f"{n + 1}: −{SHARE_STEP}", nonce, step, StepKind.SHARE, f"m{n}"),
                         _button(f"{n + 1}: +{SHARE_STEP}", nonce, step, StepKind.SHARE, f"p{n}"),
                         _button(f"{n + 1}: 🗑", nonce, step, StepKind.SHARE, f"x{n}")])
        rows.append([_button(t(lang, "form.shares_add_button"), nonce, step, StepKind.SHARE,
                             "add"),
                     _button(t(lang, "form.shares_even"), nonce, step, StepKind.SHARE, "even")])
        rows.append([_button(t(lang, "form.done"), nonce, step, StepKind.DONE)])
    rows.append(_nav(nonce, step, lang))
    return InlineKeyboardMarkup(inline_keyboard=rows)


# -- keyboards ---------------------------------------------------------------------------


def _button(text: str, nonce: str, step: int, kind: StepKind,
            value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=shorten(text, BUTTON_TEXT), callback_data=StepCB(
        nonce=nonce, step=step, kind=kind, value=value).pack())


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def _nav(nonce: str, step: int, lang: str) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "button.back"), nonce, step, StepKind.BACK),
            _button(t(lang, "button.cancel"), nonce, step, StepKind.CANCEL)]


def menu_keyboard(action: Action, form: dict[str, Any], nonce: str, step: int, lang: str,
                  page: int = 0, *, optional: bool = False) -> InlineKeyboardMarkup:
    """A page of fields (✓ for those given), the preview, then back and cancel."""
    fields = fillable(action)
    pages = max(1, (len(fields) + FIELDS_PAGE - 1) // FIELDS_PAGE)
    page = min(max(page, 0), pages - 1)
    start = page * FIELDS_PAGE
    buttons = [_button(("✓ " if f.name in form else "") + f.label.get(lang), nonce, step,
                       StepKind.FIELD, str(start + i))
               for i, f in enumerate(fields[start:start + FIELDS_PAGE])]
    rows = _pairs(buttons)
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_button(f"‹ {page}/{pages}", nonce, step, StepKind.FORM, str(page - 1)))
        if page + 1 < pages:
            nav.append(_button(f"{page + 2}/{pages} ›", nonce, step, StepKind.FORM,
                               str(page + 1)))
        rows.append(nav)
    if form and next_required(action, form) is None:
        done = "form.run" if action.danger is Danger.READ else "form.preview"
        rows.append([_button(t(lang, done), nonce, step, StepKind.DONE)])
    elif optional and not form:  # the data may be left out: the tracker's defaults
        rows.append([_button(t(lang, "button.defaults"), nonce, step, StepKind.SKIP)])
    rows.append(_nav(nonce, step, lang))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def field_keyboard(field: BodyField, nonce: str, step: int, lang: str, *,
                   picks: list[tuple[int, str]] | None = None,
                   picked: Sequence[str] = ()) -> InlineKeyboardMarkup:
    """The answers a field takes by button: its choices, yes/no, its list, toggles."""
    rows: list[list[InlineKeyboardButton]] = []
    kind = field.type
    if kind is T.BOOL:
        rows.append([_button(t(lang, "value.yes").capitalize(), nonce, step, StepKind.VALUE, "1"),
                     _button(t(lang, "value.no").capitalize(), nonce, step, StepKind.VALUE,
                             "0")])
    elif kind in (T.ENUM, T.STR) and field.choices:
        rows += _pairs([_button(choice_label(field.name, choice, lang), nonce, step,
                                StepKind.VALUE, str(i))
                        for i, choice in enumerate(field.choices[:CHOICES_SHOWN])])
    elif kind is T.TAGS and field.choices:
        rows += _pairs([_button(("✅ " if choice in picked else "▫️ ")
                                + choice_label(field.name, choice, lang), nonce, step,
                                StepKind.TOGGLE, str(i))
                        for i, choice in enumerate(field.choices[:CHOICES_SHOWN])])
        rows.append([_button(t(lang, "form.done"), nonce, step, StepKind.DONE)])
    elif picks:
        rows += _pairs([_button(label, nonce, step, StepKind.VALUE, str(ident))
                        for ident, label in picks[:CHOICES_SHOWN]])
    rows.append(_nav(nonce, step, lang))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def button_value(field: BodyField, value: str) -> Any:
    """The value a field's button stands for (an index into its choices, 1/0, an id)."""
    if field.type is T.BOOL:
        return value == "1"
    if field.type in (T.ENUM, T.STR):
        try:
            return field.choices[int(value)]
        except (ValueError, IndexError):
            return None
    try:
        return int(value)
    except ValueError:
        return None
