"""Reading what an action changes, before and after it: through the same client as the write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.changes.kinds import Reader
from bot.keitaro import rmw
from bot.keitaro.client import KeitaroClient
from bot.keitaro.errors import ErrorKind


@dataclass(frozen=True)
class Seen:
    """What a read found: the data, or why there is none (`missing`: the tracker has no such
    thing, as after a delete)."""

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
            envelope = await client.execute(reader.action, {**reader.args, "type": kind})
            if envelope.success:
                break
    elif reader.action is not None:
        envelope = await client.execute(reader.action, reader.args)
    else:
        return None
    if not envelope.success:
        error = envelope.error
        missing = error is not None and error.kind in (ErrorKind.NOT_FOUND,)
        message = error.message if error is not None else "unknown"
        return Seen(ok=False, error=client.redactor(message), missing=missing,
                    field=reader.field)
    data = client.redactor.json_value(envelope.data)
    if reader.unwrap and isinstance(data, dict) and isinstance(data.get(reader.unwrap), dict):
        data = data[reader.unwrap]
    return Seen(ok=True, data=data, field=reader.field)
