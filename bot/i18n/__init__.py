"""The bot's texts in Russian and English, one module per language.

`t(lang, key, **values)` formats a text; every value is HTML-escaped unless it is wrapped in
`Html` (already safe markup built by the bot itself). Russian is chosen for Telegram users whose
language code is `ru`, English for everyone else.
"""

from __future__ import annotations

from typing import Any

from aiogram import html
from aiogram.types import User

from bot.i18n import en, ru

LANGUAGES: dict[str, dict[str, str]] = {"en": en.TEXTS, "ru": ru.TEXTS}


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def lang_of(user: User | None) -> str:
    code = (user.language_code or "") if user else ""
    return "ru" if code.lower().startswith("ru") else "en"


def _safe(value: Any) -> Any:
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        return html.quote(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return html.quote(str(value))


def t(lang: str, key: str, **values: Any) -> str:
    """The text `key` in `lang`, with `values` escaped and substituted.

    Every text is a `str.format` template and is always formatted, with values or without,
    so `{{`/`}}` read as one brace in every text alike."""
    texts = LANGUAGES.get(lang, en.TEXTS)
    template = texts.get(key) or en.TEXTS[key]
    return template.format(**{k: _safe(v) for k, v in values.items()})
