"""The check behind "Russian is complete": English interface words left in a Russian message.

What is not an interface word, and so is taken out before looking:
- code: whatever is inside `<code>`, and `<pre>` blocks that hold JSON (a body, an example);
  other `<pre>` blocks (tables) are checked: their headers are interface words;
- tracker data: every text value the tracker returned or the user typed (campaign names, URLs,
  statuses…), whole, or cut short with "…" as tables and buttons cut it;
- code-like tokens: commands, paths, URLs, e-mail, `snake_case`, `CamelCase`, `a=b`, dates,
  anything with a digit, `/`, `.`, `_`, `@`, `=`, `{`, `#` in it; values the catalog offers
  as choices (`sale`, `GET`, `position`), which are the API's words;
- a few proper names and abbreviations that Russian text uses as they are (ALLOWED).

Then every run of three or more Latin letters left is an untranslated word.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

from bot.keitaro.catalog import CATALOG
from bot.render.text import PHONE_WIDTH, wrap_line

ALLOWED = frozenset(w.lower() for w in (
    # products, companies and their features
    "Keitaro", "Telegram", "Cloudflare", "Facebook", "Google", "AVScan", "IMKLO", "BotFather",
    "Taboola",  # an ad network: the sandbox's campaign "Taboola FR Sweeps" on a button
    "Admin", "Click", "Pull", "Sub",  # Admin API, Click API, Pull API, Sub ID: Keitaro's names
    "subid",  # the click's id as Keitaro names it (its {subid} macro): "Клик (subid)"
    "cookies",  # written in Latin in Russian too: "Уникальность по cookies"
    # formats, protocols and abbreviations Russian uses as they are
    "JSON", "CSV", "ZIP", "PNG", "API", "URL", "URLs", "HTML", "HTTP", "HTTPS", "TLS", "SSL",
    "DNS", "CIDR", "UTC", "ROI", "EPC", "CPC", "CPA", "CPM", "CTR", "User-Agent", "Agent",
    "User", "GET", "POST", "PUT", "DELETE", "PATCH", "UTF", "README",
    "Redis",  # the storage server by its name: "бот не смог обратиться к Redis"
    "English",  # the language's own name on the /lang button
))
_CODE = re.compile(r"<code>.*?</code>", re.S)
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CODE_LIKE = re.compile(r"[0-9_/.@={}#\\<>]|^-|://|[a-z][A-Z]|[A-Z]{2}[a-z]")  # CamelCase
_LATIN = re.compile(r"[A-Za-z]{3,}")


def catalog_words() -> set[str]:
    """The values the catalog offers as choices: the API's own words."""
    words: set[str] = set()
    for action in CATALOG:
        for param in action.params:
            words.update(param.choices)
        for field in action.fields:
            words.update(field.choices)
            for item in field.items:
                words.update(item.choices)
    return {w for w in words if isinstance(w, str)}


def strings_in(value: Any) -> Iterable[str]:
    """Every text (and number, as text) inside a JSON value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value
        if "\n" in value:
            yield from value.splitlines()
    elif value is not None and not isinstance(value, bool):
        yield str(value)


class Data:
    """Tracker data and typed values, to be taken out of a text before it is checked."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.prefixes: set[str] = set()

    def add(self, value: Any) -> None:
        for raw in strings_in(value):
            if "\n" not in raw and len(raw) > PHONE_WIDTH:  # as a phone's <pre> wraps it
                for part in wrap_line(raw):
                    self.add(part.strip())
            text = " ".join(raw.split())
            if len(text) < 2 or text in self.values:
                continue
            self.values.add(text)
            for cut in range(2, min(len(text), 80)):
                self.prefixes.add(text[:cut].rstrip())

    def remove_from(self, text: str) -> str:
        text = self._remove_cut(text)
        for value in sorted((v for v in self.values if v in text), key=len, reverse=True):
            # whole values only: a country `DE` is not taken out of `DELETE`
            text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
        return text

    def _remove_cut(self, text: str) -> str:
        """Values cut short (`FB US iOS Nu…`): the longest start of a value before a `…`."""
        out: list[str] = []
        parts = text.split("…")
        for n, part in enumerate(parts):
            last = n == len(parts) - 1  # no `…` after it: nothing of it was cut
            cut = None if last else next((i for i in range(max(0, len(part) - 80), len(part))
                                          if (i == 0 or not part[i - 1].isalnum())
                                          and part[i:].rstrip() in self.prefixes), None)
            out.append(part[:cut] + " " if cut is not None else part)
        return "…".join(out)


def _json_block(content: str) -> bool:
    raw = html.unescape(content).strip().rstrip("…").strip()
    if raw[:1] in ("{", "["):
        return True
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


def visible_words(markup: str, data: Data, api_words: set[str]) -> list[str]:
    """The English interface words left in one message (HTML) or button label (text)."""
    text = _CODE.sub(" ", markup)
    text = _PRE.sub(lambda m: " " if _json_block(m.group(1)) else f"\n{m.group(1)}\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    text = data.remove_from(text)
    found: list[str] = []
    for raw in text.split():
        token = raw.strip("()[],;:!?«»\"'“”‘’—–-·|*%+")
        if not token or token in api_words or _CODE_LIKE.search(token):
            continue
        for word in _LATIN.findall(token):
            if word.lower() not in ALLOWED and word not in api_words:
                found.append(word)
    return found


def rich_markup(value: Any) -> str:
    """A rich message (Bot API 10.1, as the fake keeps it) as the HTML this check reads:
    `pre` blocks and `code` texts as such, every other text as it is, a line each block."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return "".join(rich_markup(item) for item in value)
    if not isinstance(value, dict):
        return ""
    kind = value.get("type")
    if kind == "pre":
        return f"<pre>{html.escape(str(value.get('text', '')), quote=False)}</pre>\n"
    if kind == "code":
        return f"<code>{rich_markup(value.get('text'))}</code>"
    parts = [rich_markup(value.get(key)) for key in ("summary", "text", "caption")
             if key in value]
    for key in ("blocks", "items", "cells"):
        for item in value.get(key) or []:
            parts.append(rich_markup(item) + "\n")
    return " ".join(parts)
