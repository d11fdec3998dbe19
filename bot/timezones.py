"""Time zone names, checked once for every place that accepts one; the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]  # what time it is (aware); tests give the sandbox's clock


def now_utc() -> datetime:
    return datetime.now(UTC)


def check_timezone(name: str) -> str:
    """The IANA name if Python knows it; raises ValueError (for pydantic validators) if not."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name
