"""A report page as a rich message's table (Bot API 10.1): the grouping column and the
metrics a buyer reads together, a header row (the sorted column marked ↓ / ↑), a totals row,
and the period and filters as a heading over it.

The plain message keeps its phone block of three metrics a set (`bot.render.report`); a
table shows every metric of `COLUMNS` the report has, as long as a phone reads them
(`WIDTH`); the others are in the CSV file, like every column of every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.i18n import t
from bot.render.labels import field_label, metric_label
from bot.render.report import (
    MetricSet,
    ReportPage,
    ReportShape,
    ReportSort,
    _has,
    fmt_metric,
    metric_value,
    row_label,
    set_columns,
)
from bot.render.rich import Block, Cell, Heading, Markup, Paragraph, Row, Table
from bot.render.text import shorten

# what a buyer reads together, in the order shown
COLUMNS = ("clicks", "conversions", "cr", "cost", "revenue", "profit", "roi")
DROPPED_FIRST = ("revenue", "cr", "clicks", "conversions")  # while a row is too wide
WIDTH = 64  # characters of a row's text (all its cells) a phone shows without scrolling
LABEL = 18  # characters of a row's name
GAP = 2  # a cell's padding, counted in characters
OPERATORS = {"EQUALS": "=", "NOT_EQUAL": "≠", "IN_LIST": "∈", "NOT_IN_LIST": "∉",
             "GREATER_THAN": ">", "LESS_THAN": "<", "CONTAINS": "∋", "NOT_CONTAINS": "∌"}


def table_metrics(shape: ReportShape) -> list[str]:
    """The metrics of `COLUMNS` the report has; a report with none of them, its own first six."""
    found = [m for m in COLUMNS if _has(shape.metrics, m)]
    return found or list(shape.metrics[:6])


def sortable(metrics: Sequence[str]) -> tuple[ReportSort, ...]:
    """The columns a table can be sorted by (buttons)."""
    known = {s.value: s for s in ReportSort if s is not ReportSort.TRACKER}
    return tuple(known[m] for m in metrics if m in known)


def _width(columns: Sequence[Sequence[str]]) -> int:
    return sum(max((len(c) for c in column), default=0) + GAP for column in columns)


def columns_shown(page: ReportPage, shape: ReportShape, lang: str) -> list[str]:
    """The table's metrics: those of `table_metrics` that keep a row within `WIDTH` (the
    sorted one is never dropped)."""
    metrics = table_metrics(shape)
    rows = [row for _, row in page.shown] + [page.summary]
    labels = [f"{n}. " + shorten(row_label(row, shape.dims, lang), LABEL)
              for n, row in page.shown]

    sort, _ = sorted_by(page, shape)

    def texts(metric: str) -> list[str]:
        return [metric_label(metric, lang) + (" ↓" if metric == sort else ""),
                *(fmt_metric(metric, metric_value(r, metric)) for r in rows)]

    for metric in DROPPED_FIRST:
        if _width([labels, *(texts(m) for m in metrics)]) <= WIDTH or len(metrics) <= 3:
            break
        if metric in metrics and metric != sort:
            metrics.remove(metric)
    return metrics


def sorted_by(page: ReportPage, shape: ReportShape) -> tuple[str, bool]:
    """The metric the rows are ordered by ("" for the tracker's own order), descending?"""
    view = page.view
    if view.sort is not ReportSort.TRACKER:
        return view.sort.value, view.desc
    return shape.order if shape.order is not None else ("", True)


def dims_header(dims: Sequence[str], lang: str) -> str:
    return " · ".join(field_label(None, d, lang) for d in dims) or "#"


def filter_words(filters: Sequence[Any], lang: str) -> list[str]:
    """A report body's filters as `Country = DE`, `Campaign ID ∈ 2, 3`."""
    words = []
    for item in filters:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        operator = str(item.get("operator") or "")
        value = item.get("expression")
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        sign = OPERATORS.get(operator, operator.lower())
        words.append(shorten(f"{field_label(None, item['name'], lang)} {sign} {shown}", 60))
    return words


def report_blocks(page: ReportPage, shape: ReportShape, lang: str,
                  filters: Sequence[str] = ()) -> list[Block]:
    """The page as blocks: the period and `filters` (already worded) as a heading, the
    rows line (which rows, the order), the table, the notes (rows left out of a ranking)."""
    head = [f"📅 {shape.period}"] if shape.period else []
    if filters:
        head.append("🔎 " + " · ".join(filters))
    blocks: list[Block] = [Heading(" · ".join(head), size=4)] if head else []
    if not page.shown:
        return [*blocks, Paragraph(t(lang, "result.no_rows"))]
    blocks.append(Paragraph(Markup(page.span)))
    metrics = columns_shown(page, shape, lang)
    sort, desc = sorted_by(page, shape)

    def head_cell(metric: str) -> Cell:
        arrow = (" ↓" if desc else " ↑") if metric == sort else ""
        return Cell(metric_label(metric, lang) + arrow, "right")

    header: Row = (Cell(dims_header(shape.dims, lang)), *(head_cell(m) for m in metrics))
    rows = tuple((Cell(f"{n}. " + shorten(row_label(row, shape.dims, lang), LABEL)),
                  *(Cell(fmt_metric(m, metric_value(row, m)), "right") for m in metrics))
                 for n, row in page.shown)
    totals: Row = (Cell("Σ " + t(lang, "report.totals")),
                   *(Cell(fmt_metric(m, metric_value(page.summary, m)), "right")
                     for m in metrics))
    blocks.append(Table(rows=rows, header=header, totals=totals))
    blocks += [Paragraph(Markup(note)) for note in page.notes]
    return blocks


TableSort = tuple[ReportSort, MetricSet, bool | None]


def table_sorts(page: ReportPage, shape: ReportShape, lang: str) -> tuple[TableSort, ...]:
    """The sort buttons of the table: one a column shown, with the metric set of the plain
    form that holds it (shown if the reply is redrawn plain) and, for the column the rows
    are ordered by (the tracker's order included), whether they go down."""
    sets = set_columns(shape)
    current, desc = sorted_by(page, shape)
    return tuple((sort, next((s for s, c in sets.items() if sort.value in c), page.view.metrics),
                  desc if sort.value == current else None)
                 for sort in sortable(columns_shown(page, shape, lang)))
