"""Alerts a buyer can act on (issue 20 point 5), through the real dispatcher against the
sandbox: rules set up by taps with the numbers typed, one tracker read a round for every rule,
each alert with its buttons (open, pause through preview and Confirm for whoever presses and
may, mute for an hour or until tomorrow), cooldowns, and the rules a buyer actually sets:
spend without a conversion, ROI below a value after a minimum spend, CR or EPC moved against
the same hours a week before, traffic stopped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest_asyncio

from bot.notify.models import ConversionAlert, Rule
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import UserSim
from tests.harness import (
    ADMIN,
    API_KEY,
    EDITOR,
    POSTBACK_KEY,
    VIEWER,
    Harness,
    result_of,
    running_bot,
)

START = datetime(2026, 11, 8, 8, 0, tzinfo=UTC)  # a Sunday; the week after is the 15th
GROUP = -1002020


@pytest_asyncio.fixture
async def quiet(tmp_path: Path) -> AsyncIterator[Harness]:
    """A tracker with no traffic but what a test makes, on a clock the test moves."""
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(START),
                      clicks=0)
    async with running_bot(tmp_path, sandbox=sandbox) as h:
        yield h


def clock(h: Harness) -> ManualClock:
    found = h.sandbox.clock
    assert isinstance(found, ManualClock)
    return found


def clicks(h: Harness, campaign: int, count: int, *, every: timedelta = timedelta(minutes=1),
           cost: float = 0.5, converted: int = 0, revenue: float = 10.0) -> None:
    """`count` clicks of a campaign from now on, `every` apart (the clock moves with them),
    the first `converted` of them with a sale."""
    for n in range(count):
        sub = h.sandbox.add_click(campaign, cost=cost)
        if n < converted:
            h.sandbox.add_conversion(sub, status="sale", revenue=revenue)
        clock(h).advance(seconds=every.total_seconds())


async def add(h: Harness, alert: ConversionAlert | Rule) -> int:
    return (await h.services.subscriptions.add_alert(alert)).id


async def tap(sim: UserSim, prefix: str, *, answers: int = 1) -> str:
    label = next((b for row in sim.buttons() for b in row if b.startswith(prefix)), None)
    assert label is not None, (prefix, sim.buttons())
    await sim.press(label, answers=answers)
    return sim.last_text or ""


async def round_of_rules(h: Harness) -> int:
    return await h.services.notifier.run_rules(h.bot, clock(h)())


async def test_a_rule_set_up_by_taps_with_its_numbers_typed(quiet: Harness) -> None:
    sim = quiet.admin
    await sim.say("/alerts")
    await tap(sim, "➕ New alert")
    question = await tap(sim, "📉 ROI below…")
    assert "Type the ROI" in question
    await sim.say("minus thirty")
    assert "That is not a number." in (sim.last_text or "")
    await sim.say("-30")
    assert "must have spent" in (sim.last_text or "")
    await sim.say("20")
    summary = sim.last_text or ""
    assert "ROI below -30% today, after 20.00 spent · every campaign · again after 1 h" in summary
    await tap(sim, "🎯 Campaigns: all")
    await tap(sim, "▫️ #2 Google DE Keto")
    await tap(sim, "▫️ #4 Push GB Dating")
    await tap(sim, "✅ #4 Push GB Dating")  # and off again
    await tap(sim, "✔ Done")
    await tap(sim, "⏳ 6 h")
    assert "campaigns #2 · again after 15 min" in await tap(sim, "⏱ 15 min")
    saved = await tap(sim, "✅ Save this alert")
    assert saved.startswith("✅ Alert #1 saved: ROI below -30% over the last 6 h, after 20.00")
    [rule] = await quiet.services.subscriptions.rules()
    assert (rule.kind, rule.threshold, rule.min_spend, rule.hours, rule.campaign_ids,
            rule.cooldown) == ("roi_below", -30.0, 20.0, 6, [2], 15)
    await tap(sim, "◀ Alerts")
    for key, number in (("💸 Spend", "30"), ("📊 CR changes", "40"), ("📊 EPC changes", "40"),
                        ("📉 Clicks drop", "50")):
        await tap(sim, "➕ New alert")
        await tap(sim, key)
        await sim.say(number)
        await tap(sim, "✅ Save this alert")
        await tap(sim, "◀ Alerts")
    await tap(sim, "➕ New alert")
    assert "no clicks for 1 h" in await tap(sim, "🛑 Traffic stopped")  # no number to type
    await tap(sim, "⏳ 2 h")
    await tap(sim, "✅ Save this alert")
    kinds = {r.kind: r for r in await quiet.services.subscriptions.rules()}
    assert set(kinds) == {"roi_below", "spend_no_conversion", "cr_change", "epc_change",
                          "clicks_drop", "clicks_stopped"}
    assert kinds["clicks_stopped"].hours == 2 and kinds["spend_no_conversion"].threshold == 30
    # a line does the same: `/alerts add roi -30 0 min=50 campaign=2 cooldown=30`
    await sim.say("/alerts add roi -50 0 min=50 campaign=2,3 cooldown=30")
    assert "ROI below -50% today, after 50.00 spent · campaigns #2, #3 · again after 30 min" in (
        sim.last_text or "")


async def test_one_read_a_round_serves_every_rule(quiet: Harness) -> None:
    h = quiet
    for kind, extra in (("spend_no_conversion", {"threshold": 5}),
                        ("roi_below", {"threshold": -20, "hours": 0, "min_spend": 1}),
                        ("roi_below", {"threshold": -20, "hours": 6}),
                        ("cr_change", {"threshold": 40}), ("epc_change", {"threshold": 40}),
                        ("clicks_stopped", {"hours": 2}), ("clicks_drop", {"threshold": 50}),
                        ("tracker_down", {})):
        for chat in (ADMIN, EDITOR):
            await add(h, Rule(chat_id=chat, created_by=chat, kind=kind, **extra))
    clicks(h, 2, 30, cost=1.0)
    h.sandbox.reset_requests()
    await round_of_rules(h)
    # one report for every rule, and the campaigns' states for "traffic stopped"
    assert sorted((r.method, r.path.rsplit("/", 2)[-2:]) for r in h.sandbox.requests) == [
        ("GET", ["v1", "campaigns"]), ("POST", ["report", "build"])]
    body = next(r for r in h.sandbox.requests if r.method == "POST").body
    assert body["grouping"] == ["campaign_id", "campaign", "day", "hour"]
    assert body["range"]["from"] == "2026-11-01 00:00:00"  # a week back, for CR and EPC


async def test_an_alert_comes_with_buttons_that_act(quiet: Harness) -> None:
    h, sim = quiet, quiet.admin
    await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="spend_no_conversion",
                      threshold=10))
    clicks(h, 4, 15, cost=1.0)  # Push GB Dating: 15.00 spent today, no conversion
    assert await round_of_rules(h) == 1
    text = sim.last_text or ""
    assert "Push GB Dating" in text and "15.00" in text and "no conversion" in text
    assert sim.buttons() == [["📊 Push GB Dating", "⏸ Pause"],
                             ["🔕 #1 for 1 h", "🔕 #1 till tomorrow"]]
    card = await result_of(h, sim, tap(sim, "📊 Push GB Dating"))
    assert card.startswith("✅ Campaign #4 · Push GB Dating") and "Today" in card
    alert = next(m for m in reversed(sim.messages) if "no conversion" in (m.content or ""))
    await sim.press("⏸ Pause", message=alert)
    preview = sim.last_text or ""
    assert "Campaigns · Disable" in preview and (  # the preview's table row, or its line
        "State | Active | Paused" in preview or "Active → Paused" in preview)
    done = await result_of(h, sim, tap(sim, "✅ Confirm"))
    assert done.startswith("✅") and h.sandbox.state.campaigns[4]["state"] == "disabled"


async def test_the_person_pressing_pause_is_checked_not_the_subscriber(
        quiet: Harness) -> None:
    h = quiet
    admin = h.user(ADMIN, chat_id=GROUP, chat_type="supergroup")
    editor = h.user(EDITOR, chat_id=GROUP, chat_type="supergroup")
    viewer = h.user(VIEWER, chat_id=GROUP, chat_type="supergroup")
    await admin.say("/enable_chat")
    await add(h, Rule(chat_id=GROUP, created_by=ADMIN, kind="spend_no_conversion",
                      threshold=10))
    clicks(h, 4, 15, cost=1.0)
    assert await round_of_rules(h) == 1
    alert = next(m for m in reversed(viewer.messages) if "no conversion" in (m.content or ""))
    await viewer.press("⏸ Pause", message=alert)
    assert "not allowed for your role (viewer)" in (viewer.last_text or "")
    assert not h.sandbox.matching("POST", r"/campaigns/4/disable$")
    await viewer.press("🔕 #1 for 1 h", message=alert)  # a viewer changes nothing in a group
    [rule] = await h.services.subscriptions.rules()
    assert rule.muted_until is None
    await editor.press("⏸ Pause", message=alert)
    assert "Disable" in (editor.last_text or "")
    done = await result_of(h, editor, editor.press(next(
        b for row in editor.buttons() for b in row if b.startswith("✅ Confirm"))))
    assert done.startswith("✅") and h.sandbox.state.campaigns[4]["state"] == "disabled"


async def test_mute_for_an_hour_and_a_cooldown_between_episodes(quiet: Harness) -> None:
    h, sim = quiet, quiet.admin
    ident = await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="clicks_stopped", hours=1,
                              cooldown=120))
    clicks(h, 6, 20, every=timedelta(minutes=3))  # an hour of clicks, then none
    clock(h).advance(hours=2)
    assert await round_of_rules(h) == 1
    assert "Pop IN Hair" in (sim.last_text or "") and "no clicks since" in (sim.last_text or "")
    await sim.press(f"🔕 #{ident} for 1 h")
    [rule] = await h.services.subscriptions.rules()
    assert rule.muted_until == (clock(h)() + timedelta(hours=1)).isoformat(timespec="seconds")
    clicks(h, 6, 1)  # the traffic comes back: the episode ends
    assert await round_of_rules(h) == 0
    clock(h).advance(hours=1, minutes=20)  # stopped again, within the cooldown (and muted)
    sent = len(sim.messages)
    assert await round_of_rules(h) == 0 and len(sim.messages) == sent
    clicks(h, 6, 1)
    await round_of_rules(h)
    clock(h).advance(hours=2, minutes=30)  # past the mute and the cooldown: told again
    assert await round_of_rules(h) == 1
    await sim.say("/alerts")
    assert "🔕" not in (sim.last_text or "")  # the mute is over


async def test_traffic_stopped_is_not_said_of_a_paused_campaign(quiet: Harness) -> None:
    """Two campaigns' clicks stop; one was paused in the tracker (by anyone): its traffic
    stopping is what a pause does, so only the other is said. The states come from one
    campaigns read with the round's report."""
    h, sim = quiet, quiet.admin
    await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="clicks_stopped", hours=1))
    clicks(h, 6, 20, every=timedelta(minutes=3))
    clicks(h, 2, 20, every=timedelta(minutes=3))
    clock(h).advance(hours=2)
    h.sandbox.state.campaigns[2]["state"] = "disabled"
    listed = h.tracker_calls("GET", r"/campaigns$")
    assert await round_of_rules(h) == 1
    text = sim.last_text or ""
    assert "Pop IN Hair" in text and "no clicks since" in text, text
    assert "Google DE Keto" not in text, text
    assert h.tracker_calls("GET", r"/campaigns$") == listed + 1


async def test_cr_and_epc_against_the_same_hours_a_week_before(quiet: Harness) -> None:
    h, sim = quiet, quiet.admin
    await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="cr_change", threshold=40))
    await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="epc_change", threshold=40,
                      campaign_ids=[7]))
    clock(h).set(datetime(2026, 11, 8, 9, 0, tzinfo=UTC))
    clicks(h, 6, 60, converted=6)  # a week ago, 09:00–10:00: CR 10 %, EPC 1.00
    clicks(h, 7, 40, converted=4)
    clock(h).set(datetime(2026, 11, 15, 9, 0, tzinfo=UTC))
    clicks(h, 6, 60, converted=1)  # today, the same hours: CR 1.7 %
    clicks(h, 7, 40, converted=4)  # unchanged
    clock(h).set(datetime(2026, 11, 15, 11, 5, tzinfo=UTC))
    assert await round_of_rules(h) == 1
    text = sim.last_text or ""
    assert "Pop IN Hair" in text and "CR 1.67% until 11:00, against 10.00%" in text
    assert "▼ 83%" in text and "FB CA Crypto" not in text
    assert await round_of_rules(h) == 0  # the same episode


async def test_roi_below_after_a_minimum_spend(quiet: Harness) -> None:
    h, sim = quiet, quiet.admin
    await add(h, Rule(chat_id=ADMIN, created_by=ADMIN, kind="roi_below", threshold=-30,
                      hours=0, min_spend=10))
    clicks(h, 2, 8, cost=1.0)  # 8.00 spent: under the minimum, not judged yet
    clicks(h, 3, 20, cost=1.0, converted=1, revenue=30.0)  # ROI +50 %: fine
    assert await round_of_rules(h) == 0
    clicks(h, 2, 4, cost=1.0)  # 12.00 spent, nothing back
    assert await round_of_rules(h) == 1
    assert "Google DE Keto: ROI today is -100.0%, below -30% (12.00 spent)." in (
        sim.last_text or "")


async def test_a_conversion_alert_names_campaign_offer_revenue_with_buttons(
        quiet: Harness) -> None:
    h, sim = quiet, quiet.admin
    await sim.say("/alerts")
    await tap(sim, "➕ New alert")
    await tap(sim, "➕ New conversions")
    sub = h.sandbox.add_click(7)
    h.sandbox.add_conversion(sub, status="sale", revenue=42.5)
    clock(h).advance(minutes=1)
    assert await h.services.notifier.run_conversion_alerts(h.bot, clock(h)()) == 1
    text = sim.last_text or ""
    assert "1 new conversion," in text and "42.50" in text and "FB CA Crypto" in text
    offer = h.sandbox.state.offers[h.sandbox.state.streams[next(
        s["id"] for s in h.sandbox.state.streams.values()
        if s["campaign_id"] == 7 and s["offers"])]["offers"][0]["offer_id"]]["name"]
    assert offer in text
    assert sim.buttons() == [["📊 FB CA Crypto", "⏸ Pause"],
                             ["🔕 #1 for 1 h", "🔕 #1 till tomorrow"]]
    await tap(sim, "🔕 #1 till tomorrow")
    [alert] = await h.services.subscriptions.conversion_alerts()
    assert alert.muted_until == "2026-11-09T00:00:00+00:00"  # the tracker's midnight (UTC)
    h.sandbox.add_conversion(h.sandbox.add_click(7), status="sale", revenue=5)
    clock(h).advance(minutes=1)
    assert await h.services.notifier.run_conversion_alerts(h.bot, clock(h)()) == 0
    await sim.say("/alerts")
    assert "🔕 until 2026-11-09 00:00 UTC" in (sim.last_text or "")
    await tap(sim, "🔔 Hear #1 again")
    [alert] = await h.services.subscriptions.conversion_alerts()
    assert alert.muted_until is None

