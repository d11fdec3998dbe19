"""The grid engine behind `report/build`, `clicks/log` and `conversions/log`.

Queries are parsed once (range, columns, filters, sort, limit/offset; for reports grouping
and metrics), rows are selected by index through column getters, and only the returned
page is turned into dicts. Conversions count in reports at their click's time, the way
Keitaro attributes them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from keitaro_sandbox.columns import Getter, click_getters, conversion_getters
from keitaro_sandbox.grid_filters import Predicate, Reader, compile_filter, compile_filters, unknown
from keitaro_sandbox.metrics import (
    BOTS,
    CLICKS,
    COST,
    EMPTY_REF,
    LEAD_REV,
    LEADS,
    LP_CLICKS,
    LP_VIEWS,
    METRICS,
    PROXIES,
    REBILL_REV,
    REBILLS,
    REJECTED,
    REJECTED_REV,
    SALE_REV,
    SALES,
    SUMS,
    UC_CAMPAIGN,
    UC_GLOBAL,
    UC_STREAM,
    Sums,
)
from keitaro_sandbox.ranges import Window, resolve
from keitaro_sandbox.replies import BadRequest
from keitaro_sandbox.state import Record, State
from keitaro_sandbox.traffic import (
    FLAG_BOT,
    FLAG_LP_CLICK,
    FLAG_PROXY,
    FLAG_UNIQUE_CAMPAIGN,
    FLAG_UNIQUE_GLOBAL,
    FLAG_UNIQUE_STREAM,
)

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
            raise unknown("column", name, getters)
    predicates = compile_filters(state, query.filters, getters)
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
            raise unknown("column", name, getters)
    predicates = compile_filters(state, query.filters, getters)
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
    # 9.x reads `dimensions` as `grouping` but has no `measures` (D QueryParams.php,
    # API-NOTES §11.9): metrics sent only as `measures` are lost, as on the real tracker.
    grouping = _names(body, "grouping", "dimensions")
    metrics = _names(body, "metrics")
    for name in query.columns:
        if name in METRICS and name not in metrics:
            metrics.append(name)
        elif name not in METRICS and name not in grouping:
            grouping.append(name)
    if not grouping and not metrics:
        raise BadRequest('Send "grouping" (or "dimensions") and/or "metrics"')
    for name in grouping:
        if name not in getters or name in METRICS:
            raise unknown("dimension", name, (g for g in getters if g not in METRICS))
    for name in metrics:
        if name not in METRICS:
            raise unknown("metric", name, METRICS)
    metric_filters = [f for f in query.filters if str(f.get("name")) in METRICS]
    predicates = compile_filters(state, query.filters, getters, skip=METRICS)
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
