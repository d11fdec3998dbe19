"""Grid columns: one getter per column name, reading a click (or conversion) by index.

Getters read the compact click arrays directly, so filters, grouping and sorting never
build a row dict; only the rows of the requested page are turned into dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from keitaro_sandbox.clock import stamp_ts
from keitaro_sandbox.samples import (
    BROWSERS,
    CONNECTIONS,
    COUNTRIES,
    ISPS,
    KEYWORDS,
    OPERATORS,
    OSES,
    REFERRERS,
    SEARCH_ENGINES,
    SUB_IDS,
    USER_AGENTS,
)
from keitaro_sandbox.state import State
from keitaro_sandbox.traffic import (
    FLAG_BOT,
    FLAG_LP_CLICK,
    FLAG_PROXY,
    FLAG_UNIQUE_CAMPAIGN,
    FLAG_UNIQUE_GLOBAL,
    FLAG_UNIQUE_STREAM,
    Conversion,
)

Getter = Callable[[int], Any]
MAX_SUB_ID = 30
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def time_getters(ts_of: Callable[[int], int], tz: ZoneInfo) -> dict[str, Getter]:
    """datetime, day, hour… of a timestamp, in `tz`; local times are cached per 15 minutes
    (every time zone offset is a multiple of 15 minutes)."""
    cache: dict[int, tuple[datetime, str]] = {}

    def local(ts: int) -> tuple[datetime, str]:
        bucket = ts // 900
        hit = cache.get(bucket)
        if hit is None:
            base = datetime.fromtimestamp(bucket * 900, tz)
            hit = cache[bucket] = (base, base.strftime("%Y-%m-%d %H:"))
        return hit

    def full(i: int) -> str:
        ts = ts_of(i)
        base, prefix = local(ts)
        seconds = ts % 900
        return f"{prefix}{base.minute + seconds // 60:02d}:{seconds % 60:02d}"

    def week(i: int) -> str:
        year, number, _ = local(ts_of(i))[0].isocalendar()
        return f"{year}-{number:02d}"

    return {
        "datetime": full,
        "day": lambda i: local(ts_of(i))[1][:10],
        "hour": lambda i: local(ts_of(i))[0].hour,
        "day_hour": lambda i: local(ts_of(i))[1] + "00",
        "month": lambda i: local(ts_of(i))[1][:7],
        "year": lambda i: local(ts_of(i))[0].year,
        "week": week,
        "weekday": lambda i: WEEKDAYS[local(ts_of(i))[0].weekday()],
    }


def _ip(value: int) -> tuple[int, int, int, int]:
    first = 1 + (value >> 24) % 222
    if first in (10, 127):
        first += 1
    return first, (value >> 16) & 255, (value >> 8) & 255, value & 255


def _vocabulary(column: bytearray, values: tuple[str, ...]) -> Getter:
    return lambda i: values[column[i]]


def _via_click(getter: Getter, items: list[Conversion]) -> Getter:
    return lambda j: getter(items[j].click)


def click_getters(state: State, tz: ZoneInfo) -> dict[str, Getter]:
    """Every column of the click log, by name."""
    clicks = state.traffic.clicks
    conversions = state.traffic.conversions
    now = state.now_ts()
    routes, route, flags = clicks.routes, clicks.route, clicks.flags
    names = {table: {k: str(v.get("name", "")) for k, v in state.table(table).items()}
             for table in ("campaigns", "streams", "offers", "landings", "sources",
                           "networks", "groups")}
    campaign_group = {k: v.get("group_id") for k, v in state.campaigns.items()}
    offer_network = {k: v.get("affiliate_network_id") for k, v in state.offers.items()}

    def rt(i: int) -> Any:
        return routes[route[i]]

    def flag(bit: int) -> Getter:
        return lambda i: 1 if flags[i] & bit else 0

    def converted(i: int) -> list[Conversion]:
        return conversions.of_click(i, now) if i in conversions.by_click else []

    def has_status(status: str) -> Getter:
        return lambda i: 1 if any(c.status == status for c in converted(i)) else 0

    def revenue(i: int) -> float:
        return round(sum(c.revenue for c in converted(i) if c.status != "rejected"), 4)

    def ip(i: int) -> str:
        return ".".join(str(p) for p in _ip(clicks.ip[i]))

    def user_agent(i: int) -> str:
        browser, version = BROWSERS[clicks.browser[i]]
        return USER_AGENTS[OSES[clicks.os[i]].name].format(browser=browser, version=version)

    def mobile(i: int) -> bool:
        return OSES[clicks.os[i]].device_type == "mobile"

    def referrer(i: int) -> str:
        return REFERRERS[clicks.referrer[i]]

    getters: dict[str, Getter] = {
        "click_id": lambda i: i + 1,
        "sub_id": clicks.sub_id,
        "visitor_code": lambda i: f"{(i * 2654435761 + 12345) & 0xFFFFFFFF:08x}",
        "campaign_id": lambda i: rt(i).campaign_id,
        "campaign": lambda i: names["campaigns"].get(rt(i).campaign_id, ""),
        "campaign_group_id": lambda i: campaign_group.get(rt(i).campaign_id) or 0,
        "campaign_group": lambda i: names["groups"].get(
            campaign_group.get(rt(i).campaign_id) or 0, ""),
        "parent_campaign_id": lambda i: 0,
        "parent_campaign": lambda i: "",
        "stream_id": lambda i: rt(i).stream_id,
        "stream": lambda i: names["streams"].get(rt(i).stream_id, ""),
        "offer_id": lambda i: clicks.offer[i],
        "offer": lambda i: names["offers"].get(clicks.offer[i], ""),
        "landing_id": lambda i: clicks.landing[i],
        "landing": lambda i: names["landings"].get(clicks.landing[i], ""),
        "ts_id": lambda i: rt(i).source_id,
        "ts": lambda i: names["sources"].get(rt(i).source_id, ""),
        "affiliate_network_id": lambda i: offer_network.get(clicks.offer[i]) or 0,
        "affiliate_network": lambda i: names["networks"].get(
            offer_network.get(clicks.offer[i]) or 0, ""),
        "country_code": lambda i: COUNTRIES[clicks.country[i]].code,
        "country": lambda i: COUNTRIES[clicks.country[i]].name,
        "region": lambda i: COUNTRIES[clicks.country[i]].region,
        "city": lambda i: COUNTRIES[clicks.country[i]].city,
        "language": lambda i: COUNTRIES[clicks.country[i]].language,
        "os": lambda i: OSES[clicks.os[i]].name,
        "os_version": lambda i: OSES[clicks.os[i]].version,
        "browser": lambda i: BROWSERS[clicks.browser[i]][0],
        "browser_version": lambda i: BROWSERS[clicks.browser[i]][1],
        "device_type": lambda i: OSES[clicks.os[i]].device_type,
        "device_model": lambda i: OSES[clicks.os[i]].device_model,
        "user_agent": user_agent,
        "connection_type": lambda i: CONNECTIONS[clicks.ip[i] % 3 if mobile(i) else 2],
        "operator": lambda i: OPERATORS[1 + clicks.ip[i] % 5] if mobile(i) else "",
        "isp": lambda i: ISPS[(clicks.ip[i] >> 8) % len(ISPS)],
        "ip": ip,
        "ip_mask1": lambda i: ".".join(str(p) for p in _ip(clicks.ip[i])[:3]) + ".*",
        "ip_mask2": lambda i: ".".join(str(p) for p in _ip(clicks.ip[i])[:2]) + ".*.*",
        "referrer": referrer,
        "source": lambda i: referrer(i).split("/")[2] if referrer(i) else "",
        "search_engine": lambda i: SEARCH_ENGINES.get(referrer(i), ""),
        "keyword": lambda i: KEYWORDS[clicks.subs[3][i] % len(KEYWORDS)]
        if SEARCH_ENGINES.get(referrer(i)) else "",
        "destination": lambda i: "",
        "external_id": lambda i: f"ext-{(i * 40503) & 0xFFFFF:05x}",
        "creative_id": lambda i: SUB_IDS[0][clicks.subs[0][i]],
        "ad_campaign_id": lambda i: str(rt(i).campaign_id * 1000 + clicks.subs[3][i]),
        "is_bot": flag(FLAG_BOT),
        "is_using_proxy": flag(FLAG_PROXY),
        "is_unique_campaign": flag(FLAG_UNIQUE_CAMPAIGN),
        "is_unique_stream": flag(FLAG_UNIQUE_STREAM),
        "is_unique_global": flag(FLAG_UNIQUE_GLOBAL),
        "landing_clicked": flag(FLAG_LP_CLICK),
        "is_lead": has_status("lead"),
        "is_sale": has_status("sale"),
        "is_rejected": has_status("rejected"),
        "revenue": revenue,
        "cost": lambda i: round(clicks.cost[i], 4),
        "profit": lambda i: round(revenue(i) - clicks.cost[i], 4),
    }
    for n, values in enumerate(SUB_IDS):
        getters[f"sub_id_{n + 1}"] = _vocabulary(clicks.subs[n], values)
    for n in range(len(SUB_IDS) + 1, MAX_SUB_ID + 1):
        getters[f"sub_id_{n}"] = lambda i: ""
    for n in range(1, 11):
        getters[f"extra_param_{n}"] = lambda i: ""
    times = time_getters(clicks.ts.__getitem__, tz)
    getters.update(times)
    getters["landing_clicked_datetime"] = lambda i: (
        stamp_ts(clicks.ts[i] + 20, tz) if flags[i] & FLAG_LP_CLICK else "")
    return getters


def conversion_getters(state: State, tz: ZoneInfo) -> dict[str, Getter]:
    """Every column of the conversion log: the conversion's own, then its click's."""
    items = state.traffic.conversions.items
    clicks = state.traffic.clicks
    of_click = click_getters(state, tz)
    getters = {name: _via_click(g, items) for name, g in of_click.items()}
    times = time_getters(lambda j: items[j].at, tz)
    getters.update(times)
    getters.update({
        "conversion_id": lambda j: items[j].id,
        "status": lambda j: items[j].status,
        "previous_status": lambda j: items[j].previous_status,
        "original_status": lambda j: items[j].original_status,
        "revenue": lambda j: round(items[j].revenue, 4),
        "cost": lambda j: round(items[j].cost, 4),
        "profit": lambda j: round(items[j].revenue - items[j].cost, 4),
        "currency": lambda j: items[j].currency,
        "tid": lambda j: items[j].tid,
        "params": lambda j: dict(items[j].params),
        "postback_datetime": times["datetime"],
        "click_datetime": lambda j: stamp_ts(clicks.ts[items[j].click], tz),
        "sale_datetime": lambda j: stamp_ts(s, tz) if (s := items[j].sale_at) else "",
        "sale_period": lambda j: (s - clicks.ts[items[j].click]) if (
            s := items[j].sale_at) else 0,
        "is_lead": lambda j: 1 if items[j].status == "lead" else 0,
        "is_sale": lambda j: 1 if items[j].status in ("sale", "rebill") else 0,
        "is_rejected": lambda j: 1 if items[j].status == "rejected" else 0,
    })
    return getters
