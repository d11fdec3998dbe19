"""Grid filters: `{name, operator, expression}` compiled into predicates over rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from keitaro_sandbox.columns import Getter
from keitaro_sandbox.replies import BadRequest
from keitaro_sandbox.state import Record, State

OPERATORS = (
    "EQUALS", "NOT_EQUAL", "GREATER_THAN", "LESS_THAN", "EQUALS_OR_GREATER_THAN",
    "EQUALS_OR_LESS_THAN", "CONTAINS", "NOT_CONTAIN", "BEGINS_WITH", "ENDS_WITH",
    "MATCH_REGEXP", "NOT_MATCH_REGEXP", "IN_LIST", "NOT_IN_LIST", "BETWEEN", "IS_TRUE",
    "IS_FALSE", "IS_SET", "IS_NOT_SET", "HAS_LABEL", "NOT_HAS_LABEL", "HAS_NOT_LABEL",
    "IP_BEGINS_WITH",
)
NO_EXPRESSION = frozenset({"IS_TRUE", "IS_FALSE", "IS_SET", "IS_NOT_SET"})
_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
Predicate = Callable[[Any], bool]
Reader = Callable[[Any], Any]  # a column value of a row index or of a row dict


def unknown(kind: str, name: str, valid: Iterable[str]) -> BadRequest:
    return BadRequest(f'Unknown {kind} "{name}". Valid {kind}s: {", ".join(sorted(valid))}')


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUMBER.match(value):
        return float(value)
    return None


def _is_set(value: Any) -> bool:
    return value not in (None, "", 0, False, [], {})


def _items(expression: Any) -> list[Any]:
    if isinstance(expression, list):
        return expression
    if isinstance(expression, str):
        return [p.strip() for p in re.split(r"[,\n]", expression) if p.strip()]
    return [expression]


def _regexp(expression: Any, case_sensitive: bool) -> re.Pattern[str]:
    text = str(expression)
    match = re.fullmatch(r"/(.*)/([a-z]*)", text, re.DOTALL)
    flags = 0 if case_sensitive else re.IGNORECASE
    if match:
        text = match.group(1)
        flags |= re.IGNORECASE if "i" in match.group(2) else 0
    try:
        return re.compile(text, flags)
    except re.error as exc:
        raise BadRequest(f'Invalid regular expression "{expression}": {exc}') from None


def compile_filter(flt: Record, getter: Reader, label: Callable[[Any, Any], str] | None
                   ) -> Predicate:
    """One `{name, operator, expression}` → a predicate over a row index."""
    operator = str(flt.get("operator") or "").upper()
    if operator not in OPERATORS:
        raise BadRequest(f'Unknown filter operator "{flt.get("operator")}". '
                         f"Valid operators: {', '.join(OPERATORS)}")
    expression = flt.get("expression")
    if operator not in NO_EXPRESSION and expression is None:
        raise BadRequest(f'Filter "{flt.get("name")}" with {operator} needs an "expression"')
    sensitive = bool(flt.get("case_sensitive"))

    def norm(value: Any) -> str:
        text = "" if value is None else str(value)
        return text if sensitive else text.lower()

    if operator == "IS_TRUE":
        return lambda i: bool(getter(i))
    if operator == "IS_FALSE":
        return lambda i: not getter(i)
    if operator == "IS_SET":
        return lambda i: _is_set(getter(i))
    if operator == "IS_NOT_SET":
        return lambda i: not _is_set(getter(i))
    if operator in ("EQUALS", "NOT_EQUAL"):
        number, text = _number(expression), norm(expression)

        def equal(i: Any) -> bool:
            value = getter(i)
            if number is not None and isinstance(value, int | float):
                return float(value) == number
            return norm(value) == text

        return equal if operator == "EQUALS" else (lambda i: not equal(i))
    if operator in ("GREATER_THAN", "LESS_THAN", "EQUALS_OR_GREATER_THAN",
                    "EQUALS_OR_LESS_THAN"):
        number, text = _number(expression), norm(expression)

        def compare(i: Any) -> bool:
            value = getter(i)
            left: Any = _number(value) if number is not None else norm(value)
            right: Any = number if number is not None else text
            if left is None:
                return False
            if operator == "GREATER_THAN":
                return bool(left > right)
            if operator == "LESS_THAN":
                return bool(left < right)
            if operator == "EQUALS_OR_GREATER_THAN":
                return bool(left >= right)
            return bool(left <= right)

        return compare
    if operator in ("CONTAINS", "NOT_CONTAIN", "BEGINS_WITH", "ENDS_WITH", "IP_BEGINS_WITH"):
        text = norm(expression)
        if operator == "CONTAINS":
            return lambda i: text in norm(getter(i))
        if operator == "NOT_CONTAIN":
            return lambda i: text not in norm(getter(i))
        if operator == "ENDS_WITH":
            return lambda i: norm(getter(i)).endswith(text)
        return lambda i: norm(getter(i)).startswith(text)
    if operator in ("MATCH_REGEXP", "NOT_MATCH_REGEXP"):
        pattern = _regexp(expression, sensitive)
        if operator == "MATCH_REGEXP":
            return lambda i: pattern.search(norm(getter(i))) is not None
        return lambda i: pattern.search(norm(getter(i))) is None
    if operator in ("IN_LIST", "NOT_IN_LIST"):
        items = _items(expression)
        texts = {norm(v) for v in items}
        numbers = {n for n in (_number(v) for v in items) if n is not None}

        def member(i: Any) -> bool:
            value = getter(i)
            if isinstance(value, int | float) and float(value) in numbers:
                return True
            return norm(value) in texts

        return member if operator == "IN_LIST" else (lambda i: not member(i))
    if operator == "BETWEEN":
        bounds = _items(expression)
        if len(bounds) != 2:
            raise BadRequest(f'BETWEEN needs [from, to] for filter "{flt.get("name")}"')
        low, high = _number(bounds[0]), _number(bounds[1])
        if low is not None and high is not None:
            return lambda i: (v := _number(getter(i))) is not None and low <= v <= high
        low_text, high_text = norm(bounds[0]), norm(bounds[1])
        return lambda i: low_text <= norm(getter(i)) <= high_text
    # HAS_LABEL / NOT_HAS_LABEL / HAS_NOT_LABEL
    if label is None:
        raise BadRequest(f"{operator} is not available for this column")
    wanted = norm(expression)
    labelled = label
    if operator == "HAS_LABEL":
        return lambda i: norm(labelled(i, getter(i))) == wanted
    return lambda i: norm(labelled(i, getter(i))) != wanted


def _label_reader(state: State, name: str, getters: dict[str, Getter]
                  ) -> Callable[[Any, Any], str]:
    campaign = getters["campaign_id"]
    labels = state.labels
    return lambda i, value: labels.get((campaign(i), name), {}).get(str(value), "")


def compile_filters(state: State, filters: list[Record], getters: dict[str, Getter],
                skip: Iterable[str] = ()) -> list[Predicate]:
    skipped = set(skip)
    predicates = []
    for flt in filters:
        name = str(flt.get("name"))
        if name in skipped:
            continue
        if name not in getters:
            raise unknown("column", name, getters)
        predicates.append(compile_filter(flt, getters[name],
                                         _label_reader(state, name, getters)))
    return predicates
