"""Sentences for input errors (InputError codes), in the user's language."""

from __future__ import annotations

from typing import Any

from bot.i18n import Html, t
from bot.render.labels import value_word
from bot.render.text import shorten

DETAIL_SHOWN = 200  # characters of a value quoted back (what was typed can be 4096)


# what Python's JSON parser says (`json.JSONDecodeError.msg`) → the key of the same in words
JSON_REASONS = (
    ("Expecting value", "value"),
    ("Expecting property name", "property_name"),
    ("Expecting ',' delimiter", "comma"),
    ("Expecting ':' delimiter", "colon"),
    ("Unterminated string", "unterminated"),
    ("Invalid control character", "control"),
    ("Invalid \\escape", "escape"),
    ("Invalid \\uXXXX escape", "escape"),
    ("Extra data", "extra"),
    ("Illegal trailing comma", "trailing_comma"),
)


def json_reason(lang: str, reason: str) -> str:
    """Why JSON did not parse, in `lang` (the parser says it in English)."""
    key = next((k for prefix, k in JSON_REASONS if reason.startswith(prefix)), "other")
    return t(lang, f"json_reason.{key}")


def input_error_text(lang: str, code: str, details: dict[str, Any]) -> str:
    shown = {k: shorten(v, DETAIL_SHOWN) if isinstance(v, str) else v
             for k, v in details.items()}
    if code == "conversion_transition":  # the statuses by their meaning
        shown.update({k: value_word("status", details.get(k), lang)
                      for k in ("current", "wanted")})
    if code == "json_syntax" and isinstance(details.get("reason"), str):
        shown["reason"] = Html(json_reason(lang, details["reason"]))
    try:
        return t(lang, f"input.{code}", **shown)
    except (KeyError, IndexError):
        return t(lang, "input.invalid")
