"""Report filters typed on a line: `/reports by_offer 7d campaign=2 country=DE`.

A filter is `<what>=<value>` with `<what>` a dimension a person names (campaign, offer,
landing, source, stream, country, device, os, network, sub_id_N; Russian words too). An
entity is named by its id or by words of its name (one match needed); a country by its
two-letter code or its name; anything else by its value. Several values: `country=DE,AT`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from bot.explore.dims import DIMS, WORDS, Dim
from bot.explore.model import Slice
from bot.explore.search import matches
from bot.notify.reads import Reader
from bot.render.data import item_title
from bot.render.text import shorten

_PAIR = re.compile(r"^([^\s=]+)=(.+)$")
_CODE = re.compile(r"^[A-Za-z]{2}$")
LISTS = {"campaigns": "campaigns.list", "offers": "offers.list", "landings": "landings.list",
         "sources": "sources.list", "networks": "networks.list"}


@dataclass(frozen=True)
class Problem:
    """A typed filter that cannot be used: `code` names the text, `details` fill it."""

    code: str
    details: dict[str, str]


def split_filters(rest: str) -> tuple[str, list[tuple[str, str]]]:
    """The line without its report filters, and the filters (dimension, value) in order.
    Words after the JSON part are the JSON's."""
    cut = min((i for i in (rest.find("{"), rest.find("[")) if i >= 0), default=len(rest))
    head, tail = rest[:cut], rest[cut:]
    kept: list[str] = []
    found: list[tuple[str, str]] = []
    for word in head.split():
        match = _PAIR.match(word)
        name = WORDS.get(match.group(1).lower()) if match else None
        if match is None or name is None:
            kept.append(word)
            continue
        found.append((name, match.group(2)))
    return " ".join([*kept, tail.strip()]).strip(), found


async def resolve(client: Reader, filters: list[tuple[str, str]]
                  ) -> tuple[list[Slice], list[Problem]]:
    """The slices the typed filters stand for; entities named by id or by name are looked up
    (one list read per kind of entity)."""
    lists = {DIMS[name].group for name, _ in filters if DIMS[name].group in LISTS}
    read = await asyncio.gather(*(client.execute(LISTS[g]) for g in sorted(g for g in lists
                                                                             if g)))
    entities = {g: (e.data if e.success and isinstance(e.data, list) else None)
                for g, e in zip(sorted(g for g in lists if g), read, strict=True)}
    slices: list[Slice] = []
    problems: list[Problem] = []
    for name, value in filters:
        dim = DIMS[name]
        found = _slice(dim, value, entities.get(dim.group or ""))
        if isinstance(found, Problem):
            problems.append(found)
        else:
            slices.append(found)
    return slices, problems


def _slice(dim: Dim, value: str, listed: list[object] | None) -> Slice | Problem:
    values = [v.strip() for v in value.split(",") if v.strip()]
    if not values:
        return Problem("explore.line_empty", {"what": dim.name})
    if dim.group is None:
        column = dim.key if dim.name != "country" else dim.label
        if dim.name == "country" and all(_CODE.match(v) for v in values):
            column, values = "country_code", [v.upper() for v in values]
        return Slice(dim=dim.name, column=column, value=values[0], label=",".join(values),
                     values=values if len(values) > 1 else [])
    if len(values) > 1:
        return Problem("explore.line_one", {"what": dim.name})
    items = [i for i in listed or [] if isinstance(i, dict) and isinstance(i.get("id"), int)]
    word = values[0]
    if word.lstrip("#").isdigit():
        ident = int(word.lstrip("#"))
        item = next((i for i in items if i["id"] == ident), None)
        if listed is not None and item is None:
            return Problem("explore.line_no_id", {"what": dim.name, "id": str(ident)})
        label = item_title(item) if item is not None else f"#{ident}"
        return Slice(dim=dim.name, column=dim.key, value=ident, label=label or f"#{ident}")
    if listed is None:
        return Problem("explore.line_unlisted", {"what": dim.name, "word": word})
    found = [i for i in items if matches(item_title(i), word)]
    if len(found) != 1:
        names = ", ".join(f"#{i['id']} {shorten(item_title(i), 24)}" for i in found[:5])
        return Problem("explore.line_none" if not found else "explore.line_many",
                       {"what": dim.name, "word": word, "names": names})
    return Slice(dim=dim.name, column=dim.key, value=found[0]["id"],
                 label=item_title(found[0]) or f"#{found[0]['id']}")
