"""Checks of an operation's JSON data against the fields its request takes, before any request.

The fields are the catalog's (`Action.fields`: the spec's request bodies and API-NOTES §6), not
what a GET returns, so write-only fields such as `new_password` pass while a misspelled field is
refused with the closest real names ("did you mean `name`?"), also inside the items of an array.
Lenient where the tracker is: a number may come as a numeric string (the spec types money as
strings, e.g. cost "19.22"), an id as a string of digits, a flag as 0/1.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from datetime import date
from typing import Any

from bot.keitaro.catalog import Action, Location, Param, ParamKind
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.params import InputError, parse_json, parse_pairs, parse_param
from bot.keitaro.periods import day_of

T = FieldType
CLOSE = 0.6  # difflib's ratio for a name to count as "close"
NEAR_MISS = 0.75  # an open enum (`ref`) refuses a value this close to a known one
MAX_SUGGESTED = 3
_INTEGER = re.compile(r"^\s*[+-]?\d{1,15}\s*$")
_SLUG = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


def parse_answer(action: Action, param: Param, text: str, today: date) -> Any:
    """An answer typed for `param` of `action`: parsed, and its JSON checked against the
    action's fields on the spot. `field=value` pairs are typed by the fields they name."""
    value = parse_param(param, text, today)
    if param.kind is not ParamKind.JSON:
        return value
    return check_data(action, param, _typed(action, text, value, today))


def parse_part(action: Action, param: Param, text: str, today: date) -> dict[str, Any]:
    """Some of an operation's fields, typed as JSON or pairs into a form: each checked,
    nothing required yet (the form holds the rest)."""
    value = _typed(action, text, parse_param(param, text, today), today)
    if not isinstance(value, dict):
        raise InputError("json_not_object")
    check_object(action.fields, value, skip_required=frozenset(f.name for f in action.fields))
    return value


def _typed(action: Action, text: str, value: Any, today: date) -> Any:
    """`field=value` pairs (all text) typed by the fields they name; JSON as it is."""
    if isinstance(value, dict) and parse_pairs(text.strip()) == value:
        by_name = {f.name: f for f in action.fields}
        return {k: parse_field(by_name[k], v, today) if k in by_name else v
                for k, v in value.items()}
    return value


YES = frozenset({"yes", "y", "true", "1", "on", "да", "д", "вкл"})
NO = frozenset({"no", "n", "false", "0", "off", "нет", "н", "выкл"})
_SEPARATORS = re.compile(r"[,;\s]+")


def parse_field(field: BodyField, text: str, today: date | None = None) -> Any:
    """One field's value as a person types it (`60`, `да`, `DE, AT`, a URL, `вчера`), typed
    by the field and checked; raises InputError. Nested fields take JSON. A day in words
    (`yesterday`, `-3d`) is counted from `today` (the tracker's)."""
    raw = text.strip()
    kind = field.type
    value: Any = raw
    if kind is T.DATE:
        day = day_of(raw, today or date.today())
        if day is None:
            raise InputError("field_not_date", field=field.name, value=raw[:40])
        value = day
    elif kind is T.TEXT:
        value = text.strip("\n")
    elif kind is T.INT and _INTEGER.match(raw):
        value = int(raw)
    elif kind is T.NUM:
        try:
            number = float(raw.replace(",", ".").replace(" ", ""))
        except ValueError:
            number = math.nan
        value = (int(number) if number.is_integer() else number) if math.isfinite(number) else raw
    elif kind is T.BOOL:
        if raw.lower() not in YES | NO:
            raise InputError("field_not_bool", field=field.name, value=raw[:60])
        value = raw.lower() in YES
    elif kind is T.REF and _INTEGER.match(raw):
        value = int(raw)
    elif kind is T.ENUM:
        value = next((c for c in field.choices if c.lower() == raw.lower()), raw)
    elif kind in (T.TAGS, T.IDS):
        words = [w for w in _SEPARATORS.split(raw) if w]
        if kind is T.IDS:
            value = [int(w) if _INTEGER.match(w) else w for w in words]
        else:
            value = [next((c for c in field.choices if c.lower() == w.lower()), w)
                     for w in words]
    elif kind in (T.ITEMS, T.LIST, T.OBJECT):
        value = parse_json(raw, array=kind is not T.OBJECT)
    elif kind is T.ANY:
        try:
            value = parse_json(raw, array=False) if raw[:1] in "{[" else raw
        except InputError:
            value = raw
    check_value(field, value, field.name)
    return value


def check_body(action: Action, data: Any) -> Any:
    """The JSON data of `action` (its JSON param's value), checked against `action.fields`;
    returned unchanged, or InputError. An action without fields takes any data."""
    param = next((p for p in action.params if p.kind is ParamKind.JSON), None)
    if param is None:
        return data
    return check_data(action, param, data)


def check_data(action: Action, param: Param, data: Any, *, trusted: bool = False) -> Any:
    """`trusted`: the values are the tracker's own (an Undo sends back what it read), so they
    are not held against the choice lists and bounds a person's input is (API-NOTES §12.6:
    the tracker holds values the spec's request enums do not list)."""
    if not action.fields or data is None:
        return data
    value = {param.field: data} if param.field else data
    if not isinstance(value, dict):
        return data  # the JSON param's own check says what shape it must have
    check_object(action.fields, value, skip_required=supplied(action), trusted=trusted)
    return data


def required_names(action: Action) -> list[str]:
    """The fields the JSON data must hold (those the other params fill left out)."""
    if any(p.kind is ParamKind.JSON and p.field for p in action.params):
        return []  # the data is an array under one field: its items say what they need
    others = supplied(action)
    return [f.name for f in action.fields if f.required and f.name not in others]


def supplied(action: Action) -> frozenset[str]:
    """Body fields that the action's other params fill (the period, a campaign id)."""
    names: set[str] = set()
    for p in action.params:
        if p.location is not Location.BODY or p.kind is ParamKind.JSON:
            continue
        if p.kind is ParamKind.RANGE:
            names |= {"range", "start_date", "end_date", "timezone"}
        else:
            names.add(p.field or p.name)
    return frozenset(names)


def check_object(
    fields: tuple[BodyField, ...], value: dict[str, Any], *, where: str = "",
    skip_required: frozenset[str] = frozenset(), trusted: bool = False,
) -> None:
    """Unknown names first (a misspelling also makes a required field look missing), then
    missing required fields, then each value."""
    by_name = {f.name: f for f in fields}
    for key in value:
        if key not in by_name:
            _unknown(str(key), tuple(by_name), where)
    missing = [f"{where}{f.name}" for f in fields
               if f.required and f.name not in skip_required and _blank(value.get(f.name))]
    if missing:
        raise InputError("json_missing", fields=", ".join(missing))
    for key, item in value.items():
        check_value(by_name[key], item, f"{where}{key}", trusted=trusted)


# a flag as the tracker's database driver may return it (API-NOTES §12.6: "0"/"1")
BOOL_TEXT = frozenset({"0", "1"})


def check_value(field: BodyField, value: Any, where: str, *, trusted: bool = False) -> None:
    """One value of `field` (at `where`, e.g. `filters[0].mode`); raises InputError.
    `trusted`: the tracker's own value (see `check_data`): its type is checked, not its
    choices or bounds."""
    if value is None:
        if field.type in (T.ITEMS, T.LIST, T.TAGS, T.IDS):
            raise InputError("field_not_list", field=where)
        return  # a null clears an optional field; a required one was caught as missing
    kind = field.type
    if kind in (T.STR, T.TEXT, T.URL, T.DATE):
        _text(field, value, where, trusted=trusted)
    elif kind is T.INT:
        number = _integer(value, where)
        if not trusted:
            _bounded(field, number, where)
    elif kind is T.NUM:
        number = _number(value, where)
        if not trusted:
            _bounded(field, number, where)
    elif kind is T.BOOL:
        if not isinstance(value, bool) and value not in (0, 1) and value not in BOOL_TEXT:
            raise InputError("field_not_bool", field=where, value=_shown(value))
    elif kind is T.REF:
        _ident(value, where, minimum=0)
    elif kind is T.ENUM:
        if not trusted and not (value == "" and not field.required):  # "": cleared (§12.6)
            _choice(field, value, where)
    elif kind in (T.TAGS, T.IDS):
        _array(field, value, where, trusted=trusted)
    elif kind in (T.ITEMS, T.LIST):
        if not isinstance(value, list):
            raise InputError("field_not_list", field=where)
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise InputError("field_not_object", field=f"{where}[{index}]")
            check_object(field.items, item, where=f"{where}[{index}].", trusted=trusted)
    elif kind is T.OBJECT:
        if not isinstance(value, dict):
            raise InputError("field_not_object", field=where)
        if field.items:
            check_object(field.items, value, where=f"{where}.", trusted=trusted)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)[:60]


def _unknown(key: str, names: tuple[str, ...], where: str) -> None:
    closest = _closest(key, names)
    if closest:
        raise InputError("field_unknown", field=f"{where}{key}", closest=", ".join(closest))
    raise InputError("field_unknown_list", field=f"{where}{key}", allowed=", ".join(names))


def _closest(value: str, names: tuple[str, ...]) -> list[str]:
    """The names closest to `value`, best first: the same name in another case, else
    difflib's matches (case-blind)."""
    folded = {n.lower(): n for n in names}
    if value.lower() in folded:
        return [folded[value.lower()]]
    found = difflib.get_close_matches(value.lower(), list(folded), n=MAX_SUGGESTED, cutoff=CLOSE)
    return [folded[f] for f in found]


def _text(field: BodyField, value: Any, where: str, *, trusted: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError("field_not_text", field=where, value=_shown(value))
    if field.type is T.URL and not isinstance(value, str):
        raise InputError("field_not_text", field=where, value=_shown(value))
    if trusted:
        return
    if field.max_length is not None and isinstance(value, str) and len(value) > field.max_length:
        raise InputError("field_too_long", field=where, max=field.max_length)


def _integer(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError("field_not_int", field=where, value=_shown(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return value
    if isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    raise InputError("field_not_int", field=where, value=_shown(value))


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError("field_not_number", field=where, value=_shown(value))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InputError("field_not_number", field=where, value=_shown(value)) from None
    else:
        raise InputError("field_not_number", field=where, value=_shown(value))
    if not math.isfinite(number):
        raise InputError("field_not_number", field=where, value=_shown(value))
    return number


def _bounded(field: BodyField, number: float, where: str) -> None:
    if field.minimum is not None and number < field.minimum:
        raise InputError("field_below", field=where, min=_plain(field.minimum))
    if field.maximum is not None and number > field.maximum:
        raise InputError("field_above", field=where, max=_plain(field.maximum))


def _plain(number: float) -> str:
    return f"{number:g}"


def _ident(value: Any, where: str, *, minimum: int) -> None:
    """An entity's id: a whole number (or its digits as text), `minimum` or more."""
    try:
        number = _integer(value, where)
    except InputError:
        raise InputError("field_not_id", field=where, value=_shown(value)) from None
    if number < minimum:
        raise InputError("field_not_id", field=where, value=_shown(value))


def _choice(field: BodyField, value: Any, where: str) -> None:
    if isinstance(value, str) and value in field.choices:
        return
    text = value if isinstance(value, str) else _shown(value)
    closest = _closest(text, field.choices)
    if field.ref and isinstance(value, str) and _SLUG.match(value):
        # the tracker may know values beyond the known ones, but not a near miss of one
        near = difflib.get_close_matches(value.lower(), [c.lower() for c in field.choices],
                                         n=1, cutoff=NEAR_MISS)
        if not near:
            return
    choices = ", ".join(field.choices)
    if closest:
        raise InputError("field_choice", field=where, value=text[:60],
                         closest=", ".join(closest), choices=choices)
    raise InputError("field_choice_list", field=where, value=text[:60], choices=choices)


def _array(field: BodyField, value: Any, where: str, *, trusted: bool = False) -> None:
    if not isinstance(value, list):
        raise InputError("field_not_list", field=where)
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        if field.type is T.IDS:
            _ident(item, at, minimum=1)
        elif field.choices and not trusted:
            _choice(field, item, at)
        elif not isinstance(item, str):
            raise InputError("field_not_text", field=at, value=_shown(item))
