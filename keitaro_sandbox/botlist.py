"""The additional bot IP list: read, replace, add, exclude, clear."""

from __future__ import annotations

import ipaddress
import re

from aiohttp import web

from keitaro_sandbox.records import REQUIRED
from keitaro_sandbox.replies import Invalid, json_reply
from keitaro_sandbox.router import Call


def _values(call: Call) -> list[str]:
    """`value`: IPs or ranges separated by newlines, spaces or commas; 406 when bad."""
    raw = call.data().get("value")
    if not isinstance(raw, str) or not raw.strip():
        raise Invalid({"value": [REQUIRED]})
    items = [item for item in re.split(r"[\s,]+", raw.strip()) if item]
    bad = []
    for item in items:
        try:
            if "/" in item:
                ipaddress.ip_network(item, strict=False)
            else:
                ipaddress.ip_address(item)
        except ValueError:
            bad.append(item)
    if bad:
        raise Invalid({"value": [f"Not an IP address or range: {', '.join(bad[:5])}"]})
    return list(dict.fromkeys(items))


def read(call: Call) -> web.Response:
    return json_reply({"value": "\n".join(call.state.botlist)})


def replace(call: Call) -> web.Response:
    call.state.botlist = _values(call)
    return json_reply({"count": len(call.state.botlist)})


def add(call: Call) -> web.Response:
    values = _values(call)
    known = set(call.state.botlist)
    call.state.botlist.extend(v for v in values if v not in known)
    return json_reply({"count": len(call.state.botlist)})


def exclude(call: Call) -> web.Response:
    values = set(_values(call))
    call.state.botlist = [v for v in call.state.botlist if v not in values]
    return json_reply({"count": len(call.state.botlist)})


def clear(call: Call) -> web.Response:
    call.state.botlist = []
    return json_reply({"count": 0})
