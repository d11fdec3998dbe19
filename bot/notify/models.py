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
    muted_until: str | None = None  # 🔕: nothing is posted before then (UTC ISO)

    _muted_until = field_validator("muted_until")(_moment)


RULE_KINDS = ("spend_no_conversion", "roi_below", "cr_change", "epc_change", "clicks_stopped",
              "clicks_drop", "tracker_down")
RuleKind = Literal["spend_no_conversion", "roi_below", "cr_change", "epc_change",
                   "clicks_stopped", "clicks_drop", "tracker_down"]
PER_CAMPAIGN = frozenset({"spend_no_conversion", "roi_below", "cr_change", "epc_change",
                          "clicks_stopped"})  # fire for each campaign on its own


class Rule(Subscription):
    """A threshold rule, checked every round on one report for all rules (`bot.notify.alerts`).

    `threshold`: spend in money (spend_no_conversion), ROI in % (roi_below), a change in %
    (cr_change, epc_change: either way, against the same hours a week before; clicks_drop:
    the last hour against the same hour yesterday). `hours`: roi_below's window (0: today so
    far), clicks_stopped's hours without a click. `min_spend`: what a campaign must have
    spent for roi_below to judge it. `campaign_ids`: the campaigns watched (empty: all).
    `cooldown`: minutes before a campaign may fire again after its episode ended."""

    kind: RuleKind
    threshold: float = 0.0
    hours: int = 6
    min_spend: float = 0.0
    campaign_ids: list[int] = Field(default_factory=list)
    cooldown: int = 60
    muted_until: str | None = None  # 🔕: nothing is posted before then (UTC ISO)
    fired: dict[str, str] = Field(default_factory=dict)  # key → when it last fired (UTC ISO)
    firing: list[str] = Field(default_factory=list)  # keys in an open episode
    failures: int = 0  # consecutive failed health probes (tracker_down)

    _muted_until = field_validator("muted_until")(_moment)


class EnabledChat(BaseModel):
    """A group chat an admin has allowed to receive tracker data."""

    title: str = ""
    by: int  # the admin who enabled it
    at: str = Field(default_factory=lambda: now_utc().isoformat(timespec="seconds"))
