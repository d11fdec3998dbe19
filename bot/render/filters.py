"""A stream's filter on a line: `country · accept · DE, AT` (its key, its mode in the
person's language, its values)."""

from __future__ import annotations

from typing import Any

from bot.i18n import has, t
from bot.render.text import shorten


def mode_word(mode: str, lang: str) -> str:
    key = f"filter.mode.{mode}"
    return t(lang, key) if has(key) else mode


def payload_text(name: str, payload: Any, lang: str, limit: int = 60) -> str:
    """A filter's values on a line: `DE, AT`; nothing for a filter without values."""
    if payload is None or payload in ([], ""):
        return ""
    if isinstance(payload, list):
        return shorten(", ".join(str(v) for v in payload), limit)
    if isinstance(payload, bool):
        return t(lang, "value.yes" if payload else "value.no")
    if isinstance(payload, dict):
        return shorten(", ".join(f"{k}={v}" for k, v in payload.items()), limit)
    return shorten(str(payload), limit)


def filter_line(item: dict[str, Any], lang: str) -> str:
    """A stream's filter as `country · accept · DE, AT` (plain text)."""
    parts = [str(item.get("name") or "?"), mode_word(str(item.get("mode") or "?"), lang)]
    values = payload_text(str(item.get("name")), item.get("payload"), lang)
    if values:
        parts.append(values)
    return " · ".join(parts)
