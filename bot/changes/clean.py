"""The scope of cleaning statistics: which campaigns, which period, how many clicks a report
counts there; asked before (the preview) and after (the outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.changes.values import entity_name
from bot.keitaro.client import KeitaroClient

MAX_NAMED = 5


@dataclass
class Scope:
    period: str  # "2026-11-14..2026-11-14", as typed to confirm a clean of every campaign
    campaign: str | None  # the one campaign, by name and id; None: every campaign
    clicks: int | None  # what the report counts there (None: the report failed)
    named: list[str] = field(default_factory=list)  # campaigns with clicks there, by name
    campaigns: int = 0  # how many campaigns have clicks there
    error: str | None = None


def period_of(args: dict[str, Any]) -> str:
    value = args.get("range")
    if isinstance(value, dict):
        return f"{value.get('from')}..{value.get('to')}"
    return str(value)


async def scope(client: KeitaroClient, args: dict[str, Any]) -> Scope:
    """Read the scope of `clicks.clean` with these arguments."""
    period = period_of(args)
    campaign_id = args.get("campaign_id")
    campaign: str | None = None
    query: dict[str, Any] = {"grouping": ["campaign"], "metrics": ["clicks"],
                             "sort": [{"name": "clicks", "order": "DESC"}], "limit": 1000}
    if campaign_id is not None:
        found = await client.execute("campaigns.get", {"id": campaign_id})
        campaign = entity_name(found.data) if found.success else f"#{campaign_id}"
        query["filters"] = [{"name": "campaign_id", "operator": "EQUALS",
                             "expression": campaign_id}]
    report = await client.execute("reports.build", {"range": args.get("range"), "data": query})
    if not report.success or not isinstance(report.data, dict):
        reason = report.error.message if report.error else "?"
        return Scope(period=period, campaign=campaign, clicks=None, error=reason)
    rows = [r for r in report.data.get("rows") or [] if isinstance(r, dict)]
    counted = [(str(r.get("campaign") or "?"), _int(r.get("clicks"))) for r in rows]
    counted = [(name, clicks) for name, clicks in counted if clicks > 0]
    total = sum(clicks for _, clicks in counted)
    return Scope(period=period, campaign=campaign, clicks=total,
                 named=[name for name, _ in counted[:MAX_NAMED]], campaigns=len(counted))


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0
