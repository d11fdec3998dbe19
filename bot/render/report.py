"""A report on a phone: rows as two-line cards of at most three metrics, sortable.

Each row is its label (the grouping values; "(no offer)" when empty) on one line and its
metrics right-aligned under a header on the next, all inside one <pre> at most
`PHONE_WIDTH` wide; totals close the block. The metrics shown are a set (traffic: clicks,
conversions, CR; money: cost, profit, ROI), switched and sorted by buttons. A ratio whose
denominator is zero (ROI without cost, CR without clicks) is undefined: "—", never 0, and
it sorts last whichever the direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from bot.i18n import t
from bot.render.labels import metric_label
from bot.render.text import PHONE_WIDTH, pre, shorten, strip_invisible


class MetricSet(StrEnum):
    """Which three metrics a report shows: money, traffic, or the first three others the
    report has (revenue, sales… or whatever a custom report asked for)."""

    MONEY = "m"
    TRAFFIC = "t"
    MORE = "o"


class ReportSort(StrEnum):
    """What a report can be sorted by: the tracker's own order, or a metric of a set."""

    TRACKER = ""
    CLICKS = "clicks"
    CONVERSIONS = "conversions"
    CR = "cr"
    COST = "cost"
    PROFIT = "profit"
    ROI = "roi"
    REVENUE = "revenue"
    SALES = "sales"
    LEADS = "leads"
    UNIQUES = "campaign_unique_clicks"
    EPC = "epc"


SETS: dict[MetricSet, tuple[ReportSort, ...]] = {
    MetricSet.MONEY: (ReportSort.COST, ReportSort.PROFIT, ReportSort.ROI),
    MetricSet.TRAFFIC: (ReportSort.CLICKS, ReportSort.CONVERSIONS, ReportSort.CR,
                        ReportSort.EPC),
}
TOP = 10  # rows on a page
GAP = 2  # spaces between metric columns
# a ratio is undefined when its denominator is zero
DENOMINATORS = {"roi": "cost", "roi_confirmed": "cost", "cr": "clicks", "crs": "clicks",
                "crl": "clicks", "epc": "clicks", "epc_confirmed": "clicks", "cpc": "clicks",
                "ecpc": "clicks", "ecpm": "clicks", "uepc": "campaign_unique_clicks",
                "cpa": "conversions", "cps": "sales", "cpl": "leads",
                "profitability": "revenue", "lp_ctr": "lp_views", "bot_share": "clicks"}
PERCENTS = frozenset({"roi", "roi_confirmed", "cr", "crs", "crl", "approve", "bot_share",
                      "lp_ctr", "profitability", "uc_campaign_rate", "uc_stream_rate",
                      "uc_global_rate"})
COUNTS = frozenset({"clicks", "conversions", "leads", "sales", "rejected", "rebills", "bots",
                    "proxies", "empty_referrers", "lp_views", "lp_clicks",
                    "campaign_unique_clicks", "stream_unique_clicks", "global_unique_clicks"})
NON_ADDITIVE = PERCENTS | frozenset(DENOMINATORS)
TIE_BREAKERS = ("cost", "clicks")  # after the sorted metric: more spent, more clicks first
# a grouping column → (its id column, the group whose card a row opens)
ENTITY_COLUMNS = {"campaign": ("campaign_id", "campaigns"), "offer": ("offer_id", "offers"),
                  "landing": ("landing_id", "landings"), "ts": ("ts_id", "sources"),
                  "stream": ("stream_id", "streams"),
                  "affiliate_network": ("affiliate_network_id", "networks")}
# a grouping column shown with its key column (asked to filter a drill-down on the key)
KEY_COLUMNS = {**{dim: column for dim, (column, _) in ENTITY_COLUMNS.items()},
               "country": "country_code"}
ID_COLUMNS = frozenset(KEY_COLUMNS.values())
# a ratio sort leaves out rows under a floor of its denominator (`Floors`)
FLOORED = {"roi": "cost", "cr": "clicks", "epc": "clicks"}


@dataclass(frozen=True)
class Floors:
    """What a row needs to be ranked by a ratio (REPORT_MIN_COST, REPORT_MIN_CLICKS): a row
    that spent 0.02 has an ROI of thousands of percent and says nothing."""

    cost: float = 0.0
    clicks: float = 0.0

    def of(self, metric: str) -> tuple[str, float] | None:
        """(denominator, its floor) for a ratio sort, or None when nothing is left out."""
        column = FLOORED.get(metric)
        if column is None:
            return None
        floor = self.cost if column == "cost" else self.clicks
        return (column, floor) if floor > 0 else None


class ReportView(BaseModel):
    """How a report is shown: the metric set, the sort and the page."""

    metrics: MetricSet = MetricSet.MONEY
    sort: ReportSort = ReportSort.TRACKER
    desc: bool = True
    page: int = Field(default=0, ge=0)


class ReportShape(BaseModel):
    """What a stored report holds: its grouping columns and metrics, the period, and the
    order the tracker was asked for (metric, descending), which the default view shows."""

    dims: list[str]
    metrics: list[str]
    period: str = ""
    order: tuple[str, bool] | None = None
    filters: list[dict[str, Any]] = Field(default_factory=list)  # the body's, as sent


@dataclass
class ReportPage:
    """One page of a report as shown: text, row buttons, and what the buttons may offer."""

    text: str
    view: ReportView
    pages: int
    links: list[tuple[str, int, str]] = field(default_factory=list)  # group, id, label
    sets: tuple[MetricSet, ...] = ()  # the sets this report has metrics for
    sorts: tuple[ReportSort, ...] = ()  # sortable metrics of the shown set
    rows: list[tuple[int, str]] = field(default_factory=list)  # data index, label (shown)
    # what a rich message draws as a table (`bot.render.report_table`): the page's rows
    # (number shown, row), the totals, the line over them and the notes under them
    shown: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    span: str = ""
    notes: list[str] = field(default_factory=list)


def number(value: Any) -> float | None:
    """A finite number from a JSON value (the tracker may send numbers as strings)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def report_shape(rows: list[dict[str, Any]], body: Any, period: str = "") -> ReportShape:
    """The grouping columns (without the id columns asked only for buttons) and metrics."""
    grouping: list[str] = []
    metrics: list[str] = []
    if isinstance(body, dict):
        grouping = [str(g) for g in body.get("grouping") or body.get("dimensions") or []]
        metrics = [str(m) for m in body.get("metrics") or body.get("measures") or []]
    keys = list(rows[0]) if rows else []
    if not grouping:
        grouping = [k for k in keys if number(rows[0].get(k)) is None]
    if not metrics:
        metrics = [k for k in keys if k not in grouping]
    shown = [g for g in grouping if g not in ID_COLUMNS or not any(
        KEY_COLUMNS.get(d) == g for d in grouping)]
    filters = body.get("filters") if isinstance(body, dict) else None
    return ReportShape(dims=shown, metrics=metrics, period=period, order=_order(body),
                       filters=[f for f in filters or [] if isinstance(f, dict)])


def _order(body: Any) -> tuple[str, bool] | None:
    """The first sort a report body asked the tracker for: (metric, descending)."""
    sort = body.get("sort") if isinstance(body, dict) else None
    first = sort[0] if isinstance(sort, list) and sort and isinstance(sort[0], dict) else None
    if first is None or not isinstance(first.get("name"), str):
        return None
    return first["name"], str(first.get("order") or "ASC").upper() == "DESC"


def _has(metrics: Sequence[str], metric: str) -> bool:
    present = set(metrics)
    if metric in present:
        return True
    if metric == "cr":
        return {"clicks", "conversions"} <= present
    if metric == "roi":
        return "cost" in present and bool({"profit", "revenue"} & present)
    if metric == "profit":
        return {"cost", "revenue"} <= present
    return False


def metric_value(row: dict[str, Any], metric: str) -> float | None:
    """A metric of a row (or of the totals); None when missing or undefined."""
    denominator = DENOMINATORS.get(metric)
    if denominator is not None and denominator in row:
        below = number(row.get(denominator))
        if below is None or below == 0:
            return None
    if metric in row:
        return number(row.get(metric))
    if metric == "profit":
        revenue, cost = number(row.get("revenue")), number(row.get("cost"))
        return None if revenue is None or cost is None else revenue - cost
    if metric == "cr":
        clicks, conversions = number(row.get("clicks")), number(row.get("conversions"))
        return None if not clicks or conversions is None else conversions / clicks * 100
    if metric == "epc":
        clicks, revenue = number(row.get("clicks")), number(row.get("revenue"))
        return None if not clicks or revenue is None else revenue / clicks
    if metric == "roi":
        cost, profit = number(row.get("cost")), metric_value(
            {k: v for k, v in row.items() if k != "roi"}, "profit")
        return None if not cost or profit is None else profit / cost * 100
    return None


def _grouped(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def fmt_metric(metric: str, value: float | None) -> str:
    """A metric in at most 9 characters: counts whole, money to the cent below 10 000,
    percentages to a tenth below 1 000; larger values shorter; "—" when undefined."""
    if value is None:
        return "—"
    if round(value, 2) == 0:
        value = 0.0  # not "-0.00"
    size = abs(value)
    if size >= 1e7:
        return f"{value / 1e6:.1f}M"
    if metric in COUNTS or (value.is_integer() and metric not in PERCENTS and size >= 1e4):
        return _grouped(value)
    if metric in PERCENTS:
        return f"{value:.1f}" if size < 1000 else _grouped(value)
    return f"{value:,.2f}".replace(",", " ") if size < 1e4 else _grouped(value)


def totals_of(rows: list[dict[str, Any]], summary: Any, metrics: Sequence[str]) -> dict[str, Any]:
    """The tracker's summary, or the sums of the rows (ratios then follow from the sums)."""
    if isinstance(summary, dict) and summary:
        return dict(summary)
    totals: dict[str, Any] = {}
    for metric in metrics:
        if metric in NON_ADDITIVE:
            continue
        values = [number(r.get(metric)) for r in rows]
        totals[metric] = sum(v for v in values if v is not None)
    return totals


def row_label(row: dict[str, Any], dims: Sequence[str], lang: str) -> str:
    """A row's grouping values as a label; an empty one is named ("(no offer)")."""
    parts: list[str] = []
    for dim in dims:
        value = row.get(dim)
        text = strip_invisible(str(value)).strip() if value not in (None, "") else ""
        if not text:
            key = f"report.empty_{dim}" if dim in EMPTY_NAMED else "report.empty"
            text = t(lang, key)
        parts.append(" ".join(text.split()))
    return " · ".join(parts) or t(lang, "report.empty")


EMPTY_NAMED = ("campaign", "offer", "landing", "ts", "stream", "country", "affiliate_network")


def row_entity(row: dict[str, Any], dims: Sequence[str]) -> tuple[str, int] | None:
    """(group, id) of the entity a row is about, when the row carries its id."""
    if len(dims) != 1 or dims[0] not in ENTITY_COLUMNS:
        return None
    column, group = ENTITY_COLUMNS[dims[0]]
    ident = number(row.get(column))
    if ident is None or not ident.is_integer() or ident <= 0:
        return None
    return group, int(ident)


def sorted_rows(rows: list[dict[str, Any]], view: ReportView) -> list[tuple[int, dict[str, Any]]]:
    """(rank in the tracker's order, row) sorted as `view` says: undefined values last,
    ties broken by cost, then clicks (more first), then the tracker's order."""
    ranked = list(enumerate(rows, 1))
    if view.sort is ReportSort.TRACKER:
        return ranked
    metric = view.sort.value
    breakers = [m for m in TIE_BREAKERS if m != metric]

    def key(item: tuple[int, dict[str, Any]]) -> tuple[Any, ...]:
        order, row = item
        value = metric_value(row, metric)
        primary = (1, 0.0) if value is None else (0, -value if view.desc else value)
        ties = tuple(-(metric_value(row, m) or 0.0) for m in breakers)
        return (*primary, *ties, order)

    return sorted(ranked, key=key)


def _others(shape: ReportShape) -> list[str]:
    """The report's metrics that neither the money nor the traffic set shows, first three."""
    known = {m.value for group in SETS.values() for m in group}
    return [m for m in shape.metrics if m not in known][:3]


def set_columns(shape: ReportShape) -> dict[MetricSet, list[str]]:
    """The metrics of each set this report has."""
    columns = {s: [m.value for m in SETS[s] if _has(shape.metrics, m.value)] for s in SETS}
    columns[MetricSet.MORE] = _others(shape)
    return columns


def shown_metrics(shape: ReportShape, view: ReportView) -> tuple[list[str], tuple[MetricSet, ...]]:
    """The metrics of the view's set this report has, and the sets it has any of."""
    columns = set_columns(shape)
    sets = tuple(s for s in MetricSet if columns[s])
    chosen = view.metrics if view.metrics in sets else (sets[0] if sets else None)
    return (columns[chosen] if chosen is not None else []), sets


def metrics_block(
    lines: list[tuple[str, list[float | None]]],
    metrics: Sequence[str],
    lang: str,
    totals: list[float | None] | None,
) -> str:
    """Rows as a label line and an aligned metrics line under a header, in a <pre>.
    `lines` is (label, values); metrics that do not fit `PHONE_WIDTH` are left out."""
    heads = [metric_label(m, lang) for m in metrics]
    cells = [[fmt_metric(m, v) for m, v in zip(metrics, values, strict=True)]
             for _, values in lines]
    total_cells = ([fmt_metric(m, v) for m, v in zip(metrics, totals, strict=True)]
                   if totals is not None else None)
    columns = len(metrics)
    widths: list[int] = []
    while columns:
        widths = [max(len(heads[n]), *(len(c[n]) for c in cells),
                      len(total_cells[n]) if total_cells else 0) for n in range(columns)]
        if 2 + sum(widths) + GAP * (columns - 1) <= PHONE_WIDTH:
            break
        columns -= 1
    width = min(PHONE_WIDTH, 2 + sum(widths) + GAP * (columns - 1))

    def aligned(values: list[str], lead: str = "") -> str:
        body = (" " * GAP).join(v.rjust(w) for v, w in zip(values, widths, strict=False))
        return lead + body.rjust(width - len(lead))

    out = [aligned(heads[:columns])]
    for (label, _), row in zip(lines, cells, strict=True):
        out.append(shorten(label, PHONE_WIDTH))
        out.append(aligned(row[:columns]))
    if total_cells is not None:
        out.append("─" * width)
        out.append(aligned(total_cells[:columns], "Σ"))
    return pre("\n".join(out))


def order_label(shape: ReportShape, view: ReportView, lang: str) -> str:
    """What the rows are ordered by, always said: the view's sort, else the order the
    tracker was asked for, else the tracker's own."""
    if view.sort is not ReportSort.TRACKER:
        metric, desc = view.sort.value, view.desc
    elif shape.order is not None:
        metric, desc = shape.order
    else:
        return t(lang, "report.tracker_order")
    return t(lang, "report.sorted", metric=metric_label(metric, lang),
             arrow="↓" if desc else "↑")


def floored(rows: list[tuple[int, dict[str, Any]]], view: ReportView, floors: Floors | None
            ) -> tuple[list[tuple[int, dict[str, Any]]], int, tuple[str, float] | None]:
    """The rows a ratio sort ranks (those at or above its floor), how many it left out, and
    the floor (denominator, value) when one applies."""
    floor = floors.of(view.sort.value) if floors is not None else None
    if floor is None:
        return rows, 0, None
    column, least = floor
    kept = [(n, row) for n, row in rows if (number(row.get(column)) or 0.0) >= least]
    return kept, len(rows) - len(kept), floor


def report_page(
    data: dict[str, Any], shape: ReportShape, view: ReportView, lang: str,
    floors: Floors | None = None,
) -> ReportPage:
    """The page of a report that `view` asks for; a ratio sort leaves out the rows under
    `floors` and says how many (the totals stay the whole report's)."""
    rows = [r for r in data.get("rows") or [] if isinstance(r, dict)]
    metrics, sets = shown_metrics(shape, view)
    view = view.model_copy(update={"metrics": sets[0] if sets and view.metrics not in sets
                                   else view.metrics})
    sortable = {s.value: s for s in ReportSort if s is not ReportSort.TRACKER}
    sorts = tuple(sortable[m] for m in metrics if m in sortable)
    if view.sort is not ReportSort.TRACKER and view.sort not in sorts:
        view = view.model_copy(update={"sort": ReportSort.TRACKER})
    ordered, left_out, floor = floored(sorted_rows(rows, view), view, floors)
    pages = max(1, math.ceil(len(ordered) / TOP))
    view = view.model_copy(update={"page": min(view.page, pages - 1)})
    start = view.page * TOP
    chunk = ordered[start:start + TOP]
    total = data.get("total", len(rows))
    total = total if isinstance(total, int) else len(rows)
    lines: list[str] = []
    if shape.period:
        lines.append(f"📅 {shape.period}")
    if not rows:
        lines.append(t(lang, "result.no_rows"))
        return ReportPage(text="\n".join(lines), view=view, pages=1)
    shown_total = total - left_out if left_out else total
    span = t(lang, "result.rows", first=start + 1 if chunk else 0, last=start + len(chunk),
             total=shown_total)
    span += " · " + order_label(shape, view, lang)
    lines.append(span)
    if total > len(rows) and view.sort is not ReportSort.TRACKER:
        lines.append(t(lang, "report.partial", shown=len(rows), total=total))
    summary = totals_of(rows, data.get("summary"), shape.metrics)
    block_lines = []
    links: list[tuple[str, int, str]] = []
    shown_rows: list[tuple[int, str]] = []
    for n, (rank, row) in enumerate(chunk, start + 1):
        label = row_label(row, shape.dims, lang)
        block_lines.append((f"{n:>2} {label}", [metric_value(row, m) for m in metrics]))
        shown_rows.append((rank - 1, shorten(f"{n}. {label}", 24)))
        entity = row_entity(row, shape.dims)
        if entity is not None:
            links.append((entity[0], entity[1], shorten(f"{n}. {label}", 24)))
    totals = [metric_value(summary, m) for m in metrics]
    notes = lines[2 if shape.period else 1:]
    lines.append(metrics_block(block_lines, metrics, lang, totals))
    if floor is not None and left_out:
        column, least = floor
        notes.append(t(lang, f"report.left_out_{column}", count=left_out,
                       floor=fmt_metric(column, least), metric=metric_label(view.sort.value,
                                                                            lang)))
        lines.append(notes[-1])
    return ReportPage(text="\n".join(lines), view=view, pages=pages, links=links, sets=sets,
                      sorts=sorts, rows=shown_rows, shown=list(enumerate(
                          (row for _, row in chunk), start + 1)), summary=summary, span=span,
                      notes=notes)


def period_of(body: Any) -> str:
    """The period a report was asked for, as `2026-11-24 – 2026-11-30`."""
    if not isinstance(body, dict) or not isinstance(body.get("range"), dict):
        return ""
    span = body["range"]
    start, end = str(span.get("from") or "")[:10], str(span.get("to") or "")[:10]
    if not start:
        return str(span.get("interval") or "")
    return start if start == end or not end else f"{start} – {end}"
