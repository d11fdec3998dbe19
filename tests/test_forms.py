"""Forms instead of JSON (issue 12, point 1), through the real dispatcher: create asks the
required fields one at a time and then offers the others or the preview; a card's ✏️ Edit
asks one field (shown as it is now) and previews before → after; choices, yes/no, lists and
tags are buttons; JSON stays the expert path, with curly quotes and `field=value` pairs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from telegram_fake.usersim import UserSim
from tests.harness import EDITOR, Harness, result_of, running_bot


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot with RICH_MESSAGES=off: these tests read previews as their plain lines
    (tests/test_rich_tables.py reads them as tables)."""
    async with running_bot(tmp_path, rich_messages="off") as h:
        yield h


def button(sim: UserSim, prefix: str) -> str:
    found = [b for row in sim.buttons() for b in row if b.startswith(prefix)]
    assert found, (prefix, sim.buttons())
    return found[0]


def offer_named(h: Harness, name: str) -> dict[str, Any] | None:
    return next((o for o in h.sandbox.state.offers.values() if o.get("name") == name), None)


async def test_create_an_offer_by_taps(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/offers create")
    assert "Name\nType the value." in (sim.last_text or "")  # a question, not JSON
    await sim.say("Keto PL")
    assert "URL (where it sends)" in (sim.last_text or "")  # then where it sends
    await sim.say("https://aff.example.com/keto?s={subid}")
    menu = sim.last_text or ""
    assert "Name: Keto PL" in menu and "✅ Preview" in [b for r in sim.buttons() for b in r]
    await sim.press(button(sim, "Payout"))  # a number, typed with a comma as phones do
    await sim.say("12,5")
    assert "Payout: 12.5" in (sim.last_text or "")
    await sim.press(button(sim, "2/"))
    await sim.press(button(sim, "Payout type"))  # a choice: buttons
    assert ["CPA", "CPC"] in sim.buttons() or any("CPA" in r for r in sim.buttons())
    await sim.press("CPA")
    await sim.press(button(sim, "2/"))
    await sim.press(button(sim, "Automatic payout"))  # yes/no: buttons
    await sim.press("No")
    await sim.press("✅ Preview")
    preview = sim.last_text or ""
    assert preview.startswith("📝") and "Name: → Keto PL" in preview, preview
    done = await result_of(harness, sim, sim.press(button(sim, "✅ Confirm")))
    assert done.startswith("✅"), done
    offer = offer_named(harness, "Keto PL")
    assert offer is not None
    assert (float(offer["payout_value"]), offer["payout_type"], offer["payout_auto"]) == (
        12.5, "CPA", False)
    assert (offer["offer_type"], offer["action_type"], offer["action_payload"]) == (
        "external", "http", "https://aff.example.com/keto?s={subid}")


async def test_a_wrong_answer_is_asked_again_and_back_returns_to_the_fields(
        harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/offers create")
    await sim.say("Keto PL")
    await sim.press("⏭ Skip")  # the URL can wait
    await sim.press(button(sim, "Payout"))
    await sim.say("twelve")
    text = sim.last_text or ""
    assert "must be a number" in text and "Payout" in text  # the same question, with why
    await sim.press("◀ Back")
    assert "Name: Keto PL" in (sim.last_text or "")  # the fields, the name kept
    stale = sim.messages[-1]
    await sim.press(button(sim, "Group"))
    assert "Tap one" in (sim.last_text or "")  # a reference: picked from its list by name
    assert any("#" in b for row in sim.buttons() for b in row)
    await sim.press("◀ Back", message=stale)  # an older screen's button does nothing
    assert harness.tracker_calls(method="POST", path=r"/offers$") == 0


async def test_edit_a_campaign_from_its_card(harness: Harness) -> None:
    sim = harness.admin
    old = harness.sandbox.state.campaigns[1]["name"]
    await sim.say("/campaigns get 1")
    await sim.press(button(sim, "✏️ Edit"))
    assert "What to change?" in (sim.last_text or "")
    await sim.press("Name")
    assert f"Now: {old}" in (sim.last_text or "")
    await sim.say("FB US iOS Nutra v2")
    preview = sim.last_text or ""
    assert f"Name: {old} → FB US iOS Nutra v2" in preview, preview
    done = await result_of(harness, sim, sim.press(button(sim, "✅ Confirm")))
    assert done.startswith("✅") and "↩️ Undo" in [b for r in sim.buttons() for b in r]
    assert harness.sandbox.state.campaigns[1]["name"] == "FB US iOS Nutra v2"


async def test_an_s2s_postback_from_a_url_with_toggles(harness: Harness) -> None:
    sim = harness.admin
    before = len(harness.sandbox.state.campaigns[2].get("postbacks") or [])
    await sim.say("/postbacks create")
    await sim.press(button(sim, "#2 "))  # the campaign, by name
    await sim.say("https://ts.example.com/pb?click={subid}&sum={revenue}")
    await sim.press("POST")  # the method: a button
    await sim.press(button(sim, "Statuses"))
    await sim.press("▫️ Sale")
    await sim.press("▫️ Rejected")
    await sim.press("✅ Rejected")  # a toggle goes off again
    assert "On: Sale" in (sim.last_text or "")
    await sim.press("✔ Done")  # every field given: the preview at once
    preview = sim.last_text or ""
    assert "+ https://ts.example.com/pb" in preview, preview
    done = await result_of(harness, sim, sim.press(button(sim, "✅ Confirm")))
    assert done.startswith("✅"), done
    postbacks = harness.sandbox.state.campaigns[2]["postbacks"]
    assert len(postbacks) == before + 1
    added = postbacks[-1]
    assert (added["method"], added["statuses"]) == ("POST", ["sale"])
    assert added["url"] == "https://ts.example.com/pb?click={subid}&sum={revenue}"


async def test_a_conversion_set_to_sale_by_taps(harness: Harness) -> None:
    sim = harness.admin
    harness.sandbox.postback_delay = 0.05
    item = next(c for c in harness.sandbox.state.traffic.conversions.items
                if c.status == "lead")
    revenue = item.revenue
    await sim.say("/conversions update")
    assert "Or pick one below" in (sim.last_text or "") or "pick" in (sim.last_text or "")
    await sim.say(str(item.id))  # or tapped from the recent ones
    text = sim.last_text or ""
    assert f"Click (subid): {harness.sandbox.sub_id(item.click)}" in text  # filled from the row
    await sim.press("Status")
    await sim.press("Sale")
    preview = sim.last_text or ""
    assert "Status: Lead → Sale" in preview and f"Revenue: {revenue:g} (kept)" in preview
    done = await result_of(harness, sim, sim.press(button(sim, "✅ Confirm")))
    assert done.startswith(("✅", "🕓")), done


async def test_json_stays_the_expert_path(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns update 2 {“name”: “Curly”}")  # a phone's quotes
    assert "→ Curly" in (sim.last_text or ""), sim.last_text
    await sim.say("/cancel")
    await sim.say('/offers create name="Keto PL" payout_value=7 payout_auto=no')
    preview = sim.last_text or ""
    assert "Name: → Keto PL" in preview and "Payout: → 7" in preview, preview
    await sim.say("/cancel")
    await sim.say("/campaigns update 2 nmae=x")
    assert "did you mean" in (sim.last_text or "")
    await sim.say("/cancel")
    await sim.say("/offers create")  # pairs typed at a form's question fill the form
    await sim.say("Keto DE")
    await sim.say("payout_value=3 notes=from the phone")
    assert "Notes: → from the phone" in (sim.last_text or ""), sim.last_text
    assert harness.tracker_calls(method="POST", path=r"/offers$") == 0


async def test_a_form_in_russian_and_by_role(harness: Harness) -> None:
    sim = harness.user(EDITOR, lang="ru")
    await sim.say("/offers create")
    assert "Название" in (sim.last_text or "")
    await sim.say("Кето")
    await sim.press("⏭ Пропустить")
    assert "✅ Проверить" in [b for r in sim.buttons() for b in r]
    await sim.say("/users create")  # an editor may not: refused before any form
    assert "🔒" in (sim.last_text or "")


async def test_a_streams_offers_and_shares_by_taps(harness: Harness) -> None:
    """The shares editor: the offers as the tracker has them, +/−, add from the list by name,
    even split, Done only at 100 %, then the before → after of the list."""
    sim = harness.admin
    stream = harness.sandbox.state.streams[1]
    await sim.say("/streams get 1")
    await sim.press(button(sim, "✏️ Edit"))
    await sim.press(button(sim, "Offers"))  # a list of shares comes first
    text = sim.last_text or ""
    assert "Total: 99 %" in text and "must be 100" in text, text  # three offers at 33
    await sim.press("✔ Done")  # refused: an alert, the editor stays
    assert "Total: 99 %" in (sim.last_text or "")
    assert all(len(row) <= 2 for row in sim.buttons())
    await sim.press("3: 🗑")
    await sim.press("1: +10")
    assert "Keto Slim US (#1) — 43 %" in (sim.last_text or "")
    assert "Total: 76 %" in (sim.last_text or "")
    await sim.press("➕ Add")
    offer = harness.sandbox.state.offers[2]
    await sim.press(button(sim, f"#2 {offer['name'][:10]}"))
    assert "Total: 100 %" in (sim.last_text or ""), sim.last_text  # what was left: 24 %
    await sim.press("⚖ Even")
    assert "— 34 %" in (sim.last_text or "")
    await sim.press("✔ Done")
    preview = sim.last_text or ""
    assert preview.startswith(("📝", "🛑")), preview
    assert f"+ {offer['name']} (#2) 33 %" in preview and "− Local Nutra Shop (#9) 33 %" in preview
    done = await result_of(harness, sim, sim.press(button(sim, "⚠️ Yes")))  # it replaces a list
    assert done.startswith("✅"), done
    shares = {o["offer_id"]: o["share"] for o in stream["offers"]}
    assert shares == {1: 34, 8: 33, 2: 33}


async def test_a_streams_list_shows_weights(harness: Harness) -> None:
    sim = harness.admin
    text = await result_of(harness, sim, sim.say("/streams list 1"))
    weights = [s["weight"] for s in harness.sandbox.state.streams.values()
               if s["campaign_id"] == 1]
    assert weights and all(f"⚖ {w:g}" in text for w in weights), text


async def test_a_conversion_found_by_its_status_typed_as_the_code_in_russian(
        harness: Harness) -> None:
    """The pick-list of recent conversions says statuses by meaning («лид»); typing the
    tracker's word (`lead`) narrows it as typing «лид» does."""
    sim = harness.user(lang="ru")
    await sim.say("/conversions update")
    labels = [b for row in sim.buttons() for b in row if b.startswith("#")]
    assert any(" лид" in b for b in labels) and any(" лид" not in b for b in labels), labels
    for typed in ("lead", "лид"):
        await sim.say(typed)
        found = [b for row in sim.buttons() for b in row if b.startswith("#")]
        assert found and all(" лид" in b for b in found), (typed, found)
