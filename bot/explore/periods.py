"""Periods of the glance and of reports one moves through, and what each is compared with.

A period is a preset (`today`, `7d`…) or dates (`2026-11-01..2026-11-07`), counted in the
tracker's time zone from the injected clock. A period that is still running (it ends today)
is compared with the same hours of the period before it: today until now against yesterday
until the same time; a finished one with the whole period before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import t
from bot.keitaro.params import InputError, parse_range
from bot.keitaro.periods import preset_of

BUTTONS = ("today", "yesterday", "7d", "30d", "month")  # a report's period buttons
GLANCE = ("today", "yesterday", "7d", "30d")  # the glance's
STAMP = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Span:
    """[start, end] in the tracker's time zone, both inclusive (to the second)."""

    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.end.date() - self.start.date()).days + 1

    def body_range(self, zone: str) -> dict[str, str]:
        """The `range` of a report body, to the second (API-NOTES §5.1)."""
        return {"from": self.start.strftime(STAMP), "to": self.end.strftime(STAMP),
                "timezone": zone}

    def dates(self) -> dict[str, str]:
        """The dates of the span, for the report action's period parameter."""
        return {"from": self.start.date().isoformat(), "to": self.end.date().isoformat()}

    def shifted(self, days: int) -> Span:
        return Span(self.start - timedelta(days=days), self.end - timedelta(days=days))


def local_now(now: datetime, zone: str) -> datetime:
    """The clock's time in the tracker's zone, to the second."""
    return now.astimezone(ZoneInfo(zone)).replace(microsecond=0)


def dates_of(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a period (a preset or `from..to`); InputError if neither."""
    span = parse_range(period, today)
    return date.fromisoformat(span["from"]), date.fromisoformat(span["to"])


def span_of(period: str, now: datetime) -> Span:
    """The span of a period as of `now` (local): a period that ends today ends now."""
    first, last = dates_of(period, now.date())
    start = datetime.combine(first, time(), now.tzinfo)
    end = now if last >= now.date() else datetime.combine(last, time(23, 59, 59), now.tzinfo)
    return Span(start, end)


def previous(span: Span) -> Span:
    """What a span is compared with: the same length just before it, to the same hour."""
    return span.shifted(span.days)


def normal(period: str, today: date) -> str:
    """A period as stored: a preset's name, else `from..to` (InputError for neither)."""
    preset = preset_of(period)
    if preset is not None:
        return preset
    first, last = dates_of(period, today)
    return f"{first.isoformat()}..{last.isoformat()}"


def period_of_dates(span: dict[str, str], today: date) -> str:
    """The preset whose dates these are today (`7d`), else `from..to`."""
    for preset in ("today", "yesterday", "7d", "30d", "month", "week", "last_week",
                   "last_month"):
        if parse_range(preset, today) == span:
            return preset
    return f"{span['from']}..{span['to']}"


def label(period: str, lang: str) -> str:
    """`7 days`, `Today`, or `11-01 – 11-07` for dates."""
    preset = preset_of(period)
    if preset is not None:
        return t(lang, f"range.{preset}")
    first, _, last = period.partition("..")
    if not last or first == last:
        return first
    return f"{first[5:]} – {last[5:]}" if first[:4] == last[:4] else f"{first} – {last}"


def is_period(text: str, today: date) -> bool:
    try:
        dates_of(text, today)
    except InputError:
        return False
    return True
