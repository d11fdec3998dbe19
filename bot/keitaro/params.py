"""Parsing and checking of action parameters: user text in, typed values out.

Used by the chat flow to validate each answer on the spot, and by the client to refuse a
request that would be wrong before it is sent. Errors carry a code and details; the bot turns
them into a sentence in the user's language.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shlex
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import bounded_json
from bot.bounded_json import JSONRefused
from bot.keitaro.catalog import Param, ParamKind
from bot.keitaro.periods import PRESETS, preset_dates, preset_of

MAX_ID = 2**31 - 1
MAX_JSON_DEPTH = 20
MAX_JSON_LENGTH = 100_000
RANGE_PRESETS = PRESETS  # the period buttons (`bot.keitaro.periods`)
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|—|–|\s)\s*(\d{4}-\d{2}-\d{2})\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_DRIVE = re.compile(r"^[A-Za-z]:")
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_PATH = 255


class InputError(ValueError):
    """An answer or argument that cannot be used; `code` names the problem for the texts."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code, details)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.details.items())
        return f"{self.code}" + (f" ({extra})" if extra else "")


def parse_id(text: str, *, allow_zero: bool = False) -> int:
    raw = text.strip().lstrip("#")
    if not raw:
        raise InputError("id_empty")
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise InputError("id_not_number", value=text.strip()[:40])
    if len(raw.lstrip("+-")) > 12:
        raise InputError("id_too_big", max=MAX_ID)
    value = int(raw)
    if value < 0 or (value == 0 and not allow_zero):
        raise InputError("id_not_positive", value=value)
    if value > MAX_ID:
        raise InputError("id_too_big", max=MAX_ID)
    return value


def _unpaired_escape(value: Any) -> str | None:
    """A `\\ud800`-style escape of half a UTF-16 pair in any string or key, which no text
    encoding (nor Telegram, nor the tracker) can carry."""
    if isinstance(value, str):
        return next((f"\\u{ord(c):04x}" for c in value if "\ud800" <= c <= "\udfff"), None)
    items = [*value, *value.values()] if isinstance(value, dict) else value
    if isinstance(items, list):
        return next((found for item in items if (found := _unpaired_escape(item))), None)
    return None


# what a phone's keyboard types for `"` ("smart punctuation"): JSON's quote, where JSON needs one
_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_PAIR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def repair_quotes(text: str) -> str:
    """`{“weight”: 60}` → `{"weight": 60}`: a phone's curly quotes as JSON's."""
    return text.translate(_CURLY)


def parse_pairs(text: str) -> dict[str, str] | None:
    """`name=Keto PL country=DE` → {"name": "Keto PL", "country": "DE"}: a value runs to the
    next `field=` (quotes allowed around it); None when the text is not pairs."""
    try:
        words = shlex.split(repair_quotes(text))
    except ValueError:
        return None
    if not words or not _PAIR.match(words[0]):
        return None
    pairs: dict[str, str] = {}
    last = ""
    for word in words:
        if _PAIR.match(word):
            last, _, value = word.partition("=")
            pairs[last] = value
        else:
            pairs[last] = f"{pairs[last]} {word}"
    return pairs


def parse_json(text: str, *, array: bool) -> Any:
    """A JSON object (or array), or `field=value` pairs for an object; a phone's curly quotes
    are JSON's. Errors say the line and column. What its fields may be is the action's to
    say (`bot.keitaro.body_check`)."""
    raw = text.strip()
    if not raw:
        raise InputError("json_empty")
    if not array and raw[:1] not in "{[\"“„«":
        pairs = parse_pairs(raw)
        if pairs is not None:
            return pairs
    try:
        try:
            value = bounded_json.loads(raw, max_length=MAX_JSON_LENGTH,
                                       max_depth=MAX_JSON_DEPTH)
        except json.JSONDecodeError:
            repaired = repair_quotes(raw)
            if repaired == raw:
                raise
            value = bounded_json.loads(repaired, max_length=MAX_JSON_LENGTH,
                                       max_depth=MAX_JSON_DEPTH)
    except json.JSONDecodeError as exc:
        raise InputError("json_syntax", line=exc.lineno, column=exc.colno, reason=exc.msg) from None
    except JSONRefused as exc:
        raise InputError(f"json_{exc.code}", **exc.details) from None
    unpaired = _unpaired_escape(value)
    if unpaired is not None:
        raise InputError("json_value", value=unpaired)
    return check_json(value, array=array)


def check_json(value: Any, *, array: bool, required: tuple[str, ...] = ()) -> Any:
    if array:
        if not isinstance(value, list):
            raise InputError("json_not_array")
        return value
    if not isinstance(value, dict):
        raise InputError("json_not_object")
    missing = [f for f in required if f not in value or value[f] in (None, "")]
    if missing:
        raise InputError("json_missing", fields=", ".join(missing))
    return value


def resolve_range(preset: str, today: date) -> dict[str, str]:
    """A preset name → {"from", "to"} dates, both inclusive."""
    try:
        start, end = preset_dates(preset, today)
    except KeyError:
        raise InputError("range_format") from None
    return {"from": start.isoformat(), "to": end.isoformat()}


def parse_range(text: str, today: date) -> dict[str, str]:
    """A period in words of either language (`вчера`, `last week`, `7д`), one date, or
    `2026-11-01..2026-11-07`."""
    preset = preset_of(text)
    if preset is not None:
        return resolve_range(preset, today)
    raw = text.strip().lower()
    match = _RANGE.match(raw)
    if not match:
        try:
            single = date.fromisoformat(raw)
        except ValueError:
            raise InputError("range_format") from None
        return check_range({"from": single.isoformat(), "to": single.isoformat()})
    return check_range({"from": match.group(1), "to": match.group(2)})


def check_range(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"from", "to"}:
        raise InputError("range_format")
    try:
        start = date.fromisoformat(str(value["from"]))
        end = date.fromisoformat(str(value["to"]))
    except ValueError:
        raise InputError("range_bad_date") from None
    if start > end:
        raise InputError("range_reversed", start=start.isoformat(), end=end.isoformat())
    if (end - start).days > 3660:
        raise InputError("range_too_long")
    return {"from": start.isoformat(), "to": end.isoformat()}


def parse_ips(text: str) -> str:
    """IPs and CIDR ranges separated by spaces, commas or lines → newline-separated."""
    items = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    if not items:
        raise InputError("ips_empty")
    if len(items) > 10_000:
        raise InputError("ips_too_many", max=10_000)
    for item in items:
        try:
            if "/" in item:
                ipaddress.ip_network(item, strict=False)
            else:
                ipaddress.ip_address(item)
        except ValueError:
            raise InputError("ips_invalid", value=item[:60]) from None
    return "\n".join(items)


def parse_text(text: str, max_length: int) -> str:
    value = text.strip()
    if not value:
        raise InputError("text_empty")
    if len(value) > max_length:
        raise InputError("text_too_long", max=max_length)
    if _CONTROL.search(value):
        raise InputError("text_control")
    return value


def parse_path(text: str) -> str:
    """A file path inside a local landing page's or offer's folder, checked before any
    request: the tracker joins it to the folder as given (D EditorService), so `..`,
    an absolute path, a backslash or an encoded character could reach other files."""
    value = text.strip()
    if not value:
        raise InputError("path_empty")
    if len(value) > MAX_PATH:
        raise InputError("path_too_long", max=MAX_PATH)
    if _PATH_CONTROL.search(value):
        raise InputError("path_control")
    if "\\" in value:
        raise InputError("path_backslash")
    if value.startswith(("/", "~")) or _DRIVE.match(value):
        raise InputError("path_absolute", value=value[:60])
    if _PERCENT_ESCAPE.search(value):
        raise InputError("path_encoded", value=value[:60])
    segments = value.split("/")
    if ".." in segments:
        raise InputError("path_parent")
    if any(s in ("", ".") for s in segments):
        raise InputError("path_segment", value=value[:60])
    return value


def _enum(param: Param, value: str) -> str:
    if value in param.choices:
        return value
    if param.pick and _SLUG.match(value):
        return value  # the tracker may list values beyond the known ones (`pick`)
    raise InputError("enum_unknown", choices=", ".join(param.choices))


def parse_param(param: Param, text: str, today: date) -> Any:
    """Turn one answer into the value of `param`, or raise InputError."""
    if param.kind is ParamKind.ID:
        return parse_id(text)
    if param.kind is ParamKind.INT:
        return parse_id(text, allow_zero=True)
    if param.kind is ParamKind.ENUM:
        return _enum(param, text.strip().lower())
    if param.kind is ParamKind.PATH:
        return parse_path(text)
    if param.kind is ParamKind.JSON:
        return parse_json(text, array=param.json_array)
    if param.kind is ParamKind.RANGE:
        return parse_range(text, today)
    if param.kind is ParamKind.IPS:
        return parse_ips(text)
    return parse_text(text, param.max_length)


def check_param(param: Param, value: Any) -> Any:
    """Check an already typed value (from a flow or a caller) before it is sent."""
    if param.kind in (ParamKind.ID, ParamKind.INT):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str):
                return parse_id(value, allow_zero=param.kind is ParamKind.INT)
            raise InputError("id_not_number", value=str(value)[:40])
        minimum = 0 if param.kind is ParamKind.INT else 1
        if value < minimum:
            raise InputError("id_not_positive", value=value)
        if value > MAX_ID:
            raise InputError("id_too_big", max=MAX_ID)
        return value
    if param.kind is ParamKind.ENUM:
        if not isinstance(value, str):
            raise InputError("enum_unknown", choices=", ".join(param.choices))
        return _enum(param, value)
    if param.kind is ParamKind.JSON:
        return check_json(value, array=param.json_array)
    if param.kind is ParamKind.RANGE:
        return check_range(value)
    if not isinstance(value, str):
        raise InputError("text_empty")
    if param.kind is ParamKind.IPS:
        return parse_ips(value)
    if param.kind is ParamKind.PATH:
        return parse_path(value)
    return parse_text(value, param.max_length)


def today_in(timezone: str, now: datetime) -> date:
    """The date it is at the moment `now` in `timezone`."""
    return now.astimezone(ZoneInfo(timezone)).date()
