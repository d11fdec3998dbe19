"""Every error the wire can produce, made by the sandbox (or its fault injection) and checked
against the client's classification; retries, concurrency and secrecy of the keys."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import Any

import pytest

from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind, KeitaroError
from keitaro_sandbox import Sandbox
from tests.sandbox_fixtures import API_KEY, POSTBACK_KEY, client_for, make_sandbox

GET_ONE = ("campaigns.get", {"id": 1})
CAMPAIGN = r"^/admin_api/v1/campaigns/1$"
HTML_500 = ("<!DOCTYPE html><html><head><title>Error</title></head><body>An error occurred. "
            "Please check Maintenance &gt; Log</body></html>")
CLOUDFLARE = ("<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title>"
              "</head><body>error code: 1010</body></html>")
NGINX = "<html><head><title>{0}</title></head><body><center><h1>{0}</h1></center></body></html>"
ALIASED_BODY = {"alias": ['"fb-us-ios-nutra" is already used by #1']}

WIRE_ERRORS: list[tuple[str, dict[str, Any], ErrorKind]] = [
    ("400 no route", {"status": 400, "body": {
        "error": "URL 'GET http://t/admin_api/v1/campaigns/1' does not match any route"}},
     ErrorKind.NO_ROUTE),
    ("400 validation", {"status": 400, "body": {"error": 'Parameter "query" is required'}},
     ErrorKind.BAD_REQUEST),
    ("401", {"status": 401, "body": {"error": "Invalid API key"}}, ErrorKind.UNAUTHORIZED),
    ("402 edition", {"status": 402, "body": {
        "error": "Admin API is available only in Business editions"}}, ErrorKind.EDITION),
    ("402 other", {"status": 402, "body": {"error": "SQLSTATE[HY000] [2002] Connection refused"}},
     ErrorKind.TRACKER_FAILED),
    ("403 forbidden", {"status": 403, "body": {"error": "You have no permission"}},
     ErrorKind.FORBIDDEN),
    ("403 cloudflare", {"status": 403, "body": CLOUDFLARE, "content_type": "text/html",
                        "headers": {"cf-ray": "8a1b2c3d4e5f6a7b-AMS"}}, ErrorKind.BLOCKED),
    ("404 text", {"status": 404, "body": "Traffic\\Model\\Campaign #1 not found"},
     ErrorKind.NOT_FOUND),
    ("406 fields", {"status": 406, "body": {"name": ["This field is required"],
                                            "alias": ["This field is required"]}},
     ErrorKind.VALIDATION),
    ("422 fields", {"status": 422, "body": ALIASED_BODY}, ErrorKind.VALIDATION),
    ("429", {"status": 429, "body": {"error": "Too many requests"},
             "headers": {"Retry-After": "7"}}, ErrorKind.RATE_LIMITED),
    ("500 html", {"status": 500, "body": HTML_500, "content_type": "text/html"},
     ErrorKind.SERVER_ERROR),
    ("502", {"status": 502, "body": NGINX.format("502 Bad Gateway")}, ErrorKind.SERVER_ERROR),
    ("503", {"status": 503, "body": NGINX.format("503 Service Unavailable")},
     ErrorKind.SERVER_ERROR),
    ("504", {"status": 504, "body": NGINX.format("504 Gateway Time-out")},
     ErrorKind.SERVER_ERROR),
    ("200 not json", {"status": 200, "body": "OK, saved", "content_type": "text/plain"},
     ErrorKind.BAD_RESPONSE),
    ("200 html", {"status": 200, "body": "<!DOCTYPE html><html><head><title>Keitaro</title>"
                                         "</head><body>Sign in</body></html>"},
     ErrorKind.BAD_RESPONSE),
]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(("fault", "kind"), [(f, k) for _, f, k in WIRE_ERRORS],
                         ids=[name for name, _, _ in WIRE_ERRORS])
async def test_wire_error_is_classified(fault: dict[str, Any], kind: ErrorKind) -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, times=0, **fault)
    async with sb.running() as base, client_for(base, retries=0) as client:
        envelope = await client.execute(*GET_ONE)
    assert not envelope.success
    assert envelope.kind is kind
    assert envelope.status == fault["status"]
    assert sb.count("GET", CAMPAIGN) == 1
    error = envelope.error
    assert error is not None
    if kind is ErrorKind.VALIDATION:
        assert error.fields == fault["body"]
    if kind is ErrorKind.RATE_LIMITED:
        assert error.retry_after == 7.0
    if fault["status"] == 500:  # an HTML page becomes its title
        assert error.message == "Error" and str(error.body).startswith("[HTML]")
    if kind is ErrorKind.NOT_FOUND:
        assert error.message == "Traffic\\Model\\Campaign #1 not found"


async def test_the_sandbox_itself_produces_the_common_errors() -> None:
    sb = make_sandbox(clicks=100)
    async with sb.running() as base, client_for(base) as client:
        missing = await client.execute("campaigns.get", {"id": 999})
        no_route = await client.call("GET", "/xyz")
        bad = await client.call("GET", "/streams/search")
        taken = await client.execute("campaigns.create", {"data": {
            "name": "Copy", "alias": "fb-us-ios-nutra"}})
        async with client_for(base, api_key="wrong-key-0000000000000000") as stranger:
            refused = await stranger.execute("campaigns.list")
    assert missing.kind is ErrorKind.NOT_FOUND
    assert missing.error is not None
    assert missing.error.message == "Traffic\\Model\\Campaign #999 not found"
    assert missing.status == 402  # 9.x answers every exception with 402 (API-NOTES §12.1)
    assert no_route.kind is ErrorKind.NO_ROUTE
    assert bad.kind is ErrorKind.TRACKER_FAILED and bad.status == 402
    assert taken.kind is ErrorKind.VALIDATION and taken.error is not None
    assert taken.error.fields == ALIASED_BODY
    assert refused.kind is ErrorKind.UNAUTHORIZED


@pytest.mark.parametrize(("body", "content_type"), [(b"", "application/json"),
                                                    ("null", "application/json"),
                                                    (b"", "text/html")])
async def test_empty_and_null_bodies_are_success(body: str | bytes, content_type: str) -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("POST", r"/campaigns/1/enable$", status=200, body=body,
                  content_type=content_type)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("campaigns.enable", {"id": 1})
    assert envelope.success and envelope.data is None and envelope.error is None


async def test_timeout() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, delay=3.0, times=0)
    started = time.perf_counter()
    async with sb.running() as base, client_for(base, timeout=0.3) as client:
        envelope = await client.execute(*GET_ONE)
    assert envelope.kind is ErrorKind.TIMEOUT
    assert time.perf_counter() - started < 2.5
    assert sb.count("GET", CAMPAIGN) == 1  # timeouts are not retried


async def test_refused_connection_and_dns_failure() -> None:
    async with client_for(f"http://127.0.0.1:{_closed_port()}") as client:
        refused = await client.execute("campaigns.list")
    async with client_for("http://nonexistent.invalid") as client:
        unknown = await client.execute("campaigns.list")
    assert refused.kind is ErrorKind.CONNECTION_REFUSED
    assert refused.attempts == 3  # a read is retried on connection errors
    assert unknown.kind is ErrorKind.DNS_FAILURE


async def test_dropped_connection_on_a_post() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("POST", r"/enable$", drop=True, times=0)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("campaigns.enable", {"id": 5})
    assert envelope.kind is ErrorKind.CONNECTION_ERROR
    assert envelope.error is not None and envelope.error.uncertain
    assert sb.count("POST") == 1
    assert sb.state.campaigns[5]["state"] == "disabled"


# -- retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_reads_are_retried_on_transient_statuses(status: int) -> None:
    sb = make_sandbox(clicks=100)
    headers = {"Retry-After": "0"} if status == 429 else None
    sb.faults.add("GET", CAMPAIGN, status=status, body={"error": "busy"}, headers=headers,
                  times=0)
    async with sb.running() as base, client_for(base, retries=2) as client:
        envelope = await client.execute(*GET_ONE)
    assert not envelope.success and envelope.status == status
    assert envelope.attempts == 3
    assert sb.count("GET", CAMPAIGN) == 3


async def test_a_read_recovers_after_one_bad_gateway() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, status=502, body="bad gateway")
    async with sb.running() as base, client_for(base, retries=2) as client:
        envelope = await client.execute(*GET_ONE)
    assert envelope.success and envelope.attempts == 2
    assert envelope.data["id"] == 1
    assert sb.count("GET", CAMPAIGN) == 2


async def test_retry_after_is_waited() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, status=429, body={"error": "slow down"},
                  headers={"Retry-After": "2"})
    waited: list[float] = []

    async def record(delay: float) -> None:
        waited.append(delay)

    async with sb.running() as base, client_for(base, retries=1) as client:
        client.sleep = record
        envelope = await client.execute(*GET_ONE)
    assert envelope.success
    assert waited and waited[0] >= 2.0


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 406, 422])
async def test_reads_are_not_retried_on_4xx(status: int) -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, status=status, body={"error": "no"}, times=0)
    async with sb.running() as base, client_for(base, retries=3) as client:
        envelope = await client.execute(*GET_ONE)
    assert envelope.status == status and envelope.attempts == 1
    assert sb.count("GET", CAMPAIGN) == 1


WRITES = [
    ("POST", "campaigns.enable", {"id": 5}, r"/campaigns/5/enable$"),
    ("PUT", "campaigns.update", {"id": 5, "data": {"name": "Renamed"}}, r"/campaigns/5$"),
    ("DELETE", "campaigns.delete", {"id": 5}, r"/campaigns/5$"),
    ("GET", "conversions.create", {"data": {"click_id": "SUB", "status": "lead"}},
     r"/postback$"),
]


def _args(sb: Sandbox, args: dict[str, Any]) -> dict[str, Any]:
    if "data" in args and args["data"].get("click_id") == "SUB":
        return {"data": {**args["data"], "click_id": sb.sub_id(3)}}
    return args


@pytest.mark.parametrize(("method", "action", "args", "path"), WRITES,
                         ids=[w[1] for w in WRITES])
@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_writes_and_postbacks_are_never_retried_on_statuses(
        method: str, action: str, args: dict[str, Any], path: str, status: int) -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add(method, path, status=status, body="try later", times=0)
    async with sb.running() as base, client_for(base, retries=3) as client:
        envelope = await client.execute(action, _args(sb, args))
    assert not envelope.success and envelope.attempts == 1
    assert sb.count(method, path) == 1


@pytest.mark.parametrize(("method", "action", "args", "path"), WRITES,
                         ids=[w[1] for w in WRITES])
async def test_writes_and_postbacks_are_never_retried_on_dropped_connections(
        method: str, action: str, args: dict[str, Any], path: str) -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add(method, path, drop=True)
    async with sb.running() as base, client_for(base, retries=3) as client:
        envelope = await client.execute(action, _args(sb, args))
    assert sb.count(method, path) == 1
    assert envelope.kind is ErrorKind.CONNECTION_ERROR


async def test_reads_are_retried_exactly_retries_times_on_dropped_connections() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", CAMPAIGN, drop=True, times=0)
    async with sb.running() as base, client_for(base, retries=2) as client:
        envelope = await client.execute(*GET_ONE)
    assert envelope.kind is ErrorKind.CONNECTION_ERROR and envelope.attempts == 3
    assert sb.count("GET", CAMPAIGN) == 3


# -- concurrency ---------------------------------------------------------------------------


async def test_at_most_max_concurrency_requests_in_flight() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", r"/campaigns/\d+$", delay=0.15, times=0)
    async with sb.running() as base, client_for(base, max_concurrency=2) as client:
        envelopes = await asyncio.gather(
            *(client.execute("campaigns.get", {"id": 1 + n % 8}) for n in range(10)))
    assert all(e.success for e in envelopes)
    assert sb.count("GET") == 10
    assert sb.peak_in_flight == 2


# -- secrets -------------------------------------------------------------------------------


def _secret_free(text: str) -> None:
    assert API_KEY not in text
    assert POSTBACK_KEY not in text


async def test_keys_appear_in_no_envelope_log_record_or_exception(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sb = make_sandbox(clicks=100)
    sub_id = sb.sub_id(4)
    sb.faults.add("GET", CAMPAIGN, status=500, body=f"<html><title>{API_KEY}</title></html>")
    sb.faults.add("GET", r"/campaigns/2$", delay=2.0)
    sb.faults.add("GET", r"/campaigns/3$", drop=True, times=0)
    sb.faults.add("GET", r"/postback$", status=502, body=f"upstream saw {POSTBACK_KEY}")
    envelopes: list[Envelope] = []
    async with sb.running() as base, client_for(base, timeout=0.3) as client:
        envelopes.append(await client.execute(*GET_ONE))
        envelopes.append(await client.execute("campaigns.get", {"id": 2}))
        envelopes.append(await client.execute("campaigns.get", {"id": 3}))
        envelopes.append(await client.execute("campaigns.get", {"id": 999}))
        envelopes.append(await client.execute("conversions.create", {
            "data": {"click_id": sub_id, "status": "lead"}}))
        envelopes.append(await client.execute("conversions.create", {
            "data": {"click_id": sub_id, "status": "sale"}}))
        envelopes.append(await client.execute("users.create", {"data": {
            "login": "x1", "type": "USER", "new_password": API_KEY,
            "new_password_confirmation": API_KEY}}))
        envelopes.append(await client.call("GET", "/nope", query={"api_key": API_KEY}))
    async with client_for(f"http://127.0.0.1:{_closed_port()}") as client:
        envelopes.append(await client.execute("campaigns.list"))
    async with client_for("http://nonexistent.invalid") as client:
        envelopes.append(await client.execute("conversions.create", {
            "data": {"click_id": sub_id}}))
    kinds = [e.kind for e in envelopes]
    assert ErrorKind.SERVER_ERROR in kinds and ErrorKind.TIMEOUT in kinds
    assert ErrorKind.CONNECTION_ERROR in kinds and ErrorKind.DNS_FAILURE in kinds
    for envelope in envelopes:
        _secret_free(envelope.model_dump_json())
        _secret_free(repr(envelope))
        if envelope.error is not None:
            with pytest.raises(KeitaroError) as raised:
                envelope.raise_for_error()
            _secret_free(str(raised.value))
            _secret_free(repr(raised.value))
    assert caplog.records, "the client logs its calls"
    for record in caplog.records:
        _secret_free(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            _secret_free(str(record.exc_info[1]))
    _secret_free(caplog.text)


async def test_a_url_pointing_at_the_admin_panel_gives_bad_response() -> None:
    sb = make_sandbox(clicks=100)
    async with sb.running() as base, client_for(f"{base}/admin") as client:
        envelope = await client.execute("campaigns.list")
    assert envelope.kind is ErrorKind.BAD_RESPONSE and envelope.status == 200
    assert envelope.error is not None and "HTML" in envelope.error.message
    assert sb.requests[0].path == "/admin/admin_api/v1/campaigns"
