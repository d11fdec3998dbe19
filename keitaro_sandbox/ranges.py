"""The `range` of grid queries: presets or from/to dates, resolved to epoch bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from keitaro_sandbox.replies import BadRequest

INTERVALS = ("today", "yesterday", "7_days_ago", "first_day_of_this_week", "1_month_ago",
             "first_day_of_this_month", "1_year_ago", "first_day_of_this_year", "all_time")
_AGO = re.compile(r"^(\d+)_(day|week|month|year)s?_ago$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
ALL_TIME_START = date(2000, 1, 1)


@dataclass(frozen=True)
class Window:
    """[start, end) in epoch seconds (None: open) and the zone of day/hour columns."""

    start: int | None
    end: int | None
    tz: ZoneInfo


def zone(name: Any) -> ZoneInfo:
    if name in (None, ""):
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(f'Unknown timezone "{name}"') from None


def _months_back(day: date, months: int) -> date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def interval_dates(name: str, today: date) -> tuple[date, date]:
    """A preset → (first day, last day), both inclusive. Presets read like PHP's
    strtotime phrases ("7 days ago" → from that day to today)."""
    if name == "today":
        return today, today
    if name == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if name == "first_day_of_this_week":
        return today - timedelta(days=today.weekday()), today
    if name == "first_day_of_this_month":
        return today.replace(day=1), today
    if name == "first_day_of_this_year":
        return today.replace(month=1, day=1), today
    if name == "all_time":
        return ALL_TIME_START, today
    match = _AGO.match(name)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        if unit == "day":
            return today - timedelta(days=count), today
        if unit == "week":
            return today - timedelta(weeks=count), today
        if unit == "month":
            return _months_back(today, count), today
        return _months_back(today, 12 * count), today
    raise BadRequest(f'Unknown interval "{name}". Use one of: {", ".join(INTERVALS)}')


def parse_moment(value: Any, tz: ZoneInfo, *, end: bool) -> int:
    """`YYYY-MM-DD[ HH:MM[:SS]]` → epoch seconds; an end bound is inclusive, so the
    result is the first second after it."""
    text = str(value).strip()
    try:
        if _DATE.match(text):
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1) if end else day, time(), tz)
        elif _MINUTE.match(text) or _SECOND.match(text):
            parsed = datetime.fromisoformat(text).replace(tzinfo=tz)
            step = timedelta(minutes=1) if _MINUTE.match(text) else timedelta(seconds=1)
            moment = parsed + step if end else parsed
        else:
            raise ValueError(text)
    except ValueError:
        raise BadRequest(f'Invalid date "{text}": use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS'
                         ) from None
    return int(moment.timestamp())


def parse_instant(value: Any, tz: ZoneInfo) -> int:
    """`YYYY-MM-DD[ HH:MM[:SS]]` → epoch seconds of exactly that moment, as PHP's
    `new DateTime($value, $tz)` reads it: a bare date is its midnight, a minute its first
    second. Keitaro 9.x cleans and re-costs `BETWEEN start AND end` with these (D
    CleanerService::deleteStats, UpdateCampaignCostBulk), so an end of "23:59" leaves out
    the day's last 59 seconds and a bare end date leaves out all of that day but 00:00:00."""
    text = str(value).strip()
    try:
        if _DATE.match(text):
            moment = datetime.combine(date.fromisoformat(text), time(), tz)
        elif _MINUTE.match(text) or _SECOND.match(text):
            moment = datetime.fromisoformat(text).replace(tzinfo=tz)
        else:
            raise ValueError(text)
    except ValueError:
        raise BadRequest(f'Invalid date "{text}": use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS'
                         ) from None
    return int(moment.timestamp())


def resolve(value: Any, now: datetime) -> Window:
    """The window of a `range` object (or of none: everything)."""
    if value is None:
        return Window(None, None, ZoneInfo("UTC"))
    if not isinstance(value, dict):
        raise BadRequest('"range" must be an object with "from"/"to" or "interval"')
    tz = zone(value.get("timezone"))
    interval, start, stop = value.get("interval"), value.get("from"), value.get("to")
    if interval in (None, "") and start in (None, "") and stop in (None, ""):
        raise BadRequest('"range" must contain "interval", "from" or "to"')
    if interval not in (None, ""):
        first, last = interval_dates(str(interval), now.astimezone(tz).date())
        return Window(parse_moment(first.isoformat(), tz, end=False),
                      parse_moment(last.isoformat(), tz, end=True), tz)
    lower = None if start in (None, "") else parse_moment(start, tz, end=False)
    upper = None if stop in (None, "") else parse_moment(stop, tz, end=True)
    if lower is not None and upper is not None and lower >= upper:
        raise BadRequest('"range.from" must not be after "range.to"')
    return Window(lower, upper, tz)
