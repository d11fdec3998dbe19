"""Arrays in a PUT replace, as 9.x does (API-NOTES §11.7): items with an id are updated with
the fields sent, items without are created, items not listed are deleted, arrays not sent stay;
unknown fields are dropped. And the faults that leave an array out or answer late."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.sandbox_fixtures import serving


def by_id(items: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in items}


async def test_campaign_postbacks_are_updated_created_and_deleted() -> None:
    """D `CampaignService::updatePostbacks`."""
    async with serving(clicks=50) as (sb, http):
        kept, edited, dropped = (p["id"] for p in sb.state.campaigns[5]["postbacks"])
        url = sb.state.campaigns[5]["postbacks"][0]["url"]
        reply = await http.put("/campaigns/5", {"postbacks": [
            {"id": kept},
            {"id": edited, "statuses": ["sale"], "urll": "typo"},
            {"url": "https://ts.example.com/new?c={subid}", "method": "POST"}]})
        read = (await http.get("/campaigns/5")).json()
    assert reply.status == 200 and reply.json()["postbacks"] == read["postbacks"]
    items = by_id(read["postbacks"])
    assert dropped not in items and len(items) == 3
    assert items[kept]["url"] == url  # an item sent with its id alone keeps its fields
    assert items[edited]["statuses"] == ["sale"] and "urll" not in items[edited]
    assert items[edited]["url"].startswith("https://")  # not reset by the partial item
    new = next(p for p in read["postbacks"] if p["id"] not in (kept, edited))
    assert new["id"] > max(kept, edited, dropped) and new["campaign_id"] == 5
    assert (new["method"], new["statuses"]) == ("POST", ["lead", "sale"])


async def test_arrays_not_sent_stay_and_an_empty_one_deletes_all() -> None:
    async with serving(clicks=50) as (sb, http):
        before = list(sb.state.campaigns[2]["postbacks"])
        renamed = await http.put("/campaigns/2", {"name": "Renamed", "nmae": "typo"})
        after_rename = list(sb.state.campaigns[2]["postbacks"])
        wiped = await http.put("/campaigns/2", {"postbacks": []})
    assert renamed.status == 200 and "nmae" not in renamed.json()  # unknown: ignored
    assert after_rename == before and len(before) == 2
    assert wiped.status == 200 and wiped.json()["postbacks"] == []


async def test_a_new_item_needs_its_required_fields_an_updated_one_does_not() -> None:
    async with serving(clicks=50) as (sb, http):
        first = sb.state.campaigns[2]["postbacks"][0]["id"]
        new = await http.put("/campaigns/2", {"postbacks": [{"id": first}, {"statuses": []}]})
        unknown_id = await http.put("/campaigns/2", {"postbacks": [
            {"id": first}, {"id": 990, "url": "https://x.example.com/", "method": "GET"}]})
        other = sb.state.campaigns[3]["postbacks"][0]["id"]
        foreign = await http.put("/campaigns/2", {"postbacks": [
            {"id": other, "url": "https://y.example.com/", "method": "GET"}]})
    assert new.status == 406 and new.json() == {"postbacks": ["#2: url is required",
                                                              "#2: method is required"]}
    assert [p["id"] for p in unknown_id.json()["postbacks"]] == [first, 990]
    moved = foreign.json()["postbacks"]
    assert len(moved) == 1 and moved[0]["id"] not in (other, first, 990)
    assert other in by_id(sb.state.campaigns[3]["postbacks"])  # the other campaign's stays


async def test_stream_arrays_each_replaced_as_9x_assigns_them() -> None:
    """D `StreamService::_updateAssociations`: each array sent replaces; filters and
    triggers by id, offers and landings by the offer or landing they link."""
    async with serving(clicks=50) as (sb, http):
        stream = sb.state.streams[1]
        filter_id = stream["filters"][0]["id"]
        first, second, third = stream["offers"]
        landings = list(stream["landings"])
        reply = await http.put("/streams/1", {
            "filters": [{"id": filter_id, "payload": ["US", "CA"]},
                        {"name": "language", "mode": "reject", "payload": ["de"]}],
            "offers": [{"offer_id": second["offer_id"], "share": 70, "id": 999},
                       {"share": 30}, {"offer_id": 4, "share": 30}],
            "triggers": []})
        read = (await http.get("/streams/1")).json()
    assert reply.status == 200 and reply.json() == read
    filters = by_id(read["filters"])
    assert filters[filter_id]["payload"] == ["US", "CA"]
    assert filters[filter_id]["name"] == stream["filters"][0]["name"] == "country"
    assert len(filters) == 2 and read["triggers"] == []
    offers = {o["offer_id"]: o for o in read["offers"]}
    assert set(offers) == {second["offer_id"], 4}  # no offer_id: skipped; unlisted: gone
    assert offers[second["offer_id"]]["id"] == second["id"]  # the same link, updated
    assert offers[second["offer_id"]]["created_at"] == second["created_at"]
    assert offers[second["offer_id"]]["share"] == 70
    assert offers[4]["id"] not in (first["id"], second["id"], third["id"], 999)
    assert offers[4]["state"] == "active"
    assert read["landings"] == landings  # not sent: left alone


async def test_a_fault_can_leave_an_array_out_of_an_answer() -> None:
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/campaigns/5$", omit=("postbacks",))
        sb.faults.add("GET", r"/campaigns$", omit=("postbacks", "name"))
        missing = (await http.get("/campaigns/5")).json()
        listed = (await http.get("/campaigns")).json()
        again = (await http.get("/campaigns/5")).json()
    assert "postbacks" not in missing and missing["name"] == sb.state.campaigns[5]["name"]
    assert all("postbacks" not in c and "name" not in c for c in listed)
    assert len(again["postbacks"]) == 3  # the fault answered once
    assert len(sb.state.campaigns[5]["postbacks"]) == 3  # only the answer lacked it


async def test_a_held_answer_is_what_the_tracker_had_when_it_was_asked() -> None:
    """`hold` answers late with the state of the moment the request arrived, so a write in
    between is not in it (two read-modify-writes interleave on it)."""
    async with serving(clicks=50) as (sb, http):
        sb.faults.add("GET", r"/campaigns/4$", hold=0.3)
        slow = asyncio.create_task(http.get("/campaigns/4"))
        for _ in range(1000):  # until the GET has arrived (and been answered, held)
            if sb.count("GET", r"/campaigns/4$"):
                break
            await asyncio.sleep(0.005)
        changed = await http.put("/campaigns/4", {"name": "Changed meanwhile"})
        held = (await slow).json()
    assert changed.status == 200 and sb.state.campaigns[4]["name"] == "Changed meanwhile"
    assert held["name"] != "Changed meanwhile"
