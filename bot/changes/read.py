"""Reading what an action changes, before and after it: through the same client as the write.

What is read here is the tracker's data as it is (never masked): an Undo is built from it and
a write may carry it back. It is scrubbed only where it is shown (`values.Display`) or
logged; the journal keeps it as the tracker returned it (the journal is the bot's own,
0600 or Redis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.keitaro import rmw
from bot.keitaro.client import KeitaroClient
from bot.keitaro.errors import ErrorKind


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
    pick: Any = None  # the answer is a list: the item with this id (an archive's list)


@dataclass(frozen=True)
class Seen:
    """What a read found: the data, or why there is none (`missing`: the tracker has no such
    thing, as after a delete: a 404, or the 402 with "not found" of 9.x)."""

    ok: bool
    data: Any = None
    error: str | None = None
    missing: bool = False
    field: str | None = None  # the entity's array the change is about, if any

    def array(self, field: str | None) -> list[dict[str, Any]] | None:
        """The entity's array `field` (None when the answer has none: never read as empty)."""
        return rmw.items_of(self.data, field) if field and self.ok else None

    def items(self) -> Any:
        """The list the change is about: the entity's array when the read names one, else
        the data as read (a list action's answer, the bot list)."""
        return self.array(self.field) if self.field else (self.data if self.ok else None)


def found(seen: Seen | None) -> Any:
    """The data a read found, or None."""
    return seen.data if seen is not None and seen.ok else None


async def read(client: KeitaroClient, reader: Reader | None) -> Seen | None:
    """The entity (or list) as the tracker has it now; None when there is no read for it."""
    if reader is None:
        return None
    if reader.path is not None:
        method = "GET" if reader.body is None else "POST"
        envelope = await client.call(method, reader.path, json=reader.body, resource="read",
                                     operation="check")
    elif reader.action is not None and reader.kinds:
        for kind in reader.kinds:  # the first type whose list has it
            envelope = await client.execute(reader.action, {**reader.args, "type": kind},
                                            raw=True)
            if envelope.success:
                break
    elif reader.action is not None:
        envelope = await client.execute(reader.action, reader.args, raw=True)
    else:
        return None
    if not envelope.success:
        error = envelope.error
        missing = error is not None and error.kind is ErrorKind.NOT_FOUND
        message = error.message if error is not None else "unknown"
        return Seen(ok=False, error=client.redactor(message), missing=missing,
                    field=reader.field)
    data = envelope.data
    if reader.unwrap and isinstance(data, dict) and isinstance(data.get(reader.unwrap), dict):
        data = data[reader.unwrap]
    if reader.pick is not None:
        found = next((i for i in data if isinstance(i, dict)
                      and str(i.get("id")) == str(reader.pick)), None) if isinstance(
            data, list) else None
        if found is None:
            return Seen(ok=False, error=f"#{reader.pick} not found", missing=True)
        data = found
    return Seen(ok=True, data=data, field=reader.field)
