"""Contract tests: every catalog action, sent by the real KeitaroClient, must be a request the
official Admin API spec accepts.

Prism (tests/prism.py) serves a copy of `../shared/keitaro/openapi.json` and reports every
request that breaks it (`sl-violations` header with a 400/422 answer, or its own refusal as
`application/problem+json`: no such path, no such method, cannot answer in an accepted
type). A loopback front (tests/contract_front.py) forwards the Admin API to Prism, records
each request with Prism's verdict, and answers the postback URL, which is not in the spec and
is checked here against API-NOTES §7 and §11.

`ARGS` holds realistic arguments for each catalog id; `test_every_catalog_action_has_args`
fails when an entry is added without them. `ALLOWED` lists the spec's own errors (API-NOTES
§11.11): the request is still sent and must break the spec exactly as described, so an entry
that stops being needed fails too.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.keitaro.catalog import CATALOG, Kind
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind
from tests import prism
from tests.contract_front import CONVERSION, ContractFront, Exchange
from tests.sandbox_fixtures import API_KEY, POSTBACK_KEY, settings

RANGE = {"from": "2026-11-01", "to": "2026-11-07"}
CAMPAIGN = {"name": "FB US iOS", "alias": "fb-us-ios", "type": "position", "state": "active",
            "cost_type": "CPC", "cost_value": 0.05, "cost_currency": "USD",
            "cookies_ttl": 24, "bind_visitors": "s", "traffic_source_id": 4, "cost_auto": False,
            "notes": "launch 2026-11",
            "parameters": {"keyword": {"name": "kw", "placeholder": "{keyword}",
                                       "alias": "Keyword"}},
            "postbacks": [{"method": "GET", "statuses": ["sale"],
                           "url": "https://ts.example.com/pb?c={subid}"}]}
STREAM = {"campaign_id": 1, "type": "regular", "name": "US offers", "schema": "landings",
          "action_type": "http", "position": 1, "weight": 100, "collect_clicks": True,
          "filter_or": False,
          "filters": [{"name": "country", "mode": "accept", "payload": ["US", "CA"]}],
          "offers": [{"offer_id": 5, "share": 100, "state": "active"}],
          "landings": [{"landing_id": 2, "share": 100, "state": "active"}]}
OFFER = {"name": "Nutra US", "offer_type": "external", "action_type": "http",
         "action_payload": "https://aff.example.com/?s={subid}", "payout_value": 25,
         "payout_currency": "USD", "payout_type": "CPA", "payout_auto": False,
         "payout_upsell": False, "country": ["US"], "affiliate_network_id": 2,
         "conversion_cap_enabled": False, "notes": "EU copy"}
SOURCE = {"name": "PropellerAds", "postback_url": "https://ssp.example.com/pb?c={external_id}",
          "postback_statuses": ["sale"], "accept_parameters": True, "state": "active",
          "parameters": {"sub_id_1": {"name": "zone", "placeholder": "{zoneid}",
                                      "alias": "Zone"}}}
CLICKS_QUERY = {"columns": ["click_id", "datetime", "country", "campaign"],
                "filters": [{"name": "is_bot", "operator": "IS_FALSE", "expression": ""}],
                "sort": [{"name": "datetime", "order": "DESC"}], "limit": 50, "offset": 0}

# Realistic arguments per catalog id: what a media buyer would type into the bot.
ARGS: dict[str, dict[str, Any]] = {
    "campaigns.list": {},
    "campaigns.get": {"id": 12},
    "campaigns.create": {"data": CAMPAIGN},
    "campaigns.update": {"id": 12, "data": {"name": "FB US iOS v2", "cost_value": 0.07,
                                            "state": "disabled"}},
    "campaigns.delete": {"id": 12},
    "campaigns.deleted": {},
    "campaigns.restore": {"id": 12},
    "campaigns.enable": {"id": 12},
    "campaigns.disable": {"id": 12},
    "campaigns.clone": {"id": 12},
    "campaigns.update_costs": {"id": 12, "data": {
        "start_date": "2026-11-01 00:00", "end_date": "2026-11-01 23:59",
        "timezone": "Europe/Moscow", "cost": "19.22", "currency": "USD",
        "only_campaign_uniques": False}},
    "streams.list": {"id": 12},
    "streams.get": {"id": 31},
    "streams.create": {"data": STREAM},
    "streams.update": {"id": 31, "data": {"name": "US offers v2", "weight": 50}},
    "streams.delete": {"id": 31},
    "streams.enable": {"id": 31},
    "streams.disable": {"id": 31},
    "streams.restore": {"id": 31},
    "streams.deleted": {},
    "streams.search": {"query": "facebook"},
    "streams.events": {"id": 31},
    "streams.schemas": {},
    "streams.types": {},
    "streams.actions": {},
    "landings.list": {},
    "landings.get": {"id": 2},
    "landings.create": {"data": {"name": "Quiz v1", "landing_type": "external",
                                 "url": "https://lp.example.com/quiz", "state": "active",
                                 "notes": "A/B of the quiz"}},
    "landings.update": {"id": 2, "data": {"name": "Quiz v2"}},
    "landings.delete": {"id": 2},
    "landings.clone": {"id": 2},
    "landings.download": {"id": 2},
    "landings.structure": {"id": 2},
    "landings.get_file": {"id": 2, "path": "index.php"},
    "landings.update_file": {"id": 2, "path": "css/style.css",
                             "data": "body { color: #222; } /* цвет */"},
    "landings.add_file": {"id": 2, "path": "thanks.html"},
    "landings.remove_file": {"id": 2, "path": "old/promo.html"},
    "offers.list": {},
    "offers.get": {"id": 5},
    "offers.create": {"data": OFFER},
    "offers.update": {"id": 5, "data": {"payout_value": 30, "state": "active"}},
    "offers.archive": {"id": 5},
    "offers.clone": {"id": 5},
    "offers.download": {"id": 5},
    "offers.structure": {"id": 5},
    "offers.get_file": {"id": 5, "path": "index.php"},
    "offers.update_file": {"id": 5, "path": "index.php",
                           "data": "<?php header('Location: https://example.com');"},
    "offers.add_file": {"id": 5, "path": "js/app.js"},
    "offers.remove_file": {"id": 5, "path": "js/app.js"},
    "clicks.log": {"range": RANGE, "data": CLICKS_QUERY},
    "clicks.update_costs": {"data": {
        "campaign_ids": [12, 13], "timezone": "Europe/Moscow", "currency": "USD",
        "only_campaign_uniques": 0,
        "costs": [{"start_date": "2026-11-01 00:00", "end_date": "2026-11-01 23:59",
                   "cost": "19.22", "timezone": "Europe/Moscow", "currency": "USD"}]}},
    "clicks.clean": {"range": RANGE, "campaign_id": 12},
    "settings.avscan_get": {},
    "settings.avscan_set": {"avscan_key": "av-123456"},
    "settings.imklo_get": {},
    "settings.imklo_set": {"imklo_api_url": "https://imklo.example.com/api"},
    "settings.facebook_list": {},
    "settings.facebook_get": {"id": 3},
    "settings.facebook_create": {"data": {"name": "FB main", "ad_account_id": "act_123",
                                          "token": "EAAB-test", "proxy_enabled": False}},
    "settings.facebook_update": {"id": 3, "data": {"name": "FB main 2"}},
    "settings.facebook_delete": {"id": 3},
    "settings.facebook_campaigns": {"id": 3},
    "settings.facebook_link": {"id": 3, "campaign_id": 12},
    "settings.facebook_unlink": {"id": 3, "campaign_id": 12},
    "users.list": {},
    "users.get": {"id": 4},
    "users.create": {"data": {"login": "buyer1", "type": "USER",
                              "new_password": "S3cret-pass",
                              "new_password_confirmation": "S3cret-pass",
                              "preferences": {"language": "en", "timezone": "UTC"}}},
    "users.update": {"id": 4, "data": {"preferences": {"timezone": "Europe/Moscow"}}},
    "users.delete": {"id": 4},
    "users.access": {"id": 4, "data": {"access_data": {
        "campaigns_access_type": "read_only", "offers_access_type": "full_access"}}},
    "blacklist.get": {"campaign_id": 12, "ref_name": "sub_id_1", "label_name": "blacklist"},
    "blacklist.set": {"data": {"campaign_id": 12, "ref_name": "sub_id_1",
                               "items": {"site-123": "blacklist", "site-456": "whitelist"}}},
    "bots.list": {},
    "bots.add": {"value": "1.2.3.4 10.0.0.0/8"},
    "bots.exclude": {"value": "1.2.3.4"},
    "bots.replace": {"value": "5.6.7.8\n2001:db8::/32"},
    "bots.clear": {},
    "postbacks.list": {"campaign_id": 12},
    "postbacks.get": {"campaign_id": 12, "postback_id": 12},
    "postbacks.create": {"campaign_id": 12, "data": {
        "url": "https://ts.example.com/pb?click={subid}&payout={revenue}", "method": "GET",
        "statuses": ["lead", "sale"]}},
    "postbacks.update": {"campaign_id": 12, "postback_id": 12, "data": {"statuses": ["sale"]}},
    "postbacks.delete": {"campaign_id": 12, "postback_id": 12},
    "sources.list": {},
    "sources.get": {"id": 4},
    "sources.create": {"data": SOURCE},
    "sources.update": {"id": 4, "data": {"traffic_loss": 5}},
    "sources.delete": {"id": 4},
    "sources.clone": {"id": 4},
    "conversions.log": {"range": RANGE, "data": {
        "filters": [{"name": "status", "operator": "EQUALS", "expression": "sale"}],
        "limit": 50}},
    "conversions.get": {"id": 7},
    "conversions.create": {"data": {"click_id": "3f2a9c1b7e", "status": "sale",
                                    "revenue": 25.5, "currency": "USD",
                                    "transaction_id": "order-881", "sub_id_2": "fb"}},
    "conversions.update": {"id": 7, "data": {"click_id": "3f2a9c1b7e", "status": "rejected"}},
    "reports.build": {"range": RANGE, "data": {
        "grouping": ["country"], "metrics": ["clicks", "conversions", "revenue"],
        "filters": [{"name": "campaign_id", "operator": "EQUALS", "expression": 12}],
        "sort": [{"name": "revenue", "order": "DESC"}]}},
    "reports.by_campaign": {"range": RANGE},
    "reports.by_offer": {"range": RANGE},
    "reports.by_country": {"range": RANGE},
    "reports.by_ts": {"range": RANGE},
    "reports.by_landing": {"range": RANGE},
    "reports.by_day": {"range": RANGE},
    "groups.list": {"type": "offers"},
    "groups.get": {"type": "campaigns", "id": 12},
    "groups.create": {"data": {"name": "Nutra", "type": "offers"}},
    "groups.update": {"id": 12, "data": {"name": "Nutra EU"}},
    "groups.delete": {"id": 12},
    "filters.types": {},
    "filters.list": {"stream_id": 31},
    "filters.add": {"stream_id": 31, "data": {"name": "language", "mode": "accept",
                                              "payload": ["en"]}},
    "filters.update": {"stream_id": 31, "filter_id": 12, "data": {"payload": ["US", "GB"]}},
    "filters.delete": {"stream_id": 31, "filter_id": 13},
    "filters.replace": {"stream_id": 31, "data": [
        {"name": "country", "mode": "accept", "payload": ["US"]},
        {"name": "device_type", "mode": "reject", "payload": ["tablet"]}]},
    "logs.types": {},
    "logs.get": {"type": "system", "limit": 50, "offset": 0, "query": "error"},
    "logs.clear": {"type": "traffic"},
    "domains.list": {},
    "domains.get": {"id": 6},
    "domains.create": {"data": {"name": "go.example.com", "default_campaign_id": 12,
                                "ssl_redirect": True, "allow_indexing": False,
                                "catch_not_found": False}},
    "domains.update": {"id": 6, "data": {"default_campaign_id": 13, "catch_not_found": True}},
    "domains.delete": {"id": 6},
    "domains.check": {"id": 6},
    "domains.restore": {"id": 6},
    "domains.deleted": {},
    "networks.list": {},
    "networks.get": {"id": 2},
    "networks.create": {"data": {"name": "AdCombo",
                                 "postback_url": "https://tracker/pb?subid={subid}",
                                 "offer_param": "sub1={subid}", "notes": "net-30"}},
    "networks.update": {"id": 2, "data": {"offer_param": "sub1={subid}&sub2={campaign_name}"}},
    "networks.delete": {"id": 2},
    "networks.clone": {"id": 2},
}

# Cases beyond one per action: a value the bot offers that the spec does not know.
EXTRA: dict[str, tuple[str, dict[str, Any]]] = {
    "groups.list@domains": ("groups.list", {"type": "domains"}),
    "groups.create@domains": ("groups.create", {"data": {"name": "Parked", "type": "domains"}}),
}


@dataclass(frozen=True)
class Allowed:
    """A request the 2022 spec wrongly refuses: sent anyway, and it must fail as described."""

    method: str
    path: str
    status: int
    problems: frozenset[tuple[str, str, str]]
    reason: str
    source: str
    then: tuple[str, str] | None = None  # the request that must follow, and pass


_GROUP_TYPE = ("enum", "request.query.type", "Request query parameter type must be equal to "
               "one of the allowed values: campaigns, offers, landings")
ALLOWED: dict[str, Allowed] = {
    "streams.actions": Allowed(
        "GET", "/admin_api/v1/stream_actions", 404,
        frozenset({("NO_PATH_MATCHED_ERROR", "", "")}),
        reason="the spec spells /streams_actions; Keitaro 9.x routes /stream_actions",
        source="API-NOTES §11.11, §4.2; D Streams Initializer::loadApiRoutes"),
    "logs.types": Allowed(
        "GET", "/admin_api/v1/logs/types", 400,
        frozenset({("required", "request.query", "Request query must have required property "
                    "'limit'"),
                   ("enum", "request.path.type", "Request path parameter type must be equal "
                    "to one of the allowed values: system, traffic, postbacks, ssl, "
                    "sent_postbacks")}),
        reason="the spec has only POST /logs/types (a GET matches /logs/{type}); 9.x routes "
               "GET, so the bot asks with GET first and falls back to POST, which must pass",
        source="API-NOTES §11.5, §11.11, §10.3; D LogsController",
        then=("POST", "/admin_api/v1/logs/types")),
    "domains.create": Allowed(
        "POST", "/admin_api/v1/domains", 400,
        frozenset({("required", "request.body", "Request body must have required property "
                    "'is_ssl'")}),
        reason="the spec requires is_ssl, a field it never defines; trackers and other "
               "clients create domains without it",
        source="API-NOTES §11.10, §11.11 (ysomad/keitaro, Keitaro.NET)"),
    "groups.list@domains": Allowed(
        "GET", "/admin_api/v1/groups", 400, frozenset({_GROUP_TYPE}),
        reason="groups of type domains exist only on trackers newer than the 2022 spec",
        source="API-NOTES §11.11"),
    "groups.create@domains": Allowed(
        "POST", "/admin_api/v1/groups", 400,
        frozenset({("enum", "request.body.type", "Request body property type must be equal "
                    "to one of the allowed values: campaigns, offers, landings")}),
        reason="groups of type domains exist only on trackers newer than the 2022 spec",
        source="API-NOTES §11.11"),
}

# The postback URL (not Admin API): API-NOTES §7 (Docs) and §11.2-11.4 (D Postback.php).
POSTBACK_PARAMS = frozenset({
    "subid", "status", "payout", "revenue", "currency", "tid", "cost", "return",
    "sale_status", "lead_status", "rejected_status", "ignore_status",
    *(f"sub_id_{n}" for n in range(1, 31))})


def cases() -> dict[str, tuple[str, dict[str, Any]]]:
    return {**{action_id: (action_id, args) for action_id, args in ARGS.items()}, **EXTRA}


@pytest.fixture(scope="session")
def prism_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[prism.Prism]:
    try:
        with prism.running_prism(tmp_path_factory.mktemp("prism")) as server:
            yield server
    except prism.Unavailable as exc:
        pytest.skip(f"contract tests need Prism: {exc}")


@pytest.fixture
async def front(prism_server: prism.Prism) -> AsyncIterator[tuple[ContractFront, str]]:
    tracker = ContractFront(prism_server.url, POSTBACK_KEY)
    async with tracker.running() as url:
        yield tracker, url


async def run(front: tuple[ContractFront, str], action_id: str,
              args: dict[str, Any]) -> tuple[Envelope, list[Exchange]]:
    tracker, url = front
    client = KeitaroClient(settings(url, retries=0))
    try:
        envelope = await client.execute(action_id, args)
    finally:
        await client.close()
    return envelope, tracker.exchanges


def assert_valid(exchange: Exchange) -> None:
    """The request broke nothing in the spec, and Prism answered it as a success."""
    assert exchange.problems() == set(), (
        f"{exchange.method} {exchange.path}: {sorted(exchange.problems())}")
    assert 200 <= exchange.status < 300, f"{exchange.method} {exchange.path}: {exchange.status}"


def assert_postback(exchange: Exchange, args: dict[str, Any]) -> None:
    """The postback URL and query of API-NOTES §7: `/{postback_key}/postback?subid=…`."""
    assert exchange.method == "GET"
    assert exchange.path == f"/{POSTBACK_KEY}/postback"
    assert "Api-Key" not in exchange.headers and API_KEY not in str(exchange.headers)
    assert not exchange.body
    query = exchange.query
    assert set(query) <= POSTBACK_PARAMS, set(query) - POSTBACK_PARAMS
    assert all(len(query.getall(k)) == 1 for k in query)
    data = args["data"]
    assert query["subid"] == data["click_id"]
    if "status" in data:
        assert query["status"] == data["status"]
    if "payout" in query:
        float(query["payout"])
    if "currency" in query:
        assert re.fullmatch(r"[A-Z]{3}", query["currency"])
    if "transaction_id" in data:
        assert query["tid"] == data["transaction_id"]


def test_every_catalog_action_has_args() -> None:
    assert set(ARGS) == {a.id for a in CATALOG}
    assert len(ARGS) == len(CATALOG) == 127
    for name, (action_id, _) in EXTRA.items():
        assert action_id in ARGS and name in ALLOWED


def test_every_allowed_entry_is_a_case_with_a_reason_and_a_source() -> None:
    known = cases()
    for name, entry in ALLOWED.items():
        assert name in known, name
        assert entry.reason and entry.source and entry.problems
        assert CATALOG[known[name][0]].kind is Kind.ADMIN


@pytest.mark.parametrize("name", sorted(cases()))
async def test_request_follows_the_spec(front: tuple[ContractFront, str], name: str) -> None:
    action_id, args = cases()[name]
    envelope, exchanges = await run(front, action_id, args)
    assert exchanges, f"{name}: nothing was sent ({envelope.error})"
    allowed = ALLOWED.get(name)
    matched = False
    for exchange in exchanges:
        if exchange.postback:
            assert CATALOG[action_id].kind is Kind.POSTBACK
            assert_postback(exchange, args)
        elif allowed and (exchange.method, exchange.path) == (allowed.method, allowed.path):
            matched = True
            # Exactly the known error of the spec: anything more is a real violation, and
            # nothing at all means the entry is no longer needed and must be removed.
            assert exchange.problems() == allowed.problems, (name, exchange.problems())
            assert exchange.status == allowed.status
        else:
            assert_valid(exchange)
    assert matched or allowed is None, f"{name}: the allow-listed request was not sent"
    if allowed is not None and allowed.then is not None:
        assert (exchanges[-1].method, exchanges[-1].path) == allowed.then, exchanges[-1]
    if allowed is None or allowed.then is not None:
        if stateless_read_back(action_id, envelope, exchanges):
            return
        assert envelope.success, f"{name}: {envelope.error}"


def stateless_read_back(action_id: str, envelope: Envelope, exchanges: list[Exchange]) -> bool:
    """Prism keeps no state: the read-back after an array write (read, write, read again)
    shows its example entity, not the write, so the client reports a conflict. The requests
    themselves were checked against the spec above."""
    action = CATALOG[action_id]
    if action.rmw is None or action.method != "PUT" or envelope.kind is not ErrorKind.CONFLICT:
        return False
    assert [e.method for e in exchanges] == ["GET", "PUT", "GET"]
    return True


async def test_the_conversion_update_resends_the_looked_up_click(
        front: tuple[ContractFront, str]) -> None:
    """The lookup gets a real conversion (not Prism's placeholder row), and the postback
    carries that conversion's click and transaction id."""
    envelope, exchanges = await run(front, "conversions.update", ARGS["conversions.update"])
    assert envelope.success, envelope.error
    lookup, postback = exchanges[0], exchanges[-1]
    assert (lookup.method, lookup.path) == ("POST", "/admin_api/v1/conversions/log")
    assert lookup.json["filters"] == [{"name": "conversion_id", "operator": "EQUALS",
                                       "expression": 7}]
    assert postback.postback
    assert postback.query["subid"] == CONVERSION["sub_id"]
    assert postback.query["tid"] == CONVERSION["tid"]
    assert postback.query["status"] == "rejected"


async def test_a_deliberately_bad_request_is_caught(
        front: tuple[ContractFront, str]) -> None:
    """The checks above can fail: a campaign without `alias` and with a numeric name."""
    tracker, url = front
    client = KeitaroClient(settings(url, retries=0))
    try:
        envelope = await client.call("POST", "/campaigns", json={"name": 1})
    finally:
        await client.close()
    assert not envelope.success and envelope.status == 400
    [exchange] = tracker.exchanges
    assert exchange.problems() == {
        ("required", "request.body", "Request body must have required property 'alias'"),
        ("type", "request.body.name", "Request body property name must be string"),
    }
    with pytest.raises(AssertionError, match="alias"):
        assert_valid(exchange)


async def test_a_request_without_the_api_key_is_caught(
        front: tuple[ContractFront, str]) -> None:
    tracker, url = front
    async with aiohttp.ClientSession() as session, session.get(
            f"{url}/admin_api/v1/campaigns") as answer:
        assert answer.status == 401
    [exchange] = tracker.exchanges
    assert ("401", "request", "Invalid security scheme used") in exchange.problems()


def test_the_spec_copy_carries_the_prefix_and_stays_out_of_the_repository(
        tmp_path: Path) -> None:
    source = prism.spec_path()
    if not source.exists():
        pytest.skip(f"the official spec is not at {source}")
    copy = prism.prefixed_spec(source, tmp_path / "openapi.json")
    paths = json.loads(copy.read_text())["paths"]
    assert all(p.startswith("/admin_api/v1/") for p in paths) and len(paths) == 73
    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True,  # noqa: S607
                             text=True, check=False).stdout.split()
    assert not [name for name in tracked if "openapi" in name.lower()]


def test_prism_missing_without_npm_is_a_precise_skip_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEITARO_PRISM", raising=False)
    monkeypatch.setenv("KEITARO_PRISM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no prism, node or npm here
    with pytest.raises(prism.Unavailable, match=r"Node\.js/npm are missing.*apt-get install"):
        prism.find_prism()
    monkeypatch.setenv("KEITARO_PRISM", str(tmp_path / "nowhere" / "prism"))
    with pytest.raises(prism.Unavailable, match="does not exist"):
        prism.find_prism()
