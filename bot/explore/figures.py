"""The numbers a buyer reads: spend, revenue, profit, ROI, clicks, conversions (and CR, EPC),
for a period or a slice, and how they changed. Pure data, no text: `bot.render.figures`
says them on a phone, another renderer may say them otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.keitaro.errors import ErrorInfo
from bot.render.report import number

METRICS = ["clicks", "conversions", "cost", "revenue", "profit", "roi"]  # asked of reports
SHOWN = ("cost", "revenue", "profit", "roi", "clicks", "conversions")  # the glance's order
LOWER_IS_BETTER = frozenset({"cost"})


@dataclass(frozen=True)
class Figures:
    """Sums of a period; the ratios follow from them (None without a denominator)."""

    clicks: float = 0.0
    conversions: float = 0.0
    cost: float = 0.0
    revenue: float = 0.0

    @classmethod
    def of(cls, row: Any) -> Figures:
        """From a report row or summary (numbers may come as strings)."""
        if not isinstance(row, dict):
            return cls()
        return cls(*(number(row.get(m)) or 0.0
                     for m in ("clicks", "conversions", "cost", "revenue")))

    @classmethod
    def total(cls, items: Iterable[Figures]) -> Figures:
        result = cls()
        for item in items:
            result = result + item
        return result

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.clicks + other.clicks, self.conversions + other.conversions,
                       self.cost + other.cost, self.revenue + other.revenue)

    @property
    def profit(self) -> float:
        return self.revenue - self.cost

    @property
    def roi(self) -> float | None:
        return self.profit / self.cost * 100 if self.cost else None

    @property
    def cr(self) -> float | None:
        return self.conversions / self.clicks * 100 if self.clicks else None

    @property
    def epc(self) -> float | None:
        return self.revenue / self.clicks if self.clicks else None

    @property
    def empty(self) -> bool:
        return not (self.clicks or self.conversions or self.cost or self.revenue)

    def get(self, metric: str) -> float | None:
        value = getattr(self, metric)
        return float(value) if value is not None else None


@dataclass(frozen=True)
class Change:
    """How a metric moved against the period before: percent (None: nothing to compare
    with, or no change to speak of), and whether that is good for the buyer."""

    percent: float | None
    good: bool | None = None
    new: bool = False  # nothing before, something now


def change(metric: str, now: float | None, before: float | None) -> Change:
    """The change of `metric`; for ROI (a percentage itself) in percentage points."""
    if now is None or before is None:
        return Change(None)
    if metric == "roi":
        delta = now - before
    elif before == 0:
        return Change(None, good=None, new=bool(now))
    else:
        delta = (now - before) / abs(before) * 100
    if abs(delta) < 0.5:
        return Change(0.0)
    good = delta < 0 if metric in LOWER_IS_BETTER else delta > 0
    return Change(delta, good)


@dataclass(frozen=True)
class Named:
    """A row of a breakdown: what it is (`key` filters on it), its name and its numbers."""

    key: Any
    name: str
    figures: Figures
    state: str | None = None  # streams: active, disabled
    weight: float | None = None  # streams of a weight-rotated campaign


@dataclass
class Glance:
    """How the money goes in a period against the same hours before it; the campaigns that
    lose most and make most."""

    period: str
    span: tuple[str, str]  # shown dates/times
    before_span: tuple[str, str]
    now: Figures
    before: Figures | None  # None: the comparison could not be read
    losers: list[Named] = field(default_factory=list)
    winners: list[Named] = field(default_factory=list)
    so_far: bool = False  # the period is still running (compared to the same hours)
    error: ErrorInfo | None = None  # why the period could not be read

    def changes(self) -> dict[str, Change]:
        before = self.before
        return {m: change(m, self.now.get(m), before.get(m) if before else None)
                for m in SHOWN}


@dataclass
class Figured:
    """A labelled period's numbers on a card (today, yesterday, 7 days…)."""

    period: str
    figures: Figures


@dataclass
class CardNumbers:
    """What a card shows before its settings: periods, and (a campaign's) streams and
    offers today."""

    periods: list[Figured] = field(default_factory=list)
    streams: list[Named] = field(default_factory=list)
    offers: list[Named] = field(default_factory=list)
    error: ErrorInfo | None = None  # why the numbers could not be read


def ranked(rows: list[Named], *, losing: bool, top: int = 3) -> list[Named]:
    """The `top` rows losing most (negative profit, most lost first) or making most."""
    if losing:
        chosen = [r for r in rows if r.figures.profit < 0]
        return sorted(chosen, key=lambda r: (r.figures.profit, -r.figures.cost))[:top]
    chosen = [r for r in rows if r.figures.profit > 0]
    return sorted(chosen, key=lambda r: (-r.figures.profit, -r.figures.cost))[:top]
