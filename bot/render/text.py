"""HTML building blocks and Telegram's length rules."""

from __future__ import annotations

import json
import re
from typing import Any

from aiogram import html

# Unicode "format" characters (category Cf: bidi embeddings, overrides, isolates and marks,
# zero-width spaces and joiners, soft hyphens, tags…) and C0/C1 controls: invisible in a
# label, but they can reorder or hide what it shows. Letters of every script stay.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
BUDGET = 3800  # of Telegram's 4096 per message: leave room for a footer line and page markers
PHONE_WIDTH = 34  # monospace characters a phone shows on one line of a <pre> or <code>
BREAKS = (" ", ",/&?=;", "-_.:")  # where a long line is best broken, in order of preference


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def strip_invisible(text: str) -> str:
    """`text` without bidi controls, zero-width and other invisible characters (tabs and
    line breaks stay; labels collapse them)."""
    return INVISIBLE.sub("", text)


def shorten(value: str, limit: int) -> str:
    value = " ".join(value.split()) if "\n" not in value else value
    return value if len(value) <= limit else value[: max(0, limit - 1)] + "…"


def scalar(value: Any, limit: int = 80) -> str:
    """A JSON value as one short plain-text token (not escaped)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ") if abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return shorten(", ".join(scalar(v, 20) for v in value), limit)
        return f"[{len(value)}]"
    if isinstance(value, dict):
        return f"{{{len(value)}}}"
    return shorten(str(value), limit)


def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def wrap_line(line: str, width: int = PHONE_WIDTH, *, hang: int = 2) -> list[str]:
    """One line of monospace text as lines of at most `width` characters: broken after a
    space or punctuation where one is near the end, else hard; continuations keep the
    line's indent (plus `hang`), so wrapped JSON still reads as nested."""
    if len(line) <= width:
        return [line]
    indent = min(len(line) - len(line.lstrip(" ")) + hang, width // 2)
    out: list[str] = []
    rest = line
    lead = ""
    while len(lead) + len(rest) > width:
        room = width - len(lead)
        cut = -1
        for breaks in BREAKS:  # after a space if there is one, else after punctuation
            cut = max(rest.rfind(ch, room // 2, room) for ch in breaks)
            if cut > 0:
                break
        cut = cut + 1 if cut > 0 else room
        out.append((lead + rest[:cut]).rstrip())
        rest = rest[cut:].lstrip(" ")
        lead = " " * indent
    if rest:
        out.append(lead + rest)
    return out


def phone_text(text: str, width: int = PHONE_WIDTH) -> str:
    """`text` with every line at most `width` characters (see `wrap_line`)."""
    return "\n".join(part for line in text.split("\n") for part in wrap_line(line, width))


def pre(text: str) -> str:
    """A monospace block that fits a phone: lines over `PHONE_WIDTH` are wrapped."""
    return f"<pre>{html.quote(phone_text(text))}</pre>"


def code(text: str) -> str:
    """An inline monospace value, cut to what a phone shows on one line."""
    return f"<code>{html.quote(shorten(text, PHONE_WIDTH))}</code>"


def fit_pre(text: str, budget: int) -> tuple[str, bool]:
    """`text` in a <pre> block cut to `budget` UTF-16 units; returns (html, was_cut)."""
    block = pre(text)
    if utf16_len(block) <= budget:
        return block, False
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if utf16_len(pre(text[:mid] + "\n…")) <= budget:
            low = mid
        else:
            high = mid - 1
    return pre(text[:low] + "\n…"), True
