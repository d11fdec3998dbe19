"""The postback URL, status transitions, and conversions and clicks that appear over time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from keitaro_sandbox import ManualClock
from tests.sandbox_fixtures import NOW, POSTBACK_KEY, Http, serving

POSTBACK = f"/{POSTBACK_KEY}/postback"


async def _postback(http: Http, **query: Any) -> tuple[int, str, str]:
    reply = await http.get(POSTBACK, raw=True, key=None,
                           params={k: str(v) for k, v in query.items()})
    return reply.status, reply.content_type, reply.text


async def test_postback_creates_then_updates_a_conversion() -> None:
    async with serving(clicks=300) as (sb, http):
        sub_id = sb.sub_id(11)
        count = len(sb.state.traffic.conversions)
        created = await _postback(http, subid=sub_id, status="lead", payout="12.5",
                                  currency="eur", cost="1.5", sub_id_3="alice")
        conversion = sb.state.traffic.conversions.items[-1]
        upgraded = await _postback(http, subid=sub_id, status="sale", payout="20")
        backwards = await _postback(http, subid=sub_id, status="lead")
        rebill = await _postback(http, subid=sub_id, status="sale", tid="rb-1", payout="5",
                                 **{"return": "OK"})
        rejected = await _postback(http, subid=sub_id, status="rejected", tid="rb-1")
        log = (await http.post("/conversions/log", {
            "limit": 100, "columns": ["conversion_id", "sub_id", "status", "previous_status",
                                      "revenue", "tid", "original_status"],
            "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": sub_id}]})
               ).json()
    assert created == (200, "text/plain", "Success")
    assert len(sb.state.traffic.conversions) == count + 2
    assert (conversion.status, conversion.previous_status, conversion.revenue) == (
        "sale", "lead", 20.0)
    assert (conversion.currency, conversion.cost, conversion.params) == (
        "EUR", 1.5, {"sub_id_3": "alice"})
    assert upgraded[0] == 200
    assert backwards == (200, "text/plain", "Status transition from sale to lead is not "
                                            "allowed. Postback ignored.")
    assert rebill[2] == "OK"
    assert rejected[2] == "Success"
    statuses = {row["tid"]: (row["status"], row["previous_status"]) for row in log["rows"]}
    assert statuses[""] == ("sale", "lead") and statuses["rb-1"] == ("rejected", "sale")
    messages = [row.message for row in sb.state.logs["postbacks"][-5:]]
    assert "created" in messages[0] and "not allowed" in messages[2]


async def test_postback_errors_and_status_mapping() -> None:
    async with serving(clicks=300) as (sb, http):
        sub_id = sb.sub_id(20)
        before = len(sb.state.traffic.conversions)
        empty = await _postback(http, status="sale")
        unknown = await _postback(http, subid="0000000000")
        garbage = await _postback(http, subid="not-a-sub-id")
        ignored = await _postback(http, subid=sub_id, status="ping", ignore_status="ping,test")
        custom = await _postback(http, subid=sub_id, status="weird")
        mapped = await _postback(http, subid=sub_id, status="approved",
                                 sale_status="approved,paid", payout="7")
        default = await _postback(http, subid=sb.sub_id(21))
        wrong_key = await http.get("/wrong-key/postback", raw=True, key=None,
                                   params={"subid": sub_id})
        form = await http.request("POST", POSTBACK, raw=True, key=None,
                                  data=f"subid={sb.sub_id(22)}&status=lead",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert empty == (200, "text/plain", 'Incorrect subid "". Postback ignored.')
    assert unknown[2] == 'SubID "0000000000" not found. Postback ignored.'
    assert garbage[0] == 200 and "not found" in garbage[2]
    assert "ignored" in ignored[2] and "Unknown status" in custom[2]
    assert mapped[2] == "Success"
    items = sb.state.traffic.conversions.items
    assert (items[before].status, items[before].original_status) == ("sale", "approved")
    assert default[2] == "Success" and items[before + 1].status == "sale"
    assert wrong_key.status == 404
    assert form.status == 200 and items[before + 2].status == "lead"
    assert len(items) == before + 3


async def test_conversions_appear_when_the_clock_reaches_them() -> None:
    clock = ManualClock(NOW)
    async with serving(clicks=300, clock=clock) as (sb, http):
        later = NOW + timedelta(hours=2)
        added = sb.add_conversion(sb.sub_id(5), status="sale", revenue=99.0, at=later,
                                  tid="t-1")
        also = sb.add_conversion(6, status="lead", revenue=3.0)
        query = {"range": {"interval": "today"}, "limit": 100,
                 "columns": ["conversion_id", "revenue"]}
        before = (await http.post("/conversions/log", query)).json()
        clock.advance(hours=3)
        after = (await http.post("/conversions/log", query)).json()
        day = sb.state.traffic.clicks.ts[5]
        report = (await http.post("/report/build", {
            "range": {"interval": "all_time"}, "metrics": ["revenue", "sales"],
            "filters": [{"name": "click_id", "operator": "EQUALS", "expression": 6}]})).json()
    ids = {row["conversion_id"] for row in before["rows"]}
    assert also["conversion_id"] in ids and added["conversion_id"] not in ids
    assert added["conversion_id"] in {row["conversion_id"] for row in after["rows"]}
    assert added["sub_id"] == sb.sub_id(5) and added["postback_datetime"] == (
        "2026-11-15 14:00:00")
    assert day < int(NOW.timestamp())
    assert report["rows"][0]["revenue"] >= 3.0


async def test_new_clicks_show_up_in_today_report() -> None:
    clock = ManualClock(NOW)
    async with serving(clicks=300, clock=clock) as (sb, http):
        query = {"range": {"interval": "today"}, "grouping": ["campaign_id"],
                 "metrics": ["clicks", "conversions", "revenue"],
                 "filters": [{"name": "campaign_id", "operator": "EQUALS", "expression": 4}]}
        first = (await http.post("/report/build", query)).json()
        clock.advance(minutes=10)
        sub_ids = [sb.add_click(4, country="GB") for _ in range(3)]
        sb.add_conversion(sub_ids[0], status="sale", revenue=12.0)
        future = sb.add_click(4, at=clock() + timedelta(hours=1))
        second = (await http.post("/report/build", query)).json()
        status, _, text = await _postback(http, subid=sub_ids[1], status="lead", payout="4")
    clicks = first["rows"][0]["clicks"] if first["rows"] else 0
    assert second["rows"][0]["clicks"] == clicks + 3  # the future click is not there yet
    assert second["rows"][0]["revenue"] >= 12.0
    assert future not in sub_ids and (status, text) == (200, "Success")
    with pytest.raises(ValueError):
        sb.add_click(4, at=NOW - timedelta(days=1))  # older than the last click
