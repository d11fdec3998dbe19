"""PICK_BY_ID: a list endpoint read for one item (a group: the tracker has no GET of one), the
item with the `id` asked for, else "not found"."""

from __future__ import annotations

from bot.keitaro.envelope import Envelope, not_found
from bot.keitaro.mechanisms.call import Call


async def answer(call: Call, envelope: Envelope) -> Envelope:
    if not envelope.success:
        return envelope
    wanted = call.args.get("id")
    items = envelope.data if isinstance(envelope.data, list) else []
    for item in items:
        if isinstance(item, dict) and str(item.get("id")) == str(wanted):
            envelope.data = item
            return envelope
    return not_found(envelope, "group_not_found", {"type": str(call.args.get("type")),
                                                   "id": str(wanted)})
