"""What a chat can subscribe to: digests on a schedule, conversion alerts, threshold rules."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from bot.timezones import check_timezone, now_utc

REPORTS = ("campaign", "offer", "country", "ts")
PERIODS = ("yesterday", "7d", "mtd")
STATUSES = ("lead", "sale", "rejected", "rebill")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class Schedule(BaseModel):
    every: Literal["day", "week"] = "day"
    at: str = "09:00"  # local HH:MM
    weekday: int = 0  # for weekly digests, 0 = Monday
    timezone: str = "UTC"

    @field_validator("at")
    @classmethod
    def _time(cls, value: str) -> str:
        match = _TIME.match(value.strip())
        if not match:
            raise ValueError("time must be HH:MM")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    _zone = field_validator("timezone")(check_timezone)


def _moment(value: str | None) -> str | None:
    """An ISO date-time, checked (a record holding anything else cannot be scheduled)."""
    if value is not None:
        datetime.fromisoformat(value)
    return value


# Why a subscription is paused (`bot.notify.gate`): its author no longer has the role it
# needs, or the admin who enabled its group chat no longer is one. Resumed once they are.
Paused = Literal["author", "chat"]


class Subscription(BaseModel):
    id: int = 0
    chat_id: int
    created_by: int
    lang: str = "en"
    enabled: bool = True
    paused: Paused | None = None
    created_at: str = Field(default_factory=lambda: now_utc().isoformat(timespec="seconds"))

    _created_at = field_validator("created_at")(_moment)


class Digest(Subscription):
    report: Literal["campaign", "offer", "country", "ts", "custom"] = "campaign"  # REPORTS
    query: dict[str, object] | None = None  # the report/build JSON of a custom digest
    period: Literal["yesterday", "7d", "mtd"] = "yesterday"
    rank_by: Literal["revenue", "profit"] = "revenue"
    schedule: Schedule = Field(default_factory=Schedule)
    last_slot: str | None = None  # the last scheduled moment (UTC ISO) that was sent

    _last_slot = field_validator("last_slot")(_moment)


class ConversionAlert(Subscription):
    statuses: list[str] = Field(default_factory=list)  # empty: every status
    campaign_ids: list[int] = Field(default_factory=list)
    offer_ids: list[int] = Field(default_factory=list)
    last_seen: int = 0  # the highest conversion id already posted


class Rule(Subscription):
    kind: Literal["spend_no_conversion", "roi_below", "clicks_drop", "tracker_down"]
    threshold: float = 0.0  # spend in money, ROI in %, drop in %
    hours: int = 6  # the window of roi_below
    firing: list[str] = Field(default_factory=list)  # keys in an open episode
    failures: int = 0  # consecutive failed health probes (tracker_down)


class EnabledChat(BaseModel):
    """A group chat an admin has allowed to receive tracker data."""

    title: str = ""
    by: int  # the admin who enabled it
    at: str = Field(default_factory=lambda: now_utc().isoformat(timespec="seconds"))
