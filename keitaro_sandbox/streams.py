"""Stream endpoints beyond CRUD: search, trigger events and the dictionaries."""

from __future__ import annotations

from aiohttp import web

from keitaro_sandbox import resources as r
from keitaro_sandbox.dictionaries import (
    STREAM_ACTIONS,
    STREAM_FILTERS,
    STREAM_SCHEMAS,
    STREAM_TYPES,
)
from keitaro_sandbox.entities import find, present
from keitaro_sandbox.replies import json_reply
from keitaro_sandbox.router import Call


def search(call: Call) -> web.Response:
    """Streams (not archived) whose name, payload or comments contain `query`."""
    needle = call.required_query("query").strip().lower()
    found = [
        present(call.state, "streams", s) for s in call.state.streams.values()
        if s["state"] != "deleted" and any(
            needle in str(s.get(field) or "").lower()
            for field in ("name", "action_payload", "comments"))
    ]
    return json_reply(found)


def events(call: Call) -> web.Response:
    """The stream's trigger events, newest first; reading them marks them read."""
    stream = find(call, r.STREAMS)
    limit = call.int_query("limit", 50) or 50
    page = max(1, call.int_query("page", 1) or 1)
    rows = sorted(call.state.stream_events.get(stream["id"], []),
                  key=lambda e: e["date"], reverse=True)
    chosen = rows[(page - 1) * limit: page * limit]
    answer = [dict(e) for e in chosen]
    for event in chosen:
        event["state"] = "read"
    return json_reply(answer)


def filters(call: Call) -> web.Response:
    return json_reply(STREAM_FILTERS)


def schemas(call: Call) -> web.Response:
    return json_reply(STREAM_SCHEMAS)


def types(call: Call) -> web.Response:
    return json_reply(STREAM_TYPES)


def actions(call: Call) -> web.Response:
    return json_reply(STREAM_ACTIONS)
