"""Finding things by name: a group's entities (`/campaigns keto`), several groups at once
(`/find keto`), and the words a pick-list is narrowed by.

Names are matched word by word, case and `ё` aside: every typed word must begin a word of
the entity's name, alias, group, countries or source (`nutra de` finds the offer "Keto Slim
DE" of the group Nutra; `ket` finds "Keto"). Streams are searched by the tracker itself
(`GET /streams/search`), across campaigns; the other groups by their list.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from bot.keitaro.catalog import CATALOG, ParamKind
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.notify.reads import Reader
from bot.render.data import item_label, item_title

FIND_GROUPS = ("campaigns", "offers", "landings", "streams", "sources")  # what /find searches
FOUND = 8  # matches of a group shown (and offered as buttons) at most
NAMED_BY = ("name", "alias", "login", "group", "country", "ts")  # what a search reads
_TOKEN = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    return text.lower().replace("ё", "е").split()


def matches(name: str, text: str) -> bool:
    """Whether every word of `text` begins a word of `name` (case and ё aside)."""
    tokens = _TOKEN.findall(name.lower().replace("ё", "е"))
    found = [w for word in words_of(text) for w in _TOKEN.findall(word)]
    return bool(found) and all(any(t.startswith(w) for t in tokens) for w in found)


def searchable(group: str) -> bool:
    """A group whose entities can be listed whole (its `list` takes nothing) or searched."""
    if group == "streams":
        return True
    lister = CATALOG.get(f"{group}.list")
    getter = CATALOG.get(f"{group}.get")
    return (lister is not None and getter is not None
            and not any(p.required for p in lister.params)
            and [p.kind for p in getter.params if p.required] == [ParamKind.ID])


@dataclass
class Found:
    """A group's matches (id, label), how many there were, or why it could not be read."""

    group: str
    items: list[tuple[int, str]]
    total: int = 0
    error: ErrorInfo | None = None


async def search_group(client: Reader, group: str, text: str) -> Found:
    """`group`'s entities whose name has every word of `text` (archived ones left out)."""
    if group == "streams":  # the tracker searches for a phrase: its longest word, then all
        longest = max(words_of(text), key=len, default=text)
        envelope = await client.execute("streams.search", {"query": longest})
    else:
        envelope = await client.execute(f"{group}.list", {})
    if not envelope.success or not isinstance(envelope.data, list):
        return Found(group, [], error=envelope.error or ErrorInfo(kind=ErrorKind.HTTP_ERROR,
                                                                  message="?"))
    items = [i for i in envelope.data if isinstance(i, dict) and isinstance(i.get("id"), int)
             and i.get("state") != "deleted" and matches(_name(i), text)]
    return Found(group, [(i["id"], _label(group, i)) for i in items[:FOUND]], len(items))


async def find(client: Reader, text: str, groups: tuple[str, ...] = FIND_GROUPS
               ) -> list[Found]:
    """Every group's matches at once."""
    return list(await asyncio.gather(*(search_group(client, g, text) for g in groups)))


def narrowed(picks: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """A pick-list's items whose label has every typed word."""
    return [(ident, label) for ident, label in picks if matches(label, text)]


def _label(group: str, item: dict[str, Any]) -> str:
    """`#12 FB US iOS`; a stream with its campaign: `#4 DE offers · 🎯2`."""
    label = item_label(item, 30)
    campaign = item.get("campaign_id")
    return f"{label} · 🎯{campaign}" if group == "streams" and isinstance(campaign,
                                                                          int) else label


def _name(item: dict[str, Any]) -> str:
    """What an entity is known by: its name and alias, group, countries, source."""
    parts = [item.get(k) for k in NAMED_BY]
    words = [" ".join(map(str, p)) if isinstance(p, list) else str(p) for p in parts
             if isinstance(p, str | list) and p]
    return " ".join(words) or item_title(item)
