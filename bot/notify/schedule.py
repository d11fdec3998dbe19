"""When a digest is due, in the subscriber's local time (DST included), and its periods."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.notify.models import Schedule


def _at(schedule: Schedule, day: date) -> datetime:
    hour, minute = (int(x) for x in schedule.at.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(schedule.timezone))


def latest_slot(schedule: Schedule, now: datetime) -> datetime:
    """The last scheduled moment at or before `now` (an aware datetime), in local time."""
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    for back in range(0, 15):
        day = today - timedelta(days=back)
        if schedule.every == "week" and day.weekday() != schedule.weekday:
            continue
        moment = _at(schedule, day)
        if moment <= now:
            return moment
    raise AssertionError("a schedule fires at least once a week")


def next_slot(schedule: Schedule, now: datetime) -> datetime:
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    for ahead in range(0, 15):
        day = today + timedelta(days=ahead)
        if schedule.every == "week" and day.weekday() != schedule.weekday:
            continue
        moment = _at(schedule, day)
        if moment > now:
            return moment
    raise AssertionError("a schedule fires at least once a week")


def periods(period: str, day: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(current, previous) inclusive date spans of a digest sent on local `day`."""
    if period == "yesterday":
        current = (day - timedelta(days=1), day - timedelta(days=1))
        return current, (day - timedelta(days=2), day - timedelta(days=2))
    if period == "7d":
        current = (day - timedelta(days=7), day - timedelta(days=1))
        return current, (day - timedelta(days=14), day - timedelta(days=8))
    start = day.replace(day=1)
    last_month_end = start - timedelta(days=1)
    previous_start = last_month_end.replace(day=1)
    span = (day - start).days
    previous_end = min(previous_start + timedelta(days=span), last_month_end)
    return (start, day), (previous_start, previous_end)
