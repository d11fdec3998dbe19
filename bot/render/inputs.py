"""Sentences for input errors (InputError codes), in the user's language."""

from __future__ import annotations

from typing import Any

from bot.i18n import t


def input_error_text(lang: str, code: str, details: dict[str, Any]) -> str:
    try:
        return t(lang, f"input.{code}", **details)
    except (KeyError, IndexError):
        return t(lang, "input.invalid")
