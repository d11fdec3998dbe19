"""JSON from outside (a person, Telegram, the tracker) parsed within bounds.

Python's parser takes anything: nesting until the interpreter's recursion limit (then a
RecursionError, or a crash further on in code that walks the value), `NaN` and `Infinity`,
`1e999` (an infinite float), integers of thousands of digits (a bare ValueError). Here the
length and the nesting are checked before the parser runs, and only finite numbers of
reasonable length are accepted. A refusal is a `JSONRefused` with a code; broken JSON is
still a `json.JSONDecodeError` with its line and column.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_INT_DIGITS = 40  # far beyond any id or amount; Python's own limit is 4300
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_BRACKETS_ONLY = {code: None for code in range(128) if chr(code) not in "[]{}"}
_INNERMOST = re.compile(r"\[\]|\{\}")


class JSONRefused(ValueError):
    """JSON refused before or while parsing: `code` is `too_long`, `too_deep` or `value`
    (a number JSON cannot carry), `details` what a message needs (`max`, `value`)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code, details)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.details.items())
        return f"{self.code} ({extra})" if extra else self.code


def nesting(text: str, stop: int) -> int:
    """How deep arrays and objects nest in `text` (brackets inside strings do not count);
    counting stops once past `stop`. Works on broken JSON too (an unclosed string counts
    the brackets after it), as an upper bound for the parser."""
    depth = peak = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > peak:
                peak = depth
                if peak > stop:
                    break
        else:
            depth -= 1
    return peak


def _constant(name: str) -> Any:
    raise JSONRefused("value", value=name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONRefused("value", value=text[:40])
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JSONRefused("value", value=text[:20] + "…")
    return int(text)


def loads(text: str, *, max_length: int, max_depth: int) -> Any:
    """Parse `text`, refusing it (`JSONRefused`) when it is longer than `max_length`
    characters, nests deeper than `max_depth`, or holds NaN, an infinity or a huge number."""
    if len(text) > max_length:
        raise JSONRefused("too_long", max=max_length)
    if nesting(text, max_depth) > max_depth:
        raise JSONRefused("too_deep", max=max_depth)
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:  # not reached after the check; kept as the last line of defence
        raise JSONRefused("too_deep", max=max_depth) from None


# one decoder for every answer (`json.loads` with hooks builds a new one each call)
_ANSWER = json.JSONDecoder(parse_constant=_constant, parse_float=_float)


def nests_past(text: str, stop: int) -> bool:
    """Whether JSON that parsed (`text`) nests deeper than `stop`, found on the text at C speed
    rather than by a walk of the value. Most answers have fewer brackets than `stop` and are
    done after two counts. Else the strings are dropped (a split on quotes when no quote is
    escaped), then all but the brackets, and each pass removes the innermost pairs: brackets
    left after `stop` passes are levels beyond it."""
    if text.count("[") + text.count("{") <= stop:
        return False
    bare = _STRING.sub("", text) if '\\"' in text else "".join(text.split('"')[::2])
    brackets = bare.translate(_BRACKETS_ONLY)  # outside strings valid JSON is ASCII
    for _ in range(stop):
        brackets, found = _INNERMOST.subn("", brackets)
        if not found:
            break
    return bool(brackets)  # (anything but brackets left, which valid JSON cannot leave: too)


def loads_answer(text: str, *, max_depth: int) -> Any:
    """Parse a tracker answer (megabytes at times, where a scan before the parser would cost
    more than parsing): the parser's own recursion guard stops deep nesting, the depth is
    checked right after on the text (`nests_past`), and NaN or an infinity is refused as
    above."""
    try:
        value = _ANSWER.decode(text)
    except RecursionError:
        raise JSONRefused("too_deep", max=max_depth) from None
    if nests_past(text, max_depth):
        raise JSONRefused("too_deep", max=max_depth)
    return value
