"""Alerts: new conversions since the last one posted (one query for every alert), and the
threshold rules (`bot.notify.rules`), which fire once per episode (when the condition starts
holding), not on every check."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import t
from bot.i18n.formats import money
from bot.notify.models import ConversionAlert, Rule
from bot.notify.reads import Reader
from bot.notify.rules import Holding, check, read_round

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


async def evaluate(client: Reader, rule: Rule, now: datetime, zone: str,
                   min_clicks: float = 0.0) -> Holding:
    """One rule on a read of its own (the notifier reads once for every rule of a round:
    `bot.notify.rules.read_round`): the keys for which its condition holds now, and whether
    the tracker answered."""
    local = now.astimezone(ZoneInfo(zone))
    return check(rule, await read_round(client, [rule], local, zone), min_clicks)
