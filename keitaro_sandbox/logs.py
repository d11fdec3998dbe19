"""Tracker logs: the list of types, reading with limit/offset/query, clearing."""

from __future__ import annotations

from aiohttp import web

from keitaro_sandbox.replies import BadRequest, json_reply
from keitaro_sandbox.router import Call
from keitaro_sandbox.state import LOG_TYPES


def types(call: Call) -> web.Response:
    return json_reply(list(LOG_TYPES))


def _kind(call: Call) -> str:
    kind = call.params["type"]
    if kind not in LOG_TYPES:
        raise BadRequest(f'Unknown log type "{kind}". Use one of: {", ".join(LOG_TYPES)}')
    return kind


def read(call: Call) -> web.Response:
    """Newest rows first; `limit` is required, `query` searches the message."""
    kind = _kind(call)
    limit = call.int_query("limit")
    if limit is None:
        raise BadRequest('Parameter "limit" is required')
    offset = call.int_query("offset", 0) or 0
    needle = (call.query.get("query") or "").strip().lower()
    campaign = call.int_query("campaign_id") if kind == "traffic" else None
    rows = [row for row in reversed(call.state.logs[kind])
            if (not needle or needle in row.message.lower())
            and (campaign is None or row.campaign_id == campaign)]
    return json_reply([row.public() for row in rows[offset:offset + limit]])


def clear(call: Call) -> web.Response:
    call.state.logs[_kind(call)] = []
    return json_reply({"success": True})
