"""Time in the sandbox: an injectable clock and Keitaro's timestamp format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: `clock.advance(minutes=5)`."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the start time must be timezone-aware")
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by `delta` or by `timedelta(**parts)`; returns the new time."""
        self._now += delta if delta is not None else timedelta(**parts)
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the time must be timezone-aware")
        self._now = when.astimezone(UTC)


def stamp(when: datetime, tz: tzinfo = UTC) -> str:
    """Keitaro's `YYYY-MM-DD HH:MM:SS`, in `tz`."""
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def stamp_ts(ts: int, tz: tzinfo = UTC) -> str:
    return stamp(datetime.fromtimestamp(ts, UTC), tz)
