"""Fixes that follow the field evidence on real trackers (API-NOTES §11; issue 11): log types
asked from the tracker, file content and paths checked before sending, whole days, the report
dialect, groups of domains, and the shape of `blacklist.set`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.keitaro.catalog import CATALOG
from bot.keitaro.catalog.entries.reports import METRICS
from bot.keitaro.errors import ErrorKind
from bot.keitaro.params import InputError, parse_path
from bot.keitaro.request import MAX_REQUEST_TARGET, build_request, whole_days
from bot.render.envelope import error_text
from tests.harness import Harness, result_of
from tests.sandbox_fixtures import API, client_for, make_sandbox, settings

RANGE = {"from": "2026-11-01", "to": "2026-11-07"}
UNION = ("system", "traffic", "postbacks", "ssl", "sent_postbacks", "enable_ssl")


# -- log types -----------------------------------------------------------------------------


def _logs_buttons(h: Harness) -> set[str]:
    return {text for row in h.admin.buttons() for text in row}


async def test_log_types_come_from_the_tracker(harness: Harness) -> None:
    """The sandbox lists the spec's five types: ssl and sent_postbacks can be picked."""
    await harness.admin.say("/logs get")
    buttons = _logs_buttons(harness)
    assert {"system", "traffic", "postbacks", "ssl", "sent_postbacks"} <= buttons
    assert "enable_ssl" not in buttons  # this tracker does not list it
    assert harness.sandbox.count("GET", r"/logs/types$") == 1


async def test_sent_postbacks_log_is_read(harness: Harness) -> None:
    text = await result_of(harness, harness.admin,
                           harness.admin.say("/logs get sent_postbacks 10 0"))
    assert text.startswith("✅"), text
    assert harness.sandbox.count("GET", r"/logs/sent_postbacks$") == 1
    assert "ts.example.com/pb" in text


async def test_log_types_fall_back_to_every_known_type(harness: Harness) -> None:
    harness.sandbox.faults.add("GET", r"/logs/types$", status=500, body="oops", times=0)
    harness.sandbox.faults.add("POST", r"/logs/types$", status=500, body="oops", times=0)
    await harness.admin.say("/logs get")
    assert set(UNION) <= _logs_buttons(harness)


async def test_a_type_only_the_tracker_knows_can_be_typed() -> None:
    action = CATALOG["logs.get"]
    request = build_request(action, {"type": "audit", "limit": 5}, settings("http://t"))
    assert request.url.endswith("/logs/audit")
    with pytest.raises(InputError):
        build_request(action, {"type": "../users", "limit": 5}, settings("http://t"))


@pytest.mark.parametrize("answer", [
    {"status": 400, "body": {"error": 'Unknown log type "types"'}},
    {"status": 406, "body": {"type": ["Unknown log type"]}},
], ids=["400 bad request", "406 validation"])
async def test_log_types_fall_back_to_post_when_get_is_refused(answer: dict[str, Any]) -> None:
    """A tracker that routes GET /logs/types as GET /logs/{type} refuses the type (§11.5)."""
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/logs/types$", **answer)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("logs.types")
    assert envelope.success and envelope.request.method == "POST"
    assert [(r.method, r.path) for r in sb.requests] == [("GET", API + "/logs/types"),
                                                         ("POST", API + "/logs/types")]


# -- file content and paths ----------------------------------------------------------------


async def test_file_content_too_long_for_a_url_is_refused_before_sending() -> None:
    sb = make_sandbox(clicks=50)
    local = next(i for i, lp in sb.state.landings.items() if lp.get("landing_type") == "local")
    big = "Привет, мир! " * 300  # 3 900 characters, mostly Cyrillic: ~20 KB URL-encoded
    async with sb.running() as base, client_for(base) as client:
        refused = await client.execute("landings.update_file",
                                       {"id": local, "path": "index.php", "data": big})
        fits = await client.execute("landings.update_file",
                                    {"id": local, "path": "index.php", "data": big[:600]})
    assert refused.kind is ErrorKind.INVALID_INPUT and refused.error is not None
    body = refused.error.body
    assert body["code"] == "url_too_long" and body["size"] > MAX_REQUEST_TARGET
    assert refused.attempts == 0
    assert fits.success, fits.error
    assert sb.count("PUT") == 1  # only the one that fits was sent
    text = error_text(refused.error, "en")
    assert "8 KB" in text and "editor" in text


async def test_the_flow_asks_for_shorter_content_again(harness: Harness) -> None:
    local = next(i for i, lp in harness.sandbox.state.landings.items()
                 if lp.get("landing_type") == "local")
    await harness.admin.say(f"/landings update_file {local} index.php")
    await harness.admin.say("ж" * 3000)
    assert "Not sent" in (harness.admin.last_text or "")
    assert harness.sandbox.count("PUT") == 0
    await harness.admin.say("<p>short</p>")  # a preview waits for confirmation now
    assert "⚠️ Yes, Overwrite a file" in str(harness.admin.buttons())
    assert harness.sandbox.count("PUT") == 0


BAD_PATHS = [
    ("../../../../etc/passwd", "path_parent"),
    ("css/../../config.php", "path_parent"),
    ("/etc/passwd", "path_absolute"),
    ("~/x.php", "path_absolute"),
    ("C:/boot.ini", "path_absolute"),
    ("..\\..\\index.php", "path_backslash"),
    ("css\\style.css", "path_backslash"),
    ("%2e%2e/%2e%2e/etc/passwd", "path_encoded"),
    ("index.php%00.txt", "path_encoded"),
    ("index.php\x00.txt", "path_control"),
    ("index\n.php", "path_control"),
    ("a\u2028b.php", "path_control"),
    ("css//style.css", "path_segment"),
    ("./index.php", "path_segment"),
    ("css/", "path_segment"),
    ("a/" * 130 + "x", "path_too_long"),
    ("   ", "path_empty"),
]


@pytest.mark.parametrize(("path", "code"), BAD_PATHS, ids=[c for _, c in BAD_PATHS])
async def test_bad_file_paths_are_refused_before_any_request(path: str, code: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_path(path)
    assert raised.value.code == code
    sb = make_sandbox(clicks=50)
    async with sb.running() as base, client_for(base) as client:
        for action in ("landings.get_file", "offers.remove_file", "landings.add_file"):
            envelope = await client.execute(action, {"id": 1, "path": path})
            assert envelope.kind is ErrorKind.INVALID_INPUT, (action, envelope.error)
    assert sb.requests == []


@pytest.mark.parametrize("path", ["index.php", "css/style.css", "img/logo v2.png",
                                  "страница.html", ".htaccess", "a..b/c.js"])
def test_good_file_paths_pass(path: str) -> None:
    assert parse_path(f"  {path} ") == path


# -- whole days ----------------------------------------------------------------------------


async def test_clean_takes_the_whole_last_day_and_nothing_of_the_next() -> None:
    """Keitaro deletes `BETWEEN start AND end` with the dates as written (D CleanerService),
    as the sandbox does: the bot must send 23:59:59, not 23:59 nor the next day's 00:00."""
    sb = make_sandbox(clicks=200)
    clicks = sb.state.traffic.clicks
    route = clicks.routes[clicks.route[len(clicks) - 1]]
    last = int(datetime(2026, 11, 15, 23, 59, 30, tzinfo=UTC).timestamp())
    late = clicks.append(route, last, offer=0, landing=0, country=0, flags=0)
    after = clicks.append(route, last + 30, offer=0, landing=0, country=0, flags=0)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("clicks.clean", {
            "range": {"from": "2026-11-15", "to": "2026-11-15"},
            "campaign_id": route.campaign_id})
    assert envelope.success, envelope.error
    body = sb.requests[-1].body
    assert (body["start_date"], body["end_date"]) == ("2026-11-15 00:00:00",
                                                      "2026-11-15 23:59:59")
    assert clicks.removed[late] == 1  # 23:59:30 of the day is gone
    assert clicks.removed[after] == 0  # 00:00:00 of the next day stays


def test_cost_dates_are_completed_to_whole_days() -> None:
    body = {"start_date": "2026-11-01", "end_date": "2026-11-02 23:59", "costs": [
        {"start_date": "2026-11-03", "end_date": "2026-11-03"},
        {"start_date": "2026-11-04 10:00", "end_date": "2026-11-04 18:30"}]}
    assert whole_days(body) == {
        "start_date": "2026-11-01 00:00:00", "end_date": "2026-11-02 23:59:59", "costs": [
            {"start_date": "2026-11-03 00:00:00", "end_date": "2026-11-03 23:59:59"},
            {"start_date": "2026-11-04 10:00", "end_date": "2026-11-04 18:30"}]}


async def test_campaign_costs_of_a_bare_day_cover_the_whole_day() -> None:
    sb = make_sandbox(clicks=300)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("campaigns.update_costs", {"id": 1, "data": {
            "start_date": "2026-11-10", "end_date": "2026-11-10", "timezone": "UTC",
            "cost": "10", "currency": "USD"}})
    assert envelope.success, envelope.error
    body = sb.requests[-1].body
    assert (body["start_date"], body["end_date"]) == ("2026-11-10 00:00:00",
                                                      "2026-11-10 23:59:59")


# -- the report dialect --------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["grouping", "dimensions"])
async def test_reports_never_lose_their_metrics(dialect: str) -> None:
    """The sandbox, like 9.x (D QueryParams.php), drops `measures`: metrics must still come
    back, in both settings, also for a custom report written with the newer names."""
    sb = make_sandbox(clicks=300)
    async with sb.running() as base, client_for(base, report_dialect=dialect) as client:
        preset = await client.execute("reports.by_country", {"range": RANGE})
        custom = await client.execute("reports.build", {"range": RANGE, "data": {
            "dimensions": ["country"], "measures": ["clicks", "revenue"]}})
    for envelope in (preset, custom):
        assert envelope.success, envelope.error
        row = envelope.data["rows"][0]
        assert row["clicks"] > 0 and "revenue" in row
    assert sb.requests[0].body["metrics"] == METRICS
    assert sb.requests[1].body["metrics"] == ["clicks", "revenue"]
    if dialect == "dimensions":
        assert sb.requests[0].body["measures"] == METRICS


# -- groups of domains ---------------------------------------------------------------------


async def test_a_tracker_without_domain_groups_gets_a_clear_message() -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("GET", r"/groups$", status=400,
                  body={"error": 'Unknown group type "domains"'}, times=0)
    async with sb.running() as base, client_for(base) as client:
        domains = await client.execute("groups.list", {"type": "domains"})
        created = await client.execute("groups.create", {"data": {"name": "Parked",
                                                                  "type": "domains"}})
        offers = await client.execute("groups.list", {"type": "offers"})
    assert domains.error is not None and domains.error.note == "groups_domains"
    assert "only on newer Keitaro versions" in error_text(domains.error, "en")
    assert "только в новых версиях" in error_text(domains.error, "ru")
    assert offers.error is not None and offers.error.note is None
    assert created.success  # this sandbox has them: no note when nothing is refused
    assert created.error is None


# -- blacklist.set -------------------------------------------------------------------------

LABELS = {"campaign_id": 1, "ref_name": "sub_id_1",
          "items": {"site-123": "blacklist", "site-456": "whitelist"}}
LABELS_PATH = r"/report/labels$"


async def test_labels_go_as_a_map_once() -> None:
    sb = make_sandbox(clicks=50)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("blacklist.set", {"data": LABELS})
    assert envelope.success, envelope.error
    assert [r.body for r in sb.requests] == [LABELS]
    assert sb.state.labels[(1, "sub_id_1")]["site-123"] == "blacklist"


@pytest.mark.parametrize("status", [400, 406])
async def test_the_list_shape_only_after_the_map_was_refused(status: int) -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("POST", LABELS_PATH, status=status, body={"items": ["Must be a list"]})
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("blacklist.set", {"data": LABELS})
    sent = [r.body for r in sb.requests]
    assert sent[0] == LABELS
    assert sent[1] == {**LABELS, "items": [{"value": "site-123", "label": "blacklist"},
                                           {"value": "site-456", "label": "whitelist"}]}
    assert len(sent) == 2 and len(envelope.steps) == 1
    # this sandbox (like 9.x) reads only the map, so the second shape is refused too
    assert envelope.kind is ErrorKind.VALIDATION


@pytest.mark.parametrize("fault", [
    {"drop": True},
    {"status": 500, "body": "<html><title>Error</title></html>", "content_type": "text/html"},
    {"status": 400, "body": {"error": "URL 'POST http://t/admin_api/v1/report/labels' does "
                                      "not match any route"}},
    {"status": 402, "body": {"error": "Campaign not found"}},
], ids=["dropped", "500", "no route", "402"])
async def test_no_second_write_after_any_other_failure(fault: dict[str, Any]) -> None:
    sb = make_sandbox(clicks=50)
    sb.faults.add("POST", LABELS_PATH, **fault)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("blacklist.set", {"data": LABELS})
    assert not envelope.success
    assert sb.count("POST", LABELS_PATH) == 1
