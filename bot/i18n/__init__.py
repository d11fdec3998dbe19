"""The bot's texts, in every language it speaks (`bot/locales/<language>/*.ftl`, Fluent).

`t(lang, key, **values)` formats a text; every value is HTML-escaped unless it is wrapped in
`Html` (already safe markup built by the bot itself). A key is the text's Fluent id with dots
for hyphens (`access.refused_short` is `access-refused_short`; see `bot.i18n.texts`). The
language of a Telegram user is the one whose folder matches their language code (`ru`,
`ru-RU`), else English.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from bot.i18n.texts import DEFAULT_LANG, LANGS, TextError, find, has, plain

if TYPE_CHECKING:  # the catalog reads its texts here and needs no aiogram to be imported
    from aiogram.types import User

__all__ = ["DEFAULT_LANG", "LANGS", "Html", "TextError", "has", "lang_of", "plain", "t"]


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def lang_of(user: User | None) -> str:
    """The language for Telegram's language code of `user` (`ru-RU` → `ru`), else English."""
    code = (user.language_code or "") if user else ""
    primary = code.lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LANGS else DEFAULT_LANG


def _safe(value: Any) -> Any:
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        return escape(value, quote=False)  # as aiogram's html.quote
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return escape(str(value), quote=False)


def t(lang: str, key: str, **values: Any) -> str:
    """The text `key` in `lang` (English when `lang` lacks it), with `values` escaped and
    put in. A text that does not exist, or lacks one of its values, raises `TextError`."""
    language, message = find(lang, key)
    return language.format(message, values, _safe)
