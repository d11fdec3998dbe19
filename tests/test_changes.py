"""Changes you can trust, through the real dispatcher against the sandbox: previews that show
the change, outcomes read back (✅ only for what was seen), postbacks classified and their
conversion read back, the conversion update that keeps revenue and tid, Undo per kind,
stale Undo buttons, and /audit."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.keitaro.catalog import CATALOG
from telegram_fake import UserSim
from tests.harness import (
    ADMIN,
    EDITOR,
    POSTBACK_KEY,
    RESULT_MARKS,
    Harness,
    running_bot,
    until,
)

POSTBACK = rf"^/{POSTBACK_KEY}/postback$"
UNDO = "↩️ Undo"
CONFIRM_UNDO = "↩️ Put it back"


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot with RICH_MESSAGES=off: these tests read previews as their plain lines
    (tests/test_rich_tables.py reads them as tables)."""
    async with running_bot(tmp_path, rich_messages="off") as h:
        yield h


@pytest.fixture
async def quick(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot with a short wait for a postback's conversion (tests of the queued case)."""
    async with running_bot(tmp_path, changes={"POSTBACK_CONFIRM_SECONDS": 0.6}) as h:
        yield h


def button(sim: UserSim, prefix: str) -> str:
    """The text of the newest button that starts with `prefix`."""
    for message in reversed(sim.messages):
        for row in message.buttons():
            for text in row:
                if text.startswith(prefix):
                    return text
    raise AssertionError(f"no button starting with {prefix!r}: {sim.buttons()}")


async def result(h: Harness, sim: UserSim, prefix: str) -> str:
    """Press the button that starts with `prefix`; the text of the result it leads to."""
    mark = len(h.tg.calls)
    await sim.press(button(sim, prefix))
    return await until(h, sim, lambda t: t.startswith(RESULT_MARKS), after=mark)


async def change(h: Harness, sim: UserSim, line: str, confirm: str = "✅ Confirm") -> str:
    await sim.say(line)
    return await result(h, sim, confirm)


def writes(h: Harness, since: int = 0) -> list[tuple[str, str]]:
    """Requests after `since` that change something (not reads, not grid queries)."""
    return [(r.method, r.path) for r in h.sandbox.requests[since:]
            if not (r.method == "GET" and "/admin_api/" in r.path)
            and not r.path.endswith(("/log", "/build"))]


def has_undo(sim: UserSim) -> bool:
    last = sim.last_message
    return last is not None and any(b == UNDO for row in last.buttons() for b in row)


# -- previews ----------------------------------------------------------------------------


async def test_update_preview_shows_before_after_by_name_and_never_a_secret(
        harness: Harness) -> None:
    sim = harness.admin
    token = "Zq8vX-SECRET-9z"
    await sim.say('/campaigns update 1 {"name": "FB US iOS v2", "cost_value": "0.07", '
                  f'"domain_id": 3, "token": "{token}", "cost_currency": "USD"}}')
    text = sim.last_text or ""
    assert "Campaign «FB US iOS Nutra» #1" in text
    assert "Name: FB US iOS Nutra → FB US iOS v2" in text
    assert "Cost: 0.45 → 0.07" in text
    assert "Cost currency: USD (unchanged)" in text
    assert "Domain: 1 → 3" in text  # readable (API-NOTES §12.6): not write-only
    assert "Click API token: •••• (changed, never shown)" in text
    # the tracker returns the token, so the bot knows the value before: it can put it back
    assert "Can be undone" in text and "No Undo" not in text
    assert token[:3] not in text
    assert writes(harness) == []  # a preview only reads


async def test_write_only_and_secret_fields_are_reported_as_sent_not_seen(
        harness: Harness) -> None:
    sim = harness.admin
    text = await change(harness, sim, '/landings update 2 {"url": "https://lp.example/x"}')
    assert text.startswith("📤"), text  # nothing the bot could read back shows it
    assert "URL: sent (cannot be read back)" in text
    assert "No Undo: a write-only field was sent" in text
    text = await change(harness, sim, '/landings update 2 {"notes": "n1", '
                                      '"url": "https://lp.example/y"}')
    assert text.startswith("✅") and "✅ Notes: — → n1" in text
    assert "📤 URL: sent (cannot be read back)" in text
    assert "No Undo for URL: the tracker never shows" in text


async def test_a_field_the_tracker_kept_is_a_warning_not_a_success(harness: Harness) -> None:
    """The tracker answers 200 and changes nothing: the read back says so (⚠️, never ✅)."""
    sim = harness.admin
    old = dict(harness.sandbox.state.campaigns[3])
    harness.sandbox.faults.add("PUT", r"/campaigns/3$", status=200, body=old)
    text = await change(harness, sim, '/campaigns update 3 {"name": "Renamed"}')
    assert text.startswith("⚠️"), text
    assert "Name: the tracker kept TikTok BR Casino" in text
    assert harness.sandbox.state.campaigns[3]["name"] == "TikTok BR Casino"
    assert not has_undo(sim)  # nothing changed: nothing to undo
    assert "No Undo: nothing changed." in text


async def test_state_preview_and_outcome(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns disable 1")
    assert "State: Active → Paused" in (sim.last_text or "")
    text = await result(harness, sim, "✅ Confirm")
    assert text.startswith("✅") and "State: Active → Paused" in text
    await sim.say("/campaigns disable 1")
    assert "State: Paused already: nothing changes" in (sim.last_text or "")
    assert "No Undo: nothing changed." in (sim.last_text or "")


async def test_delete_names_what_goes(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/streams delete 2")
    text = sim.last_text or ""
    assert "Goes: «Default» #2 · active" in text and "Can be undone" in text
    result_text = await result(harness, sim, "⚠️ Yes")
    assert "«Default» #2 is in the archive" in result_text and has_undo(sim)
    await sim.say("/offers archive 2")
    text = sim.last_text or ""
    assert "Goes: «Keto Slim DE» #2" in text
    assert "No Undo: the bot has no restore for this." in text


async def test_postback_previews_show_the_whole_array(harness: Harness) -> None:
    sim = harness.admin
    state = harness.sandbox.state
    first = state.campaigns[2]["postbacks"][0]
    await sim.say('/postbacks create 2 {"url": "https://new.example/pb", "method": "GET"}')
    text = sim.last_text or ""
    assert "S2S postbacks: 2 → 3 items, the whole list is sent" in text
    assert "+ https://new.example/pb" in text and f"  {first['url'][:30]}" in text
    await sim.say(f'/postbacks update 2 {first["id"]} {{"statuses": ["lead"]}}')
    text = sim.last_text or ""
    assert "~ " in text and "Statuses: " in text and "→ Lead" in text
    await sim.say(f"/postbacks delete 2 {first['id']}")
    text = sim.last_text or ""
    assert "2 → 1 item," in text and f"− {first['url'][:30]}" in text
    assert f"Goes: {first['url'][:30]}" in text
    assert writes(harness) == []


async def test_rmw_that_changed_since_the_preview_shows_the_new_preview(
        harness: Harness) -> None:
    sim = harness.admin
    await sim.say('/postbacks create 4 {"url": "https://mine.example/pb", "method": "GET"}')
    assert "1 → 2 items" in (sim.last_text or "")
    # someone else adds a postback between the preview and the confirmation
    harness.sandbox.state.campaigns[4]["postbacks"].append(
        {"id": 900, "campaign_id": 4, "url": "https://theirs.example/pb", "method": "GET",
         "statuses": ["sale"]})
    before = len(harness.sandbox.requests)
    await sim.press(button(sim, "✅ Confirm"))
    await until(harness, sim, lambda t: "changed since the preview" in t, after=0)
    assert writes(harness, before) == []  # nothing was written
    text = sim.last_text or ""
    assert "2 → 3 items" in text and "https://theirs.example/pb" in text
    done = await result(harness, sim, "✅ Confirm")
    assert done.startswith("✅")
    urls = [p["url"] for p in harness.sandbox.state.campaigns[4]["postbacks"]]
    assert "https://theirs.example/pb" in urls and "https://mine.example/pb" in urls


async def test_bot_list_preview_says_which_ips_are_new(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/bots add 10.0.0.1 5.255.250.18")
    text = sim.last_text or ""
    assert "New to the list (1): 10.0.0.1" in text and "Already on it (1): 5.255.250.18" in text
    await sim.say("/bots exclude 5.255.250.18 10.9.9.9")
    text = sim.last_text or ""
    assert "Removed from the list (1): 5.255.250.18" in text and "Not on it (1): 10.9.9.9" in text


async def test_a_long_change_goes_with_the_preview_as_a_file(harness: Harness) -> None:
    sim = harness.admin
    filters = [{"name": "country", "mode": "accept", "payload": [f"C{n}"]} for n in range(45)]
    mark = len(harness.tg.calls)
    await sim.say(f"/filters replace 1 {json.dumps(filters)}", answers=2)
    text = next(m.content for m in reversed(sim.messages) if m.content
                and "Careful" in m.content)
    assert "Stream «CA/US offers» #1" in text and "+ country accept [C0]" in text
    assert "1 → 45 items" in text and "… and" in text and "in the file below" in text
    docs = [c for c in harness.tg.calls[mark:] if c.method == "sendDocument" and c.ok]
    assert [c.result["document"]["file_name"] for c in docs] == ["filters-replace-preview.json"]
    message = next(m for m in sim.messages if m.document)
    sent = json.loads(message.document.data)["sent"]["filters"]
    assert len(sent) == 45 and sent[44]["payload"] == ["C44"]


async def test_clean_of_every_campaign_names_its_scope_and_asks_for_the_period(
        harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/clicks clean 2026-11-14..2026-11-14")
    text = sim.last_text or ""
    assert "every campaign" in text and "period 2026-11-14..2026-11-14" in text
    assert "The report counts" in text and "clicks there" in text
    assert "type the period again: 2026-11-14..2026-11-14" in text
    assert not any(b.startswith(("✅", "⚠️ Yes")) for row in sim.buttons() for b in row)
    await sim.say("yes")
    assert "That is not the period" in (sim.last_text or "")
    assert writes(harness) == []
    mark = len(harness.tg.calls)
    await sim.say("2026-11-14..2026-11-14")
    text = await until(harness, sim, lambda t: t.startswith(RESULT_MARKS), after=mark)
    assert text.startswith("✅") and "counts 0 clicks there now" in text
    assert "No Undo: deleted statistics cannot be brought back." in text
    assert writes(harness) == [("POST", "/admin_api/v1/clicks/clean")]
    # with a campaign, the scope is named and a button confirms
    await sim.say("/clicks clean 2026-11-01..2026-11-07 campaign_id=3")
    text = sim.last_text or ""
    assert "«TikTok BR Casino» #3" in text and button(sim, "⚠️ Yes")


# -- conversions and postbacks -----------------------------------------------------------


def processed_soon(h: Harness) -> None:
    """A sandbox that queues postbacks (issue 10, part T2) processes them 50 ms after they
    arrive; today's sandbox applies them at once and ignores this."""
    h.sandbox.postback_delay = 0.05  # type: ignore[attr-defined]


def _conversion(h: Harness, status: str) -> tuple[Any, str]:
    item = next(c for c in h.sandbox.state.traffic.conversions.items if c.status == status)
    return item, h.sandbox.sub_id(item.click)


async def test_conversion_update_keeps_revenue_and_is_confirmed_by_reading_back(
        harness: Harness) -> None:
    sim = harness.admin
    processed_soon(harness)
    item, sub_id = _conversion(harness, "lead")
    revenue = item.revenue
    await sim.say(f'/conversions update {item.id} {{"click_id": "{sub_id}", "status": "sale"}}')
    text = sim.last_text or ""
    assert "Status: Lead → Sale" in text and f"Revenue: {revenue:g} (kept)" in text
    assert f"payout={revenue}" in text, text  # what is sent is what is previewed
    done = await result(harness, sim, "✅ Confirm")
    assert done.startswith("✅") and f"Confirmed: Lead → Sale, revenue {revenue:.2f} kept" in done
    assert (item.status, item.revenue) == ("sale", revenue)
    sent = harness.sandbox.matching("GET", POSTBACK)[-1]
    assert sent.query["payout"] == str(revenue)
    assert "No Undo: putting Lead back after Sale is a change the tracker refuses." in done


async def test_conversion_keeps_its_tid(harness: Harness) -> None:
    sim = harness.admin
    processed_soon(harness)
    item = next(c for c in harness.sandbox.state.traffic.conversions.items if c.tid)
    item.status = "lead"
    sub_id = harness.sandbox.sub_id(item.click)
    await sim.say(f'/conversions update {item.id} {{"click_id": "{sub_id}", "status": "sale", '
                  '"revenue": 30}')
    text = sim.last_text or ""
    assert f"Transaction id: {item.tid} (kept)" in text and "→ 30" in text
    done = await result(harness, sim, "✅ Confirm")
    assert "revenue" in done and "→ 30.00" in done
    assert harness.sandbox.matching("GET", POSTBACK)[-1].query["tid"] == item.tid


async def test_undo_of_a_revenue_change_puts_the_revenue_back(harness: Harness) -> None:
    sim = harness.admin
    processed_soon(harness)
    item, sub_id = _conversion(harness, "lead")
    revenue = item.revenue
    text = await change(harness, sim, f'/conversions update {item.id} '
                                      f'{{"click_id": "{sub_id}", "status": "lead", '
                                      '"revenue": 99}')
    assert text.startswith("✅") and f"revenue {revenue:.2f} → 99.00" in text
    await sim.press(UNDO)
    assert f"Revenue: 99 → {revenue:g}" in (sim.last_text or "")
    done = await result(harness, sim, CONFIRM_UNDO)
    assert done.startswith("✅") and item.revenue == revenue and item.status == "lead"


@pytest.mark.parametrize(("typed", "becomes"), [("approved", "sale"), ("cancel", "rejected"),
                                                ("pending", "lead"), ("rebill", "sale")])
async def test_a_status_the_tracker_would_map_is_refused(harness: Harness, typed: str,
                                                         becomes: str) -> None:
    sim = harness.admin
    item, sub_id = _conversion(harness, "lead")
    await sim.say(f'/conversions update {item.id} {{"click_id": "{sub_id}", "status": "{typed}"}}')
    text = sim.last_text or ""
    assert f"would record {typed} as {becomes}" in text and "sale, lead, rejected" in text
    assert harness.sandbox.matching("GET", POSTBACK) == []


async def test_a_transition_the_tracker_refuses_is_said_before_sending(harness: Harness) -> None:
    sim = harness.admin
    item, sub_id = _conversion(harness, "sale")
    await sim.say(f'/conversions update {item.id} {{"click_id": "{sub_id}", "status": "lead"}}')
    text = sim.last_text or ""
    assert "The tracker refuses Sale → Lead" in text and "Nothing was sent" in text
    assert harness.sandbox.matching("GET", POSTBACK) == []
    # the client refuses it as well, whoever calls it
    envelope = await harness.services.client.execute(
        "conversions.update", {"id": item.id, "data": {"click_id": sub_id, "status": "lead"}})
    assert not envelope.success and envelope.attempts == 0
    assert harness.sandbox.matching("GET", POSTBACK) == []


async def test_postback_answers_are_classified_by_their_text(quick: Harness) -> None:
    h = quick
    sim = h.admin
    _, sub_id = _conversion(h, "lead")
    line = f'/conversions create {{"click_id": "{sub_id}", "status": "lead", "revenue": 3}}'
    h.sandbox.faults.add("GET", POSTBACK, status=200, body="Incorrect postback code (x1)")
    text = await change(h, sim, line)
    assert text.startswith("❌") and "refused the postback key" in text
    h.sandbox.faults.add("GET", POSTBACK, status=200, body="Incorrect subid")
    text = await change(h, sim, line)
    assert text.startswith("❌") and "found no click id (subid)" in text
    h.sandbox.faults.add("GET", POSTBACK, status=200, body="Invalid field payout")
    text = await change(h, sim, line)
    assert text.startswith("⚠️") and "The tracker answered: «Invalid field payout»" in text
    # Success means queued: until the conversion is read back, it is not a success
    h.sandbox.faults.add("GET", POSTBACK, status=200, body="Success")
    text = await change(h, sim, line)
    assert text.startswith("🕓") and "not visible yet after 0.6 s" in text
    assert "/logs get postbacks" in text


async def test_a_queued_update_not_yet_visible_says_what_to_check(quick: Harness) -> None:
    h = quick
    sim = h.admin
    item, sub_id = _conversion(h, "lead")
    h.sandbox.faults.add("GET", POSTBACK, status=200, body="Success")
    text = await change(h, sim, f'/conversions update {item.id} '
                                f'{{"click_id": "{sub_id}", "status": "rejected"}}')
    assert text.startswith("🕓") and f"/conversions get {item.id}" in text
    assert item.status == "lead"


async def test_a_wrong_postback_key_is_not_a_success(tmp_path: Path) -> None:
    """Today's sandbox answers a wrong key with 404, the real tracker with 200 and
    `Incorrect postback code`: both are the same outcome."""
    async with running_bot(tmp_path, keitaro={"postback_key": "wrong-key-123"}) as h:
        sim = h.admin
        _item, sub_id = _conversion(h, "lead")
        text = await change(h, sim, f'/conversions create {{"click_id": "{sub_id}"}}')
        assert text.startswith("❌") and "refused the postback key" in text


async def test_a_tracker_message_is_shown_not_a_success(harness: Harness) -> None:
    sim = harness.admin
    harness.sandbox.faults.add("GET", POSTBACK, status=200,
                               body='SubID "abc" not found. Postback ignored.')
    text = await change(harness, sim, '/conversions create {"click_id": "abc", '
                                      '"status": "sale", "revenue": 5}')
    assert text.startswith("⚠️") and "SubID" in text and "not found" in text


# -- undo --------------------------------------------------------------------------------


async def _undo(h: Harness, sim: UserSim) -> str:
    await sim.press(UNDO)
    return await result(h, sim, CONFIRM_UNDO)


async def test_undo_of_an_update_puts_back_the_fields_and_runs_once(harness: Harness) -> None:
    h = harness
    sim = h.admin
    text = await change(h, sim, '/campaigns update 2 {"name": "Renamed", "cost_value": 0.9}')
    assert text.startswith("✅") and "Undo: the button below, for 24 h" in text
    assert has_undo(sim)
    await sim.press(UNDO)
    preview = sim.last_text or ""
    assert "Undo of #" in preview and "Name: Renamed → Google DE Keto" in preview
    assert "Cost: 0.9 → 0.6" in preview
    done = await result(h, sim, CONFIRM_UNDO)
    assert done.startswith("✅")
    assert (h.sandbox.state.campaigns[2]["name"], h.sandbox.state.campaigns[2]["cost_value"]) == (
        "Google DE Keto", 0.6)
    entries = await h.services.audit.last(2)
    undo_entry, original = entries
    assert undo_entry.undo_of == original.id and original.undone_by == undo_entry.id
    # the first result's Undo is spent
    first = next(m for m in sim.messages if m.content and m.content.startswith("✅")
                 and "Renamed" in m.content)
    calls = await sim.press(UNDO, message=first)
    assert any("was already undone" in str(c.params.get("text")) for c in calls)


async def test_undo_of_an_undo_is_allowed(harness: Harness) -> None:
    h = harness
    sim = h.admin
    await change(h, sim, '/landings update 1 {"name": "Quiz v9"}')
    await _undo(h, sim)
    assert h.sandbox.state.landings[1]["name"] == "Quiz Keto v1"
    assert has_undo(sim)
    await _undo(h, sim)
    assert h.sandbox.state.landings[1]["name"] == "Quiz v9"


async def test_undo_disable_enables(harness: Harness) -> None:
    h = harness
    sim = h.admin
    await change(h, sim, "/streams disable 1")
    assert h.sandbox.state.streams[1]["state"] == "disabled"
    done = await _undo(h, sim)
    assert done.startswith("✅") and "State: Paused → Active" in done
    assert h.sandbox.state.streams[1]["state"] == "active"


async def test_undo_of_an_archive_restores_as_its_text_promises(harness: Harness) -> None:
    """"… until it is restored" (campaigns.delete): the Undo restores it."""
    h = harness
    sim = h.admin
    await sim.say("/campaigns delete 4")
    assert "until it is restored" in (sim.last_text or "")
    assert "Can be undone for 24 h" in (sim.last_text or "")
    await result(h, sim, "⚠️ Yes")
    assert h.sandbox.state.campaigns[4]["state"] == "deleted"
    done = await _undo(h, sim)
    assert done.startswith("✅")
    assert h.sandbox.state.campaigns[4]["state"] == "active"


async def test_undo_of_postback_edits(harness: Harness) -> None:
    h = harness
    sim = h.admin
    def postbacks() -> list[dict[str, Any]]:
        return list(h.sandbox.state.campaigns[3]["postbacks"])

    await change(h, sim, '/postbacks create 3 {"url": "https://x.example/pb", "method": "GET"}')
    assert len(postbacks()) == 3
    await sim.press(UNDO)
    assert "− https://x.example/pb" in (sim.last_text or "")
    await result(h, sim, CONFIRM_UNDO)  # deleting a postback is destructive: admins only
    assert [p["url"] for p in postbacks()].count("https://x.example/pb") == 0
    first = postbacks()[0]
    old_statuses = list(first["statuses"])
    await change(h, sim, f'/postbacks update 3 {first["id"]} {{"statuses": ["lead"]}}')
    await _undo(h, sim)
    assert postbacks()[0]["statuses"] == old_statuses
    gone = dict(postbacks()[1])
    await change(h, sim, f"/postbacks delete 3 {gone['id']}", confirm="⚠️ Yes")
    assert all(p["id"] != gone["id"] for p in postbacks())
    await _undo(h, sim)
    back = next(p for p in postbacks() if p["url"] == gone["url"])
    assert back["method"] == gone["method"] and back["statuses"] == gone["statuses"]


async def test_undo_of_ips_added_excludes_only_the_new_ones(harness: Harness) -> None:
    h = harness
    sim = h.admin
    text = await change(h, sim, "/bots add 10.0.0.1 5.255.250.18")
    assert text.startswith("✅")
    await sim.press(UNDO)
    assert "Removed from the list (1): 10.0.0.1" in (sim.last_text or "")
    await result(h, sim, CONFIRM_UNDO)
    assert "10.0.0.1" not in h.sandbox.state.botlist
    assert "5.255.250.18" in h.sandbox.state.botlist


async def test_undo_of_a_filters_replace_puts_the_array_back(harness: Harness) -> None:
    h = harness
    sim = h.admin
    old = [(f["name"], f["mode"], f["payload"]) for f in h.sandbox.state.streams[4]["filters"]]
    await change(h, sim, '/filters replace 4 [{"name": "country", "mode": "accept", '
                         '"payload": ["PL"]}]', confirm="⚠️ Yes")
    assert h.sandbox.state.streams[4]["filters"][0]["payload"] == ["PL"]
    await sim.press(UNDO)
    await result(h, sim, CONFIRM_UNDO)
    now = [(f["name"], f["mode"], f["payload"]) for f in h.sandbox.state.streams[4]["filters"]]
    assert now == old


async def test_undo_shows_what_changed_since_and_asks(harness: Harness) -> None:
    h = harness
    sim = h.admin
    await change(h, sim, '/offers update 1 {"name": "Mine"}')
    h.sandbox.state.offers[1]["name"] = "Theirs"  # someone else changed it meanwhile
    await sim.press(UNDO)
    text = sim.last_text or ""
    assert "Changed since #" in text and "Name: then Mine, now Theirs" in text
    assert "Name: Theirs → Keto Slim US" in text
    await result(h, sim, CONFIRM_UNDO)
    assert h.sandbox.state.offers[1]["name"] == "Keto Slim US"


async def test_the_texts_of_what_goes_are_true(harness: Harness) -> None:
    """"… deleted for good" (a log), "… can no longer sign in" (a user), "every IP … not in
    the new one is removed" (the bot list), "its content is kept in /audit" (a file)."""
    h = harness
    sim = h.admin
    text = await change(h, sim, "/logs clear traffic", confirm="⚠️ Yes")
    assert "✅ The log is empty" in text and h.sandbox.state.logs["traffic"] == []
    text = await change(h, sim, "/users delete 3", confirm="⚠️ Yes")
    assert "«bob» #3 is gone" in text and 3 not in h.sandbox.state.users
    await sim.say("/bots replace 10.0.0.1 5.255.250.18")
    preview = sim.last_text or ""
    assert "Removed from the list (5): 66.249.64.0/19" in preview
    assert "New to the list (1): 10.0.0.1" in preview
    text = await result(h, sim, "⚠️ Yes")
    assert "✅ The list is as sent (2 IPs)" in text
    assert h.sandbox.state.botlist == ["10.0.0.1", "5.255.250.18"]
    content = (await h.services.client.execute(
        "landings.get_file", {"id": 5, "path": "index.html"})).data["data"]
    await sim.say("/landings remove_file 5 index.html")
    assert "its content is kept in /audit" in (sim.last_text or "")
    text = await result(h, sim, "⚠️ Yes")
    assert "index.html is gone" in text and "the content is kept in /audit" in text
    entry = (await h.services.audit.last(1))[0]
    assert entry.snapshot == {"data": content}
    await sim.say(f"/audit #{entry.id}")
    assert "State before:" in (sim.last_text or "") and "Answer 3 questions" in (
        sim.last_text or "")


@pytest.mark.parametrize(("line", "confirm", "says"), [
    ('/sources create {"name": "Push X"}', "✅", "No Undo: to remove what is created, use "
                                                 "/sources delete"),
    ("/logs clear traffic", "⚠️ Yes", "No Undo: a cleared log cannot be brought back."),
    ("/users delete 3", "⚠️ Yes", "No Undo: a deleted user cannot be restored"),
    ("/campaigns update_costs 1 {\"start_date\": \"2026-11-10\", \"end_date\": \"2026-11-10\", "
     "\"timezone\": \"UTC\", \"cost\": \"5\", \"currency\": \"USD\"}", "✅",
     "No Undo: the costs before are not readable"),
])
async def test_what_cannot_be_undone_says_so_plainly(harness: Harness, line: str, confirm: str,
                                                      says: str) -> None:
    sim = harness.admin
    await sim.say(line)
    assert says in (sim.last_text or "")  # said before
    text = await result(harness, sim, confirm)
    assert says in text and not has_undo(sim)  # and after


async def test_stale_undo_buttons_are_answered_clearly(tmp_path: Path) -> None:
    async with running_bot(tmp_path, changes={"UNDO_HOURS": 0.0003}) as h:  # about 1 s
        sim = h.admin
        await change(h, sim, '/campaigns update 5 {"notes": "x"}')
        await asyncio.sleep(1.2)
        calls = await sim.press(UNDO)
        assert any("has expired" in str(c.params.get("text")) for c in calls)
        assert writes(h)[-1] == ("PUT", "/admin_api/v1/campaigns/5")


async def test_another_users_undo_in_a_group_is_refused(harness: Harness) -> None:
    """In a group, the Undo under a result is its author's (or an admin's): an editor who
    presses an admin's Undo is told whose it is, and nothing is sent."""
    h = harness
    group = -100500
    admin = h.tg.user(ADMIN, chat_id=group, chat_type="supergroup")
    editor = h.tg.user(EDITOR, chat_id=group, chat_type="supergroup")
    await admin.say("/enable_chat")
    await change(h, admin, '/campaigns update 6 {"notes": "by admin"}')
    assert has_undo(admin)
    before = len(h.sandbox.requests)
    calls = await editor.press(UNDO)
    answers = [str(c.params.get("text")) for c in calls if c.method == "answerCallbackQuery"]
    assert any("belongs to User 1001" in a for a in answers), answers
    assert writes(h, before) == []
    await admin.press(UNDO)  # its author may
    assert "Undo of #" in (admin.last_text or "")


async def test_an_undo_needs_the_role_its_inverse_action_needs(harness: Harness) -> None:
    """An editor may restore a campaign (write); its Undo archives it again (destructive),
    which an editor may not."""
    h = harness
    editor = h.user(EDITOR)
    await change(h, editor, "/campaigns restore 9")
    assert h.sandbox.state.campaigns[9]["state"] != "deleted"
    calls = await editor.press(UNDO)
    answers = [str(c.params.get("text")) for c in calls if c.method == "answerCallbackQuery"]
    assert any("needs admin" in a for a in answers), answers
    assert CATALOG["campaigns.delete"].danger.value == "destructive"


# -- /audit ------------------------------------------------------------------------------


async def test_audit_shows_before_state_who_by_id_and_name_and_offers_undo(
        harness: Harness) -> None:
    h = harness
    sim = h.admin
    await change(h, sim, '/campaigns update 7 {"name": "Crypto v2"}')
    entry = (await h.services.audit.last(1))[0]
    await sim.say("/audit")
    text = sim.last_text or ""
    assert f"#{entry.id}" in text and "User 1001 (id 1001)" in text
    assert "before: Name: FB CA Crypto" in text and "Undo until" in text
    assert f"↩️ Undo #{entry.id}" in [b for row in sim.buttons() for b in row]
    await sim.say(f"/audit #{entry.id}")
    detail = sim.last_text or ""
    assert "State before:" in detail and '"name": "FB CA Crypto"' in detail
    assert "Read back after:" in detail and '"name": "Crypto v2"' in detail
    assert "d95baf" not in detail  # the campaign's token is masked
    await sim.press(f"↩️ Undo #{entry.id}")
    await result(h, sim, CONFIRM_UNDO)
    assert h.sandbox.state.campaigns[7]["name"] == "FB CA Crypto"
    await sim.say("/audit 3")
    text = sim.last_text or ""
    assert f"undone by #{entry.id + 1}" in text and f"Undo of #{entry.id}" in text


async def test_journal_keeps_what_the_undo_needs_not_the_conversation(harness: Harness) -> None:
    """The Undo works after the conversation state is gone (flows expire, the window not)."""
    h = harness
    sim = h.admin
    await change(h, sim, '/networks update 1 {"name": "AdCombo v2"}')
    await h.dp.fsm.get_context(h.bot, ADMIN, ADMIN).clear()
    await _undo(h, sim)
    assert h.sandbox.state.networks[1]["name"] != "AdCombo v2"
