"""Building a digest: the report of a period, totals against the previous one, a chart."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from aiogram import html
from aiogram.types import BufferedInputFile

from bot.i18n import Html, t
from bot.i18n.fields import field_name
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorInfo
from bot.notify.chart import Chart, render_chart
from bot.notify.models import Digest
from bot.notify.reads import Reader
from bot.notify.schedule import periods
from bot.render.labels import metric_label
from bot.render.report import fmt_metric, metric_value, metrics_block, row_label, totals_of
from bot.render.rich import (
    Block,
    Cell,
    Doc,
    Heading,
    Markup,
    Paragraph,
    Photo,
    Row,
    Table,
    cells,
    doc,
)
from bot.render.text import PHONE_WIDTH

METRICS = ["clicks", "conversions", "revenue", "cost", "profit", "roi"]
SHOWN = ["clicks", "conversions", "revenue", "profit"]
TOP = 10


@dataclass
class DigestMessage:
    text: str
    chart: Chart | None
    error: ErrorInfo | None = None
    doc: Doc | None = None  # the digest as one rich message: summary, chart, top rows


def metric_name(metric: str, lang: str) -> str:
    """A metric as the comparison line names it: `clicks`, `клики`."""
    name = field_name(metric)
    return name.get(lang).lower() if name else metric


def _span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def change(current: float, previous: float, lang: str = "en") -> str:
    """`+21%`, `−3%`, `±0%`; "new" when there was nothing before."""
    if previous == 0:
        return t(lang, "digest.change_new") if current else "—"
    delta = (current - previous) / abs(previous) * 100
    if abs(delta) < 0.5:
        return "±0%"
    return f"{delta:+.0f}%".replace("-", "−")


class DigestBuilder:
    def __init__(self, client: Reader) -> None:
        self.client = client

    async def _report(self, data: dict[str, Any], span: tuple[date, date], zone: str) -> Envelope:
        body = {**data, "range": {"from": span[0].isoformat(), "to": span[1].isoformat(),
                                  "timezone": zone}}
        return await self.client.execute(
            "reports.build",
            {"range": {"from": span[0].isoformat(), "to": span[1].isoformat()}, "data": body},
        )

    def _query(self, digest: Digest) -> dict[str, Any]:
        if digest.report == "custom" and digest.query:
            return {"summary": True, "limit": TOP, **digest.query}
        return {
            "grouping": [digest.report],
            "metrics": METRICS,
            "sort": [{"name": digest.rank_by, "order": "DESC"}],
            "summary": True,
            "limit": TOP,
        }

    async def build(self, digest: Digest, slot: datetime) -> DigestMessage:
        """The digest as it is due at `slot` (an aware local datetime)."""
        lang, zone = digest.lang, digest.schedule.timezone
        current, previous = periods(digest.period, slot.date())
        query = self._query(digest)
        main = await self._report(query, current, zone)
        if not main.success:
            return DigestMessage(text="", chart=None, error=main.error)
        before = await self._report({**query, "limit": 1}, previous, zone)
        rows = [r for r in (main.data or {}).get("rows") or [] if isinstance(r, dict)]
        dims = [str(d) for d in query.get("grouping") or query.get("dimensions") or []]
        metrics = [m for m in SHOWN if m in (query.get("metrics") or SHOWN)] or SHOWN
        totals = totals_of(rows, (main.data or {}).get("summary"), metrics)
        old = totals_of([], (before.data or {}).get("summary"), metrics) if (
            before.success and isinstance(before.data, dict)) else {}
        title = t(lang, f"digest.title_{digest.schedule.every}", id=digest.id,
                  report=t(lang, f"digest.report_{digest.report}"),
                  period=t(lang, f"digest.period_{digest.period}"),
                  span=_span(*current), zone=zone)
        lines = [title]
        if rows:
            shown = [(f"{n:>2} {row_label(row, dims, lang)}", [metric_value(row, m)
                                                              for m in metrics])
                     for n, row in enumerate(rows[:TOP], 1)]
            lines.append(metrics_block(shown, metrics, lang,
                                       [metric_value(totals, m) for m in metrics]))
        else:
            lines.append(t(lang, "digest.no_data"))
        if old:
            lines.append(t(lang, "digest.versus", span=_span(*previous), deltas=Html(
                html.quote(_deltas(metrics, totals, old, lang)))))
        chart = await self._chart(query, current, zone, lang)
        document = digest_doc(title, rows[:TOP], dims, metrics, totals, old, _span(*previous),
                              chart, lang)
        return DigestMessage(text="\n".join(lines), chart=chart, doc=document)

    async def _chart(self, query: dict[str, Any], span: tuple[date, date], zone: str,
                     lang: str) -> Chart | None:
        """Clicks, conversions and revenue per day (per hour for a one-day period)."""
        unit = "hour" if span[0] == span[1] else "day"
        data = {key: value for key, value in query.items() if key in ("filters",)}
        data.update(grouping=[unit], metrics=["clicks", "conversions", "revenue"],
                    sort=[{"name": unit, "order": "ASC"}], limit=1000)
        envelope = await self._report(data, span, zone)
        if not envelope.success or not isinstance(envelope.data, dict):
            return None
        rows = {str(r.get(unit)): r for r in envelope.data.get("rows") or []
                if isinstance(r, dict)}
        if unit == "day":
            days = (span[1] - span[0]).days + 1
            keys = [(span[0] + timedelta(days=n)).isoformat() for n in range(days)]
            labels = [k[5:] for k in keys]
        else:
            keys = [_hour_key(rows, h) for h in range(24)]
            labels = [f"{h:02d}" for h in range(24)]
        series = {m: [_number(rows.get(k, {}).get(m)) for k in keys]
                  for m in ("clicks", "conversions", "revenue")}
        title = t(lang, "digest.chart_title", span=_span(*span))
        return render_chart(labels, series, title)


def _deltas(metrics: list[str], now: dict[str, Any], before: dict[str, Any], lang: str) -> str:
    """Each metric's change, two to a line so that a line fits a phone."""
    parts = [f"{metric_label(m, lang)} {change(_number(now.get(m)), _number(before.get(m)))}"
             for m in metrics]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= PHONE_WIDTH:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _hour_key(rows: dict[str, Any], hour: int) -> str:
    """Report `hour` values may be `7`, `07` or `2026-11-25 07`: find the row's own key."""
    for key in rows:
        tail = key.rsplit(" ", 1)[-1].split(":")[0]
        if tail.isdigit() and int(tail) == hour:
            return key
    return f"{hour}"


def digest_doc(title: str, rows: list[dict[str, Any]], dims: list[str], metrics: list[str],
               totals: dict[str, Any], before: dict[str, Any], before_span: str,
               chart: Chart | None, lang: str) -> Doc:
    """The digest as one rich message: its title, the summary table (each metric's total and
    its change against the period before), the chart as a picture, the top rows as a table
    with a totals row."""
    head, _, sub = title.partition("\n")
    summary_rows: list[Row] = []
    for metric in metrics:
        now = metric_value(totals, metric)
        row = [Cell(metric_label(metric, lang)), Cell(fmt_metric(metric, now))]
        if before:
            row.append(Cell(change(_number(totals.get(metric)), _number(before.get(metric)),
                                   lang), align="right"))
        summary_rows.append(tuple(row))
    header = cells("", t(lang, "digest.col_total"),
                   *([t(lang, "digest.col_change", span=before_span)] if before else []))
    blocks: list[Block | None] = [
        Heading(Markup(head)), Paragraph(Markup(sub)) if sub else None,
        Table(rows=tuple(summary_rows), header=header, row_headers=True)]
    if chart is not None:
        blocks.append(Photo(BufferedInputFile(chart.png, filename="digest.png"),
                            caption=chart.title))
    if rows:
        top = tuple((Cell(f"{n}"), Cell(row_label(row, dims, lang)),
                     *(Cell(fmt_metric(m, metric_value(row, m))) for m in metrics))
                    for n, row in enumerate(rows, 1))
        blocks.append(Table(
            rows=top, header=cells("#", t(lang, "digest.col_name"),
                                   *(metric_label(m, lang) for m in metrics)),
            totals=cells("Σ", t(lang, "digest.col_totals"),
                         *(fmt_metric(m, metric_value(totals, m)) for m in metrics))))
    else:
        blocks.append(Paragraph(Markup(t(lang, "digest.no_data"))))
    return doc(*blocks)
