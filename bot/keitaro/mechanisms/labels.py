"""LABELS: a campaign's labels, `items` sent as a map {value: label} as the tracker reads it
(D LabelService::updateLabels). Only when it refused that shape outright (400/406: nothing
written) is the list shape [{"value", "label"}] sent; never after an uncertain failure, a
no-route answer or any other error."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind
from bot.keitaro.mechanisms.call import Call


def as_list(body: Any) -> Any:
    """`items` {value: label} → [{"value": value, "label": label}, …], the other shape."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), dict):
        return None
    items = [{"value": value, "label": label} for value, label in body["items"].items()]
    return {**body, "items": items}


async def answer(call: Call, first: Envelope) -> Envelope:
    refused = first.status in (400, 406) and first.kind in (
        ErrorKind.BAD_REQUEST, ErrorKind.VALIDATION)
    other = as_list(call.request.body) if refused else None
    if other is None:
        return first
    retry = await call.client.send(replace(call.request, body=other), action=call.action)
    retry.steps = [first.request]
    return retry
