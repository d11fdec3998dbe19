"""A stream filter's payload in the shape the tracker takes: the filters that take a list of
values take it as a list (`DE` → `["DE"]`, `DE, AT` → `["DE", "AT"]`), wherever the value
came from — the filter editor, `field=value` pairs, a command line."""

from __future__ import annotations

import re
from typing import Any

REGEX_HINTS = re.compile(r"[\\^$|(){}\[\]]")  # a typed value that is a pattern, not a list
# filters whose payload is a list of values (the tracker's dictionary says so by its default
# `[]`; this is what is known without reading it)
LIST_FILTERS = frozenset({
    "country", "region", "city", "language", "ip", "isp", "operator", "connection_type", "os",
    "os_version", "browser", "browser_version", "device_type", "device_model", "user_agent",
    "referrer", "keyword", "search_engine", "source", *(f"sub_id_{n}" for n in range(1, 31)),
})


def split_values(text: str) -> list[str]:
    """Values typed one a line, or separated by commas (a pattern with a comma is one value
    unless the lines separate it)."""
    text = text.strip()
    if "\n" in text:
        parts = text.splitlines()
    elif REGEX_HINTS.search(text):
        parts = [text]
    else:
        parts = re.split(r"[,;]", text)
    return [p.strip() for p in parts if p.strip()]


def in_shape(name: Any, payload: Any, *, takes_list: bool | None = None) -> Any:
    """`payload` as filter `name` takes it: a text or a number for a filter of values becomes
    the list of them (`takes_list`: what the tracker's dictionary says, when it was read)."""
    listed = takes_list if takes_list is not None else name in LIST_FILTERS
    if not listed or isinstance(payload, list | dict | bool) or payload is None:
        return payload
    return split_values(str(payload))
