"""The grid engine: clicks/log, conversions/log and report/build — filters, sort, paging,
ranges and time zones, grouping and metrics, and speed at 200k clicks."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from keitaro_sandbox import Sandbox
from tests.sandbox_fixtures import Http, connected, make_sandbox, serving

RANGE = {"from": "2026-11-01", "to": "2026-11-14", "timezone": "UTC"}
COLUMNS = ["click_id", "campaign_id", "country_code", "is_bot", "sub_id_1", "ip", "hour",
           "datetime", "os", "referrer", "landing_id", "is_lead", "revenue"]


async def _all_clicks(http: Http, **extra: Any) -> dict[str, Any]:
    body = {"range": RANGE, "limit": 100_000, "columns": COLUMNS, **extra}
    reply = await http.post("/clicks/log", body)
    assert reply.status == 200, reply.text
    return dict(reply.json())


Row = dict[str, Any]
FILTERS: list[tuple[str, str, Any, Callable[[Row], bool]]] = [
    ("EQUALS", "country_code", "us", lambda r: r["country_code"] == "US"),
    ("NOT_EQUAL", "campaign_id", 2, lambda r: r["campaign_id"] != 2),
    ("GREATER_THAN", "hour", 12, lambda r: r["hour"] > 12),
    ("LESS_THAN", "hour", "6", lambda r: r["hour"] < 6),
    ("EQUALS_OR_GREATER_THAN", "hour", 20, lambda r: r["hour"] >= 20),
    ("EQUALS_OR_LESS_THAN", "hour", 3, lambda r: r["hour"] <= 3),
    ("CONTAINS", "sub_id_1", "12", lambda r: "12" in r["sub_id_1"]),
    ("NOT_CONTAIN", "os", "I", lambda r: "i" not in r["os"].lower()),
    ("BEGINS_WITH", "ip", "1", lambda r: r["ip"].startswith("1")),
    ("ENDS_WITH", "sub_id_1", "5", lambda r: r["sub_id_1"].endswith("5")),
    ("IN_LIST", "country_code", ["US", "de"], lambda r: r["country_code"] in ("US", "DE")),
    ("IN_LIST", "campaign_id", "1,3", lambda r: r["campaign_id"] in (1, 3)),
    ("NOT_IN_LIST", "campaign_id", [1, 2, 3], lambda r: r["campaign_id"] not in (1, 2, 3)),
    ("BETWEEN", "hour", [9, 17], lambda r: 9 <= r["hour"] <= 17),
    ("BETWEEN", "datetime", ["2026-11-03 00:00:00", "2026-11-04 12:00:00"],
     lambda r: "2026-11-03 00:00:00" <= r["datetime"] <= "2026-11-04 12:00:00"),
    ("IS_TRUE", "is_bot", None, lambda r: r["is_bot"] == 1),
    ("IS_FALSE", "is_bot", None, lambda r: r["is_bot"] == 0),
    ("IS_SET", "referrer", None, lambda r: r["referrer"] != ""),
    ("IS_NOT_SET", "landing_id", None, lambda r: r["landing_id"] == 0),
    ("MATCH_REGEXP", "sub_id_1", "/^ad-1[0-2][0-9]$/",
     lambda r: re.match(r"^ad-1[0-2][0-9]$", r["sub_id_1"]) is not None),
    ("NOT_MATCH_REGEXP", "os", "dows", lambda r: "dows" not in r["os"]),
    ("IP_BEGINS_WITH", "ip", "12", lambda r: r["ip"].startswith("12")),
    ("HAS_LABEL", "country_code", "blacklist",
     lambda r: r["campaign_id"] == 2 and r["country_code"] == "DE"),
    ("NOT_HAS_LABEL", "country_code", "blacklist",
     lambda r: not (r["campaign_id"] == 2 and r["country_code"] == "DE")),
]


@pytest.fixture(scope="module")
def shared() -> Sandbox:
    """One read-only sandbox for the filter cases (they change nothing)."""
    sb = make_sandbox()
    sb.state.labels[(2, "country_code")] = {"DE": "blacklist", "US": "whitelist"}
    return sb


@pytest.mark.parametrize(("operator", "name", "expression", "keep"), FILTERS,
                         ids=[f"{f[0]}-{f[1]}" for f in FILTERS])
async def test_filter_operators(shared: Sandbox, operator: str, name: str, expression: Any,
                                keep: Callable[[Row], bool]) -> None:
    flt: dict[str, Any] = {"name": name, "operator": operator}
    if expression is not None:
        flt["expression"] = expression
    async with connected(shared) as http:
        everything = (await _all_clicks(http))["rows"]
        answer = await _all_clicks(http, filters=[flt])
    expected = {r["click_id"] for r in everything if keep(r)}
    assert 0 < len(expected) < len(everything), "the case must select some rows, not all"
    assert {r["click_id"] for r in answer["rows"]} == expected
    assert answer["total"] == len(expected)


async def test_filters_combine_with_and_and_validate() -> None:
    async with serving() as (_, http):
        both = await _all_clicks(http, filters=[
            {"name": "country_code", "operator": "EQUALS", "expression": "US"},
            {"name": "is_bot", "operator": "IS_FALSE"}])
        unknown_op = await http.post("/clicks/log", {"limit": 5, "filters": [
            {"name": "ip", "operator": "LIKE", "expression": "1"}]})
        unknown_col = await http.post("/clicks/log", {"limit": 5, "filters": [
            {"name": "nope", "operator": "EQUALS", "expression": "1"}]})
        no_expr = await http.post("/clicks/log", {"limit": 5, "filters": [
            {"name": "ip", "operator": "EQUALS"}]})
        bad_regexp = await http.post("/clicks/log", {"limit": 5, "filters": [
            {"name": "ip", "operator": "MATCH_REGEXP", "expression": "(("}]})
        between = await http.post("/clicks/log", {"limit": 5, "filters": [
            {"name": "hour", "operator": "BETWEEN", "expression": [1]}]})
    assert all(r["country_code"] == "US" and r["is_bot"] == 0 for r in both["rows"])
    assert unknown_op.status == 402 and "IN_LIST" in unknown_op.json()["error"]
    assert unknown_col.status == 402 and "country_code" in unknown_col.json()["error"]
    assert no_expr.status == bad_regexp.status == between.status == 402


async def test_columns_sort_and_paging() -> None:
    async with serving() as (_, http):
        full = await _all_clicks(http, sort=[{"name": "country_code", "order": "ASC"},
                                             {"name": "click_id", "order": "DESC"}])
        pages: list[Row] = []
        for offset in range(0, full["total"] + 1, 250):
            page = (await http.post("/clicks/log", {
                "range": RANGE, "limit": 250, "offset": offset, "columns": COLUMNS,
                "sort": [{"name": "country_code", "order": "asc"},
                         {"name": "click_id", "order": "DESC"}]})).json()
            assert page["total"] == full["total"]
            pages.extend(page["rows"])
        hidden_sort = (await http.post("/clicks/log", {
            "range": RANGE, "limit": 5, "columns": ["click_id"],
            "sort": [{"name": "os", "order": "DESC"}]})).json()
        every_column = (await http.post("/clicks/log", {"limit": 1})).json()
        unknown = await http.post("/clicks/log", {"limit": 1, "columns": ["click_id", "zzz"]})
        bad_order = await http.post("/clicks/log", {"limit": 1, "sort": [
            {"name": "click_id", "order": "UP"}]})
        bad_limit = await http.post("/clicks/log", {"limit": -1})
        nothing = await http.post("/clicks/log", {"columns": ["click_id"]})
    rows = full["rows"]
    assert rows == sorted(rows, key=lambda r: (r["country_code"], -r["click_id"]))
    assert pages == rows
    assert [r["click_id"] for r in hidden_sort["rows"]] == sorted(
        r["click_id"] for r in hidden_sort["rows"])  # sort on a hidden column is dropped
    assert {"click_id", "sub_id", "datetime", "campaign", "stream", "offer", "landing", "ts",
            "country", "ip", "user_agent", "is_bot", "is_unique_campaign", "sub_id_1",
            "sub_id_30", "cost", "revenue"} <= set(every_column["rows"][0])
    assert unknown.status == 402 and "click_id" in unknown.json()["error"]
    assert bad_order.status == bad_limit.status == 402
    assert nothing.status == 402
    assert nothing.json() == {"error": 'You must provide "range" or "limit"'}


def _day_counts(sb: Sandbox, tz: str) -> dict[str, int]:
    zone = ZoneInfo(tz)
    counts: dict[str, int] = {}
    for ts in sb.state.traffic.clicks.ts:
        day = datetime.fromtimestamp(ts, zone).date().isoformat()
        counts[day] = counts.get(day, 0) + 1
    return counts


@pytest.mark.parametrize(("interval", "first", "last"), [
    ("today", "2026-11-15", "2026-11-15"), ("yesterday", "2026-11-14", "2026-11-14"),
    ("7_days_ago", "2026-11-08", "2026-11-15"),
    ("first_day_of_this_month", "2026-11-01", "2026-11-15"),
    ("first_day_of_this_week", "2026-11-09", "2026-11-15"),
    ("1_month_ago", "2026-10-15", "2026-11-15"), ("all_time", "2000-01-01", "2026-11-15"),
])
async def test_interval_presets(interval: str, first: str, last: str) -> None:
    async with serving() as (sb, http):
        answer = (await http.post("/clicks/log", {
            "range": {"interval": interval, "timezone": "UTC"}, "limit": 100_000,
            "columns": ["datetime"]})).json()
    counts = _day_counts(sb, "UTC")
    assert answer["total"] == sum(n for day, n in counts.items() if first <= day <= last) > 0
    days = {r["datetime"][:10] for r in answer["rows"]}
    assert min(days) >= first and max(days) <= last


async def test_time_zones_and_bounds() -> None:
    async with serving() as (sb, http):
        tokyo = (await http.post("/clicks/log", {
            "range": {"from": "2026-11-10", "to": "2026-11-10", "timezone": "Asia/Tokyo"},
            "limit": 100_000, "columns": ["datetime", "day", "hour"]})).json()
        minutes = (await http.post("/clicks/log", {
            "range": {"from": "2026-11-10 10:30", "to": "2026-11-10 11:00"},
            "limit": 100_000, "columns": ["datetime"]})).json()
        limit_only = (await http.post("/clicks/log", {"limit": 3})).json()
        errors = [await http.post("/clicks/log", {"range": r, "limit": 1}) for r in (
            {}, {"from": "10.11.2026"}, {"interval": "fortnight"}, {"timezone": "Mars/Base",
                                                                   "from": "2026-11-01"},
            {"from": "2026-11-05", "to": "2026-11-01"}, "yesterday")]
    assert tokyo["total"] == _day_counts(sb, "Asia/Tokyo")["2026-11-10"]
    assert all(r["datetime"].startswith("2026-11-10") and r["day"] == "2026-11-10"
               for r in tokyo["rows"])
    assert {r["hour"] for r in tokyo["rows"]} <= set(range(24))
    assert all("2026-11-10 10:30:00" <= r["datetime"] <= "2026-11-10 11:00:59"
               for r in minutes["rows"])
    assert limit_only["total"] == len(sb.state.traffic.clicks)
    assert [e.status for e in errors] == [402] * 6  # 9.x: every exception


async def test_report_groups_and_metrics_and_drops_measures() -> None:
    async with serving() as (sb, http):
        body = {"range": RANGE, "grouping": ["campaign", "campaign_id"],
                "metrics": ["clicks", "campaign_unique_clicks", "conversions", "leads", "sales",
                            "rejected", "revenue", "cost", "profit", "roi", "cr", "epc"],
                "sort": [{"name": "clicks", "order": "DESC"}], "summary": True}
        report = (await http.post("/report/build", body)).json()
        aliased = (await http.post("/report/build", {
            **{k: v for k, v in body.items() if k not in ("grouping", "metrics")},
            "dimensions": body["grouping"], "measures": body["metrics"]})).json()
        total_clicks = (await _all_clicks(http))["total"]
        paged = (await http.post("/report/build", {**body, "limit": 2, "offset": 1})).json()
    rows = report["rows"]
    assert [r["clicks"] for r in rows] == sorted((r["clicks"] for r in rows), reverse=True)
    assert sum(r["clicks"] for r in rows) == total_clicks == report["summary"]["clicks"]
    # 9.x reads `dimensions` as `grouping` but drops `measures` (API-NOTES §11.9)
    assert {(r["campaign"], r["campaign_id"]) for r in aliased["rows"]} == {
        (r["campaign"], r["campaign_id"]) for r in rows}
    assert all(set(r) == {"campaign", "campaign_id"} for r in aliased["rows"])
    assert paged["total"] == report["total"] == len(rows) and paged["rows"] == rows[1:3]
    start = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
    end = int(datetime(2026, 11, 15, tzinfo=UTC).timestamp())
    clicks = sb.state.traffic.clicks
    for row in rows:
        mine = [c for c in sb.state.traffic.conversions.items
                if start <= clicks.ts[c.click] < end
                and clicks.routes[clicks.route[c.click]].campaign_id == row["campaign_id"]]
        assert row["conversions"] == len(mine)
        assert row["leads"] + row["sales"] + row["rejected"] <= row["conversions"]
        assert row["revenue"] == pytest.approx(
            sum(c.revenue for c in mine if c.status != "rejected"))
        assert row["profit"] == pytest.approx(row["revenue"] - row["cost"], abs=1e-3)
        if row["cost"]:
            assert row["roi"] == pytest.approx(row["profit"] / row["cost"] * 100, abs=0.01)
        assert row["cr"] == pytest.approx(row["conversions"] / row["clicks"] * 100, abs=0.01)
        assert row["epc"] == pytest.approx(row["revenue"] / row["clicks"], abs=1e-4)
    assert report["summary"]["revenue"] == pytest.approx(sum(r["revenue"] for r in rows))


async def test_report_filters_and_errors() -> None:
    async with serving() as (_, http):
        busy = (await http.post("/report/build", {
            "range": RANGE, "grouping": ["country_code"], "metrics": ["clicks"],
            "filters": [{"name": "clicks", "operator": "GREATER_THAN", "expression": 100},
                        {"name": "is_bot", "operator": "IS_FALSE"}]})).json()
        by_day = (await http.post("/report/build", {
            "range": {**RANGE, "timezone": "America/New_York"}, "grouping": ["day"],
            "metrics": ["clicks"], "sort": [{"name": "day", "order": "ASC"}]})).json()
        columns_only = (await http.post("/report/build", {
            "range": RANGE, "columns": ["ts", "clicks", "bots"]})).json()
        future = (await http.post("/report/build", {
            "range": {"from": "2027-01-01", "to": "2027-01-02"}, "grouping": ["campaign"],
            "metrics": ["clicks"]})).json()
        no_grouping = (await http.post("/report/build", {
            "range": RANGE, "metrics": ["clicks", "revenue"]})).json()
        bad_dimension = await http.post("/report/build", {"grouping": ["nope"],
                                                          "metrics": ["clicks"]})
        bad_metric = await http.post("/report/build", {"grouping": ["campaign"],
                                                       "metrics": ["likes"]})
        empty = await http.post("/report/build", {"range": RANGE})
        hidden_metric = await http.post("/report/build", {
            "range": RANGE, "grouping": ["campaign"], "metrics": ["clicks"],
            "filters": [{"name": "revenue", "operator": "GREATER_THAN", "expression": 1}]})
    assert busy["rows"] and all(r["clicks"] > 100 for r in busy["rows"])
    assert [r["day"] for r in by_day["rows"]] == sorted(r["day"] for r in by_day["rows"])
    assert by_day["rows"][0]["day"] == "2026-11-01"
    assert set(columns_only["rows"][0]) == {"ts", "clicks", "bots"}
    assert future == {"rows": [], "total": 0, "meta": future["meta"]}
    assert len(no_grouping["rows"]) == 1
    assert bad_dimension.status == 402 and "country_code" in bad_dimension.json()["error"]
    assert bad_metric.status == 402 and "campaign_unique_clicks" in bad_metric.json()["error"]
    assert empty.status == 402 and hidden_metric.status == 402


async def test_conversion_log() -> None:
    async with serving() as (sb, http):
        columns = ["conversion_id", "sub_id", "click_id", "status", "previous_status",
                   "revenue", "tid", "postback_datetime", "click_datetime", "campaign",
                   "offer"]
        log = (await http.post("/conversions/log", {
            "range": RANGE, "limit": 10_000, "columns": columns,
            "sort": [{"name": "postback_datetime", "order": "DESC"}]})).json()
        sales = (await http.post("/conversions/log", {
            "range": RANGE, "limit": 10_000, "columns": ["status"],
            "filters": [{"name": "status", "operator": "EQUALS", "expression": "sale"}]})).json()
        no_range = await http.post("/conversions/log", {"columns": ["status"]})
    rows = log["rows"]
    assert rows and set(rows[0]) == set(columns)
    assert [r["postback_datetime"] for r in rows] == sorted(
        (r["postback_datetime"] for r in rows), reverse=True)
    assert all("2026-11-01" <= r["postback_datetime"][:10] <= "2026-11-14" for r in rows)
    for row in rows:
        conversion = sb.state.traffic.conversions.items[row["conversion_id"] - 1]
        assert row["sub_id"] == sb.sub_id(conversion.click)
        assert row["click_id"] == conversion.click + 1
        assert row["click_datetime"] <= row["postback_datetime"]
    assert sales["rows"] and {r["status"] for r in sales["rows"]} == {"sale"}
    assert no_range.status == 402


async def test_numbers_as_strings() -> None:
    async with serving(clicks=300, string_numbers=True) as (_, http):
        report = (await http.post("/report/build", {
            "range": RANGE, "grouping": ["campaign_id"], "metrics": ["clicks", "revenue"],
            "summary": True})).json()
    row = report["rows"][0]
    assert isinstance(row["campaign_id"], str) and isinstance(row["clicks"], str)
    assert re.fullmatch(r"\d+\.\d{4}", row["revenue"])
    assert isinstance(report["summary"]["clicks"], str)


async def test_two_hundred_thousand_clicks_stay_cheap() -> None:
    started = time.perf_counter()
    sb = make_sandbox(clicks=200_000)
    built = time.perf_counter() - started
    assert built < 5.0
    timings: list[float] = []
    async with connected(sb) as http:
        for body in (
            {"range": {"interval": "all_time"}, "limit": 5000, "offset": 150_000,
             "sort": [{"name": "datetime", "order": "DESC"}],
             "columns": ["click_id", "sub_id", "datetime", "campaign", "country", "ip"]},
            {"range": {"interval": "7_days_ago"}, "limit": 1000, "offset": 2000,
             "columns": ["click_id", "country_code"],
             "filters": [{"name": "country_code", "operator": "IN_LIST",
                          "expression": ["US", "DE"]}]},
        ):
            began = time.perf_counter()
            reply = await http.post("/clicks/log", body)
            timings.append(time.perf_counter() - began)
            assert reply.status == 200 and len(reply.json()["rows"]) == body["limit"]
        last = (await http.post("/clicks/log", {"limit": 1, "columns": ["click_id"],
                                                "offset": 199_999})).json()
        began = time.perf_counter()
        report = await http.post("/report/build", {
            "range": {"interval": "all_time"}, "grouping": ["day"],
            "metrics": ["clicks", "conversions", "revenue"]})
        timings.append(time.perf_counter() - began)
    assert last["total"] == 200_000 and last["rows"] == [{"click_id": 200_000}]
    assert report.status == 200 and len(report.json()["rows"]) >= 30
    assert timings[0] < 1.0 and timings[1] < 2.0 and timings[2] < 4.0, timings
