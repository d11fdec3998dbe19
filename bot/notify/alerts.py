"""Alerts: new conversions since the last one posted, and threshold rules that fire once per
episode (when the condition starts holding), not on every check."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.client import KeitaroClient
from bot.notify.models import ConversionAlert, Rule

COLUMNS = ["conversion_id", "postback_datetime", "campaign", "campaign_id", "offer", "offer_id",
           "status", "revenue", "sub_id"]
PAGE = 100
MAX_PER_CHECK = 1000
LISTED = 10
DOWN_AFTER = 2  # consecutive failed probes before "the tracker is down"


def _filters(alert: ConversionAlert, after: int) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [
        {"name": "conversion_id", "operator": "GREATER_THAN", "expression": after}]
    if alert.statuses:
        filters.append({"name": "status", "operator": "IN_LIST", "expression": alert.statuses})
    if alert.campaign_ids:
        filters.append({"name": "campaign_id", "operator": "IN_LIST",
                        "expression": alert.campaign_ids})
    if alert.offer_ids:
        filters.append({"name": "offer_id", "operator": "IN_LIST",
                        "expression": alert.offer_ids})
    return filters


def _window(now: datetime) -> dict[str, str]:
    return {"from": (now - timedelta(days=2)).date().isoformat(), "to": now.date().isoformat()}


async def latest_conversion_id(client: KeitaroClient, now: datetime) -> int:
    """The newest conversion id now, so a new subscription starts from here."""
    envelope = await client.execute("conversions.log", {
        "range": _window(now),
        "data": {"columns": ["conversion_id"], "limit": 1,
                 "sort": [{"name": "conversion_id", "order": "DESC"}]},
    })
    rows = envelope.data.get("rows") if envelope.success and isinstance(envelope.data, dict) else []
    return int(rows[0]["conversion_id"]) if rows else 0


async def new_conversions(client: KeitaroClient, alert: ConversionAlert, now: datetime
                          ) -> tuple[list[dict[str, Any]], bool]:
    """Conversions after `alert.last_seen`, oldest first; False when the tracker failed."""
    found: list[dict[str, Any]] = []
    after = alert.last_seen
    while len(found) < MAX_PER_CHECK:
        envelope = await client.execute("conversions.log", {
            "range": _window(now),
            "data": {"columns": COLUMNS, "filters": _filters(alert, after), "limit": PAGE,
                     "sort": [{"name": "conversion_id", "order": "ASC"}]},
        })
        if not envelope.success or not isinstance(envelope.data, dict):
            return found, False
        rows = [r for r in envelope.data.get("rows") or [] if isinstance(r, dict)]
        found += rows
        if len(rows) < PAGE:
            break
        after = int(rows[-1]["conversion_id"])
    return found, True


def _money(value: Any) -> str:
    try:
        return f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return "0.00"


def conversions_text(rows: list[dict[str, Any]], lang: str) -> str:
    """One message for a burst: count, revenue, and the first few conversions."""
    revenue = sum(float(r.get("revenue") or 0) for r in rows)
    lines = [t(lang, "alert.conversions", count=len(rows), revenue=_money(revenue))]
    for row in rows[:LISTED]:
        lines.append(
            f"• <code>#{html.quote(str(row.get('conversion_id')))}</code> "
            f"<b>{html.quote(str(row.get('status', '')))}</b> {_money(row.get('revenue'))} · "
            f"{html.quote(str(row.get('campaign', '—')))} · "
            f"{html.quote(str(row.get('offer') or '—'))}")
    if len(rows) > LISTED:
        lines.append(t(lang, "alert.more", count=len(rows) - LISTED))
    return "\n".join(lines)


async def _report(client: KeitaroClient, data: dict[str, Any], start: str, end: str,
                  zone: str) -> list[dict[str, Any]] | None:
    body = {**data, "range": {"from": start, "to": end, "timezone": zone}}
    envelope = await client.execute("reports.build", {
        "range": {"from": start[:10], "to": end[:10]}, "data": body})
    if not envelope.success or not isinstance(envelope.data, dict):
        return None
    return [r for r in envelope.data.get("rows") or [] if isinstance(r, dict)]


async def _totals(client: KeitaroClient, metrics: list[str], start: datetime, end: datetime,
                  zone: str) -> dict[str, float] | None:
    """Sums of `metrics` over [start, end] (local times), or None when the tracker failed."""
    rows = await _report(client, {"metrics": metrics, "grouping": [], "sort": []},
                         _stamp(start), _stamp(end), zone)
    if rows is None:
        return None
    return {m: sum(_float(r.get(m)) for r in rows) for m in metrics}


def _float(value: Any) -> float:
    """A tracker number; 0 for what is not one, or not finite (it cannot be compared)."""
    try:
        number = float(value or 0)
        return number if math.isfinite(number) else 0.0
    except (TypeError, ValueError):
        return 0.0


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


Holding = tuple[dict[str, str], bool]


async def _tracker_down(client: KeitaroClient, rule: Rule, local: datetime, zone: str
                        ) -> Holding:
    envelope = await client.execute("groups.list", {"type": "campaigns"})
    if envelope.success:
        return {}, True
    reason = envelope.error.message if envelope.error else "?"
    return {"down": t(rule.lang, "alert.down", reason=detail_text(reason, rule.lang))}, False


async def _spend_no_conversion(client: KeitaroClient, rule: Rule, local: datetime, zone: str
                               ) -> Holding:
    day = local.date().isoformat()
    rows = await _report(client, {"grouping": ["campaign_id", "campaign"],
                                  "metrics": ["cost", "conversions"], "sort": []},
                         day, day, zone)
    if rows is None:
        return {}, False
    return {
        f"spend:{r.get('campaign_id')}:{day}": t(
            rule.lang, "alert.spend", campaign=str(r.get("campaign")),
            cost=_money(r.get("cost")), threshold=_money(rule.threshold))
        for r in rows
        if _float(r.get("cost")) > rule.threshold and _float(r.get("conversions")) == 0
    }, True


async def _roi_below(client: KeitaroClient, rule: Rule, local: datetime, zone: str
                     ) -> Holding:
    sums = await _totals(client, ["cost", "revenue"], local - timedelta(hours=rule.hours),
                         local, zone)
    if sums is None:
        return {}, False
    if sums["cost"] <= 0:
        return {}, True
    roi = (sums["revenue"] - sums["cost"]) / sums["cost"] * 100
    if roi >= rule.threshold:
        return {}, True
    return {"roi": t(rule.lang, "alert.roi", roi=f"{roi:.1f}", hours=rule.hours,
                     threshold=f"{rule.threshold:g}")}, True


async def _clicks_drop(client: KeitaroClient, rule: Rule, local: datetime, zone: str
                       ) -> Holding:
    """The last full hour against the same hour yesterday."""
    hour_start = local.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    day_ago = hour_start - timedelta(days=1)
    last_second = timedelta(seconds=3599)
    now = await _totals(client, ["clicks"], hour_start, hour_start + last_second, zone)
    before = await _totals(client, ["clicks"], day_ago, day_ago + last_second, zone)
    if now is None or before is None:
        return {}, False
    if before["clicks"] <= 0:
        return {}, True
    drop = (before["clicks"] - now["clicks"]) / before["clicks"] * 100
    if drop <= rule.threshold:
        return {}, True
    return {"clicks": t(rule.lang, "alert.clicks", current=int(now["clicks"]),
                        before=int(before["clicks"]), drop=f"{drop:.0f}",
                        hour=hour_start.strftime("%H:00"),
                        threshold=f"{rule.threshold:g}")}, True


CHECKS = {"tracker_down": _tracker_down, "spend_no_conversion": _spend_no_conversion,
          "roi_below": _roi_below, "clicks_drop": _clicks_drop}


async def evaluate(client: KeitaroClient, rule: Rule, now: datetime, zone: str) -> Holding:
    """The keys for which the rule's condition holds now (key → message), and whether the
    tracker answered. Episodes are tracked by the caller from these keys."""
    return await CHECKS[rule.kind](client, rule, now.astimezone(ZoneInfo(zone)), zone)
