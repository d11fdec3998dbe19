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
        what = call.action.group.rstrip("s")
        return not_found(envelope, f"{what} {call.args.get('id')} not found")
    envelope.data = rows[0]
    return envelope
