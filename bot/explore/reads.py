"""Reading the numbers: the few `report/build` queries behind a glance, a card, a trend, and
which sub ids the tracker fills. Each returns a model of `bot.explore.figures` (no text)."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from typing import Any

from bot.explore import periods
from bot.explore.dims import SUB_ID_DIMS
from bot.explore.figures import (
    METRICS,
    CardNumbers,
    Figured,
    Figures,
    Glance,
    Named,
    ranked,
)
from bot.explore.model import Slice
from bot.explore.periods import STAMP, Span
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.notify.reads import Reader
from bot.render.report import metric_value, number
from bot.render.text import strip_invisible

CARD_PERIODS = ("today", "yesterday", "7d")
ROWS = 1000  # rows of a breakdown read at most (the client caps it too)
SAMPLE = 200  # clicks looked at to see which sub ids the tracker fills


def failure(envelope: Envelope) -> ErrorInfo | None:
    """Why a read failed, else None."""
    if envelope.success and isinstance(envelope.data, dict):
        return None
    return envelope.error or ErrorInfo(kind=ErrorKind.HTTP_ERROR, message="?")


def rows_of(envelope: Envelope) -> list[dict[str, Any]]:
    data = envelope.data if envelope.success and isinstance(envelope.data, dict) else {}
    return [r for r in data.get("rows") or [] if isinstance(r, dict)]


def total_of(envelope: Envelope) -> Figures:
    """The report's summary, else the sum of its rows."""
    data = envelope.data if isinstance(envelope.data, dict) else {}
    summary = data.get("summary")
    if isinstance(summary, dict) and summary:
        return Figures.of(summary)
    return Figures.total(Figures.of(r) for r in rows_of(envelope))


async def build(client: Reader, body: dict[str, Any], span: Span, zone: str,
                rows: int | None = None) -> Envelope:
    """One `report/build` over `span` (to the second, in the tracker's zone)."""
    data = {**body, "range": span.body_range(zone)}
    return await client.execute("reports.build", {"range": span.dates(), "data": data},
                                max_rows=rows)


def _filters(scope: list[Slice], extra: list[dict[str, Any]] | None = None
             ) -> list[dict[str, Any]]:
    return [*(extra or []), *(s.filter() for s in scope)]


def _body(grouping: list[str], scope: list[Slice], *, extra: list[dict[str, Any]] | None = None,
          metrics: list[str] | None = None, sort: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"grouping": grouping, "metrics": metrics or list(METRICS),
                            "summary": True, "limit": ROWS}
    filters = _filters(scope, extra)
    if filters:
        body["filters"] = filters
    if sort:
        body["sort"] = [{"name": sort, "order": "ASC"}]
    return body


async def glance(client: Reader, period: str, now: datetime, zone: str) -> Glance:
    """A period's money by campaign against the same hours before it: two reads at once."""
    span = periods.span_of(period, now)
    before = periods.previous(span)
    by_campaign, earlier = await asyncio.gather(
        build(client, _body(["campaign_id", "campaign"], [], sort="campaign_id"), span, zone,
              ROWS),
        build(client, _body(["day"], [], sort="day"), before, zone))
    shown = (span.start.strftime(STAMP)[:16], span.end.strftime(STAMP)[:16])
    was = (before.start.strftime(STAMP)[:16], before.end.strftime(STAMP)[:16])
    reason = failure(by_campaign)
    if reason is not None:
        return Glance(period, shown, was, Figures(), None, error=reason)
    campaigns = [Named(key=_int(r.get("campaign_id")), name=_name(r.get("campaign")),
                       figures=Figures.of(r)) for r in rows_of(by_campaign)]
    return Glance(period, shown, was, total_of(by_campaign),
                  None if failure(earlier) else total_of(earlier),
                  losers=ranked(campaigns, losing=True), winners=ranked(campaigns, losing=False),
                  so_far=span.end.date() == now.date())


async def card_numbers(client: Reader, scope: list[Slice], context: str, now: datetime,
                       zone: str, *, campaign_id: int | None = None) -> CardNumbers:
    """A card's numbers: today, yesterday and 7 days (and the period it was opened for),
    and for a campaign its streams and offers today. One read by day, one by stream and
    offer, the streams' list: at once."""
    today = now.date()
    week = Span(datetime.combine(today - timedelta(days=6), time(), now.tzinfo), now)
    reads = [build(client, _body(["day"], scope, sort="day"), week, zone)]
    extra = context not in CARD_PERIODS
    if extra:
        reads.append(build(client, _body(["day"], scope, sort="day"),
                           periods.span_of(context, now), zone))
    if campaign_id is not None:
        today_span = periods.span_of("today", now)
        reads.append(build(client, _body(["stream_id", "offer_id", "offer"], scope), today_span,
                           zone, ROWS))
        reads.append(client.execute("streams.list", {"id": campaign_id}))
    answers = await asyncio.gather(*reads)
    by_day = answers[0]
    reason = failure(by_day)
    if reason is not None:
        return CardNumbers(error=reason)
    days = {str(r.get("day"))[:10]: Figures.of(r) for r in rows_of(by_day)}
    numbers = CardNumbers(periods=[
        Figured("today", days.get(today.isoformat(), Figures())),
        Figured("yesterday", days.get((today - timedelta(days=1)).isoformat(), Figures())),
        Figured("7d", total_of(by_day))])
    if extra and failure(answers[1]) is None:
        numbers.periods.append(Figured(context, total_of(answers[1])))
    if campaign_id is not None:
        by_stream, streams = answers[-2], answers[-1]
        numbers.streams, numbers.offers = _streams_and_offers(by_stream, streams)
    return numbers


def _streams_and_offers(by_stream: Envelope, streams: Envelope
                        ) -> tuple[list[Named], list[Named]]:
    """A campaign's streams (as the tracker lists them, archived ones left out) with today's
    numbers, and its offers today, losing most first."""
    per_stream: dict[int, Figures] = {}
    per_offer: dict[int, tuple[str, Figures]] = {}
    for row in rows_of(by_stream):
        figures = Figures.of(row)
        stream = _int(row.get("stream_id"))
        per_stream[stream] = per_stream.get(stream, Figures()) + figures
        offer = _int(row.get("offer_id"))
        if offer:
            name, before = per_offer.get(offer, (_name(row.get("offer")), Figures()))
            per_offer[offer] = (name, before + figures)
    listed = streams.data if streams.success and isinstance(streams.data, list) else []
    found = [Named(key=s["id"], name=_name(s.get("name")),
                   figures=per_stream.get(s["id"], Figures()),
                   state=str(s.get("state") or ""),
                   weight=number(s.get("weight")))
             for s in listed if isinstance(s, dict) and isinstance(s.get("id"), int)
             and s.get("state") != "deleted"]
    offers = [Named(key=k, name=name, figures=f) for k, (name, f) in per_offer.items()]
    offers.sort(key=lambda o: (o.figures.profit, -o.figures.cost))
    return found, offers


async def trend(client: Reader, body: dict[str, Any], metric: str, span: Span, zone: str
                ) -> tuple[list[str], list[float]] | ErrorInfo:
    """`metric` of a report's scope per day (per hour for one day): labels and values, or
    the tracker's reason when it failed."""
    unit = "hour" if span.days == 1 else "day"
    metrics = list(METRICS) + ([metric] if metric not in METRICS and metric != "epc" else [])
    query = {"grouping": [unit], "metrics": metrics, "sort": [{"name": unit, "order": "ASC"}],
             "limit": ROWS}
    filters = body.get("filters")
    if isinstance(filters, list) and filters:
        query["filters"] = filters
    envelope = await build(client, query, span, zone, ROWS)
    reason = failure(envelope)
    if reason is not None:
        return reason
    found = {_bucket(r.get(unit), unit): r for r in rows_of(envelope)}
    if unit == "hour":
        keys = [str(h) for h in range(24)]
        labels = [f"{h:02d}" for h in range(24)]
    else:
        keys = [(span.start.date() + timedelta(days=n)).isoformat() for n in range(span.days)]
        labels = [k[5:] for k in keys]
    values = [metric_value(found[k], metric) if k in found else None for k in keys]
    return labels, [v if v is not None else 0.0 for v in values]


def _bucket(value: Any, unit: str) -> str:
    text = str(value or "")
    if unit == "day":
        return text[:10]
    tail = text.rsplit(" ", 1)[-1].split(":", maxsplit=1)[0]
    return str(int(tail)) if tail.isdigit() else text


async def filled_sub_ids(client: Reader, scope: list[Slice], span: Span, zone: str
                         ) -> list[str] | ErrorInfo:
    """The sub ids the tracker fills for clicks of this scope and period (a sample of the
    click log), or the tracker's reason when it failed."""
    body: dict[str, Any] = {"columns": list(SUB_ID_DIMS), "limit": SAMPLE,
                            "range": span.body_range(zone),
                            "sort": [{"name": "datetime", "order": "DESC"}]}
    filters = _filters(scope)
    if filters:
        body["filters"] = filters
    envelope = await client.execute("clicks.log", {"range": span.dates(), "data": body},
                                    max_rows=SAMPLE)
    reason = failure(envelope)
    if reason is not None:
        return reason
    rows = rows_of(envelope)
    return [name for name in SUB_ID_DIMS
            if any(r.get(name) not in (None, "") for r in rows)]


def _name(value: Any) -> str:
    """A tracker's name as shown: without invisible characters that could reorder it."""
    return " ".join(strip_invisible(str(value or "")).split())


def _int(value: Any) -> int:
    found = number(value)
    return int(found) if found is not None and found.is_integer() else 0
