"""FALLBACK_POST: a GET, and the same request as a POST when the tracker has no GET route for
it. A tracker that routes `GET /logs/types` as `GET /logs/{type}` refuses "types" as a log
type with a 400 (API-NOTES §11.5), which is classified as a bad request or, with a field map,
a validation error; the POST is sent once, never retried."""

from __future__ import annotations

from dataclasses import replace

from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind
from bot.keitaro.mechanisms.call import Call

FALLBACK_KINDS = frozenset({ErrorKind.NO_ROUTE, ErrorKind.NOT_FOUND, ErrorKind.HTTP_ERROR,
                            ErrorKind.BAD_REQUEST, ErrorKind.VALIDATION})


async def answer(call: Call, envelope: Envelope) -> Envelope:
    if envelope.kind not in FALLBACK_KINDS:
        return envelope
    retry = await call.client.send(replace(call.request, method="POST"), action=call.action,
                                   idempotent=False)
    retry.steps = [envelope.request]
    return retry
