"""Names of what a card refers to by id (`Traffic source: Google Ads (#1)`, not `#1`).

A card's `*_id` field whose catalog field names a pick-list (`BodyField.ref`: a campaign's
`traffic_source_id` → `sources.list`) is named from that list, read through the client once
per list for a reply; a name the entity carries itself (`group`, `ts`) is taken as it is.
A list that cannot be read leaves the id as it was (`#1`). The names are for eyes only: the
data kept and exported stays the tracker's.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.keitaro.catalog import CATALOG
from bot.keitaro.catalog.fields import BodyField
from bot.keitaro.client import KeitaroClient
from bot.render.data import item_title

# names an entity may carry itself for one of its ids, besides `<key without _id>`
CARRIED = {"traffic_source_id": ("ts",)}


@lru_cache(maxsize=64)
def ref_fields(group: str) -> dict[str, BodyField]:
    """The reference fields of a group's writes, by name (`traffic_source_id`)."""
    found: dict[str, BodyField] = {}
    for action in CATALOG.in_group(group):
        for body_field in action.fields:
            if body_field.ref and body_field.name.endswith("_id"):
                found.setdefault(body_field.name, body_field)
    return found


def _ident(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def carried(entity: dict[str, Any], key: str) -> str | None:
    """The name the entity itself gives for its `key` id (`group` for `group_id`)."""
    for name_key in (key[:-3], *CARRIED.get(key, ())):
        value = entity.get(name_key)
        if isinstance(value, str) and value.strip():
            return value
    return None


class RefNames:
    """Reads the names of a card's references through `client`."""

    def __init__(self, client: KeitaroClient) -> None:
        self.client = client

    async def of(self, group: str, entity: dict[str, Any]) -> dict[str, str]:
        """`{"traffic_source_id": "Google Ads"}` for the ids of `entity` (one of `group`)
        that it does not name itself; those whose list fails or lacks them are left out."""
        wanted = {key: f for key, f in ref_fields(group).items()
                  if _ident(entity.get(key)) is not None and carried(entity, key) is None}
        names: dict[str, str] = {}
        lists: dict[tuple[str, str], dict[int, str]] = {}
        for key, body_field in wanted.items():
            assert body_field.ref is not None
            lister = CATALOG.get(body_field.ref)
            if lister is None:
                continue
            args = dict(body_field.ref_args)
            marker = (lister.id, repr(sorted(args.items())))
            if marker not in lists:
                envelope = await self.client.execute(lister, args)
                items = envelope.data if envelope.success and isinstance(envelope.data,
                                                                         list) else []
                lists[marker] = {i["id"]: item_title(i) for i in items
                                 if isinstance(i, dict) and _ident(i.get("id")) is not None}
            name = lists[marker].get(entity[key])
            if name:
                names[key] = name
        return names


def with_names(entity: Any, names: dict[str, str]) -> Any:
    """The entity as a card shows it: each named id as `Google Ads (#1)`, with the name the
    entity carries itself, or the one read (`names`); the carried name's own line dropped."""
    if not isinstance(entity, dict):
        return entity
    shown = dict(entity)
    for key in ref_fields_any(entity):
        ident = _ident(entity.get(key))
        name = carried(entity, key) or names.get(key)
        if ident is None or not name:
            continue
        shown[key] = f"{name} (#{ident})"
        for name_key in (key[:-3], *CARRIED.get(key, ())):
            shown.pop(name_key, None)
    return shown


def ref_fields_any(entity: dict[str, Any]) -> list[str]:
    """The id keys of an entity that may be named: every `*_id` but its own."""
    return [k for k in entity if k.endswith("_id") and k not in ("id", "conversion_id",
                                                                  "click_id")]
