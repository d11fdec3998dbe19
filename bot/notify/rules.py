"""Threshold rules, all of a round on one report.

A round reads one `report/build`: clicks, conversions, cost and revenue of every campaign by
day and hour, from the earliest hour any rule looks at until now (in the tracker's time
zone). Every rule is then checked in memory on it: spend with no conversion today; ROI below
a value once a campaign spent a minimum (today, or over the last hours); CR or EPC changed
by more than N % against the same hours a week before; a campaign's clicks stopped; all
clicks of the last hour dropped against the same hour yesterday; the tracker not answering
(the same read is the probe). Each finding is keyed (by campaign), so the caller can fire it
once per episode and hold it back for the rule's cooldown.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.explore.figures import Figures
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.i18n.formats import money
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.notify.models import Rule
from bot.notify.reads import Reader

METRICS = ["clicks", "conversions", "cost", "revenue"]
GROUPING = ["campaign_id", "campaign", "day", "hour"]
ROWS = 20_000  # campaign-hours a round reads at most (a week of 100 busy campaigns is 16,800)
STAMP = "%Y-%m-%d %H:%M:%S"
WEEK = 7  # days back of a CR or EPC comparison
BEFORE_STOP = 24  # hours of clicks a campaign must have had for "traffic stopped" to count


@dataclass(frozen=True)
class Fired:
    """What a rule found for one key: the message, and the campaign it is about."""

    text: str
    campaign_id: int | None = None
    campaign: str = ""


Holding = tuple[dict[str, Fired], bool]


@dataclass(frozen=True)
class Hour:
    """One campaign's numbers in one hour (its start, local)."""

    campaign_id: int
    campaign: str
    start: datetime
    figures: Figures


@dataclass
class RoundFigures:
    """The report a round of rules is checked on, and whether the tracker answered."""

    now: datetime  # local, aware
    hours: list[Hour] = field(default_factory=list)
    answered: bool = True
    error: ErrorInfo | None = None  # why the tracker did not answer
    # campaigns not running (paused, archived) as the round read them: their traffic is
    # expected to stop (read only for a "traffic stopped" rule; empty if that read failed)
    not_running: frozenset[int] = frozenset()

    def names(self) -> dict[int, str]:
        return {h.campaign_id: h.campaign for h in self.hours}

    def by_campaign(self, rule: Rule, start: datetime, end: datetime | None = None
                    ) -> dict[int, Figures]:
        """Each watched campaign's sums over the hours starting in [start, end)."""
        found: dict[int, Figures] = {}
        for hour in self._watched(rule):
            if hour.start >= start and (end is None or hour.start < end):
                found[hour.campaign_id] = found.get(hour.campaign_id, Figures()) + hour.figures
        return found

    def total(self, rule: Rule, start: datetime, end: datetime) -> Figures:
        return Figures.total(self.by_campaign(rule, start, end).values())

    def _watched(self, rule: Rule) -> Iterable[Hour]:
        chosen = set(rule.campaign_ids)
        return (h for h in self.hours if not chosen or h.campaign_id in chosen)


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _midnight(day: date, now: datetime) -> datetime:
    return datetime.combine(day, time(), now.tzinfo)


def window_start(rule: Rule, now: datetime) -> datetime:
    """The first hour a rule looks at."""
    today = _midnight(now.date(), now)
    if rule.kind == "roi_below" and rule.hours > 0:
        return _hour(now - timedelta(hours=rule.hours))
    if rule.kind in ("cr_change", "epc_change"):
        return today - timedelta(days=WEEK)
    if rule.kind == "clicks_stopped":
        return _hour(now) - timedelta(hours=max(1, rule.hours) + BEFORE_STOP)
    if rule.kind == "clicks_drop":
        return _hour(now) - timedelta(days=1, hours=1)
    return today


def round_args(rules: list[Rule], now: datetime, zone: str) -> dict[str, Any]:
    """The one `report/build` of a round: from the earliest hour a rule needs until now."""
    start = min((window_start(r, now) for r in rules), default=_midnight(now.date(), now))
    body = {"grouping": GROUPING, "metrics": METRICS, "sort": [], "summary": False,
            "limit": ROWS, "range": {"from": start.strftime(STAMP), "to": now.strftime(STAMP),
                                     "timezone": zone}}
    return {"range": {"from": start.date().isoformat(), "to": now.date().isoformat()},
            "data": body}


async def read_round(client: Reader, rules: list[Rule], now: datetime, zone: str
                     ) -> RoundFigures:
    """The round's report (one read, whatever the rules), `now` local."""
    now = now.replace(microsecond=0)
    report = client.execute("reports.build", round_args(rules, now, zone), max_rows=ROWS)
    if any(r.kind == "clicks_stopped" for r in rules):
        envelope, campaigns = await asyncio.gather(report, client.execute("campaigns.list"))
        not_running = _not_running(campaigns)
    else:
        envelope, not_running = await report, frozenset()
    if not envelope.success or not isinstance(envelope.data, dict):
        return RoundFigures(now, answered=False, error=envelope.error or ErrorInfo(
            kind=ErrorKind.HTTP_ERROR, message="?"))
    hours = []
    for row in envelope.data.get("rows") or []:
        start = _start(row, now) if isinstance(row, dict) else None
        ident = _int(row.get("campaign_id")) if isinstance(row, dict) else None
        if start is not None and ident:
            hours.append(Hour(ident, str(row.get("campaign") or f"#{ident}"), start,
                              Figures.of(row)))
    return RoundFigures(now, hours, not_running=not_running)


def _not_running(envelope: Envelope) -> frozenset[int]:
    """The ids of the campaigns a `campaigns.list` answer shows paused or archived."""
    data = envelope.data if envelope.success and isinstance(envelope.data, list) else []
    return frozenset(ident for c in data if isinstance(c, dict)
                     and (ident := _int(c.get("id"))) and c.get("state") not in (None, "active"))


def _start(row: dict[str, Any], now: datetime) -> datetime | None:
    """The local start of a row's hour (`day` as YYYY-MM-DD, `hour` as 7 or "07")."""
    try:
        day = date.fromisoformat(str(row.get("day"))[:10])
        hour = int(str(row.get("hour")).rsplit(" ", 1)[-1].split(":")[0])
    except ValueError:
        return None
    return _midnight(day, now) + timedelta(hours=hour) if 0 <= hour < 24 else None


def _int(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


def check(rule: Rule, data: RoundFigures, min_clicks: float = 0.0) -> Holding:
    """The keys for which `rule` holds on the round's figures (key → what it found), and
    whether the tracker answered. `min_clicks`: what a CR or EPC comparison needs on both
    sides (REPORT_MIN_CLICKS)."""
    if rule.kind == "tracker_down":
        if data.answered:
            return {}, True
        return {"down": Fired(t(rule.lang, "alert.down",
                                reason=detail_text(data.error, rule.lang)))}, False
    if not data.answered:
        return {}, False
    return CHECKS[rule.kind](rule, data, min_clicks), True


def _spend(rule: Rule, data: RoundFigures, _: float) -> dict[str, Fired]:
    now = data.now
    today = data.by_campaign(rule, _midnight(now.date(), now))
    names = data.names()
    day = now.date().isoformat()
    return {f"spend:{cid}:{day}": Fired(t(rule.lang, "alert.spend", campaign=names[cid],
                                          cost=money(f.cost, rule.lang),
                                          threshold=money(rule.threshold, rule.lang)),
                                        cid, names[cid])
            for cid, f in today.items() if f.cost > rule.threshold and f.conversions == 0}


def _roi(rule: Rule, data: RoundFigures, _: float) -> dict[str, Fired]:
    now = data.now
    start = window_start(rule, now)
    names = data.names()
    found: dict[str, Fired] = {}
    for cid, f in data.by_campaign(rule, start).items():
        roi = f.roi
        if roi is None or f.cost < max(rule.min_spend, 0.01) or roi >= rule.threshold:
            continue
        key = "alert.roi_campaign_today" if rule.hours <= 0 else "alert.roi_campaign"
        found[f"roi:{cid}"] = Fired(t(rule.lang, key, campaign=names[cid], roi=f"{roi:.1f}",
                                      hours=rule.hours, threshold=f"{rule.threshold:g}",
                                      cost=money(f.cost, rule.lang)), cid, names[cid])
    return found


def _change(rule: Rule, data: RoundFigures, min_clicks: float) -> dict[str, Fired]:
    """CR or EPC of today's full hours against the same hours a week before."""
    now = data.now
    today, hour = _midnight(now.date(), now), _hour(now)
    if hour == today:
        return {}  # no full hour today yet
    before_start = today - timedelta(days=WEEK)
    current = data.by_campaign(rule, today, hour)
    earlier = data.by_campaign(rule, before_start, before_start + (hour - today))
    metric = "cr" if rule.kind == "cr_change" else "epc"
    names = data.names()
    found: dict[str, Fired] = {}
    for cid, f in current.items():
        was = earlier.get(cid)
        if was is None or min(f.clicks, was.clicks) < max(min_clicks, 1):
            continue
        value, before = f.get(metric), was.get(metric)
        if value is None or not before:
            continue
        moved = (value - before) / before * 100
        if abs(moved) <= rule.threshold:
            continue
        arrow = "▲" if moved > 0 else "▼"
        found[f"{metric}:{cid}"] = Fired(t(
            rule.lang, f"alert.{metric}_change", campaign=names[cid],
            now=_shown(metric, value), before=_shown(metric, before),
            change=f"{arrow} {abs(moved):.0f}%", threshold=f"{rule.threshold:g}",
            until=hour.strftime("%H:00")), cid, names[cid])
    return found


def _shown(metric: str, value: float) -> str:
    return f"{value:.2f}%" if metric == "cr" else f"{value:.3f}"


def _stopped(rule: Rule, data: RoundFigures, _: float) -> dict[str, Fired]:
    """No click in the current hour and the `hours` before it, after clicks in the day
    before that; not for a campaign that is paused or archived (its traffic stops by
    design)."""
    since = _hour(data.now) - timedelta(hours=max(1, rule.hours))
    quiet = data.by_campaign(rule, since)
    before = data.by_campaign(rule, since - timedelta(hours=BEFORE_STOP), since)
    names = data.names()
    return {f"stopped:{cid}": Fired(t(rule.lang, "alert.stopped", campaign=names[cid],
                                      since=since.strftime("%H:00"), before=int(f.clicks)),
                                    cid, names[cid])
            for cid, f in before.items()
            if f.clicks > 0 and not quiet.get(cid, Figures()).clicks
            and cid not in data.not_running}


def _drop(rule: Rule, data: RoundFigures, _: float) -> dict[str, Fired]:
    """All watched clicks of the last full hour against the same hour yesterday."""
    start = _hour(data.now) - timedelta(hours=1)
    now = data.total(rule, start, start + timedelta(hours=1)).clicks
    before = data.total(rule, start - timedelta(days=1), start - timedelta(hours=23)).clicks
    if before <= 0:
        return {}
    drop = (before - now) / before * 100
    if drop <= rule.threshold:
        return {}
    return {"clicks": Fired(t(rule.lang, "alert.clicks", current=int(now), before=int(before),
                              drop=f"{drop:.0f}", hour=start.strftime("%H:00"),
                              threshold=f"{rule.threshold:g}"))}


CHECKS = {"spend_no_conversion": _spend, "roi_below": _roi, "cr_change": _change,
          "epc_change": _change, "clicks_stopped": _stopped, "clicks_drop": _drop}
