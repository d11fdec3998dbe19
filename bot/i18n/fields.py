"""Names of the tracker's fields and report columns as a person reads them, in every language.

A field's name comes from the catalog when an operation's body takes it (`BodyField.label`),
else from the glossary, `field-<key>` in `bot/locales/<language>/fields.ftl` (what the tracker
returns without taking it: ids, counters, dates, report dimensions and metrics). A name neither
knows is the tracker's own key, shown as code. A report column's short header is
`column-<key>` there.
"""

from __future__ import annotations

from functools import lru_cache

from aiogram import html

from bot.i18n.texts import DEFAULT_LANG, has
from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.catalog.lang import L


@lru_cache(maxsize=1)
def _catalog_labels() -> dict[str, L]:
    """The first label the catalog gives each body field name."""
    labels: dict[str, L] = {}
    for action in CATALOG:
        for field in action.fields:
            labels.setdefault(field.name, field.label)
    return labels


def humanise(key: str) -> str:
    """`cost_value` → `Cost value`: an English label for a key nothing names."""
    words = key.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else key


def plain_label(key: str, lang: str, action: Action | None = None) -> str:
    """Plain text: a field's name in `lang`; a key nothing names is humanised in English
    and kept as the tracker's key in other languages (code, not an English word)."""
    name = field_name(key, action)
    if name is not None:
        return name.get(lang)
    return humanise(key) if lang == DEFAULT_LANG else key


def field_name(key: str, action: Action | None = None) -> L | None:
    """A field's name in every language, or None when neither the catalog nor the glossary
    knows the key."""
    if action is not None:
        own = next((f.label for f in action.fields if f.name == key), None)
        if own is not None:
            return own
    found = _catalog_labels().get(key)
    if found is not None:
        return found
    glossary = f"field-{key}"
    return L(glossary) if has(glossary) else None


def field_label(key: str, lang: str, action: Action | None = None) -> str:
    """HTML: a field's name in `lang` (English keeps the tracker's key, which is what the
    JSON and one-line commands use); an unknown key as code."""
    if lang == DEFAULT_LANG:
        return html.quote(key)
    name = field_name(key, action)
    return html.quote(name.get(lang)) if name else f"<code>{html.quote(key)}</code>"


def column_label(key: str, lang: str) -> str:
    """Plain text: a report column's header, short (`clicks`, `конв`)."""
    short = f"column-{key}"
    if has(short):
        return L(short).get(lang)
    if lang == DEFAULT_LANG:
        return key
    name = field_name(key)
    return name.get(lang).lower() if name else key
