"""POSTBACK_UPDATE: a conversion changed through the postback URL. The conversion is read
first: it must exist and belong to the click the postback names; the tracker's rules
(API-NOTES §11.1–11.2) refuse here what it would map or ignore, and the row's revenue,
currency and tid are kept unless given (a postback without a payout sets it to 0). Then its
click is posted again, once.

A request built from a planned change (`bot.changes.plan`) is already complete: it is sent as
it is, after the same checks against the row as read now. A bare call is completed from the
row and built here, once.
"""

from __future__ import annotations

from typing import Any

from bot.changes import postbacks as conversion_rules
from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.envelope import Envelope
from bot.keitaro.mechanisms.call import Client
from bot.keitaro.params import InputError
from bot.keitaro.request import PreparedRequest


async def run(client: Client, action: Action, args: dict[str, Any],
              request: PreparedRequest | None, *, tracker_values: bool = False) -> Envelope:
    found = await client.dispatch(CATALOG[f"{action.group}.get"], {"id": args.get("id")})
    if not found.success:
        return found
    row = found.data if isinstance(found.data, dict) else {}
    data = args.get("data") or {}
    click = str(data.get("click_id", ""))
    owner = str(row.get("sub_id", ""))
    if owner and owner != click:
        return client.refused(action, InputError(
            "conversion_click_mismatch", id=args.get("id"), owner=owner, click=click))
    try:
        status = conversion_rules.check_status(data.get("status"))
        conversion_rules.check_transition(str(row.get("status") or ""), status or "sale")
        if request is None:
            request = client.prepare(action, {
                **args, "data": conversion_rules.complete_update(row, data)},
                tracker_values=tracker_values)
    except InputError as exc:
        return client.refused(action, exc)
    result = await client.send(request, action=action)
    result.steps = [found.request]
    if result.success:
        result.data = {**(result.data or {}), "conversion": row}
    return result
