"""Report metrics: the sums kept per group, and each metric computed from them."""

from __future__ import annotations

from collections.abc import Callable

(CLICKS, UC_CAMPAIGN, UC_STREAM, UC_GLOBAL, BOTS, PROXIES, EMPTY_REF, LP_VIEWS, LP_CLICKS,
 COST, LEADS, SALES, REJECTED, REBILLS, LEAD_REV, SALE_REV, REJECTED_REV, REBILL_REV) = range(18)
SUMS = 18
Sums = list[float]


def _ratio(a: float, b: float, scale: float = 1.0, digits: int = 4) -> float:
    return round(a * scale / b, digits) if b else 0.0


def _revenue(s: Sums) -> float:
    return s[LEAD_REV] + s[SALE_REV] + s[REBILL_REV]


def _conversions(s: Sums) -> float:
    return s[LEADS] + s[SALES] + s[REJECTED] + s[REBILLS]


def _profit(s: Sums) -> float:
    return _revenue(s) - s[COST]


def _confirmed(s: Sums) -> float:
    return s[SALE_REV] + s[REBILL_REV] - s[COST]


METRICS: dict[str, Callable[[Sums], float]] = {
    "clicks": lambda s: int(s[CLICKS]),
    "campaign_unique_clicks": lambda s: int(s[UC_CAMPAIGN]),
    "stream_unique_clicks": lambda s: int(s[UC_STREAM]),
    "global_unique_clicks": lambda s: int(s[UC_GLOBAL]),
    "uc_campaign_rate": lambda s: _ratio(s[UC_CAMPAIGN], s[CLICKS], 100, 2),
    "uc_stream_rate": lambda s: _ratio(s[UC_STREAM], s[CLICKS], 100, 2),
    "uc_global_rate": lambda s: _ratio(s[UC_GLOBAL], s[CLICKS], 100, 2),
    "bots": lambda s: int(s[BOTS]),
    "bot_share": lambda s: _ratio(s[BOTS], s[CLICKS], 100, 2),
    "proxies": lambda s: int(s[PROXIES]),
    "empty_referrers": lambda s: int(s[EMPTY_REF]),
    "conversions": lambda s: int(_conversions(s)),
    "leads": lambda s: int(s[LEADS]),
    "sales": lambda s: int(s[SALES]),
    "rejected": lambda s: int(s[REJECTED]),
    "rebills": lambda s: int(s[REBILLS]),
    "approve": lambda s: _ratio(s[SALES], s[LEADS] + s[SALES] + s[REJECTED], 100, 2),
    "lp_views": lambda s: int(s[LP_VIEWS]),
    "lp_clicks": lambda s: int(s[LP_CLICKS]),
    "lp_ctr": lambda s: _ratio(s[LP_CLICKS], s[LP_VIEWS], 100, 2),
    "cr": lambda s: _ratio(_conversions(s), s[CLICKS], 100, 2),
    "crs": lambda s: _ratio(s[SALES], s[CLICKS], 100, 2),
    "crl": lambda s: _ratio(s[LEADS], s[CLICKS], 100, 2),
    "revenue": lambda s: round(_revenue(s), 4),
    "lead_revenue": lambda s: round(s[LEAD_REV], 4),
    "sale_revenue": lambda s: round(s[SALE_REV] + s[REBILL_REV], 4),
    "rejected_revenue": lambda s: round(s[REJECTED_REV], 4),
    "cost": lambda s: round(s[COST], 4),
    "profit": lambda s: round(_profit(s), 4),
    "profit_confirmed": lambda s: round(_confirmed(s), 4),
    "profitability": lambda s: _ratio(_profit(s), _revenue(s), 100, 2),
    "roi": lambda s: _ratio(_profit(s), s[COST], 100, 2),
    "roi_confirmed": lambda s: _ratio(_confirmed(s), s[COST], 100, 2),
    "epc": lambda s: _ratio(_revenue(s), s[CLICKS]),
    "uepc": lambda s: _ratio(_revenue(s), s[UC_CAMPAIGN]),
    "epc_confirmed": lambda s: _ratio(s[SALE_REV] + s[REBILL_REV], s[CLICKS]),
    "cpa": lambda s: _ratio(s[COST], _conversions(s)),
    "cps": lambda s: _ratio(s[COST], s[SALES]),
    "cpl": lambda s: _ratio(s[COST], s[LEADS]),
    "cpc": lambda s: _ratio(s[COST], s[CLICKS]),
    "ecpc": lambda s: _ratio(_revenue(s), s[CLICKS]),
    "ecpm": lambda s: _ratio(_revenue(s), s[CLICKS], 1000),
    "ecpm_confirmed": lambda s: _ratio(s[SALE_REV] + s[REBILL_REV], s[CLICKS], 1000),
}
