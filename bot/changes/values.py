"""Fields by their names, values as a person reads them, and when two values are the same.

Labels come from the action's `fields` (the catalog's data); an action without them falls
back to the glossary (`bot.i18n.fields`), then to the body's own keys. A secret is never
shown, not even in part; numbers sent as text ("0.07") are the number the tracker stores.
"""

from __future__ import annotations

import html as std_html
import json
import math
from functools import lru_cache
from typing import Any

from bot.i18n import t
from bot.i18n.fields import plain_label
from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.masking import MASK, SENSITIVE_KEYS, Redactor, looks_masked, mask_fields
from bot.render.data import item_title
from bot.render.labels import meaning
from bot.render.text import PHONE_WIDTH, shorten, strip_invisible

SHOWN = 48  # characters of one value in a before → after line (a phone's line is ~34)
ITEM_KEYS = ("url", "name", "login", "value", "offer_id", "landing_id", "alias", "id")


def field_of(fields: tuple[BodyField, ...], name: str) -> BodyField | None:
    return next((f for f in fields if f.name == name), None)


def label(action: Action, name: str, lang: str) -> str:
    found = field_of(action.fields, name) or _array_field(name)
    return found.label.get(lang) if found is not None else plain_label(name, lang)


@lru_cache(maxsize=64)
def _array_field(name: str) -> BodyField | None:
    """An array the catalog names on its entity (a campaign's `postbacks`): the label of an
    item-level edit's array, whose own fields are those of one item."""
    return next((f for action in CATALOG for f in action.fields
                 if f.name == name and f.type is FieldType.ITEMS), None)


def is_secret(field: BodyField | None, name: str) -> bool:
    return (field is not None and field.secret) or name.lower() in SENSITIVE_KEYS


def is_write_only(field: BodyField | None, name: str) -> bool:
    return (field is not None and field.write_only) or name.lower().startswith("new_password")


def unknowable(field: BodyField | None, name: str, old: Any) -> bool:
    """The bot cannot know this field's value before a change (so cannot put it back): the
    tracker never returns it (write-only), leaves it out, or returns a secret hidden."""
    if is_write_only(field, name) or not isinstance(old, dict) or name not in old:
        return True
    value = old[name]
    return is_secret(field, name) and (value in (None, "") or looks_masked(value))


def shown(value: Any, limit: int = SHOWN, lang: str | None = None) -> str:
    """One value as plain text on one line (not HTML-escaped); a yes/no in `lang` when one
    is given (JSON's `true`/`false` otherwise)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        if lang is not None:
            return t(lang, "value.yes" if value else "value.no")
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if abs(value) >= 1e6 else f"{value:g}"
    if isinstance(value, dict | list):
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            return shorten("[" + ", ".join(shown(v, limit) for v in value) + "]", limit)
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
        return shorten(strip_invisible(text), limit)
    return shorten(strip_invisible(str(value)), limit)


def masked(value: Any, field: BodyField | None, name: str) -> Any:
    """The value as it may be shown: a secret's value becomes the mask."""
    return MASK if is_secret(field, name) and value not in (None, "") else value


class Display:
    """Values as a person may see them: a secret field masked whole, secret keys at any depth
    and the bot's own secrets (and URL logins) scrubbed before anything is cut short, so no
    part of one shows. The data behind stays as the tracker returned it: masks are for eyes,
    never for what is sent."""

    def __init__(self, redactor: Redactor, lang: str, group: str | None = None) -> None:
        self.redactor = redactor
        self.lang = lang
        self.group = group  # whose values they are: the words agree with it

    def _meaning(self, value: Any, field: BodyField | None, name: str) -> str | None:
        """A tracker's code by its meaning ("disabled" → "Paused"); never a secret's."""
        if not name or is_secret(field, name):
            return None
        return meaning(name, value, self.lang, self.group)

    def safe(self, value: Any, field: BodyField | None = None, name: str = "") -> Any:
        """The value with everything secret in it masked (still a value, not text)."""
        if name and is_secret(field, name):
            return masked(value, field, name)
        return self.redactor.value(mask_fields(value))

    def text(self, value: Any, limit: int = SHOWN, *, field: BodyField | None = None,
             name: str = "", words: bool = True) -> str:
        """One value as plain text on one line (not HTML-escaped); yes/no in the person's
        language when `words`, and the tracker's codes by their meaning."""
        read = self._meaning(value, field, name) if words else None
        if read is not None:
            return shorten(read, limit)
        return shown(self.safe(value, field, name), limit, self.lang if words else None)

    def html(self, value: Any, limit: int = SHOWN, *, field: BodyField | None = None,
             name: str = "") -> str:
        """A value as HTML: an object or a list is JSON, monospace and cut to a phone's line;
        the tracker's codes by their meaning."""
        read = self._meaning(value, field, name)
        if read is not None:
            return std_html.escape(shorten(read, limit), False)
        safe = self.safe(value, field, name)
        if isinstance(safe, dict | list) and safe:
            return f"<code>{std_html.escape(shown(safe, min(limit, PHONE_WIDTH)), False)}</code>"
        return std_html.escape(shown(safe, limit, self.lang), False)

    def name(self, entity: Any) -> str:
        """`«FB US iOS» #3` of an entity as read, scrubbed."""
        return entity_name(self.redactor.value(entity))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def same(a: Any, b: Any) -> bool:
    """Equal as the tracker means it: 0.07 and "0.07", true and 1, lists item by item."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if a == b:
        return True
    if a in (None, "") and b in (None, ""):
        return True
    x, y = _number(a), _number(b)
    return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


# what the tracker stamps itself on every write (an item sent back as read carries the old
# stamp, API-NOTES §6.2): never a difference between what was sent and what is there
KEPT_BY_TRACKER = frozenset({"created_at", "updated_at"})


def holds(read: Any, sent: Any) -> bool:
    """`sent` is seen in `read`: an object's fields that were sent have those values (the
    others may be anything), an array's items likewise in order (ids aside)."""
    if isinstance(sent, dict) and isinstance(read, dict):
        return all(k in read and holds(read[k], v) for k, v in sent.items()
                   if k not in KEPT_BY_TRACKER)
    if isinstance(sent, list) and isinstance(read, list):
        if len(sent) != len(read):
            return False
        return all(holds(r, s) for r, s in zip(read, sent, strict=True))
    return same(read, sent)


def item_key(field: BodyField | None) -> str | None:
    return field.item_key if field is not None and field.type is FieldType.ITEMS else None


def item_name(item: Any, key: str | None = None) -> str:
    """How an array item is named in a preview: its item_key, else a usual naming field."""
    if not isinstance(item, dict):
        return shown(item, 40)
    if isinstance(item.get("name"), str) and "payload" in item:  # a filter: what it checks
        mode = f" {item['mode']}" if isinstance(item.get("mode"), str) else ""
        return shown(f"{item['name']}{mode} {shown(item['payload'], 30)}", 48)
    for name in (key, *ITEM_KEYS):
        if name and item.get(name) not in (None, ""):
            if name == "id" or (name.endswith("_id") and isinstance(item[name], int)):
                return f"#{item[name]}"  # an offer's link by the offer: #8
            return shown(item[name], 40)
    return shown(item, 40)


def entity_name(entity: Any) -> str:
    """`«FB US iOS» #3`, `#3`, or "" for what has neither."""
    if not isinstance(entity, dict):
        return ""
    title = item_title(entity)
    ident = entity.get("id", entity.get("conversion_id"))
    parts = [f"«{title}»" if title else "", f"#{ident}" if ident is not None else ""]
    return " ".join(p for p in parts if p)
