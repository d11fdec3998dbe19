"""Sentences for input errors (InputError codes), in the user's language."""

from __future__ import annotations

from typing import Any

from bot.i18n import t
from bot.render.text import shorten

DETAIL_SHOWN = 200  # characters of a value quoted back (what was typed can be 4096)


def input_error_text(lang: str, code: str, details: dict[str, Any]) -> str:
    shown = {k: shorten(v, DETAIL_SHOWN) if isinstance(v, str) else v
             for k, v in details.items()}
    try:
        return t(lang, f"input.{code}", **shown)
    except (KeyError, IndexError):
        return t(lang, "input.invalid")
