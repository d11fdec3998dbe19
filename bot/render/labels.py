"""Names a person reads for the tracker's keys: field labels on cards, entity nouns, metrics.

A field's label comes from the catalog (`Action.fields` → `BodyField.label`, the fields of
the group's writes); keys the tracker returns but no write takes (created_at, position…) have
one in the glossary (`field-<key>`, `bot/locales/*/fields.ftl`); anything else is the key itself.

A tracker's code is read by its meaning (`meaning`: state `disabled` → "остановлена", status
`sale` → "продажа", country `DE` → "Германия"); what is sent stays the code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from bot.i18n import has, t
from bot.i18n.fields import humanise, plain_label
from bot.keitaro.catalog import CATALOG, L

LABEL_WIDTH = 24  # characters of a label on a card

@lru_cache(maxsize=64)
def _catalog_labels(group: str) -> dict[str, L]:
    """The labels the catalog gives the fields of a group's request bodies."""
    found: dict[str, L] = {}
    for action in CATALOG.in_group(group):
        for body_field in action.fields:
            found.setdefault(body_field.name, body_field.label)
    return found


def settable(group: str | None, key: str) -> bool:
    """A write of the group takes this field (an empty one on a card is worth a line)."""
    return group is None or key in _catalog_labels(group)


@lru_cache(maxsize=4096)
def field_label(group: str | None, key: str, lang: str) -> str:
    """A field's short label in `lang`: the catalog's, a known answer field's, the key's."""
    label = _catalog_labels(group).get(key) if group else None
    text = label.get(lang) if label is not None else plain_label(key, lang)
    return text if len(text) <= LABEL_WIDTH else text[:LABEL_WIDTH - 1] + "…"


def entity_noun(group: str | None, lang: str) -> str | None:
    """One entity of a group ("Campaign"), or None when the group's items have no noun."""
    key = f"entity.{group}"
    return t(lang, key) if group and has(key) else None


def metric_label(metric: str, lang: str) -> str:
    """A report column's short header ("Clicks", "ROI %")."""
    key = f"metric.{metric}"
    return t(lang, key) if has(key) else humanise(metric)


_CODE = re.compile(r"[A-Za-z0-9_]{1,40}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# keys holding the same codes as another's: a conversion's statuses, a campaign's countries
SAME_CODES = {"previous_status": "status", "original_status": "status", "statuses": "status",
              "country_code": "country", "countries": "country", "filter_mode": "mode"}
COUNTRY_KEYS = frozenset({"country"})


def meaning(key: str, value: Any, lang: str, group: str | None = None) -> str | None:
    """A tracker's code in `key` as a person reads it (`value-<key>-<code>`; a country code by
    its name in `lang`), a list of codes item by item; None when the value is no known code.
    `group`: whose value it is (Russian agrees "активна" with a campaign, "активен" with an
    offer)."""
    base = SAME_CODES.get(key, key)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        read = [meaning(base, v, lang, group) for v in value]
        return ", ".join(r or v for r, v in zip(read, value, strict=True)) if any(read) else None
    if base in COUNTRY_KEYS and isinstance(value, str):
        code = value if _COUNTRY.fullmatch(value) else _english_countries().get(value)
        return country_name(code, lang) if code else None
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        return None
    text_id = f"value.{base}.{value.lower()}"
    return t(lang, text_id, group=group or "other") if has(text_id) else None


def value_word(key: str, value: Any, lang: str, group: str | None = None) -> str:
    """A code by its meaning, or as it is: a button's label, a before → after."""
    return meaning(key, value, lang, group) or str(value)


def choice_label(key: str, code: str, lang: str, group: str | None = None) -> str:
    """A choice's button: the code's meaning, capitalised ("Продажа"), or the code itself."""
    read = meaning(key, code, lang, group)
    return read[:1].upper() + read[1:] if read else code


@lru_cache(maxsize=1)
def _english_countries() -> dict[str, str]:
    """Country codes by their English names: the click log's `country` is a name."""
    return {name: code for code, name in Locale("en").territories.items()
            if _COUNTRY.fullmatch(code)}


@lru_cache(maxsize=2048)
def country_name(code: str, lang: str) -> str | None:
    """A country's name in `lang` (CLDR, through babel), None for a code it does not know."""
    try:
        return Locale.parse(lang).territories.get(code.upper())
    except (UnknownLocaleError, ValueError):
        return None
