"""Clicks and conversions, kept compact so that hundreds of thousands of clicks stay cheap.

Clicks live in parallel arrays (one entry per click, sorted by time); a row dict is only
built for the rows a query returns. A click's `sub_id` is computed from its index by an
invertible 40-bit mapping, so finding the click of a postback needs no index.
"""

from __future__ import annotations

import bisect
import math
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from keitaro_sandbox.samples import COUNTRIES, OSES, REFERRERS, SUB_IDS, weighted_table

FLAG_BOT = 1
FLAG_UNIQUE_CAMPAIGN = 2
FLAG_UNIQUE_STREAM = 4
FLAG_PROXY = 8
FLAG_LP_CLICK = 16
FLAG_UNIQUE_GLOBAL = 32

_BITS = 40
_MASK = (1 << _BITS) - 1
_MULT = 0x9E3779B97F & _MASK | 1
_INVERSE = pow(_MULT, -1, 1 << _BITS)
STATUSES = ("lead", "sale", "rejected", "rebill")


@dataclass(frozen=True, slots=True)
class ClickRoute:
    """Where a click went; fixed when the click happened, like a row of the click log."""

    campaign_id: int
    stream_id: int
    source_id: int
    offers: tuple[int, ...]
    landings: tuple[int, ...]
    countries: tuple[int, ...]  # indexes into COUNTRIES; empty: any
    cost: float  # per click
    weight: int = 1


@dataclass(slots=True)
class Conversion:
    id: int
    click: int  # index of the click
    status: str
    previous_status: str
    original_status: str
    revenue: float
    currency: str
    cost: float
    tid: str
    at: int  # postback time, epoch seconds
    sale_at: int | None
    params: dict[str, str] = field(default_factory=dict)
    removed: bool = False


def _table(values: list[int]) -> bytes:
    return bytes(values)


class Clicks:
    """Parallel arrays, one entry per click, in time order."""

    def __init__(self, key: int) -> None:
        self.routes: list[ClickRoute] = []
        self.ts = array("q")
        self.route = array("H")
        self.offer = array("I")
        self.landing = array("I")
        self.country = bytearray()
        self.os = bytearray()
        self.browser = bytearray()
        self.ip = array("I")
        self.flags = bytearray()
        self.cost = array("d")
        self.subs = [bytearray() for _ in SUB_IDS]
        self.referrer = bytearray()
        self.removed = bytearray()
        self._offset = key & _MASK

    def __len__(self) -> int:
        return len(self.ts)

    def sub_id(self, index: int) -> str:
        return f"{(index * _MULT + self._offset) & _MASK:010x}"

    def find(self, sub_id: str) -> int | None:
        """The index of the (not deleted) click with this sub id."""
        try:
            value = int(sub_id, 16)
        except ValueError:
            return None
        if len(sub_id) != 10 or value > _MASK:
            return None
        index = ((value - self._offset) * _INVERSE) & _MASK
        if index >= len(self.ts) or self.removed[index]:
            return None
        return index

    def window(self, start: int | None, end: int | None) -> range:
        """Indexes of the clicks with start <= ts < end."""
        lo = 0 if start is None else bisect.bisect_left(self.ts, start)
        hi = len(self.ts) if end is None else bisect.bisect_left(self.ts, end)
        return range(lo, max(lo, hi))

    def generate(self, rng: random.Random, count: int, start: int, end: int) -> None:
        """Append `count` clicks spread over [start, end), busier by day than by night."""
        if count <= 0 or not self.routes:
            return
        span = max(1, end - start)
        ts = [_diurnal(start + u * span) for u in sorted(rng.random() for _ in range(count))]
        self.ts.extend(min(end - 1, max(start, t)) for t in ts)

        routes = self.routes
        route_bytes = rng.randbytes(count).translate(
            _table(weighted_table([r.weight for r in routes])))
        self.route.extend(route_bytes)
        offer_tables = [[r.offers[b % len(r.offers)] if r.offers else 0 for b in range(256)]
                        for r in routes]
        landing_tables = [[r.landings[b % len(r.landings)] if r.landings else 0
                           for b in range(256)] for r in routes]
        any_country = weighted_table([c.weight for c in COUNTRIES])
        country_tables = [
            [r.countries[i] for i in weighted_table([COUNTRIES[c].weight for c in r.countries])]
            if r.countries else any_country
            for r in routes
        ]
        b1, b2, b3 = rng.randbytes(count), rng.randbytes(count), rng.randbytes(count)
        self.offer.extend(offer_tables[r][b] for r, b in zip(route_bytes, b1, strict=True))
        self.landing.extend(landing_tables[r][b] for r, b in zip(route_bytes, b2, strict=True))
        self.country.extend(country_tables[r][b] for r, b in zip(route_bytes, b3, strict=True))

        os_bytes = rng.randbytes(count).translate(
            _table(weighted_table([o.weight for o in OSES])))
        self.os.extend(os_bytes)
        browser_tables = [[o.browsers[b % len(o.browsers)] for b in range(256)] for o in OSES]
        self.browser.extend(
            browser_tables[o][b] for o, b in zip(os_bytes, rng.randbytes(count), strict=True))
        ips = array("I")
        ips.frombytes(rng.randbytes(4 * count))
        self.ip.extend(ips)
        self.cost.extend(routes[r].cost for r in route_bytes)
        for values, column in zip(SUB_IDS, self.subs, strict=True):
            column.extend(rng.randbytes(count).translate(
                _table([b % len(values) for b in range(256)])))
        self.referrer.extend(rng.randbytes(count).translate(
            _table([b % len(REFERRERS) for b in range(256)])))
        first = len(self.flags)
        noise = rng.randbytes(4 * count)
        self.flags.extend(
            _flags(noise[4 * k: 4 * k + 4], self.landing[first + k] != 0) for k in range(count))
        self.removed.extend(bytes(count))

    def append(self, route: ClickRoute, ts: int, *, offer: int, landing: int, country: int,
               flags: int, subs: tuple[int, ...] = (0, 0, 0, 0, 0)) -> int:
        """Add one click at `ts` (not earlier than the last one); returns its index."""
        if self.ts and ts < self.ts[-1]:
            raise ValueError("a new click cannot be older than the last click")
        try:
            route_index = self.routes.index(route)
        except ValueError:
            self.routes.append(route)
            route_index = len(self.routes) - 1
        self.ts.append(ts)
        self.route.append(route_index)
        self.offer.append(offer)
        self.landing.append(landing)
        self.country.append(country)
        self.os.append(0)
        self.browser.append(0)
        self.ip.append(0x5DB8D822 + len(self.ts))
        self.flags.append(flags)
        self.cost.append(route.cost)
        for column, value in zip(self.subs, subs, strict=True):
            column.append(value)
        self.referrer.append(0)
        self.removed.append(0)
        return len(self.ts) - 1


def _diurnal(t: float) -> int:
    """Warp a uniform time so that noon (UTC) gets ~4x the traffic of midnight."""
    day = math.floor(t / 86400) * 86400
    x = (t - day) / 86400
    return int(day + (x - 0.6 * math.sin(2 * math.pi * x) / (2 * math.pi)) * 86400)


def _flags(noise: bytes, has_landing: bool) -> int:
    bot = noise[0] < 8
    flags = FLAG_BOT if bot else 0
    if noise[1] < 5:
        flags |= FLAG_PROXY
    if noise[2] < 215 and not bot:
        flags |= FLAG_UNIQUE_CAMPAIGN | FLAG_UNIQUE_STREAM
        if noise[3] < 200:
            flags |= FLAG_UNIQUE_GLOBAL
    elif noise[2] < 235:
        flags |= FLAG_UNIQUE_STREAM
    if has_landing and not bot and noise[3] % 8 < 5:
        flags |= FLAG_LP_CLICK
    return flags


class Conversions:
    """Conversions in id order (id = position + 1); deleted ones are only flagged."""

    def __init__(self) -> None:
        self.items: list[Conversion] = []
        self.by_click: dict[int, list[Conversion]] = {}

    def __len__(self) -> int:
        return len(self.items)

    def add(self, click: int, status: str, revenue: float, at: int, *, tid: str = "",
            currency: str = "USD", cost: float = 0.0, previous_status: str = "",
            original_status: str | None = None, params: dict[str, str] | None = None,
            ) -> Conversion:
        conversion = Conversion(
            id=len(self.items) + 1, click=click, status=status,
            previous_status=previous_status, original_status=original_status or status,
            revenue=revenue, currency=currency, cost=cost, tid=tid, at=at,
            sale_at=at if status in ("sale", "rebill") else None, params=dict(params or {}),
        )
        self.items.append(conversion)
        self.by_click.setdefault(click, []).append(conversion)
        return conversion

    def get(self, conversion_id: int) -> Conversion | None:
        if 1 <= conversion_id <= len(self.items):
            item = self.items[conversion_id - 1]
            return None if item.removed else item
        return None

    def visible(self, now: int) -> Iterator[Conversion]:
        return (c for c in self.items if not c.removed and c.at <= now)

    def of_click(self, click: int, now: int) -> list[Conversion]:
        return [c for c in self.by_click.get(click, ()) if not c.removed and c.at <= now]


class Traffic:
    """The click log and the conversions attributed to its clicks."""

    def __init__(self, key: int) -> None:
        self.clicks = Clicks(key)
        self.conversions = Conversions()

    def seed_conversions(self, rng: random.Random, payouts: dict[int, float], now: int,
                         rate: float = 0.035) -> None:
        """Convert about `rate` of the human clicks, with leads, sales, rejects and rebills."""
        clicks = self.clicks
        threshold = round(rate * 256 * 256)
        noise = rng.randbytes(2 * len(clicks))
        planned: list[tuple[int, int, str, str, float, str]] = []
        for index in range(len(clicks)):
            if clicks.flags[index] & FLAG_BOT or clicks.offer[index] == 0:
                continue
            if noise[2 * index] * 256 + noise[2 * index + 1] >= threshold:
                continue
            click_ts = clicks.ts[index]
            at = min(now - rng.randint(0, 900), click_ts + rng.randint(60, 3 * 86400))
            at = max(at, click_ts)
            roll = rng.random()
            status = "lead" if roll < 0.45 else "sale" if roll < 0.85 else "rejected"
            previous = "lead" if status != "lead" and rng.random() < 0.5 else ""
            payout = payouts.get(clicks.offer[index]) or float(rng.randint(5, 50))
            tid = f"tx-{rng.getrandbits(24):06x}" if rng.random() < 0.2 else ""
            planned.append((at, index, status, previous, payout, tid))
            if status == "sale" and rng.random() < 0.1:
                rebill_at = min(now, at + rng.randint(3600, 7 * 86400))
                planned.append((rebill_at, index, "rebill", "", payout / 2,
                                f"rb-{rng.getrandbits(24):06x}"))
        planned.sort()
        for at, index, status, previous, payout, tid in planned:
            self.conversions.add(index, status, payout, at, tid=tid, previous_status=previous)

    def remove(self, start: int, end: int, campaign_id: int | None) -> tuple[int, int]:
        """Delete the clicks of [start, end) (of one campaign) and their conversions."""
        clicks, removed_clicks, removed_conversions = self.clicks, 0, 0
        for index in clicks.window(start, end):
            if clicks.removed[index]:
                continue
            route = clicks.routes[clicks.route[index]]
            if campaign_id is not None and route.campaign_id != campaign_id:
                continue
            clicks.removed[index] = 1
            removed_clicks += 1
            for conversion in self.conversions.by_click.get(index, ()):
                if not conversion.removed:
                    conversion.removed = True
                    removed_conversions += 1
        return removed_clicks, removed_conversions
