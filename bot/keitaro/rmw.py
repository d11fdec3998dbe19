"""Read-modify-write of a list field inside an entity, planned without I/O.

Keitaro has no REST resource for a campaign's S2S postbacks or a stream's filters: they are
edited by reading the entity and writing its whole array back (API-NOTES §6.11, §11.7). The plan
says what the array was, what will be sent, and which item changes, so that the same plan
serves the preview, the check at confirmation ("has the array changed since?") and the write.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from bot.keitaro.catalog import Action, RmwOp
from bot.keitaro.params import check_json
from bot.keitaro.request import substitute

Item = dict[str, Any]


class ItemNotFound(LookupError):
    """The item the action names is not in the array (`values`: what it is, its id and the
    entity read, for the text `detail-item_not_found`)."""

    def __init__(self, what: str, item_id: Any, path: str) -> None:
        super().__init__(f"{what} {item_id} not found in {path}")
        self.values = {"what": what, "id": str(item_id), "path": path}


@dataclass(frozen=True)
class RmwPlan:
    read_path: str  # the entity read and written, e.g. /campaigns/3
    field: str  # its array, e.g. postbacks
    op: RmwOp
    before: list[Item]  # the array as read
    after: list[Item]  # the array that will be sent (the same for LIST and GET)
    index: int | None  # position in `before` of the item concerned (None for ADD and LIST)

    @property
    def item(self) -> Item | None:
        """The item concerned: as it will be (ADD, UPDATE) or as it was (GET, DELETE)."""
        if self.op is RmwOp.ADD:
            return self.after[-1]
        if self.index is None:
            return None
        return self.after[self.index] if self.op is RmwOp.UPDATE else self.before[self.index]

    @property
    def body(self) -> dict[str, Any]:
        return {self.field: self.after}


def read_path(action: Action, args: dict[str, Any]) -> str:
    assert action.rmw is not None
    return str(substitute(action.rmw.read_path, {p.name: args.get(p.name) for p in action.params}))


def items_of(entity: Any, field: str) -> list[Item] | None:
    """The array of the entity as read, or None when the answer has no such array."""
    if not isinstance(entity, dict) or not isinstance(entity.get(field), list):
        return None
    return [dict(i) for i in entity[field] if isinstance(i, dict)]


@dataclass(frozen=True)
class Watch:
    """What a write that replaces arrays re-reads under the lock at Confirm: the entity at
    `path` (its GET), and the fields of it that must be as the preview showed them."""

    path: str  # e.g. /streams/4, /campaigns/5, /botlist
    fields: tuple[str, ...]  # e.g. ("offers", "landings"), ("postbacks",), ("value",)

    @property
    def lock(self) -> str:
        """The lock every process shares for that entity (the same as a read-modify-write
        of one of its items takes)."""
        return f"rmw:{self.path}"


def watched(entity: Any, fields: tuple[str, ...]) -> str:
    """The digest of the watched fields of an entity as read (a field it lacks counts as
    absent, never as empty)."""
    values = {name: entity.get(name, "<absent>") if isinstance(entity, dict) else "<unread>"
              for name in fields}
    encoded = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16]


def plan(action: Action, args: dict[str, Any], items: list[Item]) -> RmwPlan:
    """What the action does to `items`; raises ItemNotFound or InputError (a new item's
    required fields)."""
    rmw = action.rmw
    assert rmw is not None
    values = {p.name: args.get(p.name) for p in action.params}
    path = read_path(action, args)
    before = copy.deepcopy(items)
    after = copy.deepcopy(items)
    item_id = values.get(rmw.item_param) if rmw.item_param else None
    index = next((n for n, i in enumerate(before) if str(i.get("id")) == str(item_id)), None)
    if rmw.item_param and index is None:
        raise ItemNotFound(rmw.field.rstrip("s"), item_id, path)
    data = copy.deepcopy(values.get("data") or {})
    parent = rmw.read_path.split("{")[-1].rstrip("}")
    if rmw.op is RmwOp.ADD:
        check_json(data, array=False, required=rmw.item_required)
        data.pop("id", None)
        data.setdefault(parent, values.get(parent))
        after.append(data)
    elif rmw.op is RmwOp.UPDATE:
        assert index is not None
        data.pop("id", None)
        after[index] = {**after[index], **data}
    elif rmw.op is RmwOp.DELETE:
        assert index is not None
        del after[index]
    return RmwPlan(read_path=path, field=rmw.field, op=rmw.op, before=before, after=after,
                   index=index)



@dataclass(frozen=True)
class WriteCheck:
    """The array read back after a write, held against the plan (`check_written`)."""

    missing: tuple[str, ...] = ()  # ids of items that were there, should be, and are gone
    kept: str | None = None  # the id of the item removed, still there
    unlike: str | None = None  # the item added or changed ("new" when added): not as sent

    @property
    def ok(self) -> bool:
        return not self.missing and self.kept is None and self.unlike is None


def _same(sent: Any, read: Any) -> bool:
    """The tracker's value is the one sent: equal, or equal as text (ids sent as "5" come
    back as 5); objects by the keys sent, lists item by item."""
    if isinstance(sent, dict):
        return isinstance(read, dict) and all(k in read and _same(v, read[k])
                                              for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(read, list) and len(sent) == len(read) and all(
            _same(a, b) for a, b in zip(sent, read, strict=True))
    if sent == read:
        return True
    scalars = (str, int, float)
    return (isinstance(sent, scalars) and isinstance(read, scalars)
            and not isinstance(sent, bool) and not isinstance(read, bool)
            and str(sent).strip() == str(read).strip())


def _key(item: Item) -> str | None:
    return None if item.get("id") is None else str(item["id"])


def check_written(planned: RmwPlan, items: list[Item]) -> WriteCheck:
    """Is the array read back after the write what the write meant? Every item that was
    there is still there (except the one removed, which is gone); the item added or changed
    is there with the fields sent (fields the tracker adds, such as its id, are not held
    against it)."""
    now = {key: item for item in items if (key := _key(item)) is not None}
    concerned = planned.index if planned.op in (RmwOp.UPDATE, RmwOp.DELETE) else None
    missing = tuple(key for n, item in enumerate(planned.before)
                    if n != concerned and (key := _key(item)) is not None and key not in now)
    kept = unlike = None
    if planned.op is RmwOp.DELETE and concerned is not None:
        removed = _key(planned.before[concerned])
        kept = removed if removed in now else None
    elif planned.op is RmwOp.UPDATE and concerned is not None:
        before, after = planned.before[concerned], planned.after[concerned]
        sent = {k: v for k, v in after.items() if k not in before or before[k] != v}
        key = _key(before)
        if key not in now or not _same(sent, now[key]):
            unlike = key
    elif planned.op is RmwOp.ADD:
        known = {key for item in planned.before if (key := _key(item)) is not None}
        sent = {k: v for k, v in planned.after[-1].items() if k != "id"}
        if not any(_same(sent, item) for item in items if _key(item) not in known):
            unlike = "new"
    return WriteCheck(missing=missing, kept=kept, unlike=unlike)
