"""CSV cells safe to open in a spreadsheet: text that would run as a formula is neutralised.

A spreadsheet evaluates a cell starting with `=`, `+`, `-` or `@` (and one starting with a
tab or a carriage return, which some strip first) as a formula. Tracker data (campaign names)
and click-log fields (sub ids, referrer, keyword: set by whoever sends the traffic) are
untrusted, so such a text cell gets a leading `'`, as the OWASP guide on CSV injection
recommends. Numbers stay numbers: ints and floats, and numeric strings as the tracker returns
them (`"-18.45"`), which no spreadsheet runs.
"""

from __future__ import annotations

import json
import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """`value` as a CSV cell: objects and arrays as JSON, formula-like text prefixed."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(
            value):
        return "'" + value
    return value
