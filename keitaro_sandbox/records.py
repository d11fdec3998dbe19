"""Records of the entity tables: validation into 406 field maps, create, partial update,
clone. `resources.py` describes each entity; the seed and the HTTP handlers both write
through these functions, so sample data obeys the same rules as client data."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from keitaro_sandbox.replies import Invalid
from keitaro_sandbox.state import Record, State

Fields = dict[str, list[str]]
REQUIRED = "This field is required"


@dataclass(frozen=True)
class Child:
    """A list of sub-records with their own ids (a campaign's postbacks, a stream's filters).

    A PUT that carries the list replaces it (D `CampaignService::updatePostbacks`,
    `StreamFilterService::assign`, `StreamOfferAssociationService::assign`,
    `StreamLandingAssociationService::assign`, `StreamTriggerService::assign`): an item whose
    `key` matches an item of the record is that item, updated with the fields sent; other
    items are created (required fields then apply); items not listed are deleted. Offers and
    landings are matched by the offer or landing they link (`key`), and an item without it is
    skipped, as 9.x does. Keys an item may not hold (`fields`) are dropped.
    """

    name: str
    parent_key: str
    required: tuple[str, ...]
    defaults: Callable[[State], Record]
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    int_fields: frozenset[str] = frozenset()
    key: str = "id"
    fields: frozenset[str] = frozenset()  # empty: any


@dataclass(frozen=True)
class Resource:
    table: str
    model: str  # the class named in 404 texts
    fields: frozenset[str]  # what a client may write
    defaults: Callable[[State], Record]
    required: tuple[str, ...] = ()
    int_fields: frozenset[str] = frozenset()
    enums: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    unique: str | None = None  # unique among records that are not deleted
    max_length: dict[str, int] = field(default_factory=dict)
    children: tuple[Child, ...] = ()
    write_only: frozenset[str] = frozenset()  # accepted, never stored (passwords, archives)
    timestamps: bool = True  # created_at / updated_at
    check: Callable[[State, Record, Record | None], Fields] | None = None
    after_write: Callable[[State, Record, Record, bool], None] | None = None


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _add(errors: Fields, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def validate(state: State, res: Resource, data: Record, current: Record | None) -> Fields:
    """The 406 field map for creating (current None) or updating a record."""
    errors: Fields = {}
    for name in res.required:
        sent = current is None or name in data
        if sent and blank(data.get(name)):
            _add(errors, name, REQUIRED)
    for name in res.int_fields & data.keys():
        value = data[name]
        if value not in (None, "") and as_int(value) is None:
            _add(errors, name, "Must be an integer")
    for name, allowed in res.enums.items():
        if name in data and data[name] not in allowed:
            shown = ", ".join(str(a) for a in allowed if a is not None)
            _add(errors, name, f"Must be one of: {shown}")
    for name, limit in res.max_length.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit:
            _add(errors, name, f"Must be at most {limit} characters")
    if res.unique and isinstance(data.get(res.unique), str) and data[res.unique].strip():
        wanted = data[res.unique].strip().lower()
        for other in state.table(res.table).values():
            same = current is not None and other["id"] == current["id"]
            if not same and other.get("state") != "deleted" and (
                    str(other.get(res.unique, "")).lower() == wanted):
                _add(errors, res.unique,
                     f'"{data[res.unique]}" is already used by #{other["id"]}')
                break
    for child in res.children:
        if child.name in data:
            known = {as_int(i.get(child.key)) for i in (current or {}).get(child.name, [])}
            _check_children(child, data[child.name], errors, known - {None})
    if res.check is not None:
        for name, messages in res.check(state, data, current).items():
            for message in messages:
                _add(errors, name, message)
    return errors


def _check_children(child: Child, items: Any, errors: Fields, known: set[int | None]) -> None:
    """Items must be objects; an item that will be created needs the required fields."""
    if not isinstance(items, list):
        _add(errors, child.name, "Must be an array")
        return
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            _add(errors, child.name, f"#{n + 1}: must be an object")
            continue
        matched = as_int(item.get(child.key)) in known
        skipped = child.key != "id" and blank(item.get(child.key))
        for name in () if matched or skipped else child.required:
            if blank(item.get(name)):
                _add(errors, child.name, f"#{n + 1}: {name} is required")
        for name, allowed in child.enums.items():
            if name in item and item[name] not in allowed:
                _add(errors, child.name, f"#{n + 1}: {name} must be one of: "
                                          f"{', '.join(allowed)}")
        for name in child.int_fields & item.keys():
            if as_int(item[name]) is None:
                _add(errors, child.name, f"#{n + 1}: {name} must be an integer")


def _typed(value: Any, current: Any) -> Any:
    """A value sent in the shape the database returns it ("1", "0.0700": `db_values`),
    stored typed like the value it replaces, as the database would keep it."""
    if isinstance(current, bool) and value in ("0", "1"):
        return value == "1"
    if isinstance(current, int | float) and not isinstance(current, bool) and isinstance(
            value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if isinstance(current, int) and number.is_integer() else number
    return value


def _normalise(res: Resource, data: Record, current: Record | None = None) -> Record:
    values = {k: _typed(copy.deepcopy(v), (current or {}).get(k)) for k, v in data.items()
              if k in res.fields}
    for name in res.int_fields & values.keys():
        values[name] = as_int(values[name]) if values[name] not in (None, "") else None
    for name in res.write_only:
        values.pop(name, None)
    return values


def _ids_elsewhere(state: State, res: Resource, child: Child, parent: Record) -> set[int]:
    """Ids of this kind of item held by the table's other records."""
    return {item["id"] for other in state.table(res.table).values()
            if other["id"] != parent["id"] for item in other.get(child.name, [])}


def _children(state: State, res: Resource, parent: Record, data: Record, stamp: str) -> None:
    """Replace each child list that `data` carries (see `Child`)."""
    for child in res.children:
        if child.name not in data:
            continue
        sequence = f"{res.table}.{child.name}"
        current = {as_int(i.get(child.key)): i for i in parent.get(child.name, [])}
        taken = _ids_elsewhere(state, res, child, parent) if child.key == "id" else set()
        items: dict[int, Record] = {}
        for raw in data[child.name]:
            sent = {k: copy.deepcopy(v) for k, v in raw.items()
                    if k not in (child.parent_key, "created_at", "updated_at")
                    and (not child.fields or k in child.fields)}
            for name in child.int_fields & sent.keys():
                sent[name] = as_int(sent[name])
            match = as_int(raw.get(child.key))
            if child.key != "id" and match is None:
                continue  # an offer or landing link without its offer or landing
            found = current.get(match) if match is not None else None
            if found is not None and found["id"] in items:  # listed twice: updated twice
                found = items[found["id"]]
            elif found is None and match is not None:
                found = next((i for i in items.values() if as_int(i.get(child.key)) == match),
                             None)
            if found is not None:
                item = {**found, **{k: v for k, v in sent.items() if k != "id"}}
                if "updated_at" in item:
                    item["updated_at"] = stamp
            else:
                item = {**child.defaults(state), **sent}
                given = as_int(raw.get("id"))
                if child.key == "id" and given is not None and given > 0 and given not in taken:
                    state.seen_id(sequence, given)  # an unknown id is kept, as 9.x inserts it
                else:
                    given = state.next_id(sequence)
                item["id"] = given
            item = {"id": item["id"], child.parent_key: parent["id"],
                    **{k: v for k, v in item.items() if k not in ("id", child.parent_key)}}
            items[item["id"]] = item
        parent[child.name] = list(items.values())


def check(state: State, res: Resource, data: Record, current: Record | None) -> None:
    errors = validate(state, res, data, current)
    if errors:
        raise Invalid(errors)


def create(state: State, res: Resource, data: Record) -> Record:
    """Validate, then add a record with the next id; raises Invalid (406)."""
    check(state, res, data, None)
    stamp = state.stamp()
    record: Record = {"id": state.next_id(res.table), **res.defaults(state)}
    record.update({k: v for k, v in _normalise(res, data).items()
                   if not any(k == c.name for c in res.children)})
    for child in res.children:
        record.setdefault(child.name, [])
    if res.timestamps:
        record["created_at"] = record["updated_at"] = stamp
    _children(state, res, record, data, stamp)
    state.table(res.table)[record["id"]] = record
    if res.after_write is not None:
        res.after_write(state, record, data, True)
    return record


def update(state: State, res: Resource, record: Record, data: Record) -> Record:
    """Partial update: only the fields sent change; child lists are replaced whole."""
    check(state, res, data, record)
    stamp = state.stamp()
    record.update({k: v for k, v in _normalise(res, data, record).items()
                   if not any(k == c.name for c in res.children)})
    _children(state, res, record, data, stamp)
    if res.timestamps:
        record["updated_at"] = stamp
    if res.after_write is not None:
        res.after_write(state, record, data, False)
    return record


def _unique_copy(state: State, res: Resource, key: str, name: Callable[[int], str]) -> str:
    """The first of name(1), name(2)... that no live record of the table uses for `key`."""
    taken = {str(r.get(key, "")).lower() for r in state.table(res.table).values()
             if r.get("state") != "deleted"}
    return next(name(n) for n in itertools.count(1) if name(n).lower() not in taken)


def clone(state: State, res: Resource, record: Record) -> Record:
    """A copy with a new id (children too) and the name suffixed with " (copy)"."""
    stamp = state.stamp()
    copied = copy.deepcopy(record)
    copied["id"] = state.next_id(res.table)
    if "name" in copied:
        base = str(record["name"])
        copied["name"] = _unique_copy(
            state, res, "name", lambda n: f"{base} (copy)" if n == 1 else f"{base} (copy {n})")
    if res.table == "campaigns":
        alias = str(record["alias"])
        copied["alias"] = _unique_copy(
            state, res, "alias", lambda n: f"{alias}-copy" if n == 1 else f"{alias}-copy-{n}")
        copied["token"] = f"{state.rng.getrandbits(128):032x}"
    if copied.get("state") == "deleted":
        copied["state"] = "active"
    for child in res.children:
        for item in copied.get(child.name, []):
            item["id"] = state.next_id(f"{res.table}.{child.name}")
            item[child.parent_key] = copied["id"]
    if res.timestamps:
        copied["created_at"] = copied["updated_at"] = stamp
    state.table(res.table)[copied["id"]] = copied
    return copied
