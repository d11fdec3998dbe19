"""The postback URL as 9.x answers and queues it (API-NOTES §11.1-11.4), and conversions
and clicks that appear over time."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from keitaro_sandbox import ManualClock, Sandbox
from tests.sandbox_fixtures import NOW, POSTBACK_KEY, Http, serving

POSTBACK = f"/{POSTBACK_KEY}/postback"


async def _postback(http: Http, **query: Any) -> tuple[int, str, str]:
    reply = await http.get(POSTBACK, raw=True, key=None,
                           params={k: str(v) for k, v in query.items()})
    return reply.status, reply.content_type, reply.text


def fresh_click(sb: Sandbox, *, local: bool = False, skip: int = 0) -> str:
    """The sub id of a click on an offer (a local one: a fixed payout, no upsells; else a
    network's: payout from the postback, upsells allowed) that has no conversion yet."""
    clicks, conversions = sb.state.traffic.clicks, sb.state.traffic.conversions
    found = [i for i in range(len(clicks)) if clicks.offer[i]
             and (sb.state.offers[clicks.offer[i]]["offer_type"] == "local") == local
             and not conversions.by_click.get(i)]
    return clicks.sub_id(found[skip])


async def rows_of(http: Http, sub_id: str) -> list[dict[str, Any]]:
    """The conversions of one click, as `conversions/log` shows them."""
    reply = await http.post("/conversions/log", {
        "limit": 100, "range": {"interval": "all_time"},
        "columns": ["conversion_id", "sub_id", "status", "previous_status", "original_status",
                    "revenue", "currency", "tid", "cost"],
        "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": sub_id}]})
    return list(reply.json()["rows"])


def log_lines(sb: Sandbox, last: int) -> list[str]:
    return [row.message for row in sb.state.logs["postbacks"][-last:]]


async def test_success_is_answered_at_once_and_the_queue_writes_later() -> None:
    """§11.4: `Success` before anything is checked; the conversion appears only when the
    queue is processed, and only `conversions/log` and the postbacks log show it."""
    async with serving(clicks=300) as (sb, http):
        sub_id = fresh_click(sb)
        answer = await _postback(http, subid=sub_id, status="lead", payout="12.5",
                                 currency="eur", cost="1,5", sub_id_3="alice", tid="t-1")
        queued = await rows_of(http, sub_id)
        pending = sb.pending_postbacks
        processed = sb.process_postbacks()
        rows = await rows_of(http, sub_id)
    assert answer == (200, "text/plain", "Success")
    assert queued == [] and pending == 1 and sb.pending_postbacks == 0
    assert processed == [f"Subid {sub_id} complete"]
    assert [(r["status"], r["original_status"], r["revenue"], r["currency"], r["tid"],
             r["cost"]) for r in rows] == [("lead", "lead", 12.5, "EUR", "t-1", 1.5)]
    assert sb.state.traffic.conversions.items[-1].params == {"sub_id_3": "alice"}
    log = log_lines(sb, 3)
    assert log[0].startswith("Received postback http://127.0.0.1:")
    assert log[1] == f'Using "{sub_id}" as subid. Postback added to queue.'
    assert log[2] == f"Subid {sub_id} complete"


async def test_a_delay_processes_the_queue_by_itself() -> None:
    async with serving(clicks=300, postback_delay=0.05) as (sb, http):
        sub_id = fresh_click(sb)
        answer = await _postback(http, subid=sub_id, status="sale", payout="3")
        waited = 0.0
        while sb.pending_postbacks and waited < 5:
            await asyncio.sleep(0.02)
            waited += 0.02
        rows = await rows_of(http, sub_id)
    assert answer[2] == "Success" and sb.pending_postbacks == 0
    assert [(r["status"], r["revenue"]) for r in rows] == [("sale", 3.0)]


async def test_without_a_revenue_the_conversion_earns_nothing() -> None:
    """§11.1: a status change that carries no revenue parameter sets the revenue to 0; the
    revenue is the first present of its names."""
    async with serving(clicks=300) as (sb, http):
        first, second = fresh_click(sb), fresh_click(sb, skip=1)
        await _postback(http, subid=first, status="lead", payout="20")
        await _postback(http, subid=second, status="lead", amount="7", value="99")
        sb.process_postbacks()
        await _postback(http, subid=first, status="sale")  # no payout: revenue becomes 0
        await _postback(http, subid=second, status="sale", revenue="3", payout="9")
        sb.process_postbacks()
        zeroed, named = await rows_of(http, first), await rows_of(http, second)
    assert [(r["status"], r["previous_status"], r["revenue"]) for r in zeroed] == [
        ("sale", "lead", 0.0)]
    assert [(r["status"], r["revenue"]) for r in named] == [("sale", 3.0)]


async def test_statuses_are_mapped_and_unknown_ones_become_leads() -> None:
    """§11.2: lists looked up case-insensitively, anything else is a lead, no status is a
    sale; `*_status` parameters replace a list; an ignored status writes nothing."""
    async with serving(clicks=300) as (sb, http):
        sent = [{"status": "Approved"}, {"status": "weird"}, {}, {"status": "DECLINED"},
                {"status": "1"}, {"status": "paid", "sale_status": "paid,ok"},
                {"status": "approved", "sale_status": "paid,ok"},
                {"status": "hold", "rejected_status": "hold"}]
        subs = [fresh_click(sb, skip=n) for n in range(len(sent) + 2)]
        for sub_id, params in zip(subs, sent, strict=False):
            assert (await _postback(http, subid=sub_id, **params))[2] == "Success"
        await _postback(http, subid=subs[-2], status="off")
        await _postback(http, subid=subs[-1], status="ping", ignore_status="ping,test")
        outcomes = sb.process_postbacks()
        statuses = [[(r["status"], r["original_status"]) for r in await rows_of(http, s)]
                    for s in subs]
    assert statuses == [
        [("sale", "Approved")], [("lead", "weird")], [("sale", "sale")],
        [("rejected", "DECLINED")], [("sale", "1")], [("sale", "paid")],
        [("lead", "approved")],  # sale_status replaced the sale list
        [("rejected", "hold")], [], []]
    assert outcomes[-2:] == ["Postback ignored because 'off' status received",
                             "Postback ignored because 'ping' status received"]


async def test_what_the_queue_refuses_is_answered_success_and_only_logged() -> None:
    """§11.4: no click, a refused status change, a second sale on an offer without upsells:
    all answered `Success`, none changes anything; the postbacks log says why."""
    async with serving(clicks=300) as (sb, http):
        sub_id, local = fresh_click(sb), fresh_click(sb, local=True)
        await _postback(http, subid=sub_id, status="sale", payout="20")
        await _postback(http, subid=local, status="sale")
        sb.process_postbacks()
        before = len(sb.state.traffic.conversions)
        answers = [await _postback(http, subid="0000000000", status="sale"),
                   await _postback(http, subid=sub_id, status="lead", payout="20"),
                   await _postback(http, subid=local, status="sale", tid="second")]
        outcomes = sb.process_postbacks()
        rows = await rows_of(http, sub_id)
    assert {a for a in answers} == {(200, "text/plain", "Success")}
    assert outcomes == [
        'SubID "0000000000" not found. Postback ignored.',
        "Status transition from sale to lead is not allowed. Postback ignored.",
        "Conversion is already exists. Postback ignored."]
    assert len(sb.state.traffic.conversions) == before
    assert [(r["status"], r["revenue"]) for r in rows] == [("sale", 20.0)]
    assert log_lines(sb, 1) == [outcomes[-1]]


async def test_transaction_ids_pick_the_conversion() -> None:
    """§11.3: any of the tid names; the same tid updates that conversion, a new one adds a
    conversion (a rebill after a sale, where the offer counts upsells)."""
    async with serving(clicks=300) as (sb, http):
        sub_id = fresh_click(sb)
        await _postback(http, subid=sub_id, status="lead", payout="5", txid="a")
        sb.process_postbacks()
        await _postback(http, subid=sub_id, status="sale", payout="5", transaction_id="a")
        sb.process_postbacks()
        await _postback(http, subid=sub_id, status="sale", payout="2", receipt="b")
        await _postback(http, subid=sub_id, status="rejected", payout="2", trans_id="b")
        sb.process_postbacks()
        rows = await rows_of(http, sub_id)
    got = sorted((r["tid"], r["status"], r["previous_status"], r["revenue"]) for r in rows)
    assert got == [("a", "sale", "lead", 5.0), ("b", "rejected", "rebill", 2.0)]


async def test_a_fixed_payout_offer_keeps_its_payout() -> None:
    """§11.1: the postback's revenue counts only where the offer takes it (`payout_auto`)."""
    async with serving(clicks=300) as (sb, http):
        sub_id = fresh_click(sb, local=True)
        index = sb.state.traffic.clicks.find(sub_id)
        assert index is not None
        offer = sb.state.offers[sb.state.traffic.clicks.offer[index]]
        await _postback(http, subid=sub_id, status="lead", payout="99")
        sb.process_postbacks()
        rows = await rows_of(http, sub_id)
    assert [r["revenue"] for r in rows] == [float(offer["payout_value"])]


async def test_wrong_key_and_missing_sub_id_answer_200_with_the_reason() -> None:
    """§11.4: a wrong key answers 200 `Incorrect postback code (…)` (not 404); no sub id
    answers `Incorrect subid`; neither is queued."""
    async with serving(clicks=300) as (sb, http):
        sub_id = fresh_click(sb)
        wrong = await http.get("/wrong-key/postback", raw=True, key=None,
                               params={"subid": sub_id, "status": "sale"})
        empty = await _postback(http, status="sale", payout="1")
        pending = sb.pending_postbacks
    assert (wrong.status, wrong.content_type) == (200, "text/plain")
    assert wrong.text.startswith("Incorrect postback code (wrong-key in http://127.0.0.1:")
    assert wrong.text.endswith(f"/wrong-key/postback?subid={sub_id}&status=sale)")
    assert empty == (200, "text/plain", "Incorrect subid")
    assert pending == 0
    assert log_lines(sb, 1) == ['Incorrect subid "". Postback ignored.']


async def test_a_form_and_other_sub_id_names_are_read_too() -> None:
    """§11.4: the parameters of a POST form count as the query's (the query wins)."""
    async with serving(clicks=300) as (sb, http):
        form_sub, alias_sub = fresh_click(sb), fresh_click(sb, skip=1)
        form = await http.request(
            "POST", POSTBACK, raw=True, key=None, params={"status": "sale"},
            data=f"clickid={form_sub}&status=lead&payout=4",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        alias = await _postback(http, aff_sub=alias_sub, status="lead")
        sb.process_postbacks()
        rows = [await rows_of(http, s) for s in (form_sub, alias_sub)]
    assert (form.status, form.text, alias[2]) == (200, "Success", "Success")
    assert [[(r["status"], r["revenue"]) for r in got] for got in rows] == [
        [("sale", 4.0)], [("lead", 0.0)]]


async def test_the_return_parameter_shapes_the_answer() -> None:
    async with serving(clicks=300) as (sb, http):
        sub_id = fresh_click(sb)
        text = await _postback(http, subid=sub_id, status="lead", **{"return": "<OK>"})
        missing = await _postback(http, status="lead", **{"return": "jsonp"})
        pixel = await http.get(POSTBACK, raw=True, key=None,
                               params={"subid": sub_id, "return": "gif"})
    assert text == (200, "text/plain", "&lt;OK&gt;")
    assert missing[1:] == ("application/javascript",
                           'KTracking && KTracking.response("Incorrect subid")')
    assert (pixel.content_type, pixel.raw[:6]) == ("image/gif", b"GIF89a")


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
