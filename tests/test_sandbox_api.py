"""The sandbox's Admin API semantics over raw HTTP: auth, routing, 404s, CRUD, archive,
406 field maps, nested lists, groups, users, domains, bot list, logs, labels, files."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import socket
import zipfile

import aiohttp
import aiohttp.web
import pytest

from keitaro_sandbox import Sandbox, serve
from tests.sandbox_fixtures import API, API_KEY, POSTBACK_KEY, connected, make_sandbox, serving


async def test_api_key_is_checked_on_every_admin_request() -> None:
    async with serving(clicks=50) as (sb, http):
        for key in (None, "wrong", API_KEY[:-1]):
            for path in ("/campaigns", "/nothing/here"):
                reply = await http.get(path, key=key)
                assert (reply.status, reply.json()) == (401, {"error": "Invalid API key"})
        bearer = await http.get("/campaigns", key=None,
                                headers={"Authorization": f"Bearer {API_KEY}"})
        assert bearer.status == 200
        assert sb.count() == 7  # rejected requests are recorded too


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/xyz"), ("GET", "/campaigns/abc"), ("GET", "/campaigns/1.5"),
    ("GET", "/streams_actions"), ("PATCH", "/campaigns/1"), ("POST", "/campaigns/1"),
    ("DELETE", "/offers/1"), ("DELETE", "/groups/1"), ("POST", "/landing_pages/1/clone"),
    ("GET", "/stream/1/events"), ("GET", "/campaigns/"), ("GET", "/../campaigns"),
])
async def test_unknown_routes_answer_400_like_keitaro(method: str, path: str) -> None:
    async with serving(clicks=50) as (_, http):
        reply = await http.request(method, path)
    assert reply.status == 400
    message = reply.json()["error"]
    assert message.startswith(f"URL '{method} http://127.0.0.1:")
    assert message.endswith("' does not match any route")


@pytest.mark.parametrize(("path", "model"), [
    ("/campaigns/99", "Traffic\\Model\\Campaign"), ("/streams/999", "Traffic\\Model\\BaseStream"),
    ("/offers/99", "Traffic\\Model\\Offer"), ("/landing_pages/99", "Traffic\\Model\\Landing"),
    ("/traffic_sources/99", "Traffic\\Model\\TrafficSource"),
    ("/affiliate_networks/99", "Traffic\\Model\\AffiliateNetwork"),
    ("/domains/99", "Traffic\\Model\\Domain"), ("/users/99", "Traffic\\Model\\User"),
    ("/integrations/facebook/99",
     "Component\\ThirdPartyIntegration\\Model\\FacebookIntegration"),
])
async def test_missing_entities_answer_402_not_found(path: str, model: str) -> None:
    """9.x answers every exception a controller throws with 402 {"error"} (API-NOTES §12.1),
    a not-found one included."""
    async with serving(clicks=50) as (_, http):
        reply = await http.get(path)
    id_ = path.rsplit("/", 1)[1]
    assert (reply.status, reply.content_type, reply.json()) == (
        402, "application/json", {"error": f"{model} #{id_} not found"})


async def test_outside_the_admin_api() -> None:
    async with serving(clicks=50) as (_, http):
        admin = await http.get("/admin/", raw=True, key=None)
        other = await http.get("/some-campaign-alias", raw=True, key=None)
    assert admin.status == 200 and admin.content_type == "text/html"
    assert other.status == 404


async def test_campaign_create_validation() -> None:
    async with serving(clicks=50) as (sb, http):
        empty = await http.post("/campaigns", {})
        taken = await http.post("/campaigns", {"name": "X", "alias": "FB-US-iOS-nutra"})
        slug = await http.post("/campaigns", {"name": "X", "alias": "bad alias!"})
        long = await http.post("/campaigns", {"name": "n" * 121, "alias": "ok"})
        enum = await http.post("/campaigns", {"name": "X", "alias": "ok", "type": "random"})
        not_object = await http.post("/campaigns", [1, 2])
        reuse = await http.post("/campaigns", {"name": "Again", "alias": "old-test"})
        made = await http.post("/campaigns", {"name": "New", "alias": "new-one",
                                              "group_id": 999, "traffic_source_id": "2"})
    assert empty.status == 406
    assert empty.json() == {"name": ["This field is required"],
                            "alias": ["This field is required"]}
    assert taken.status == 406 and "already used by #1" in taken.json()["alias"][0]
    assert slug.status == 406 and list(slug.json()) == ["alias"]
    assert long.status == 406 and list(long.json()) == ["name"]
    assert enum.status == 406 and "position" in enum.json()["type"][0]
    assert not_object.status == 402
    assert reuse.status == 200  # the alias of an archived campaign is free again
    assert made.status == 200
    created = made.json()
    assert created["group_id"] == 999 and created["traffic_source_id"] == 2  # unknown ids pass
    assert (created["cost_auto"], created["uniqueness_method"], created["state"]) == (
        False, "ip", "active")
    assert created["token"] and sb.state.campaigns[created["id"]]["alias"] == "new-one"


async def test_put_is_partial_and_lists_keep_ids() -> None:
    async with serving(clicks=50) as (sb, http):
        before = dict(sb.state.campaigns[5])
        postbacks = before["postbacks"]
        reply = await http.put("/campaigns/5", {
            "cost_value": 0.2,
            "postbacks": [{**postbacks[2], "statuses": ["sale"]},
                          {"url": "https://new.example/pb?c={subid}", "method": "POST"}],
        })
        bad = await http.put("/campaigns/5", {"postbacks": [{"url": ""}]})
        renamed_to_taken = await http.put("/campaigns/5", {"alias": "google-de-keto"})
        same_alias = await http.put("/campaigns/5", {"alias": before["alias"]})
    assert reply.status == 200
    after = sb.state.campaigns[5]
    assert after["cost_value"] == 0.2 and after["name"] == before["name"]
    assert next(p["id"] for p in after["postbacks"]) == postbacks[2]["id"]
    new = after["postbacks"][1]
    assert new["id"] > max(p["id"] for p in sb.state.campaigns[8]["postbacks"])
    assert new["campaign_id"] == 5 and new["statuses"] == ["lead", "sale"]
    assert bad.status == 406 and "postbacks" in bad.json()
    assert renamed_to_taken.status == 406
    assert same_alias.status == 200


async def test_archive_restore_enable_disable() -> None:
    async with serving(clicks=50) as (sb, http):
        first = await http.delete("/campaigns/3")
        listed = [c["id"] for c in (await http.get("/campaigns")).json()]
        archived = [c["id"] for c in (await http.get("/campaigns/deleted")).json()]
        second = await http.delete("/campaigns/3")
        disable_archived = await http.post("/campaigns/3/disable")
        shown = await http.get("/campaigns/3")
        restored = await http.post("/campaigns/3/restore")
        disabled = await http.post("/campaigns/3/disable")
        enabled = await http.post("/campaigns/3/enable")
        stream = await http.delete("/streams/8")
        streams = [s["id"] for s in (await http.get("/campaigns/3/streams")).json()]
    assert first.status == 200 and first.json()["state"] == "deleted"
    assert 3 not in listed and archived == [3, 9]
    assert second.status == 402
    assert second.json() == {"error": "Traffic\\Model\\Campaign #3 not found"}
    assert disable_archived.status == 402
    # an archived campaign is not found by GET (CampaignsController::showAction, §12.1)
    assert shown.status == 402 and "not found" in shown.json()["error"]
    assert restored.json()["state"] == "active"
    assert disabled.json()["state"] == "disabled" and enabled.json()["state"] == "active"
    assert stream.json()["state"] == "deleted" and 8 not in streams and streams == [9, 10]
    assert sb.state.campaigns[3]["state"] == "active"


async def test_clones() -> None:
    async with serving(clicks=50) as (sb, http):
        first = (await http.post("/campaigns/2/clone")).json()
        second = (await http.post("/campaigns/2/clone")).json()
        landing = await http.put("/landing_pages/5/clone")
        offer = (await http.post("/offers/9/clone")).json()
        source = (await http.post("/traffic_sources/1/clone")).json()
    assert (first["name"], first["alias"]) == ("Google DE Keto (copy)", "google-de-keto-copy")
    assert (second["name"], second["alias"]) == ("Google DE Keto (copy 2)",
                                                 "google-de-keto-copy-2")
    assert first["token"] != sb.state.campaigns[2]["token"]
    copies = [s for s in sb.state.streams.values() if s["campaign_id"] == first["id"]]
    assert len(copies) == first["streams_count"] == 4
    assert {f["stream_id"] for s in copies for f in s["filters"]} <= {s["id"] for s in copies}
    assert [p["campaign_id"] for p in first["postbacks"]] == [first["id"]] * 2
    assert landing.status == 200 and landing.json()["name"] == "Local Quiz v2 (copy)"
    assert sb.state.files[("landings", landing.json()["id"])] == sb.state.files[
        ("landings", 5)]
    assert offer["name"] == "Local Nutra Shop (copy)" and source["name"] == "Facebook (copy)"


async def test_streams() -> None:
    async with serving(clicks=50) as (_sb, http):
        missing = await http.post("/streams", {})
        no_campaign = await http.post("/streams", {
            "campaign_id": 99, "schema": "redirect", "type": "regular", "name": "S",
            "action_type": "http"})
        bad_enum = await http.post("/streams", {
            "campaign_id": 1, "schema": "landings_offers", "type": "regular", "name": "S",
            "action_type": "teleport"})
        made = (await http.post("/streams", {
            "campaign_id": 1, "schema": "landings", "type": "regular", "name": "New S",
            "action_type": "http", "filters": [{"name": "country", "mode": "accept",
                                                "payload": ["US"]}],
            "offers": [{"offer_id": 1, "share": 50}, {"offer_id": 8, "share": 50}]})).json()
        offers = made["offers"]
        put = (await http.put(f"/streams/{made['id']}", {
            "offers": [offers[1], {"offer_id": 2, "share": 50}]})).json()
        search = await http.get("/streams/search", params={"query": "DEFAULT"})
        no_query = await http.get("/streams/search")
        events = await http.get("/streams/1/events")
        again = await http.get("/streams/1/events")
    assert missing.status == 406
    assert set(missing.json()) == {"campaign_id", "schema", "type", "name", "action_type"}
    assert no_campaign.status == 406 and list(no_campaign.json()) == ["campaign_id"]
    assert bad_enum.status == 406 and set(bad_enum.json()) == {"schema", "action_type"}
    assert made["position"] == 3 and made["collect_clicks"] is False
    assert made["filters"][0]["stream_id"] == made["id"]
    assert next(o["id"] for o in put["offers"]) == offers[1]["id"]
    assert put["offers"][1]["id"] not in {o["id"] for o in offers}
    assert put["name"] == "New S" and put["filters"] == made["filters"]
    assert {s["name"] for s in search.json()} == {"Default"}
    assert no_query.status == 402
    assert [e["state"] for e in events.json()] == ["unread", "unread"]
    assert [e["state"] for e in again.json()] == ["read", "read"]


async def test_groups() -> None:
    async with serving(clicks=50) as (sb, http):
        no_type = await http.get("/groups")
        bad_type = await http.get("/groups", params={"type": "streams"})
        landings = (await http.get("/groups", params={"type": "landings"})).json()
        missing = await http.post("/groups", {})
        twice = await http.post("/groups", {"name": "nutra", "type": "offers"})
        other_type = await http.post("/groups", {"name": "Nutra", "type": "domains"})
        deleted = await http.delete("/groups/1/delete")
        again = await http.delete("/groups/1/delete")
    assert no_type.status == 402 and bad_type.status == 402
    assert [g["name"] for g in landings] == ["Quizzes", "Prelanders"]
    assert set(landings[0]) == {"id", "name", "type", "position"}
    assert missing.status == 406 and set(missing.json()) == {"name", "type"}
    assert twice.status == 406 and other_type.status == 200
    assert deleted.json()["name"] == "Nutra" and again.status == 402
    assert all(c["group_id"] != 1 for c in sb.state.campaigns.values())


async def test_users_never_show_passwords() -> None:
    async with serving(clicks=50) as (sb, http):
        missing = await http.post("/users", {"login": "x"})
        mismatch = await http.post("/users", {
            "login": "x", "type": "USER", "new_password": "a1", "new_password_confirmation": "b"})
        taken = await http.post("/users", {"login": "ALICE", "type": "USER",
                                           "new_password": "a", "new_password_confirmation": "a"})
        made = await http.post("/users", {
            "login": "carol", "type": "ADMIN", "new_password": "Secret-1",
            "new_password_confirmation": "Secret-1"})
        listing = await http.get("/users")
        change = await http.put(f"/users/{made.json()['id']}", {"new_password": "x"})
        access = await http.put("/users/2/access", {"access_data": {
            "campaigns_access_type": "nonsense"}})
        no_access = await http.put("/users/2/access", {})
        removed = await http.delete("/users/3")
    assert missing.status == 406
    assert set(missing.json()) == {"type", "new_password", "new_password_confirmation"}
    assert mismatch.json() == {"new_password_confirmation": ["Passwords do not match"]}
    assert taken.status == 406 and list(taken.json()) == ["login"]
    assert made.status == 200
    assert made.json()["access_data"]["campaigns_access_type"] == "full_access"
    for text in (made.text, listing.text):
        assert "Secret-1" not in text and "password" not in text and "Pass-1" not in text
    assert sb.state.passwords[made.json()["id"]] == "Secret-1"
    assert change.status == 406
    assert access.status == 406 and no_access.status == 406
    assert removed.json() == {"success": True} and 3 not in sb.state.users


async def test_domains() -> None:
    async with serving(clicks=50) as (_sb, http):
        several = await http.post("/domains", {"name": "a.example.com\nb.example.com"})
        invalid = await http.post("/domains", {"name": "not a domain"})
        taken = await http.post("/domains", {"name": "GO.trk-alpha.com"})
        rename_active = (await http.put("/domains/1", {"name": "x.example.com",
                                                       "notes": "n"})).json()
        broken = (await http.post("/domains", {"name": "bad.invalid"})).json()[0]
        checked = (await http.post(f"/domains/{broken['id']}/check")).json()
        good = (await http.post("/domains/4/check")).json()
    assert [d["name"] for d in several.json()] == ["a.example.com", "b.example.com"]
    assert {d["network_status"] for d in several.json()} == {"validating"}
    assert invalid.status == 406 and taken.status == 406
    assert rename_active["name"] == "go.trk-alpha.com" and rename_active["notes"] == "n"
    assert rename_active["campaigns_count"] == 3
    assert checked["network_status"] == "error" and checked["error_description"]
    assert good["network_status"] == "active"


async def test_bot_list() -> None:
    async with serving(clicks=50) as (sb, http):
        added = await http.post("/botlist/add", {"value": "1.1.1.1 5.255.250.18,2.2.2.0/24"})
        excluded = await http.post("/botlist/exclude", {"value": "1.1.1.1"})
        shown = await http.get("/botlist")
        bad = await http.put("/botlist", {"value": "1.1.1.1\nnot-an-ip"})
        missing = await http.post("/botlist/add", {})
        cleared = await http.delete("/botlist")
    assert added.json() == {"count": 8} and excluded.json() == {"count": 7}
    assert shown.json()["value"].split("\n")[-1] == "2.2.2.0/24"
    assert bad.status == 406 and "not-an-ip" in bad.json()["value"][0]
    assert missing.status == 406
    assert cleared.json() == {"count": 0} and sb.state.botlist == []


async def test_logs() -> None:
    async with serving(clicks=300) as (_sb, http):
        types_get = await http.get("/logs/types")
        types_post = await http.post("/logs/types")
        no_limit = await http.get("/logs/system")
        unknown = await http.get("/logs/cron", params={"limit": "5"})
        page = (await http.get("/logs/system", params={"limit": "3", "offset": "1"})).json()
        search = (await http.get("/logs/system", params={"limit": "50",
                                                         "query": "BACKUP"})).json()
        traffic = (await http.get("/logs/traffic", params={"limit": "50",
                                                           "campaign_id": "2"})).json()
        cleared = await http.delete("/logs/system")
        empty = (await http.get("/logs/system", params={"limit": "5"})).json()
    assert types_get.json() == types_post.json() == ["system", "traffic", "postbacks", "ssl",
                                                     "sent_postbacks"]
    assert no_limit.status == 402 and unknown.status == 402
    assert len(page) == 3 and set(page[0]) == {"datetime", "jid", "message"}
    assert page[0]["datetime"] >= page[1]["datetime"]  # newest first
    assert len(search) == 4 and all("backup" in r["message"].lower() for r in search)
    assert traffic and all(r["message"].startswith("Campaign #2:") for r in traffic)
    assert cleared.json() == {"success": True} and empty == []


async def test_report_labels() -> None:
    async with serving(clicks=50) as (sb, http):
        missing = await http.get("/report/labels", params={"campaign_id": "1"})
        read = await http.get("/report/labels", params={
            "campaign_id": "1", "ref_name": "sub_id_1", "label_name": "whitelist"})
        bad = await http.post("/report/labels", {"campaign_id": 1, "ref_name": "sub_id_1",
                                                 "items": {"x": "greylist"}})
        incomplete = await http.post("/report/labels", {"items": {}})
        changed = await http.post("/report/labels", {
            "campaign_id": 1, "ref_name": "sub_id_1", "items": {"ad-101": None, "ad-102":
                                                               "blacklist"}})
    assert missing.status == 402
    assert read.json() == {"ad-117": "whitelist"}
    assert bad.status == 406 and incomplete.status == 406
    assert set(incomplete.json()) == {"campaign_id", "ref_name", "items"}
    assert changed.json() == {"success": True}
    assert sb.state.labels[(1, "sub_id_1")] == {"ad-117": "whitelist", "ad-102": "blacklist"}


async def test_integrations() -> None:
    async with serving(clicks=50) as (sb, http):
        avscan = await http.put("/integrations/avscan", params={"avscan_key": "k-1"})
        no_value = await http.put("/integrations/imklo")
        imklo = await http.get("/integrations/imklo")
        listing = (await http.get("/integrations/facebook")).json()
        one = (await http.get("/integrations/facebook/1")).json()
        made = (await http.post("/integrations/facebook", {"name": "FB 3", "token": "t"})).json()
        no_name = await http.post("/integrations/facebook", {})
        linked = await http.post(f"/integrations/facebook/{made['id']}/campaign",
                                 {"campaign_id": 2})
        bad_link = await http.post(f"/integrations/facebook/{made['id']}/campaign",
                                   {"campaign_id": 99})
        campaigns = (await http.get(f"/integrations/facebook/{made['id']}/campaign")).json()
        unlinked = await http.delete(f"/integrations/facebook/{made['id']}/campaign",
                                     {"campaign_id": 2})
        after = (await http.get(f"/integrations/facebook/{made['id']}/campaign")).json()
        deleted = await http.delete(f"/integrations/facebook/{made['id']}")
    assert avscan.json() == {"avscan_key": "k-1"} and sb.state.integrations["avscan_key"] == "k-1"
    assert no_value.status == 402 and imklo.json()["imklo_api_url"].startswith("https://")
    assert [f["name"] for f in listing["data"]] == ["FB main", "FB reserve"]
    assert one["data"]["ad_account_id"] == "act_1234567890"
    assert no_name.status == 406
    assert linked.json() == {"success": True} and bad_link.status == 402
    assert campaigns == [{"name": "Google DE Keto", "value": 2}]
    assert unlinked.status == 200 and after == []
    assert deleted.json() == {"success": True} and made["id"] not in sb.state.facebook


async def test_local_files() -> None:
    async with serving(clicks=50) as (sb, http):
        tree = (await http.get("/landing_pages/5/get_structure")).json()
        got = await http.get("/landing_pages/5/get_file", params={"path": "css/style.css"})
        no_path = await http.get("/landing_pages/5/get_file")
        escape = await http.get("/landing_pages/5/get_file", params={"path": "../etc/passwd"})
        unknown = await http.get("/landing_pages/5/get_file", params={"path": "nope.html"})
        added = await http.post("/offers/9/add_file", params={"path": "js/new.js"})
        updated = await http.put("/offers/9/update_file", params={"path": "js/new.js",
                                                                  "data": "alert(1)"})
        bad_kind = await http.post("/offers/9/add_file", params={"path": "img/x.svg"})
        removed = await http.delete("/offers/9/remove_file", params={"path": "thanks.html"})
        gone = await http.delete("/offers/9/remove_file", params={"path": "thanks.html"})
        download = await http.get("/offers/9/download")
        external = await http.get("/landing_pages/1/get_structure")
        # what the tracker's editor does with `..`: it leaves the folder (API-NOTES §11.6)
        stray = await http.put("/landing_pages/5/update_file",
                               params={"path": "../../config.php", "data": "<?php // x"})
        emptied = await http.post("/landing_pages/5/add_file", params={"path": "index.html"})
    assert [c["name"] for c in tree["children"]] == ["css", "img", "js", "index.html"]
    assert tree["children"][0]["children"][0] == {
        "name": "style.css", "type": "file", "ext": "css", "path": "css/style.css",
        "children": []}
    assert got.json() == {"data": sb.state.files[("landings", 5)]["css/style.css"]}
    assert no_path.status == 402 and escape.status == 402 and unknown.status == 402
    assert added.json() == {"path": "js/new.js"} and bad_kind.status == 406
    assert updated.json() == {"path": "js/new.js"}
    assert removed.json() == gone.json() == {"success": True}
    assert stray.status == 200 and sb.state.stray_files == {"config.php": "<?php // x"}
    assert emptied.status == 200 and sb.state.files[("landings", 5)]["index.html"] == ""
    assert download.content_type == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.raw)) as archive:
        assert sorted(archive.namelist()) == ["css/form.css", "index.php", "js/new.js"]
        assert archive.read("js/new.js") == b"alert(1)"
    assert external.status == 402


async def test_archive_upload_becomes_local_files() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<h1>hi</h1>")
        archive.writestr("img/a.svg", "<svg/>")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    async with serving(clicks=50) as (sb, http):
        made = await http.post("/landing_pages", {"name": "Uploaded", "landing_type": "local",
                                                  "archive": encoded})
        bad = await http.post("/landing_pages", {"name": "Broken", "archive": "not base64!"})
        tree = await http.get(f"/landing_pages/{made.json()['id']}/get_structure")
    assert made.status == 200 and "archive" not in made.json()
    assert made.json()["local_path"] == f"landers/{made.json()['id']}"
    assert [c["name"] for c in tree.json()["children"]] == ["img", "index.html"]
    assert bad.status == 406 and list(bad.json()) == ["archive"]
    assert not any(r["name"] == "Broken" for r in sb.state.landings.values())


async def test_cost_updates_and_cleaning_are_validated() -> None:
    async with serving() as (sb, http):
        campaign = await http.post("/campaigns/2/update_costs", {"cost": "x"})
        bad_cost = await http.post("/campaigns/2/update_costs", {
            "start_date": "2026-11-01 00:00", "end_date": "2026-11-01 23:59",
            "timezone": "UTC", "cost": "abc", "currency": "USD"})
        bad_date = await http.post("/campaigns/2/update_costs", {
            "start_date": "yesterday", "end_date": "2026-11-01 23:59", "timezone": "UTC",
            "cost": "1", "currency": "USD"})
        ok = await http.post("/campaigns/2/update_costs", {
            "start_date": "2026-11-02 00:00", "end_date": "2026-11-02 23:59",
            "timezone": "UTC", "cost": "50", "currency": "USD",
            "filters": {"sub_id_3": "alice,bob"}})
        bulk_missing = await http.post("/clicks/update_costs", {"costs": [{}]})
        bulk_entry = await http.post("/clicks/update_costs", {
            "campaign_ids": [1], "costs": [{"start_date": "2026-11-01 00:00"}]})
        clean_missing = await http.post("/clicks/clean", {"campaign_id": 1})
        cleaned = await http.post("/clicks/clean", {
            "start_date": "2026-11-10 00:00", "end_date": "2026-11-10 23:59"})
        log = (await http.post("/clicks/log", {
            "range": {"from": "2026-11-10", "to": "2026-11-10"}, "limit": 5})).json()
    assert campaign.status == 406
    assert set(campaign.json()) == {"start_date", "end_date", "timezone", "currency"}
    assert bad_cost.json() == {"cost": ["Must be a number"]}
    assert bad_date.status == 406 and "start_date" in bad_date.json()
    assert ok.json() == {"success": True}
    assert bulk_missing.status == 406 and list(bulk_missing.json()) == ["campaign_ids"]
    assert set(bulk_entry.json()) == {"costs.0.end_date", "costs.0.cost"}
    assert clean_missing.status == 406
    assert set(clean_missing.json()) == {"start_date", "end_date"}
    assert cleaned.json() == {"success": True} and log["total"] == 0
    assert sb.state.logs["system"][-1].message.startswith("Statistics cleaned:")


async def test_dictionaries() -> None:
    async with serving(clicks=50) as (_, http):
        filters = (await http.get("/stream_filters")).json()
        schemas = (await http.get("/stream_schemas")).json()
        types = (await http.get("/stream_types")).json()
        actions = (await http.get("/stream_actions")).json()
    assert {"value", "tooltip", "modes", "group", "template", "header_template",
            "defaults"} == set(filters[0])
    assert [s["key"] for s in schemas] == ["landings", "redirect", "action"]
    assert [t["key"] for t in types] == ["forced", "regular", "default"]
    assert {"http", "status404", "show_text", "campaign"} <= {a["key"] for a in actions}


async def test_entity_shapes() -> None:
    async with serving(clicks=50) as (_, http):
        campaign = (await http.get("/campaigns/1")).json()
        offer = (await http.get("/offers/9")).json()
        landing = (await http.get("/landing_pages/5")).json()
        domain = (await http.get("/domains/1")).json()
    assert {"id", "alias", "name", "type", "state", "cost_type", "cost_value", "group_id",
            "traffic_source_id", "parameters", "postbacks", "group", "streams_count", "ts",
            "domain"} <= set(campaign)
    assert campaign["domain"] == "https://go.trk-alpha.com/" and campaign["ts"] == "Facebook"
    assert set(campaign["postbacks"][0]) == {"id", "campaign_id", "method", "statuses", "url"}
    assert offer["offer_type"] == "local" and offer["local_path"] == "offers/9"
    assert offer["affiliate_network"] == "" and offer["group"] == "Nutra"
    assert landing["offer_count"] >= 1
    assert domain["default_campaign"] == "" and domain["group"] == "Main"


def test_instances_share_nothing_and_seeds_are_deterministic() -> None:
    one, two = make_sandbox(clicks=500), make_sandbox(clicks=500)
    one.state.campaigns[1]["name"] = "Changed"
    one.faults.add(None, ".*", status=500)
    assert two.state.campaigns[1]["name"] == "FB US iOS Nutra"
    assert two.faults.rules == []
    assert one.sub_id(10) == two.sub_id(10)
    assert list(one.state.traffic.clicks.ts) == list(two.state.traffic.clicks.ts)
    other = make_sandbox(seed=2, clicks=500)
    assert list(other.state.traffic.clicks.ts) != list(one.state.traffic.clicks.ts)
    with pytest.raises(ValueError):
        Sandbox(api_key="", postback_key=POSTBACK_KEY)
    assert API.endswith("/v1")


async def test_unhandled_errors_answer_402_like_keitaro_9(
        caplog: pytest.LogCaptureFixture) -> None:
    async with serving(clicks=50) as (sb, http):
        sb.state.streams[1]["landings"] = None  # corrupt the state on purpose
        reply = await http.get("/landing_pages/1")
        healthy = await http.get("/campaigns/1")
    assert reply.status == 402 and "not iterable" in reply.json()["error"]
    assert healthy.status == 200
    assert API_KEY not in caplog.text


async def test_serve_runs_until_cancelled(capsys: pytest.CaptureFixture[str],
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    task = asyncio.create_task(serve("127.0.0.1", port, api_key=API_KEY,
                                     postback_key=POSTBACK_KEY, clicks=100))
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.get(f"http://127.0.0.1:{port}{API}/campaigns",
                                       headers={"Api-Key": API_KEY}) as response:
                    campaigns = await response.json()
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        else:
            pytest.fail("serve() did not start listening")
        async with session.get(f"http://127.0.0.1:{port}/{POSTBACK_KEY}/postback",
                               params={"subid": "0000000000"}) as response:
            assert response.status == 200
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(campaigns) == 8
    printed = capsys.readouterr()
    for text in (printed.out, printed.err, caplog.text):
        assert API_KEY not in text and POSTBACK_KEY not in text
    assert f"127.0.0.1:{port}" in caplog.text


async def test_a_sandbox_can_be_run_again_and_keeps_its_state() -> None:
    sb = make_sandbox(clicks=50)
    assert isinstance(sb.app, aiohttp.web.Application)
    async with connected(sb) as http:
        await http.put("/campaigns/1", {"name": "Kept"})
    async with connected(sb) as http:
        again = await http.get("/campaigns/1")
    assert again.json()["name"] == "Kept" and sb.count("PUT") == 1 and sb.url is None
