"""Every catalog action, executed once through KeitaroClient against the sandbox tracker.

One case per catalog id (a new entry without a case fails `test_every_entry_has_a_case`).
Each case gives realistic arguments (the params' examples, with ids that exist in the
seeded state) and checks: success; the method, path and body the sandbox received; the
envelope's masked request; and, for writes, the effect on the sandbox's state.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.keitaro.catalog import CATALOG, Action, Kind, Location, ParamKind, RangeStyle
from bot.keitaro.catalog.entries.reports import METRICS as REPORT_METRICS
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorKind
from bot.keitaro.masking import mask_secret
from keitaro_sandbox import Sandbox
from tests.sandbox_fixtures import API, API_KEY, POSTBACK_KEY, client_for, make_sandbox

NOTHING: Any = object()  # "do not check the body"
RANGE = {"from": "2026-11-01", "to": "2026-11-07"}
Check = Callable[[Sandbox, Envelope], None]


@dataclass
class Case:
    args: dict[str, Any]
    calls: list[tuple[str, str]]  # (method, path) the sandbox must receive, in order
    body: Any = NOTHING  # JSON body of the last call; None: no body
    query: dict[str, str] | None = None  # query of the last call (None: empty)
    check: Check | None = None
    prepare: Callable[[Sandbox], None] | None = None


# -- building cases ------------------------------------------------------------------------


def example_args(action: Action, **overrides: Any) -> dict[str, Any]:
    """Arguments from the params' `example` values, then `overrides`."""
    args: dict[str, Any] = {}
    for p in action.params:
        if p.example is None:
            continue
        if p.kind is ParamKind.JSON:
            args[p.name] = json.loads(p.example)
        elif p.kind in (ParamKind.ID, ParamKind.INT):
            args[p.name] = int(p.example)
        elif p.kind is ParamKind.RANGE:
            start, end = p.example.split("..")
            args[p.name] = {"from": start, "to": end}
        else:
            args[p.name] = p.example
    args.update(overrides)
    return args


def expected_body(action: Action, args: dict[str, Any]) -> Any:
    """What the request body must be for an action without a body template."""
    body: Any = None
    for p in action.params:
        if p.location is not Location.BODY or p.name not in args:
            continue
        value = args[p.name]
        if isinstance(p.default, dict) and isinstance(value, dict):
            value = {**p.default, **value}  # an optional JSON param completes its default
        if body is None:
            body = [] if (p.json_array and not p.field) else {}
        if p.kind is ParamKind.RANGE and p.range_style is RangeStyle.DATES:
            body.update(start_date=f"{value['from']} 00:00:00",
                        end_date=f"{value['to']} 23:59:59",
                        timezone="UTC")
        elif p.kind is ParamKind.RANGE:
            body["range"] = {**value, "timezone": "UTC"}
        elif p.field:
            body[p.field] = value
        else:
            body.update(value)
    return body


def path_of(action: Action, args: dict[str, Any]) -> str:
    path = action.path
    for p in action.params:
        if p.location is Location.PATH:
            path = path.replace(f"{{{p.name}}}", str(args[p.name]))
    return API + path


def plain(action_id: str, check: Check | None = None, *, body: Any = NOTHING,
          prepare: Callable[[Sandbox], None] | None = None,
          **overrides: Any) -> Callable[[Sandbox], Case]:
    """A one-request action: the path and body follow from the entry and its args."""

    def build(sb: Sandbox) -> Case:
        action = CATALOG[action_id]
        args = example_args(action, **overrides)
        expected_query = {p.name: str(args[p.name]) for p in action.params
                          if p.location is Location.QUERY and p.name in args}
        return Case(args, [(action.method, path_of(action, args))],
                    expected_body(action, args) if body is NOTHING else body,
                    expected_query or None, check, prepare)

    return build


def rmw(action_id: str, read: str, check: Check | None = None, **overrides: Any
        ) -> Callable[[Sandbox], Case]:
    """A read-modify-write action: GET the entity, then PUT its whole list back and GET it
    again to check what the tracker holds."""

    def build(sb: Sandbox) -> Case:
        action = CATALOG[action_id]
        args = example_args(action, **overrides)
        calls = [("GET", API + read)]
        if action.method == "PUT":
            calls += [("PUT", API + read), ("GET", API + read)]
        return Case(args, calls, NOTHING, None, check)

    return build


# -- state checks --------------------------------------------------------------------------


def holds(predicate: Callable[[Sandbox, Envelope], bool]) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert predicate(sb, env)

    return check


def data_is_list(sb: Sandbox, env: Envelope) -> None:
    assert isinstance(env.data, list) and env.data


def campaign_named(ident: int, name: str) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert sb.state.campaigns[ident]["name"] == name
        assert env.data["name"] == name

    return check


def state_is(table: str, ident: int, state: str) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert sb.state.table(table)[ident]["state"] == state

    return check


def created(table: str, **fields: Any) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        record = next(r for r in sb.state.table(table).values()
                      if all(r.get(k) == v for k, v in fields.items()))
        data = env.data[0] if isinstance(env.data, list) else env.data
        if isinstance(data, dict) and "data" in data and table == "facebook":
            data = data["data"]
        assert data["id"] == record["id"]

    return check


def cloned(table: str, source: int) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        original = sb.state.table(table)[source]
        copy = sb.state.table(table)[env.data["id"]]
        assert copy["id"] != source
        assert copy["name"] == f"{original['name']} (copy)"

    return check


def campaign_cloned(sb: Sandbox, env: Envelope) -> None:
    cloned("campaigns", 2)(sb, env)
    new_id = env.data["id"]
    assert sb.state.campaigns[new_id]["alias"] == "google-de-keto-copy"
    old = sorted(s["name"] for s in sb.state.streams.values()
                 if s["campaign_id"] == 2 and s["state"] != "deleted")
    new = sorted(s["name"] for s in sb.state.streams.values() if s["campaign_id"] == new_id)
    assert new == old


def costs_spread(campaign: int, total: float) -> Check:
    """The catalog examples put 19.22 on 2026-11-01 (Moscow time)."""

    def check(sb: Sandbox, env: Envelope) -> None:
        clicks = sb.state.traffic.clicks
        start = int(datetime(2026, 11, 1, tzinfo=ZoneInfo("Europe/Moscow")).timestamp())
        chosen = [i for i in clicks.window(start, start + 86400)
                  if clicks.routes[clicks.route[i]].campaign_id == campaign]
        assert chosen
        assert sum(clicks.cost[i] for i in chosen) == pytest.approx(total)
        assert env.data == {"success": True}

    return check


def cleaned(sb: Sandbox, env: Envelope) -> None:
    clicks = sb.state.traffic.clicks
    removed = [i for i in range(len(clicks)) if clicks.removed[i]]
    assert removed
    assert {clicks.routes[clicks.route[i]].campaign_id for i in removed} == {1}


def file_is(table: str, ident: int, path: str, content: str | None) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        files = sb.state.files[(table, ident)]
        if content is None:
            assert path not in files
        else:
            assert files[path] == content

    return check


def zip_with(*names: str) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert env.content is not None and env.filename
        with zipfile.ZipFile(io.BytesIO(env.content)) as archive:
            assert set(names) <= set(archive.namelist())
        assert env.data["content_type"] == "application/zip"

    return check


def structure(sb: Sandbox, env: Envelope) -> None:
    assert env.data["type"] == "root"
    assert {c["name"] for c in env.data["children"]} >= {"index.html", "css"}


def user_checked(sb: Sandbox, env: Envelope) -> None:
    user = next(u for u in sb.state.users.values() if u["login"] == "buyer1")
    assert "new_password" not in env.data and "password" not in json.dumps(env.data)
    assert sb.state.passwords[user["id"]] == "S3cret-pass"
    assert env.request.body["new_password"] != "S3cret-pass"  # masked in the envelope


def postbacks_case(action_id: str, expected: Callable[[list[str]], list[str]],
                   **overrides: Any) -> Callable[[Sandbox], Case]:
    """A postbacks write on campaign 5: the untouched postbacks stay, ids and all."""

    def build(sb: Sandbox) -> Case:
        before = [dict(p) for p in sb.state.campaigns[5]["postbacks"]]

        def check(sb: Sandbox, env: Envelope) -> None:
            after = sb.state.campaigns[5]["postbacks"]
            assert [p["url"] for p in after] == expected([p["url"] for p in before])
            kept = {p["id"]: p for p in before}
            for item in after:
                if item["id"] in kept and item["id"] != overrides.get("postback_id"):
                    assert item == kept[item["id"]]
            assert all(p["campaign_id"] == 5 for p in after)

        case = rmw(action_id, "/campaigns/5", campaign_id=5, **overrides)(sb)
        case.check = check
        return case

    return build


def filters_are(stream: int, names: list[str]) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert [f["name"] for f in sb.state.streams[stream]["filters"]] == names

    return check


def botlist_is(values: list[str]) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert sb.state.botlist == values
        assert env.data == {"count": len(values)}

    return check


SEEDED_BOTS = ["66.249.64.0/19", "157.55.39.0/24", "40.77.167.0/24", "5.255.250.18",
               "95.108.213.0/24", "2a02:6b8::/32"]


def report_case(dimension: str, order: str, sort: str = "revenue", ident: str | None = None
                ) -> Callable[[Sandbox], Case]:
    """A ready-made report; `ident`: the id column asked with the grouping, so that each
    row can open its entity."""
    def check(sb: Sandbox, env: Envelope) -> None:
        assert env.data["rows"] and dimension in env.data["rows"][0]
        assert "summary" in env.data and env.data["summary"]["clicks"] > 0
        if ident is not None:
            assert all(isinstance(row[ident], int) for row in env.data["rows"])
            assert any(row[ident] > 0 for row in env.data["rows"])

    def build(sb: Sandbox) -> Case:
        grouping = [dimension, *([ident] if ident else [])]
        body = {"grouping": grouping, "metrics": REPORT_METRICS,
                "sort": [{"name": sort, "order": order}], "summary": True, "limit": 100,
                "range": {**RANGE, "timezone": "UTC"}}
        return Case({"range": RANGE}, [("POST", API + "/report/build")], body, None, check)

    return build


# -- special cases -------------------------------------------------------------------------


def conversion_get(sb: Sandbox) -> Case:
    conversion = sb.state.traffic.conversions.items[4]

    def check(sb: Sandbox, env: Envelope) -> None:
        assert env.data["conversion_id"] == conversion.id
        assert env.data["sub_id"] == sb.sub_id(conversion.click)

    body = {"range": {"interval": "all_time"}, "limit": 1,
            "columns": ["conversion_id", "sub_id", "postback_datetime", "campaign", "offer",
                        "status", "previous_status", "revenue", "tid"],
            "filters": [{"name": "conversion_id", "operator": "EQUALS",
                         "expression": conversion.id}]}
    return Case({"id": conversion.id}, [("POST", API + "/conversions/log")], body, None, check)


def conversion_create(sb: Sandbox) -> Case:
    sub_id = sb.sub_id(7)
    before = len(sb.state.traffic.conversions)
    data = {"click_id": sub_id, "status": "sale", "revenue": 25.5, "currency": "USD",
            "transaction_id": "order-881"}

    def check(sb: Sandbox, env: Envelope) -> None:
        conversions = sb.state.traffic.conversions
        if sb.postback_delay is None:  # processed only when told: still on the queue
            assert len(conversions) == before  # answered "Success" all the same
            assert sb.process_postbacks() == [f"Subid {sub_id} complete"]
        assert len(conversions) == before + 1
        new = conversions.items[-1]
        assert (new.click, new.status, new.revenue, new.tid) == (7, "sale", 25.5, "order-881")
        assert env.data == {"response": "Success"}

    return Case({"data": data}, [("GET", f"/{POSTBACK_KEY}/postback")], None,
                {"subid": sub_id, "status": "sale", "payout": "25.5", "currency": "USD",
                 "tid": "order-881"}, check)


def conversion_update(sb: Sandbox) -> Case:
    conversion = next(c for c in sb.state.traffic.conversions.items if c.status == "lead")
    sub_id = sb.sub_id(conversion.click)

    revenue = round(conversion.revenue, 4)

    def check(sb: Sandbox, env: Envelope) -> None:
        if sb.postback_delay is None:  # processed only when told: still on the queue
            assert conversion.status == "lead"  # answered "Success" all the same
            sb.process_postbacks()
        assert (conversion.status, conversion.previous_status) == ("sale", "lead")
        assert env.data["conversion"]["conversion_id"] == conversion.id
        assert conversion.revenue == revenue  # re-sent as the payout, so kept (§11.1)

    return Case({"id": conversion.id, "data": {"click_id": sub_id, "status": "sale"}},
                [("POST", API + "/conversions/log"), ("GET", f"/{POSTBACK_KEY}/postback")],
                None, {"subid": sub_id, "status": "sale", "payout": str(revenue)}, check)


def logs_types(sb: Sandbox) -> Case:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert env.data == ["system", "traffic", "postbacks", "ssl", "sent_postbacks"]

    return Case({}, [("GET", API + "/logs/types")], None, None, check)


def groups_get(sb: Sandbox) -> Case:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert env.data == {"id": 5, "name": "Dating", "type": "offers", "position": 2}

    return Case({"type": "offers", "id": 5}, [("GET", API + "/groups")], None,
                {"type": "offers"}, check)


def domain_restore_prepare(sb: Sandbox) -> None:
    sb.state.domains[4]["state"] = "deleted"


def stream_restore_check(sb: Sandbox, env: Envelope) -> None:
    assert sb.state.streams[7]["state"] == "active"


def access_check(sb: Sandbox, env: Envelope) -> None:
    access = sb.state.users[2]["access_data"]
    assert access["campaigns_access_type"] == "read_only"
    assert access["offers_access_type"] == "full_access"


def labels_check(sb: Sandbox, env: Envelope) -> None:
    assert sb.state.labels[(1, "sub_id_1")] == {
        "ad-101": "blacklist", "ad-117": "whitelist", "site-123": "blacklist",
        "site-456": "whitelist"}


def facebook_linked(linked: list[int]) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert sb.state.facebook_campaigns[2] == linked

    return check


def logs_cleared(sb: Sandbox, env: Envelope) -> None:
    assert sb.state.logs["system"] == []


def log_rows(sb: Sandbox, env: Envelope) -> None:
    assert isinstance(env.data, list) and 0 < len(env.data) <= 5
    assert all("backup" in row["message"].lower() for row in env.data)


def gone(table: str, ident: int) -> Check:
    def check(sb: Sandbox, env: Envelope) -> None:
        assert ident not in sb.state.table(table)

    return check


def stream_filters_listed(sb: Sandbox, env: Envelope) -> None:
    assert env.data == sb.state.streams[1]["filters"]


def postback_listed(sb: Sandbox, env: Envelope) -> None:
    assert [p["id"] for p in env.data] == [7, 8, 9]


def postback_got(sb: Sandbox, env: Envelope) -> None:
    assert env.data["id"] == 8 and env.data["campaign_id"] == 5


def filter_got(sb: Sandbox, env: Envelope) -> None:
    assert env.data["id"] == 1 and env.data["name"] == "country"


def clicks_logged(sb: Sandbox, env: Envelope) -> None:
    assert env.data["total"] > 0
    assert set(env.data["rows"][0]) == {"click_id", "datetime", "country"}


def conversions_logged(sb: Sandbox, env: Envelope) -> None:
    assert all(row["status"] == "sale" for row in env.data["rows"])
    assert env.data["total"] >= len(env.data["rows"]) > 0


def report_built(sb: Sandbox, env: Envelope) -> None:
    assert env.data["rows"] and set(env.data["rows"][0]) == {"country", "clicks", "revenue"}


def domain_checked(sb: Sandbox, env: Envelope) -> None:
    assert sb.state.domains[4]["network_status"] == "active"


def domains_added(sb: Sandbox, env: Envelope) -> None:
    assert isinstance(env.data, list) and env.data[0]["name"] == "go.example.com"
    assert env.data[0]["network_status"] == "validating"


def stream_created(sb: Sandbox, env: Envelope) -> None:
    stream = sb.state.streams[env.data["id"]]
    assert stream["name"] == "US offers" and stream["campaign_id"] == 1
    assert stream["filters"][0]["id"] and stream["filters"][0]["stream_id"] == stream["id"]


def search_found(sb: Sandbox, env: Envelope) -> None:
    assert env.data and all("offers" in s["name"].lower() for s in env.data)


def events_read(sb: Sandbox, env: Envelope) -> None:
    assert env.data and all(e["stream_id"] == 1 for e in env.data)
    assert all(e["state"] == "read" for e in sb.state.stream_events[1])


CASES: dict[str, Callable[[Sandbox], Case]] = {
    # campaigns
    "campaigns.list": plain("campaigns.list", data_is_list),
    "campaigns.get": plain("campaigns.get", id=1),
    "campaigns.create": plain("campaigns.create", created("campaigns", alias="fb-us-ios")),
    "campaigns.update": plain("campaigns.update", campaign_named(1, "FB US iOS v2"), id=1),
    "campaigns.delete": plain("campaigns.delete", state_is("campaigns", 3, "deleted"), id=3),
    "campaigns.deleted": plain("campaigns.deleted", data_is_list),
    "campaigns.restore": plain("campaigns.restore", state_is("campaigns", 9, "active"), id=9),
    "campaigns.enable": plain("campaigns.enable", state_is("campaigns", 5, "active"), id=5),
    "campaigns.disable": plain("campaigns.disable", state_is("campaigns", 1, "disabled"), id=1),
    "campaigns.clone": plain("campaigns.clone", campaign_cloned, id=2),
    "campaigns.update_costs": plain("campaigns.update_costs", costs_spread(2, 19.22), id=2),
    # streams
    "streams.list": plain("streams.list", data_is_list, id=2),
    "streams.get": plain("streams.get", id=4),
    "streams.create": plain("streams.create", stream_created),
    "streams.update": plain(
        "streams.update", holds(lambda sb, env: sb.state.streams[4]["name"] == "US offers v2"),
        id=4),
    "streams.delete": plain("streams.delete", state_is("streams", 4, "deleted"), id=4),
    "streams.enable": plain("streams.enable", state_is("streams", 4, "active"), id=4),
    "streams.disable": plain("streams.disable", state_is("streams", 4, "disabled"), id=4),
    "streams.restore": plain("streams.restore", stream_restore_check, id=7),
    "streams.deleted": plain("streams.deleted", data_is_list),
    "streams.search": plain("streams.search", search_found, query="offers"),
    "streams.events": plain("streams.events", events_read, id=1),
    "streams.schemas": plain("streams.schemas", data_is_list),
    "streams.types": plain("streams.types", data_is_list),
    "streams.actions": plain("streams.actions", data_is_list),
    # landing pages
    "landings.list": plain("landings.list", data_is_list),
    "landings.get": plain("landings.get", id=2),
    "landings.create": plain("landings.create", created("landings", name="Quiz v1")),
    "landings.update": plain("landings.update", id=2),
    "landings.delete": plain("landings.delete", state_is("landings", 2, "deleted"), id=2),
    "landings.clone": plain("landings.clone", cloned("landings", 5), id=5),
    "landings.download": plain("landings.download", zip_with("index.html", "css/style.css"),
                               id=5),
    "landings.structure": plain("landings.structure", structure, id=5),
    "landings.get_file": plain(
        "landings.get_file",
        holds(lambda sb, env: env.data["data"].startswith("<!doctype html>")),
        path="index.html", id=5),
    "landings.update_file": plain("landings.update_file",
                                  file_is("landings", 5, "index.php", "<?php echo 'hi';"),
                                  id=5),
    "landings.add_file": plain("landings.add_file", file_is("landings", 5, "index.php", ""),
                               id=5),
    "landings.remove_file": plain("landings.remove_file",
                                  file_is("landings", 5, "js/app.js", None),
                                  path="js/app.js", id=5),
    # offers
    "offers.list": plain("offers.list", data_is_list),
    "offers.get": plain("offers.get", id=3),
    "offers.create": plain("offers.create", created("offers", name="Nutra US")),
    "offers.update": plain("offers.update", id=3),
    "offers.archive": plain("offers.archive", state_is("offers", 3, "deleted"), id=3),
    "offers.clone": plain("offers.clone", cloned("offers", 3), id=3),
    "offers.download": plain("offers.download", zip_with("index.php", "thanks.html"), id=9),
    "offers.structure": plain("offers.structure", id=9),
    "offers.get_file": plain("offers.get_file", id=9),
    "offers.update_file": plain("offers.update_file",
                                file_is("offers", 9, "index.php", "<?php echo 'hi';"), id=9),
    "offers.add_file": plain("offers.add_file", file_is("offers", 9, "new.php", ""),
                             path="new.php", id=9),
    "offers.remove_file": plain("offers.remove_file", file_is("offers", 9, "index.php", None),
                                id=9),
    # clicks
    "clicks.log": plain("clicks.log", clicks_logged, range=RANGE),
    "clicks.update_costs": plain("clicks.update_costs", costs_spread(1, 19.22)),
    "clicks.clean": plain("clicks.clean", cleaned, range={"from": "2026-11-03",
                                                          "to": "2026-11-04"}, campaign_id=1),
    # settings
    "settings.avscan_get": plain("settings.avscan_get"),
    "settings.avscan_set": plain(
        "settings.avscan_set",
        holds(lambda sb, env: sb.state.integrations["avscan_key"] == "av-123456")),
    "settings.imklo_get": plain("settings.imklo_get"),
    "settings.imklo_set": plain(
        "settings.imklo_set", holds(lambda sb, env: sb.state.integrations["imklo_api_url"]
                                    == "https://imklo.example.com/api")),
    "settings.facebook_list": plain("settings.facebook_list"),
    "settings.facebook_get": plain("settings.facebook_get", id=1),
    "settings.facebook_create": plain(
        "settings.facebook_create", created("facebook", name="FB third"),
        data={"name": "FB third", "ad_account_id": "act_123", "token": "EAAB...",
              "proxy_enabled": False}),
    "settings.facebook_update": plain(
        "settings.facebook_update",
        holds(lambda sb, env: sb.state.facebook[2]["name"] == "FB main 2"), id=2),
    "settings.facebook_delete": plain("settings.facebook_delete", gone("facebook", 2), id=2),
    "settings.facebook_campaigns": plain("settings.facebook_campaigns", data_is_list, id=1),
    "settings.facebook_link": plain("settings.facebook_link", facebook_linked([3]), id=2,
                                    campaign_id=3),
    "settings.facebook_unlink": plain(
        "settings.facebook_unlink", facebook_linked([]), id=2, campaign_id=3,
        prepare=lambda sb: sb.state.facebook_campaigns.update({2: [3]})),
    # users
    "users.list": plain("users.list", data_is_list),
    "users.get": plain("users.get", id=2),
    "users.create": plain("users.create", user_checked),
    "users.update": plain(
        "users.update",
        holds(lambda sb, env: sb.state.users[2]["preferences"]["timezone"]
              == "Europe/Moscow"), id=2),
    "users.delete": plain("users.delete", gone("users", 3), id=3),
    "users.access": plain("users.access", access_check, id=2),
    # blacklist
    "blacklist.get": plain(
        "blacklist.get", holds(lambda sb, env: env.data == {"ad-101": "blacklist"}),
        campaign_id=1),
    "blacklist.set": plain("blacklist.set", labels_check),
    # bots
    "bots.list": plain("bots.list"),
    "bots.add": plain("bots.add", botlist_is([*SEEDED_BOTS, "1.2.3.4", "10.0.0.0/8"]),
                      body={"value": "1.2.3.4\n10.0.0.0/8"}),
    "bots.exclude": plain("bots.exclude", botlist_is(SEEDED_BOTS[1:]), value="66.249.64.0/19",
                          body={"value": "66.249.64.0/19"}),
    "bots.replace": plain("bots.replace", botlist_is(["1.2.3.4", "10.0.0.0/8"]),
                          body={"value": "1.2.3.4\n10.0.0.0/8"}),
    "bots.clear": plain("bots.clear", botlist_is([])),
    # postbacks (read-modify-write of a campaign's `postbacks`)
    "postbacks.list": rmw("postbacks.list", "/campaigns/5", postback_listed, campaign_id=5),
    "postbacks.get": rmw("postbacks.get", "/campaigns/5", postback_got, campaign_id=5,
                         postback_id=8),
    "postbacks.create": postbacks_case(
        "postbacks.create",
        lambda urls: [*urls, "https://ts.example.com/pb?click={subid}&payout={revenue}"]),
    "postbacks.update": postbacks_case("postbacks.update", lambda urls: urls, postback_id=8),
    "postbacks.delete": postbacks_case("postbacks.delete", lambda urls: [urls[0], urls[2]],
                                       postback_id=8),
    # sources
    "sources.list": plain("sources.list", data_is_list),
    "sources.get": plain("sources.get", id=2),
    "sources.create": plain("sources.create", created("sources", name="PropellerAds (2)"),
                            data={"name": "PropellerAds (2)", "postback_statuses": ["sale"]}),
    "sources.update": plain(
        "sources.update", holds(lambda sb, env: sb.state.sources[2]["traffic_loss"] == 5),
        id=2),
    "sources.delete": plain("sources.delete", state_is("sources", 2, "deleted"), id=2),
    "sources.clone": plain("sources.clone", cloned("sources", 2), id=2),
    # conversions
    "conversions.log": plain("conversions.log", conversions_logged, range=RANGE),
    "conversions.get": conversion_get,
    "conversions.create": conversion_create,
    "conversions.update": conversion_update,
    # reports
    "reports.build": plain("reports.build", report_built, range=RANGE,
                           data={"grouping": ["country"], "metrics": ["clicks", "revenue"]}),
    "reports.by_campaign": report_case("campaign", "DESC", ident="campaign_id"),
    "reports.by_offer": report_case("offer", "DESC", ident="offer_id"),
    "reports.by_country": report_case("country", "DESC"),
    "reports.by_ts": report_case("ts", "DESC", ident="ts_id"),
    "reports.by_landing": report_case("landing", "DESC", ident="landing_id"),
    "reports.by_day": report_case("day", "ASC", sort="day"),
    # groups
    "groups.list": plain("groups.list", data_is_list),
    "groups.get": groups_get,
    "groups.create": plain("groups.create", created("groups", name="Nutra 2", type="offers"),
                           data={"name": "Nutra 2", "type": "offers"}),
    "groups.update": plain(
        "groups.update", holds(lambda sb, env: sb.state.groups[2]["name"] == "Nutra EU"),
        id=2),
    "groups.delete": plain("groups.delete", gone("groups", 1), id=1),
    # filters (read-modify-write of a stream's `filters`)
    "filters.types": plain("filters.types", data_is_list),
    "filters.list": rmw("filters.list", "/streams/1", stream_filters_listed, stream_id=1),
    "filters.add": rmw("filters.add", "/streams/1", filters_are(1, ["country", "country"]),
                       stream_id=1),
    "filters.update": rmw(
        "filters.update", "/streams/1",
        holds(lambda sb, env: sb.state.streams[1]["filters"][0]["payload"]
              == ["US", "CA", "GB"]), stream_id=1, filter_id=1),
    "filters.delete": rmw("filters.delete", "/streams/1", filters_are(1, []), stream_id=1,
                          filter_id=1),
    "filters.replace": plain("filters.replace", filters_are(4, ["country"]), stream_id=4),
    # logs
    "logs.types": logs_types,
    "logs.get": plain("logs.get", log_rows, type="system", query="backup", limit=5),
    "logs.clear": plain("logs.clear", logs_cleared, type="system"),
    # domains
    "domains.list": plain("domains.list", data_is_list),
    "domains.get": plain("domains.get", id=1),
    "domains.create": plain("domains.create", domains_added),
    "domains.update": plain(
        "domains.update", holds(lambda sb, env: sb.state.domains[1]["default_campaign_id"]
                                == 2), id=1),
    "domains.delete": plain("domains.delete", state_is("domains", 2, "deleted"), id=2),
    "domains.check": plain("domains.check", domain_checked, id=4),
    "domains.restore": plain("domains.restore", state_is("domains", 4, "active"), id=4,
                             prepare=domain_restore_prepare),
    "domains.deleted": plain("domains.deleted", holds(lambda sb, env: env.data == [])),
    # affiliate networks
    "networks.list": plain("networks.list", data_is_list),
    "networks.get": plain("networks.get", id=1),
    "networks.create": plain("networks.create", created("networks", name="AdCombo 2"),
                             data={"name": "AdCombo 2", "offer_param": "sub1={subid}"}),
    "networks.update": plain(
        "networks.update", holds(lambda sb, env: sb.state.networks[1]["offer_param"]
                                 == "sub1={subid}&sub2={campaign_name}"), id=1),
    "networks.delete": plain("networks.delete", state_is("networks", 1, "deleted"), id=1),
    "networks.clone": plain("networks.clone", cloned("networks", 1), id=1),
}


def test_every_entry_has_a_case() -> None:
    ids = {a.id for a in CATALOG}
    assert ids - set(CASES) == set(), "catalog entries without a test case"
    assert set(CASES) - ids == set(), "test cases for entries that are gone"


def _masked(env: Envelope, kind: Kind, base: str) -> None:
    dump = env.model_dump_json()
    assert API_KEY not in dump and POSTBACK_KEY not in dump
    assert env.request.url.startswith(base)
    if kind is Kind.ADMIN:
        assert env.request.headers["Api-Key"] == mask_secret(API_KEY)
    else:
        assert "Api-Key" not in env.request.headers
        assert f"/{mask_secret(POSTBACK_KEY)}/postback?" in env.request.url


@pytest.mark.parametrize("action_id", sorted(CASES))
async def test_action(action_id: str) -> None:
    action = CATALOG[action_id]
    sb = make_sandbox()
    case = CASES[action_id](sb)
    if case.prepare is not None:
        case.prepare(sb)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute(action, case.args)
    assert envelope.success, envelope.error
    assert [(r.method, r.path) for r in sb.requests] == case.calls
    last = sb.requests[-1]
    if case.body is not NOTHING:
        assert last.body == case.body
    assert last.query == (case.query or {})
    if last.method != "GET" and case.body is not None and action.kind is Kind.ADMIN:
        assert last.headers.get("Content-Type") == "application/json"
    assert last.headers.get("Api-Key") == (API_KEY if action.kind is Kind.ADMIN else None)
    _masked(envelope, action.kind, base)
    if case.check is not None:
        case.check(sb, envelope)


async def test_conversion_update_needs_click_id() -> None:
    sb = make_sandbox(clicks=200)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("conversions.update", {"id": 1, "data": {
            "status": "rejected"}})
    assert not envelope.success
    assert envelope.kind is ErrorKind.INVALID_INPUT
    assert "click_id" in envelope.error.message
    assert sb.requests == []


async def test_conversion_update_refuses_a_foreign_click() -> None:
    sb = make_sandbox(clicks=200)
    conversion = sb.state.traffic.conversions.items[0]
    other = next(i for i in range(200) if i != conversion.click)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("conversions.update", {"id": conversion.id, "data": {
            "click_id": sb.sub_id(other), "status": "rejected"}})
    assert envelope.kind is ErrorKind.INVALID_INPUT
    assert sb.count("GET", "/postback") == 0


async def test_postback_write_keeps_ids_of_untouched_items() -> None:
    sb = make_sandbox(clicks=200)
    before = [dict(p) for p in sb.state.campaigns[8]["postbacks"]]
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("postbacks.update", {
            "campaign_id": 8, "postback_id": before[1]["id"], "data": {"statuses": ["sale"]}})
    assert envelope.success
    after = sb.state.campaigns[8]["postbacks"]
    assert [p["id"] for p in after] == [p["id"] for p in before]
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1]["statuses"] == ["sale"]
    written = sb.matching("PUT")[0].body
    assert set(written) == {"postbacks"}


# -- composite behaviour -------------------------------------------------------------------


async def test_log_types_falls_back_to_post_when_get_has_no_route() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", r"/logs/types$", status=400, body={
        "error": "URL 'GET http://t/admin_api/v1/logs/types' does not match any route"})
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("logs.types")
    assert envelope.success and envelope.request.method == "POST"
    assert envelope.data == ["system", "traffic", "postbacks", "ssl", "sent_postbacks"]
    assert [(r.method, r.path) for r in sb.requests] == [("GET", API + "/logs/types"),
                                                         ("POST", API + "/logs/types")]


async def test_report_in_the_dimensions_dialect() -> None:
    sb = make_sandbox()
    async with sb.running() as base, client_for(base, report_dialect="dimensions") as client:
        envelope = await client.execute("reports.by_country", {"range": RANGE})
    body = sb.requests[-1].body
    # `grouping`/`metrics` always go out (9.x drops `measures`, API-NOTES §11.9); the
    # dialect adds the new names for a tracker that reads only those
    assert body["dimensions"] == body["grouping"] == ["country"]
    assert body["measures"] == body["metrics"] == REPORT_METRICS
    assert envelope.success and envelope.data["rows"][0]["country"]
    assert envelope.data["rows"][0]["clicks"] > 0


async def test_iter_grid_pages_through_the_click_log() -> None:
    sb = make_sandbox()
    seen: list[int] = []
    totals: set[int] = set()
    async with sb.running() as base, client_for(base) as client:
        async for page in client.iter_grid(CATALOG["clicks.log"], {"range": RANGE},
                                           page_size=300):
            assert page.success
            seen.extend(row["click_id"] for row in page.data["rows"])
            totals.add(page.data["total"])
    assert len(totals) == 1 and len(seen) == totals.pop() == len(set(seen))
    offsets = [r.body["offset"] for r in sb.requests]
    assert offsets == list(range(0, 300 * len(offsets), 300))


ADMIN_HTML = ("<!DOCTYPE html><html><head><title>Keitaro</title></head>"
              "<body>Sign in</body></html>")


async def test_an_html_page_instead_of_a_zip_is_a_bad_response() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", r"/download$", status=200, body=ADMIN_HTML, content_type="text/html")
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("landings.download", {"id": 5})
    assert envelope.kind is ErrorKind.BAD_RESPONSE


async def test_an_html_page_instead_of_a_postback_answer_is_a_bad_response() -> None:
    sb = make_sandbox(clicks=100)
    sb.faults.add("GET", r"/postback$", status=200, body=ADMIN_HTML, content_type="text/html")
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("conversions.create", {
            "data": {"click_id": sb.sub_id(1), "status": "lead"}})
    assert envelope.kind is ErrorKind.BAD_RESPONSE
