"""FIRST_ROW: a grid query that must find exactly the row asked for (a click, a conversion by
id); none found is "not found", not an empty success."""

from __future__ import annotations

from bot.keitaro.envelope import Envelope, not_found
from bot.keitaro.mechanisms.call import Call


async def answer(call: Call, envelope: Envelope) -> Envelope:
    if not envelope.success:
        return envelope
    rows = envelope.data.get("rows") if isinstance(envelope.data, dict) else None
    if not rows:
        return not_found(envelope, "not_found", {"what": call.action.group.rstrip("s"),
                                                 "id": str(call.args.get("id"))})
    envelope.data = rows[0]
    return envelope
