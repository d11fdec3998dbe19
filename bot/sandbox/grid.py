"""The grid engine behind `report/build`, `clicks/log` and `conversions/log`.

Queries are parsed once (range, columns, filters, sort, limit/offset; for reports grouping
and metrics), rows are selected by index through column getters, and only the returned
page is turned into dicts. Conversions count in reports at their click's time, the way
Keitaro attributes them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.sandbox.columns import Getter, click_getters, conversion_getters
from bot.sandbox.ranges import Window, resolve
from bot.sandbox.replies import BadRequest
from bot.sandbox.state import Record, State
from bot.sandbox.traffic import (
    FLAG_BOT,
    FLAG_LP_CLICK,
    FLAG_PROXY,
    FLAG_UNIQUE_CAMPAIGN,
    FLAG_UNIQUE_GLOBAL,
    FLAG_UNIQUE_STREAM,
)

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

# -- metrics -------------------------------------------------------------------------------

(CLICKS, UC_CAMPAIGN, UC_STREAM, UC_GLOBAL, BOTS, PROXIES, EMPTY_REF, LP_VIEWS, LP_CLICKS,
 COST, LEADS, SALES, REJECTED, REBILLS, LEAD_REV, SALE_REV, REJECTED_REV, REBILL_REV) = range(18)
SUMS = 18
Sums = list[float]


def _ratio(a: float, b: float, scale: float = 1.0, digits: int = 4) -> float:
    return round(a * scale / b, digits) if b else 0.0


def _revenue(s: Sums) -> float:
    return s[LEAD_REV] + s[SALE_REV] + s[REBILL_REV]


def _conversions(s: Sums) -> float:
    return s[LEADS] + s[SALES] + s[REJECTED] + s[REBILLS]


def _profit(s: Sums) -> float:
    return _revenue(s) - s[COST]


def _confirmed(s: Sums) -> float:
    return s[SALE_REV] + s[REBILL_REV] - s[COST]


METRICS: dict[str, Callable[[Sums], float]] = {
    "clicks": lambda s: int(s[CLICKS]),
    "campaign_unique_clicks": lambda s: int(s[UC_CAMPAIGN]),
    "stream_unique_clicks": lambda s: int(s[UC_STREAM]),
    "global_unique_clicks": lambda s: int(s[UC_GLOBAL]),
    "uc_campaign_rate": lambda s: _ratio(s[UC_CAMPAIGN], s[CLICKS], 100, 2),
    "uc_stream_rate": lambda s: _ratio(s[UC_STREAM], s[CLICKS], 100, 2),
    "uc_global_rate": lambda s: _ratio(s[UC_GLOBAL], s[CLICKS], 100, 2),
    "bots": lambda s: int(s[BOTS]),
    "bot_share": lambda s: _ratio(s[BOTS], s[CLICKS], 100, 2),
    "proxies": lambda s: int(s[PROXIES]),
    "empty_referrers": lambda s: int(s[EMPTY_REF]),
    "conversions": lambda s: int(_conversions(s)),
    "leads": lambda s: int(s[LEADS]),
    "sales": lambda s: int(s[SALES]),
    "rejected": lambda s: int(s[REJECTED]),
    "rebills": lambda s: int(s[REBILLS]),
    "approve": lambda s: _ratio(s[SALES], s[LEADS] + s[SALES] + s[REJECTED], 100, 2),
    "lp_views": lambda s: int(s[LP_VIEWS]),
    "lp_clicks": lambda s: int(s[LP_CLICKS]),
    "lp_ctr": lambda s: _ratio(s[LP_CLICKS], s[LP_VIEWS], 100, 2),
    "cr": lambda s: _ratio(_conversions(s), s[CLICKS], 100, 2),
    "crs": lambda s: _ratio(s[SALES], s[CLICKS], 100, 2),
    "crl": lambda s: _ratio(s[LEADS], s[CLICKS], 100, 2),
    "revenue": lambda s: round(_revenue(s), 4),
    "lead_revenue": lambda s: round(s[LEAD_REV], 4),
    "sale_revenue": lambda s: round(s[SALE_REV] + s[REBILL_REV], 4),
    "rejected_revenue": lambda s: round(s[REJECTED_REV], 4),
    "cost": lambda s: round(s[COST], 4),
    "profit": lambda s: round(_profit(s), 4),
    "profit_confirmed": lambda s: round(_confirmed(s), 4),
    "profitability": lambda s: _ratio(_profit(s), _revenue(s), 100, 2),
    "roi": lambda s: _ratio(_profit(s), s[COST], 100, 2),
    "roi_confirmed": lambda s: _ratio(_confirmed(s), s[COST], 100, 2),
    "epc": lambda s: _ratio(_revenue(s), s[CLICKS]),
    "uepc": lambda s: _ratio(_revenue(s), s[UC_CAMPAIGN]),
    "epc_confirmed": lambda s: _ratio(s[SALE_REV] + s[REBILL_REV], s[CLICKS]),
    "cpa": lambda s: _ratio(s[COST], _conversions(s)),
    "cps": lambda s: _ratio(s[COST], s[SALES]),
    "cpl": lambda s: _ratio(s[COST], s[LEADS]),
    "cpc": lambda s: _ratio(s[COST], s[CLICKS]),
    "ecpc": lambda s: _ratio(_revenue(s), s[CLICKS]),
    "ecpm": lambda s: _ratio(_revenue(s), s[CLICKS], 1000),
    "ecpm_confirmed": lambda s: _ratio(s[SALE_REV] + s[REBILL_REV], s[CLICKS], 1000),
}

# -- parsing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    window: Window
    columns: list[str]
    filters: list[Record]
    sort: list[tuple[str, bool]]  # (name, descending)
    limit: int | None
    offset: int


def _names(body: Record, *keys: str) -> list[str]:
    names: list[str] = []
    for key in keys:
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadRequest(f'"{key}" must be an array of names')
        names.extend(v for v in value if v not in names)
    return names


def _count(body: Record, key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(
            value).strip().isdigit():
        raise BadRequest(f'"{key}" must be a non-negative integer')
    return int(value)


def parse(body: Record, state: State, *, need_range_or_limit: bool) -> Query:
    if need_range_or_limit and body.get("range") is None and body.get("limit") is None:
        raise BadRequest('You must provide "range" or "limit"')
    filters = body.get("filters") or []
    if not isinstance(filters, list) or not all(isinstance(f, dict) for f in filters):
        raise BadRequest('"filters" must be an array of {name, operator, expression}')
    sort_raw = body.get("sort") or []
    if not isinstance(sort_raw, list) or not all(isinstance(s, dict) for s in sort_raw):
        raise BadRequest('"sort" must be an array of {name, order}')
    sort: list[tuple[str, bool]] = []
    for entry in sort_raw:
        order = str(entry.get("order") or "ASC").upper()
        if order not in ("ASC", "DESC"):
            raise BadRequest(f'Sort order must be ASC or DESC, not "{entry.get("order")}"')
        sort.append((str(entry.get("name")), order == "DESC"))
    return Query(
        window=resolve(body.get("range"), state.now()),
        columns=_names(body, "columns"),
        filters=filters,
        sort=sort,
        limit=_count(body, "limit"),
        offset=_count(body, "offset") or 0,
    )


def _unknown(kind: str, name: str, valid: Iterable[str]) -> BadRequest:
    return BadRequest(f'Unknown {kind} "{name}". Valid {kind}s: {", ".join(sorted(valid))}')


# -- filters -------------------------------------------------------------------------------


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


def _predicates(state: State, filters: list[Record], getters: dict[str, Getter],
                skip: Iterable[str] = ()) -> list[Predicate]:
    skipped = set(skip)
    predicates = []
    for flt in filters:
        name = str(flt.get("name"))
        if name in skipped:
            continue
        if name not in getters:
            raise _unknown("column", name, getters)
        predicates.append(compile_filter(flt, getters[name],
                                         _label_reader(state, name, getters)))
    return predicates


# -- output --------------------------------------------------------------------------------


def _shown(value: Any, as_string: bool) -> Any:
    if as_string and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.4f}" if isinstance(value, float) else str(value)
    return value


def _sort_key(getter: Reader) -> Callable[[Any], tuple[bool, Any]]:
    def key(i: Any) -> tuple[bool, Any]:
        value = getter(i)
        return (value is None, "" if value is None else value)

    return key


def _sort(items: list[Any], sort: list[tuple[str, bool]], getters: dict[str, Reader]
          ) -> None:
    """Stable sorts, last key first, so the first sort entry wins."""
    for name, descending in reversed(sort):
        items.sort(key=_sort_key(getters[name]), reverse=descending)


def _page(items: Sequence[Any], query: Query) -> Sequence[Any]:
    end = None if query.limit is None else query.offset + query.limit
    return items[query.offset:end]


def _meta(state: State, started: float) -> Record:
    return {"execution_time": round(time.perf_counter() - started, 4),
            "datetime": state.stamp()}


def _rows(indexes: Iterable[Any], columns: list[str], getters: dict[str, Getter],
          as_string: bool) -> list[Record]:
    chosen = [(c, getters[c]) for c in columns]
    return [{c: _shown(g(i), as_string) for c, g in chosen} for i in indexes]


def _visible_sort(query: Query, columns: list[str]) -> list[tuple[str, bool]]:
    """Keitaro drops sort entries whose column is not returned."""
    return [(name, desc) for name, desc in query.sort if name in columns]


# -- clicks/log and conversions/log --------------------------------------------------------


def clicks_log(state: State, body: Record) -> Record:
    started = time.perf_counter()
    query = parse(body, state, need_range_or_limit=True)
    getters = click_getters(state, query.window.tz)
    columns = query.columns or list(getters)
    for name in columns:
        if name not in getters:
            raise _unknown("column", name, getters)
    predicates = _predicates(state, query.filters, getters)
    sort = _visible_sort(query, columns)
    clicks = state.traffic.clicks
    now = state.now_ts()
    end = now + 1 if query.window.end is None else min(query.window.end, now + 1)
    window = clicks.window(query.window.start, end)
    removed = clicks.removed
    in_time_order = all(name in ("datetime", "click_id") for name, _ in sort) and (
        len({desc for _, desc in sort}) <= 1)
    if not predicates and in_time_order:
        descending = bool(sort) and sort[0][1]
        gone = removed[window.start:window.stop].count(1) if len(window) else 0
        total = len(window) - gone
        ordered: Sequence[int] = window[::-1] if descending else window
        if gone:
            ordered = [i for i in ordered if not removed[i]]
        page = _page(ordered, query)
    else:
        selected = [i for i in window if not removed[i] and all(p(i) for p in predicates)]
        total = len(selected)
        _sort(selected, sort, getters)
        page = _page(selected, query)
    return {"rows": _rows(page, columns, getters, state.string_numbers), "total": total,
            "meta": _meta(state, started)}


def conversions_log(state: State, body: Record) -> Record:
    started = time.perf_counter()
    query = parse(body, state, need_range_or_limit=True)
    getters = conversion_getters(state, query.window.tz)
    columns = query.columns or list(getters)
    for name in columns:
        if name not in getters:
            raise _unknown("column", name, getters)
    predicates = _predicates(state, query.filters, getters)
    now = state.now_ts()
    start = query.window.start if query.window.start is not None else -(1 << 62)
    end = query.window.end if query.window.end is not None else 1 << 62
    selected = [
        j for j, c in enumerate(state.traffic.conversions.items)
        if not c.removed and c.at <= now and start <= c.at < end
        and all(p(j) for p in predicates)
    ]
    _sort(selected, _visible_sort(query, columns), getters)
    return {"rows": _rows(_page(selected, query), columns, getters, state.string_numbers),
            "total": len(selected), "meta": _meta(state, started)}


# -- report/build --------------------------------------------------------------------------


def report(state: State, body: Record) -> Record:
    started = time.perf_counter()
    query = parse(body, state, need_range_or_limit=False)
    getters = click_getters(state, query.window.tz)
    grouping = _names(body, "grouping", "dimensions")
    metrics = _names(body, "metrics", "measures")
    for name in query.columns:
        if name in METRICS and name not in metrics:
            metrics.append(name)
        elif name not in METRICS and name not in grouping:
            grouping.append(name)
    if not grouping and not metrics:
        raise BadRequest('Send "grouping" (or "dimensions") and/or "metrics" (or "measures")')
    for name in grouping:
        if name not in getters or name in METRICS:
            raise _unknown("dimension", name, (g for g in getters if g not in METRICS))
    for name in metrics:
        if name not in METRICS:
            raise _unknown("metric", name, METRICS)
    metric_filters = [f for f in query.filters if str(f.get("name")) in METRICS]
    predicates = _predicates(state, query.filters, getters, skip=METRICS)
    groups = _aggregate(state, query.window, [getters[g] for g in grouping], predicates)

    rows: list[Record] = []
    for key, sums in groups.items():
        row: Record = dict(zip(grouping, key, strict=True))
        row.update({m: METRICS[m](sums) for m in metrics})
        rows.append(row)
    row_getters = {name: _row_value(name) for name in [*grouping, *metrics]}
    for flt in metric_filters:
        name = str(flt.get("name"))
        if name not in metrics:
            raise BadRequest(f'Filter on metric "{name}" needs it in "metrics"')
        keep = compile_filter(flt, row_getters[name], None)
        rows = [row for row in rows if keep(row)]
    _sort(rows, _visible_sort(query, [*grouping, *metrics]), row_getters)
    total = len(rows)
    page = [{k: _shown(v, state.string_numbers) for k, v in row.items()}
            for row in _page(rows, query)]
    result: Record = {"rows": page, "total": total}
    if body.get("summary"):
        overall: Sums = [0.0] * SUMS
        for sums in groups.values():
            for n in range(SUMS):
                overall[n] += sums[n]
        result["summary"] = {m: _shown(METRICS[m](overall), state.string_numbers)
                             for m in metrics}
    result["meta"] = _meta(state, started)
    return result


def _row_value(name: str) -> Reader:
    def value(row: Record) -> Any:
        return row.get(name)

    return value


def _aggregate(state: State, window: Window, dimensions: list[Getter],
               predicates: list[Predicate]) -> dict[tuple[Any, ...], Sums]:
    """Sums per grouping key: clicks of the window, then the conversions of those clicks."""
    clicks = state.traffic.clicks
    now = state.now_ts()
    end = now + 1 if window.end is None else min(window.end, now + 1)
    span = clicks.window(window.start, end)
    flags, cost, landing, referrer, removed = (clicks.flags, clicks.cost, clicks.landing,
                                               clicks.referrer, clicks.removed)
    groups: dict[tuple[Any, ...], Sums] = {}

    def key_of(i: int) -> tuple[Any, ...]:
        return tuple([d(i) for d in dimensions])

    for i in span:
        if removed[i] or (predicates and not all(p(i) for p in predicates)):
            continue
        key = key_of(i)
        sums = groups.get(key)
        if sums is None:
            sums = groups[key] = [0.0] * SUMS
        f = flags[i]
        sums[CLICKS] += 1
        sums[COST] += cost[i]
        if f & FLAG_UNIQUE_CAMPAIGN:
            sums[UC_CAMPAIGN] += 1
        if f & FLAG_UNIQUE_STREAM:
            sums[UC_STREAM] += 1
        if f & FLAG_UNIQUE_GLOBAL:
            sums[UC_GLOBAL] += 1
        if f & FLAG_BOT:
            sums[BOTS] += 1
        if f & FLAG_PROXY:
            sums[PROXIES] += 1
        if f & FLAG_LP_CLICK:
            sums[LP_CLICKS] += 1
        if landing[i]:
            sums[LP_VIEWS] += 1
        if referrer[i] == 0:
            sums[EMPTY_REF] += 1
    if not groups:
        return groups
    status_slots = {"lead": (LEADS, LEAD_REV), "sale": (SALES, SALE_REV),
                    "rejected": (REJECTED, REJECTED_REV), "rebill": (REBILLS, REBILL_REV)}
    for conversion in state.traffic.conversions.visible(now):
        i = conversion.click
        if i not in span or removed[i] or conversion.status not in status_slots:
            continue
        if predicates and not all(p(i) for p in predicates):
            continue
        sums = groups.get(key_of(i))
        if sums is None:
            continue
        count_slot, revenue_slot = status_slots[conversion.status]
        sums[count_slot] += 1
        sums[revenue_slot] += conversion.revenue
    return groups
