"""The sandbox does what the decompiled 9.x tracker does (API-NOTES §12), over raw HTTP, so that
the bot's tests stop agreeing with the bot only because both were written with the same
assumption. Each behaviour names its source in the sandbox's code."""

from __future__ import annotations

import base64
import io
import zipfile

from tests.sandbox_fixtures import POSTBACK_KEY, serving


async def test_every_exception_of_a_controller_is_a_402() -> None:
    """AdminApiContext::handleException (§12.1): not found, a missing parameter."""
    async with serving(clicks=20) as (_, http):
        missing = await http.get("/offers/99")
        no_query = await http.get("/streams/search")
        invalid = await http.post("/campaigns", {})
        routing = await http.get("/nowhere")
    assert missing.status == 402
    assert missing.json() == {"error": "Traffic\\Model\\Offer #99 not found"}
    assert no_query.status == 402 and "query" in no_query.json()["error"]
    assert invalid.status == 406 and "name" in invalid.json()  # a field map stays 406
    assert routing.status == 400  # no controller: the router's own answer


async def test_an_archived_campaign_is_not_found() -> None:
    """CampaignsController::showAction (§12.1): a read after the archive is a 402."""
    async with serving(clicks=20) as (_, http):
        archived = await http.delete("/campaigns/2")
        read = await http.get("/campaigns/2")
        listed = [c["id"] for c in (await http.get("/campaigns/deleted")).json()]
        restored = await http.post("/campaigns/2/restore")
    assert archived.status == 200 and read.status == 402
    assert "Campaign #2 not found" in read.json()["error"] and 2 in listed
    assert restored.json()["state"] == "active"


async def test_a_streams_schema_and_type_empty_its_associations() -> None:
    """StreamService::_updateAssociations (§12.3): on every PUT, by the schema and type."""
    async with serving(clicks=20) as (sb, http):
        renamed = (await http.put("/streams/4", {"name": "Kept"})).json()
        action = (await http.put("/streams/4", {"schema": "action",
                                                "action_type": "status404"})).json()
        sent = (await http.put("/streams/5", {"schema": "redirect", "offers": [
            {"offer_id": 1, "share": 100}]})).json()
        default = (await http.put("/streams/1", {"type": "default"})).json()
    assert renamed["offers"] and renamed["landings"]  # a landings stream keeps them
    assert action["offers"] == [] and action["landings"] == [] and action["filters"]
    assert sent["offers"] == []  # the array sent is emptied too
    assert default["filters"] == [] and default["triggers"] == [] and default["offers"]
    assert sb.state.streams[4]["offers"] == []


async def test_disabling_or_archiving_a_campaign_clears_domain_defaults() -> None:
    """CampaignService::disableCampaign/archive → DomainService::nullifyByCampaign (§12.4);
    enabling does not put it back."""
    async with serving(clicks=20) as (sb, http):
        domains = sb.state.domains
        sb.state.domains[4]["state"] = "deleted"
        sb.state.domains[4]["default_campaign_id"] = 1
        await http.post("/campaigns/1/disable")
        after_disable = [domains[i]["default_campaign_id"] for i in (2, 3, 4)]
        await http.post("/campaigns/1/enable")
        domains[2]["default_campaign_id"] = 2
        await http.delete("/campaigns/2")
    assert after_disable == [None, None, 1]  # only active domains are nullified
    assert domains[3]["default_campaign_id"] is None and domains[2]["default_campaign_id"] is None


async def test_a_postback_with_a_matching_tid_changes_the_old_conversion() -> None:
    """Payload::updateOldConversionsTid/isStatusChange (§12.2): an empty tid equals a missing
    one, so a postback without a tid changes the click's conversion without one (and, with no
    payout, sets its revenue to 0 unless the offer pays a fixed amount: §11.1); another tid
    adds a conversion."""
    async with serving(clicks=60, postback_delay=None) as (sb, http):
        conversions = sb.state.traffic.conversions
        item = next(c for c in conversions.items if c.status == "lead" and not c.tid)
        offer = sb.state.offers[sb.state.traffic.clicks.offer[item.click]]
        sub_id = sb.sub_id(item.click)
        count = len(conversions)
        path = f"/{POSTBACK_KEY}/postback"
        queued = await http.request("GET", path, raw=True, key=None,
                                    params={"subid": sub_id, "status": "sale"})
        sb.process_postbacks()
        changed = (item.status, item.revenue, len(conversions))
        await http.request("GET", path, raw=True, key=None,
                           params={"subid": sub_id, "status": "lead", "payout": "4",
                                   "tid": "other"})
        sb.process_postbacks()
    assert queued.text == "Success"
    fixed = float(offer["payout_value"]) if not offer["payout_auto"] else 0.0
    assert changed == ("sale", fixed, count)
    assert len(conversions) == count + 1 and conversions.items[-1].tid == "other"


def _zip(files: dict[str, str]) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return base64.b64encode(buffer.getvalue()).decode()


async def test_an_archive_replaces_the_files_and_an_add_empties_one() -> None:
    """§12.5: the `archive` of an update replaces every local file; add_file on a path that
    exists empties it (EditorService::createFile)."""
    async with serving(clicks=20) as (sb, http):
        await http.put("/offers/9", {"archive": _zip({"a.php": "<?php"})})
        replaced = dict(sb.state.files[("offers", 9)])
        await http.post("/offers/9/add_file", params={"path": "a.php"})
    assert replaced == {"a.php": "<?php"}
    assert sb.state.files[("offers", 9)] == {"a.php": ""}


async def test_booleans_and_decimals_as_the_database_returns_them_on_request() -> None:
    """DataConverterService::restoreFromMysql (§12.6): `Sandbox(db_values=True)`; what is
    sent back in that shape is stored typed."""
    async with serving(clicks=20, db_values=True) as (sb, http):
        campaign = (await http.get("/campaigns/1")).json()
        offer = (await http.get("/offers/1")).json()
        await http.put("/campaigns/1", {"cost_auto": "1", "cost_value": "0.0700"})
    assert (campaign["cost_auto"], campaign["cost_value"]) == ("0", "0.4500")
    assert offer["payout_auto"] == "1" and offer["payout_value"] == "32.0000"
    assert campaign["postbacks"][0]["statuses"]  # lists stay lists
    stored = sb.state.campaigns[1]
    assert (stored["cost_auto"], stored["cost_value"]) == (True, 0.07)
    async with serving(clicks=20) as (_, http):
        typed = (await http.get("/campaigns/1")).json()
    assert typed["cost_auto"] is False and typed["cost_value"] == 0.45
