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
from bot.i18n.formats import money
from bot.notify.models import ConversionAlert, Rule
from bot.notify.reads import Reader

COLUMNS = ["conversion_id", "postback_datetime", "campaign", "campaign_id", "offer", "offer_id",
           "status", "revenue", "sub_id"]
MAX_PER_CHECK = 1000  # conversions read a round (one query); a larger burst goes on next round
LISTED = 10
DOWN_AFTER = 2  # consecutive failed probes before "the tracker is down"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def conversion_id(row: dict[str, Any]) -> int:
    return _int(row.get("conversion_id")) or 0


def wanted_by(alert: ConversionAlert, row: dict[str, Any]) -> bool:
    """Whether a conversion is one `alert` posts: newer than its cursor, and of its statuses,
    campaigns and offers (each when given)."""
    return (conversion_id(row) > alert.last_seen
            and (not alert.statuses or str(row.get("status")) in alert.statuses)
            and (not alert.campaign_ids or _int(row.get("campaign_id")) in alert.campaign_ids)
            and (not alert.offer_ids or _int(row.get("offer_id")) in alert.offer_ids))


def _window(now: datetime) -> dict[str, str]:
    return {"from": (now - timedelta(days=2)).date().isoformat(), "to": now.date().isoformat()}


async def latest_conversion_id(client: Reader, now: datetime) -> int:
    """The newest conversion id now, so a new subscription starts from here."""
    envelope = await client.execute("conversions.log", {
        "range": _window(now),
        "data": {"columns": ["conversion_id"], "limit": 1,
                 "sort": [{"name": "conversion_id", "order": "DESC"}]},
    })
    rows = envelope.data.get("rows") if envelope.success and isinstance(envelope.data, dict) else []
    return int(rows[0]["conversion_id"]) if rows else 0


async def conversions_after(client: Reader, after: int, now: datetime
                            ) -> list[dict[str, Any]] | None:
    """Every conversion after id `after` (of the last two days), oldest first, at most
    `MAX_PER_CHECK`: one query for all alerts, whose filters are applied in memory
    (`wanted_by`). None when the tracker failed."""
    envelope = await client.execute("conversions.log", {
        "range": _window(now),
        "data": {"columns": COLUMNS, "limit": MAX_PER_CHECK,
                 "filters": [{"name": "conversion_id", "operator": "GREATER_THAN",
                              "expression": after}],
                 "sort": [{"name": "conversion_id", "order": "ASC"}]},
    }, max_rows=MAX_PER_CHECK)
    if not envelope.success or not isinstance(envelope.data, dict):
        return None
    rows = [r for r in envelope.data.get("rows") or [] if isinstance(r, dict)]
    return sorted((r for r in rows if conversion_id(r) > after), key=conversion_id)


def _money(value: Any, lang: str) -> str:
    """An amount as `lang` writes money (`1,234.50` / `1 234,50`); 0 for what is no number."""
    try:
        return money(float(value), lang)
    except (TypeError, ValueError):
        return money(0, lang)


def conversions_text(rows: list[dict[str, Any]], lang: str) -> str:
    """One message for a burst: count, revenue, and the first few conversions."""
    revenue = sum(float(r.get("revenue") or 0) for r in rows)
    lines = [t(lang, "alert.conversions", count=len(rows), revenue=_money(revenue, lang))]
    for row in rows[:LISTED]:
        lines.append(
            f"• <code>#{html.quote(str(row.get('conversion_id')))}</code> "
            f"<b>{html.quote(str(row.get('status', '')))}</b> {_money(row.get('revenue'), lang)} · "
            f"{html.quote(str(row.get('campaign', '—')))} · "
            f"{html.quote(str(row.get('offer') or '—'))}")
    if len(rows) > LISTED:
        lines.append(t(lang, "alert.more", count=len(rows) - LISTED))
    return "\n".join(lines)


async def _report(client: Reader, data: dict[str, Any], start: str, end: str,
                  zone: str) -> list[dict[str, Any]] | None:
    body = {**data, "range": {"from": start, "to": end, "timezone": zone}}
    envelope = await client.execute("reports.build", {
        "range": {"from": start[:10], "to": end[:10]}, "data": body})
    if not envelope.success or not isinstance(envelope.data, dict):
        return None
    return [r for r in envelope.data.get("rows") or [] if isinstance(r, dict)]


async def _totals(client: Reader, metrics: list[str], start: datetime, end: datetime,
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


async def _tracker_down(client: Reader, rule: Rule, local: datetime, zone: str
                        ) -> Holding:
    envelope = await client.execute("groups.list", {"type": "campaigns"})
    if envelope.success:
        return {}, True
    reason = detail_text(envelope.error, rule.lang)
    return {"down": t(rule.lang, "alert.down", reason=reason)}, False


async def _spend_no_conversion(client: Reader, rule: Rule, local: datetime, zone: str
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
            cost=_money(r.get("cost"), rule.lang), threshold=_money(rule.threshold, rule.lang))
        for r in rows
        if _float(r.get("cost")) > rule.threshold and _float(r.get("conversions")) == 0
    }, True


async def _roi_below(client: Reader, rule: Rule, local: datetime, zone: str
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


async def _clicks_drop(client: Reader, rule: Rule, local: datetime, zone: str
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


async def evaluate(client: Reader, rule: Rule, now: datetime, zone: str) -> Holding:
    """The keys for which the rule's condition holds now (key → message), and whether the
    tracker answered. Episodes are tracked by the caller from these keys."""
    return await CHECKS[rule.kind](client, rule, now.astimezone(ZoneInfo(zone)), zone)
