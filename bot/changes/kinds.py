"""What kind of change an action makes, and how the thing it changes is read.

The kind decides the preview (before → after of the fields, the array with its items
marked, the state, what goes), how the outcome is verified and how it is undone. It is
derived from the catalog entry (its key, special mechanism and routes), so a new catalog
entry of a known shape needs nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Action, ParamKind, Special


class Kind(StrEnum):
    CREATE = "create"  # a new entity from a body
    CLONE = "clone"  # a copy of an entity
    UPDATE = "update"  # fields of an entity (PUT with a body)
    STATE = "state"  # enable / disable
    ARCHIVE = "archive"  # delete or archive, with a restore in the catalog
    DELETE = "delete"  # delete or archive, with no restore in the catalog
    RESTORE = "restore"  # back from the archive
    ITEM = "item"  # one item of an entity's array (read-modify-write)
    ARRAY = "array"  # a whole array replaced (filters, the bot list)
    IPS = "ips"  # addresses added to or removed from the bot list
    CLEAR = "clear"  # a list or log emptied
    CLEAN = "clean"  # clicks and conversions of a period deleted
    COSTS = "costs"  # costs of a period replaced
    CONVERSION = "conversion"  # a conversion created or changed by its postback
    FILE = "file"  # a file of a local landing page or offer
    SETTING = "setting"  # an integration's setting (a query value)
    LINK = "link"  # a campaign linked to / unlinked from an integration
    OTHER = "other"  # a check, labels: sent and answered, nothing to read back


def kind_of(action: Action) -> Kind:
    key = action.key
    if action.special is Special.RMW:
        return Kind.ITEM
    if action.special in (Special.POSTBACK, Special.POSTBACK_UPDATE):
        return Kind.CONVERSION
    simple = {"enable": Kind.STATE, "disable": Kind.STATE, "restore": Kind.RESTORE,
              "clone": Kind.CLONE, "replace": Kind.ARRAY, "clear": Kind.CLEAR,
              "clean": Kind.CLEAN, "update_costs": Kind.COSTS}
    if key in simple:
        return simple[key]
    if action.group == "bots" and key in ("add", "exclude"):
        return Kind.IPS
    if key.endswith("_file"):
        return Kind.FILE
    if key.endswith("_set"):
        return Kind.SETTING
    if key.endswith(("_link", "_unlink")):
        return Kind.LINK
    if key == "create" or key.endswith("_create"):
        return Kind.CREATE
    if key in ("delete", "archive") or key.endswith("_delete"):
        restore = CATALOG.get(f"{action.group}.restore")
        return Kind.ARCHIVE if restore is not None and key in ("delete", "archive") else (
            Kind.DELETE)
    if key in ("update", "access") or key.endswith("_update"):
        return Kind.UPDATE
    return Kind.OTHER


@dataclass(frozen=True)
class Reader:
    """How to read what an action changes: a catalog read with its arguments, or the raw GET
    of a read-modify-write (`path`, whose array is `field`)."""

    action: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    field: str | None = None
    unwrap: str | None = None  # the answer holds the entity under this key ({"data": …})
    body: dict[str, Any] | None = None  # a raw read by POST (a grid query) with this body
    kinds: tuple[str, ...] = ()  # a group of unknown type: tried as each of these types


def _args_for(reader: Action, args: dict[str, Any], **fixed: Any) -> dict[str, Any] | None:
    """The reader's arguments from the action's (same names), or None if one is missing."""
    values = {p.name: args[p.name] for p in reader.params if p.name in args}
    values.update(fixed)
    if any(p.required and values.get(p.name) is None for p in reader.params):
        return None
    return values


def data_of(args: dict[str, Any]) -> dict[str, Any]:
    data = args.get("data")
    return data if isinstance(data, dict) else {}


def reader_for(action: Action, args: dict[str, Any]) -> Reader | None:
    """The read that shows the entity this action changes, as it is now (None: no such read).

    The same read serves the preview, the journal's state before, the read back after and
    the Undo's "changed since" check."""
    kind = kind_of(action)
    if kind is Kind.ITEM and action.rmw is not None:
        return Reader(path=rmw.read_path(action, args), field=action.rmw.field)
    if kind is Kind.CONVERSION:
        if action.key != "update":
            click = data_of(args).get("click_id") or data_of(args).get("subid")
            return conversions_of_click(str(click)) if click else None
        getter = CATALOG[f"{action.group}.get"]
        values = _args_for(getter, args)
        return Reader(action=getter.id, args=values) if values is not None else None
    if kind is Kind.ARRAY and action.group == "filters":  # the stream, with its filters
        items = CATALOG["filters.list"]
        if items.rmw is not None and args.get("stream_id") is not None:
            return Reader(path=rmw.read_path(items, args), field=items.rmw.field)
    if kind in (Kind.IPS, Kind.CLEAR, Kind.ARRAY) and action.snapshot is None:
        lister = CATALOG.get(f"{action.group}.list")
        return Reader(action=lister.id) if lister is not None and not lister.params else None
    if kind in (Kind.CREATE, Kind.CLEAN) or (kind in (Kind.COSTS, Kind.OTHER) and not any(
            p.name == "id" for p in action.params)):
        return None
    if kind is Kind.LINK:
        lister = CATALOG.get(f"{action.group}.facebook_campaigns")
        values = _args_for(lister, args) if lister is not None else None
        return Reader(action=lister.id, args=values) if lister and values is not None else None
    name = action.snapshot or "get"
    if kind is Kind.FILE:
        name = "get_file"
    if action.group == "groups":  # one group is read from the list of its type
        return _group_reader(args, data_of(args).get("type"))
    reader = CATALOG.get(f"{action.group}.{name}")
    if reader is None:
        return None
    values = _args_for(reader, args)
    if values is None:
        return None
    unwrap = "data" if action.group == "settings" and name.startswith("facebook") else None
    return Reader(action=reader.id, args=values, unwrap=unwrap)


def _group_reader(args: dict[str, Any], kind: Any) -> Reader | None:
    """A group is read from the list of its type; when the type is not known (an update or
    delete names only the id), from each type's list in turn."""
    getter = CATALOG["groups.get"]
    ident = args.get("id")
    if ident is None:
        return None
    if isinstance(kind, str):
        return Reader(action=getter.id, args={"type": kind, "id": ident})
    types = next((p.choices for p in getter.params if p.name == "type"), ())
    return Reader(action=getter.id, args={"id": ident}, kinds=tuple(types))


CONVERSION_COLUMNS = ["conversion_id", "sub_id", "postback_datetime", "status",
                      "previous_status", "revenue", "tid"]


def conversions_of_click(sub_id: str) -> Reader:
    """The conversions of one click (a grid query of all time, filtered by its subid)."""
    return Reader(path="/conversions/log", body={
        "range": {"interval": "all_time"},
        "columns": CONVERSION_COLUMNS,
        "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": sub_id}],
        "sort": [{"name": "postback_datetime", "order": "DESC"}],
        "limit": 50,
    })


def after_reader(action: Action, args: dict[str, Any], answer: Any) -> Reader | None:
    """The read that shows the result of the action: for a create or a clone, the new entity
    named by the tracker's answer; else the same read as before."""
    kind = kind_of(action)
    if kind not in (Kind.CREATE, Kind.CLONE):
        return reader_for(action, args)
    found = answer.get("data") if isinstance(answer, dict) and isinstance(
        answer.get("data"), dict) else answer
    if isinstance(found, list) and len(found) == 1:  # domains are created as a list
        found = found[0]
    if not isinstance(found, dict) or not isinstance(found.get("id"), int):
        return None
    new_id = found["id"]
    name = "facebook_get" if action.group == "settings" else "get"
    getter = CATALOG.get(f"{action.group}.{name}")
    if getter is None:
        return None
    fixed: dict[str, Any] = {"id": new_id}
    if action.group == "groups":
        return _group_reader(fixed, data_of(args).get("type") or found.get("type"))
    values = _args_for(getter, {}, **fixed)
    unwrap = "data" if action.group == "settings" else None
    return Reader(action=getter.id, args=values, unwrap=unwrap) if values is not None else None


def entity_id(action: Action, args: dict[str, Any]) -> Any:
    """The id of the entity the action names (its first id param), if any."""
    for param in action.params:
        if param.kind is ParamKind.ID and param.name in args:
            return args[param.name]
    return None
