"""The stream dictionaries: filter types, schemas, stream types and actions."""

from __future__ import annotations

from typing import Any


def _item(key: str, name: str, field: str, kind: str, description: str) -> dict[str, str]:
    return {"key": key, "name": name, "field": field, "type": kind, "description": description}


STREAM_SCHEMAS: list[dict[str, str]] = [
    _item("landings", "Landings & Offers", "landings", "schema",
          "Show a landing page, then an offer"),
    _item("redirect", "Redirect", "action_payload", "schema", "Redirect to a URL"),
    _item("action", "Action", "action_type", "schema", "Run an action (show text, 404...)"),
]
STREAM_TYPES: list[dict[str, str]] = [
    _item("forced", "Forced", "type", "type", "Checked first; used when its filters match"),
    _item("regular", "Regular", "type", "type", "Rotated by position or weight"),
    _item("default", "Default", "type", "type", "Used when no other stream matches"),
]
_ACTIONS = (
    ("http", "HTTP redirect", "redirect"), ("meta", "Meta refresh", "redirect"),
    ("double_meta", "Double meta refresh", "redirect"), ("js", "JavaScript", "redirect"),
    ("blank_referrer", "Blank referrer", "redirect"), ("formsubmit", "Form submit", "redirect"),
    ("iframe", "Iframe", "redirect"), ("frame", "Frame", "redirect"),
    ("remote", "Remote URL", "redirect"), ("curl", "CURL", "redirect"),
    ("local_file", "Local file", "other"), ("status404", "Not found (404)", "other"),
    ("show_text", "Show text", "other"), ("show_html", "Show HTML", "other"),
    ("campaign", "Send to campaign", "other"), ("do_nothing", "Do nothing", "other"),
)
STREAM_ACTIONS: list[dict[str, str]] = [
    _item(key, name, "action_type", kind, f"{name} action") for key, name, kind in _ACTIONS
]
ACTION_KEYS = tuple(key for key, _, _ in _ACTIONS)

_FILTERS = (
    ("country", "Country", "geo"), ("region", "Region", "geo"), ("city", "City", "geo"),
    ("language", "Browser language", "geo"), ("ip", "IP address", "network"),
    ("isp", "ISP", "network"), ("operator", "Mobile operator", "network"),
    ("connection_type", "Connection type", "network"), ("proxy", "Proxy", "network"),
    ("os", "Operating system", "device"), ("os_version", "OS version", "device"),
    ("browser", "Browser", "device"), ("browser_version", "Browser version", "device"),
    ("device_type", "Device type", "device"), ("device_model", "Device model", "device"),
    ("user_agent", "User agent", "device"), ("bot", "Bot", "traffic"),
    ("referrer", "Referrer", "traffic"), ("empty_referrer", "Empty referrer", "traffic"),
    ("keyword", "Keyword", "traffic"), ("search_engine", "Search engine", "traffic"),
    ("source", "Source", "traffic"), ("uniqueness", "Uniqueness", "traffic"),
    ("schedule", "Schedule", "time"), ("interval", "Date interval", "time"),
    ("limit", "Click limit", "other"), ("parameter", "Parameter", "other"),
    *((f"sub_id_{n}", f"Sub ID {n}", "parameters") for n in range(1, 6)),
)


# filters whose mode says it all: no values (a stream of bots has `bot` with payload null)
_NO_VALUES = frozenset({"bot", "proxy", "empty_referrer"})


def _filter(value: str, tooltip: str, group: str) -> dict[str, Any]:
    return {
        "value": value,
        "tooltip": tooltip,
        "modes": {"accept": "Accept", "reject": "Reject"},
        "group": group,
        "template": f"<filter-{value.replace('_', '-')}></filter-{value.replace('_', '-')}>",
        "header_template": tooltip,
        "defaults": {"mode": "accept", "payload": None if value in _NO_VALUES else []},
    }


STREAM_FILTERS: list[dict[str, Any]] = [_filter(*f) for f in _FILTERS]
