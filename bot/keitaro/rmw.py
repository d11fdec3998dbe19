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
    """The item the action names is not in the array."""


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


def fingerprint(items: list[Item]) -> str:
    """A short digest of an array, to tell whether it changed between preview and write."""
    encoded = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
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
        raise ItemNotFound(f"{rmw.field.rstrip('s')} {item_id} not found in {path}")
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

