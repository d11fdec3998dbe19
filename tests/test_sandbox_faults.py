"""Fault injection and request recording of the sandbox."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from keitaro_sandbox import FAULT_KINDS
from tests.sandbox_fixtures import API, API_KEY, POSTBACK_KEY, make_sandbox, serving


async def test_status_body_content_type_and_headers() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/campaigns$", status=503, body="<html>down</html>",
                      content_type="text/html", headers={"Retry-After": "3"})
        sb.faults.add("GET", r"/offers$", status=418, body={"error": "teapot"})
        sb.faults.add("GET", r"/domains$", status=200, body=b"\x00\x01")
        sb.faults.add(None, r"/users", status=200, body="null",
                      content_type="application/json")
        html = await http.get("/campaigns")
        teapot = await http.get("/offers")
        raw = await http.get("/domains")
        null = await http.post("/users", {"login": "z"})
        normal = await http.get("/campaigns")
    assert (html.status, html.content_type, html.text) == (503, "text/html", "<html>down</html>")
    assert html.headers["Retry-After"] == "3"
    assert (teapot.status, teapot.json()) == (418, {"error": "teapot"})
    assert raw.content_type == "application/octet-stream" and raw.raw == b"\x00\x01"
    assert null.text == "null" and null.content_type == "application/json"
    assert normal.status == 200 and len(sb.state.users) == 3  # the faulted POST did nothing


async def test_times_skip_and_counters() -> None:
    async with serving(clicks=50) as (sb, http):
        fault = sb.faults.add("GET", r"/campaigns/\d+$", status=500, body="x", times=2, skip=1)
        statuses = [(await http.get(f"/campaigns/{n}")).status for n in (1, 2, 3, 4, 5)]
        forever = sb.faults.add("DELETE", "", status=502, times=0)
        deletes = [(await http.delete("/campaigns/1")).status for _ in range(4)]
    assert statuses == [200, 500, 500, 200, 200]
    assert (fault.seen, fault.hits, fault.exhausted) == (3, 2, True)
    assert deletes == [502] * 4 and forever.hits == 4 and not forever.exhausted
    assert sb.state.campaigns[1]["state"] == "active"


async def test_delay_then_normal_answer_or_status() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/campaigns/1$", delay=0.3)
        sb.faults.add("GET", r"/campaigns/2$", delay=0.2, status=504, body="late")
        started = time.perf_counter()
        slow = await http.get("/campaigns/1")
        middle = time.perf_counter()
        late = await http.get("/campaigns/2")
        ended = time.perf_counter()
    assert slow.status == 200 and slow.json()["id"] == 1 and middle - started >= 0.3
    assert (late.status, late.text) == (504, "late") and ended - middle >= 0.2


async def test_dropped_connection_has_no_http_answer() -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("POST", r"/campaigns/1/disable$", drop=True)
    async with sb.running() as base, aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ServerDisconnectedError):
            async with session.post(f"{base}{API}/campaigns/1/disable",
                                    headers={"Api-Key": API_KEY}) as response:
                await response.read()
        async with session.post(f"{base}{API}/campaigns/1/disable",
                                headers={"Api-Key": API_KEY}) as response:
            assert response.status == 200
    assert sb.count("POST", "/disable$") == 2
    assert sb.state.campaigns[1]["state"] == "disabled"


async def test_every_request_is_recorded_in_order() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/offers$", status=500)
        await http.get("/campaigns", key="wrong")
        await http.get("/nope")
        await http.get("/offers")
        await http.put("/campaigns/1", {"name": "R"}, params={"x": "1"})
        await http.request("POST", "/groups", data="name=G&type=offers",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        await http.request("POST", "/groups", data="{not json",
                           headers={"Content-Type": "application/json"})
        await http.get(f"/{POSTBACK_KEY}/postback", raw=True, key=None,
                       params={"subid": sb.sub_id(1)})
        assert sb.in_flight == 0
    requests = sb.requests
    assert [(r.method, r.path) for r in requests] == [
        ("GET", f"{API}/campaigns"), ("GET", f"{API}/nope"), ("GET", f"{API}/offers"),
        ("PUT", f"{API}/campaigns/1"), ("POST", f"{API}/groups"), ("POST", f"{API}/groups"),
        ("GET", f"/{POSTBACK_KEY}/postback")]
    assert requests[0].headers["Api-Key"] == "wrong"
    assert requests[3].body == {"name": "R"} and requests[3].query == {"x": "1"}
    assert requests[4].body == {"name": "G", "type": "offers"}
    assert requests[5].body == "{not json"
    assert requests[1].body is None and requests[6].query == {"subid": sb.sub_id(1)}
    assert sb.count() == 7 and sb.count("post") == 2 and sb.count(None, r"/groups$") == 2
    assert sb.count("GET", r"^/admin_api/v1/(campaigns|offers)$") == 2
    sb.reset_requests()
    assert sb.requests == [] and sb.count() == 0


async def test_named_kinds_and_clear() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add_kind("blocked", "GET", r"/campaigns$")
        sb.faults.add_kind("rate_limited", path=r"/offers$", times=0)
        blocked = await http.get("/campaigns")
        limited = [(await http.get("/offers")).status for _ in range(2)]
        with pytest.raises(ValueError):
            sb.faults.add_kind("meteor")
        sb.faults.clear()
        after = await http.get("/offers")
    assert blocked.status == 403 and "cf-ray" in {k.lower() for k in blocked.headers}
    assert limited == [429, 429] and after.status == 200


async def test_random_faults_are_deterministic_and_cover_every_kind() -> None:
    async def run() -> list[tuple[str, str, str]]:
        async with serving(clicks=50) as (sb, http):
            chaos = sb.faults.random(0.5, seed=7, kinds=[k for k in FAULT_KINDS
                                                          if k not in ("timeout", "dropped")])
            for n in range(240):
                await http.get(f"/campaigns/{1 + n % 8}")
            return list(chaos.injected)

    first, second = await run(), await run()
    assert first == second
    assert 90 <= len(first) <= 150
    assert {kind for kind, _, _ in first} == set(FAULT_KINDS) - {"timeout", "dropped"}
    with pytest.raises(ValueError):
        make_sandbox(clicks=10).faults.random(0.1, seed=1, kinds=["nope"])


async def test_random_timeouts_and_drops() -> None:
    async with serving(clicks=50) as (sb, http):
        chaos = sb.faults.random(1.0, seed=3, kinds=["timeout", "dropped"], method="GET",
                                 path=r"/offers/\d+$", delay=0.05)
        ok = await http.get("/campaigns/1")
        outcomes = []
        for _ in range(6):
            try:
                outcomes.append((await http.get("/offers/1")).status)
            except aiohttp.ClientError:
                outcomes.append(0)
    assert ok.status == 200
    kinds = [kind for kind, _, _ in chaos.injected]
    assert {"timeout", "dropped"} <= set(kinds)
    assert len(kinds) >= 6
    assert {o for o in outcomes} <= {0, 200}


async def test_many_concurrent_requests_are_counted_in_flight() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/campaigns/\d+$", delay=0.1, times=0)
        await asyncio.gather(*(http.get(f"/campaigns/{n}") for n in range(1, 7)))
        assert sb.peak_in_flight == 6 and sb.in_flight == 0
        sb.reset_requests()
        assert sb.peak_in_flight == 0
