"""The buyer's day through the real dispatcher against the sandbox (issue 20): the glance,
cards with their numbers, reports to move through (periods, drill-downs with their
breadcrumb, filters by buttons and typed, ratio sorts above a floor, the trend), finding by
name and pick-lists narrowed by words. The figures are the sandbox's own traffic, read back
from the tracker's report for each check. These read the plain form of the replies (their
phone blocks, RICH_MESSAGES=off); tests/test_rich_messages.py reads the rich one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.explore.figures import Figures
from bot.render.report import fmt_metric
from telegram_fake import UserSim
from tests.harness import VIEWER, Harness, result_of, running_bot

RESULT = ("✅", "❌", "📊")


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_bot(tmp_path, rich_messages="off") as h:
        yield h


async def tap(sim: UserSim, prefix: str) -> str:
    """Press the newest button whose label starts with `prefix`; the newest text after."""
    label = next((b for row in sim.buttons() for b in row if b.startswith(prefix)), None)
    assert label is not None, (prefix, sim.buttons())
    await sim.press(label)
    return sim.last_text or ""


def bodies(h: Harness) -> list[dict[str, Any]]:
    return [r.body for r in h.sandbox.matching("POST", r"/report/build$")]


async def totals(h: Harness, start: str, end: str, filters: list[dict[str, Any]] | None = None
                 ) -> Figures:
    """The tracker's own sums over [start, end] (seconds)."""
    data: dict[str, Any] = {"grouping": ["day"], "metrics": ["clicks", "conversions", "cost",
                                                             "revenue"], "summary": True,
                            "range": {"from": start, "to": end, "timezone": "UTC"}}
    if filters:
        data["filters"] = filters
    envelope = await h.services.client.execute("reports.build", {
        "range": {"from": start[:10], "to": end[:10]}, "data": data})
    assert envelope.success, envelope.error
    return Figures.of(envelope.data["summary"])


def row(text: str, label: str, *values: str) -> bool:
    """Whether a table line reads `label` then these cells (right-aligned) and no more."""
    cells = r"\s+".join(re.escape(v) for v in values)
    return re.search(rf"^{re.escape(label)}\s+{cells}$", text, re.M) is not None


def losing_traffic(h: Harness) -> None:
    """Campaign 4 spends 20.00 this morning with no conversion: today's worst."""
    now = h.sandbox.clock()
    for n in range(20):
        h.sandbox.add_click(4, at=now - timedelta(minutes=40 - n), cost=1.0)


async def test_today_at_a_glance_against_the_same_hours_yesterday(harness: Harness) -> None:
    h, sim = harness, harness.admin
    losing_traffic(h)
    mark = len(h.sandbox.requests)
    await sim.say("/today")
    text = sim.last_text or ""
    assert text.startswith("📊 Today so far · 2026-11-15 00:00–12:00"), text
    sent = [r.body["range"] for r in h.sandbox.requests[mark:] if r.path.endswith("report/build")]
    assert len(sent) == 2  # today by campaign; yesterday until the same time
    assert {"from": "2026-11-14 00:00:00", "to": "2026-11-14 12:00:00",
            "timezone": "UTC"} in sent
    now = await totals(h, "2026-11-15 00:00:00", "2026-11-15 12:00:00")
    before = await totals(h, "2026-11-14 00:00:00", "2026-11-14 12:00:00")
    moved = (now.cost - before.cost) / before.cost * 100
    assert row(text, "Cost", fmt_metric("cost", now.cost),
               f"{'▲' if moved > 0 else '▼'} {abs(moved):.0f}%"), text
    assert re.search(rf"^Revenue\s+{re.escape(fmt_metric('revenue', now.revenue))}\s", text, re.M)
    assert re.search(rf"^Profit\s+{re.escape(fmt_metric('profit', now.profit))}\s", text, re.M)
    moved = (now.clicks - before.clicks) / before.clicks * 100
    assert row(text, "Clicks", fmt_metric("clicks", now.clicks),
               f"{'▲' if moved > 0 else '▼'} {abs(moved):.0f}%"), text
    assert "Compared with 2026-11-14 00:00–12:00." in text
    buttons = [b for row in sim.buttons() for b in row]
    assert buttons[0].startswith("🔻 Push GB Dating -") and "Losing most" in text
    assert ["• Today", "Yesterday"] in sim.buttons() and ["7 days", "30 days"] in sim.buttons()
    card = await tap(sim, "🔻 Push GB Dating")
    assert card.startswith("✅ Campaign #4 · Push GB Dating"), card
    dating = await totals(h, "2026-11-09 00:00:00", "2026-11-15 12:00:00",
                          [{"name": "campaign_id", "operator": "EQUALS", "expression": 4}])
    assert re.search(rf"^Cost\s.*\s{re.escape(fmt_metric('cost', dating.cost))}$", card, re.M)
    await sim.say("/today")
    week = await tap(sim, "7 days")
    assert week.startswith("📊 7 days so far · 11-09 00:00 – 11-15 12:00"), week
    # compared with the 7 days before, to the same hour
    assert {"from": "2026-11-02 00:00:00", "to": "2026-11-08 12:00:00", "timezone": "UTC"} in [
        b["range"] for b in bodies(h)[-2:]]
    seven = await totals(h, "2026-11-09 00:00:00", "2026-11-15 12:00:00")
    assert re.search(rf"^Cost\s+{re.escape(fmt_metric('cost', seven.cost))}\s", week, re.M)


async def test_start_opens_with_the_glance_then_the_menu(harness: Harness) -> None:
    sim = harness.user(VIEWER)  # a viewer may read reports
    calls = await sim.say("/start", answers=2)
    texts = [h.params.get("text", "") for h in calls if h.method == "sendMessage"]
    assert texts[0].startswith("📊 <b>Today</b> so far"), texts
    assert "Choose what to manage" in texts[-1]


async def test_worst_campaign_worst_offer_paused_in_four_taps(harness: Harness) -> None:
    """/today → the worst campaign → its worst offer → pause it in its stream → Confirm."""
    h, sim = harness, harness.admin
    losing_traffic(h)
    await sim.say("/today")
    taps = 0
    card = await tap(sim, "🔻 Push GB Dating")
    taps += 1
    assert "Offers today" in card and "Streams today" in card
    offer = next(b for row in sim.buttons() for b in row if b.startswith("🔻 "))
    name = offer[2:]
    sliced = await tap(sim, offer)
    taps += 1
    assert sliced.startswith(f"📊 Push GB Dating › {name}"), sliced
    preview = await tap(sim, "⏸ Pause in «")
    taps += 1
    assert "State: Active → Paused" in preview, preview
    stream_id = int(re.search(r"#(\d+)", preview.split("Stream «")[1]).group(1))
    done = await result_of(h, sim, sim.press(next(
        b for row in sim.buttons() for b in row if b.startswith(("✅", "⚠️ Yes")))))
    taps += 1
    assert done.startswith("✅"), done
    assert taps == 4
    [put] = h.sandbox.matching("PUT", rf"/streams/{stream_id}$")
    offer_id = next(o["id"] for o in h.sandbox.state.offers.values() if o["name"] == name)
    states = {i["offer_id"]: i["state"] for i in put.body["offers"]}
    assert states[offer_id] == "disabled"
    stream = h.sandbox.state.streams[stream_id]
    assert [i["state"] for i in stream["offers"] if i["offer_id"] == offer_id] == ["disabled"]


async def test_a_campaign_card_opens_with_its_numbers(harness: Harness) -> None:
    h, sim = harness, harness.admin
    card = await result_of(h, sim, sim.say("/campaigns get 2"))
    head, _, settings = card.partition("\n\n")
    assert head.startswith("✅ Campaign #2 · Google DE Keto")
    assert "Today" in head and "Yesterday" in head and "7 days" in head
    assert "Alias (URL): google-de-keto" in settings  # the settings follow the numbers
    keto = [{"name": "campaign_id", "operator": "EQUALS", "expression": 2}]
    today = await totals(h, "2026-11-15 00:00:00", "2026-11-15 12:00:00", keto)
    yesterday = await totals(h, "2026-11-14 00:00:00", "2026-11-14 23:59:59", keto)
    week = await totals(h, "2026-11-09 00:00:00", "2026-11-15 12:00:00", keto)
    assert row(head, "Cost", *(fmt_metric("cost", f.cost) for f in (today, yesterday, week)))
    assert row(head, "Clicks", *(fmt_metric("clicks", f.clicks)
                                 for f in (today, yesterday, week)))
    streams = [s for s in h.sandbox.state.streams.values()
               if s["campaign_id"] == 2 and s["state"] != "deleted"]
    for stream in streams:
        assert f"▶ #{stream['id']} {stream['name']}" in head
    assert "⚖" in head  # each stream's weight
    flat = [b for row in sim.buttons() for b in row]
    for drill in ("📊 by stream", "📊 by offer", "📊 by landing", "📊 by source",
                  "📊 by country", "📊 by device", "🔢 by sub_id…"):
        assert drill in flat, flat
    for group, first in (("offers", "📊 by campaign"), ("sources", "📊 by campaign"),
                         ("landings", "📊 by campaign")):
        other = await result_of(h, sim, sim.say(f"/{group} get 1"))
        assert "7 days" in other.split("\n\n")[0] and first in [
            b for row in sim.buttons() for b in row], (group, sim.buttons())


async def test_a_report_drills_down_with_its_breadcrumb(harness: Harness) -> None:
    h, sim = harness, harness.admin
    report = await result_of(h, sim, sim.say("/reports by_campaign 7d"))
    assert "by Revenue ↓" in report  # the tracker's order, said
    await tap(sim, next(b for row in sim.buttons() for b in row if b.endswith("Google DE Keto")))
    drilled = await tap(sim, "📊 by offer")
    assert drilled.startswith("✅ 📊 Google DE Keto › by offer › 7 days"), drilled
    body = bodies(h)[-1]
    assert body["grouping"] == ["offer", "offer_id"]
    assert body["filters"] == [{"name": "campaign_id", "operator": "EQUALS", "expression": 2}]
    assert body["range"]["from"].startswith("2026-11-09")
    await tap(sim, "1. ")
    deeper = await tap(sim, "📊 by country")
    assert deeper.startswith("✅ 📊 Google DE Keto › Keto Slim DE › by country › 7 days")
    assert [f["name"] for f in bodies(h)[-1]["filters"]] == ["campaign_id", "offer_id"]
    up = await tap(sim, "◀ Keto Slim DE")
    assert up.startswith("📊 Google DE Keto › Keto Slim DE")
    # an offer leads to its campaigns, a source too
    await result_of(h, sim, sim.say("/reports by_offer 7d"))
    await tap(sim, next(b for row in sim.buttons() for b in row if b.endswith("Keto Slim DE")))
    back = await tap(sim, "📊 by campaign")
    assert back.startswith("✅ 📊 Keto Slim DE › by campaign › 7 days")
    assert bodies(h)[-1]["filters"] == [{"name": "offer_id", "operator": "EQUALS",
                                         "expression": 2}]
    month = await tap(sim, "This month")
    assert month.startswith("✅ 📊 Keto Slim DE › by campaign › This month")
    assert bodies(h)[-1]["range"]["from"].startswith("2026-11-01")


async def test_filters_by_buttons_and_a_typed_period(harness: Harness) -> None:
    h, sim = harness, harness.admin
    await result_of(h, sim, sim.say("/reports by_offer 30d"))
    menu = await tap(sim, "🔍 Filter…")
    assert "Filter" in menu
    assert [b for row in sim.buttons() for b in row][:4] == [
        "🎯 Campaign", "🚦 Source", "🌍 Country", "📄 Landing"]
    picks = await tap(sim, "🌍 Country")
    assert "pick by country" in picks
    country = next(b for row in sim.buttons() for b in row if b.startswith("🔍 1. "))[5:]
    kept = await tap(sim, "🔍 1. ")
    assert kept.startswith(f"✅ 📊 {country} › by offer › 30 days"), kept
    assert bodies(h)[-1]["filters"][0]["name"] in ("country", "country_code")
    await tap(sim, "🔍 Filter…")
    dropped = await tap(sim, f"✖ {country}")
    assert dropped.startswith("✅ 📊 by offer › 30 days") and "filters" not in bodies(h)[-1]
    await tap(sim, "📅 Other…")
    await sim.say("2026-11-01..2026-11-31")
    assert "does not exist" in (sim.last_text or "")  # asked again
    typed = await result_of(h, sim, sim.say("2026-11-01..2026-11-07"))
    assert typed.startswith("✅ 📊 by offer › 11-01 – 11-07"), typed
    assert bodies(h)[-1]["range"]["from"] == "2026-11-01 00:00:00" or bodies(h)[-1][
        "range"]["from"] == "2026-11-01"


async def test_typed_filters_instead_of_json(harness: Harness) -> None:
    h, sim = harness, harness.admin
    text = await result_of(h, sim, sim.say("/reports by_offer 7d campaign=2 country=DE"))
    assert text.startswith("✅ 📊 Google DE Keto › DE › by offer › 7 days"), text
    assert bodies(h)[-1]["filters"] == [
        {"name": "campaign_id", "operator": "EQUALS", "expression": 2},
        {"name": "country_code", "operator": "EQUALS", "expression": "DE"}]
    assert not any("left out" in (m.content or "") for m in sim.messages)
    named = await result_of(h, sim, sim.say("/reports by_country кампания=keto"))
    assert named.startswith("✅ 📊 Google DE Keto › by country › Today"), named
    await sim.say("/reports by_campaign 7d campaign=nothing-like-it", answers=2)
    assert any("No campaign is named «nothing-like-it»" in (m.content or "")
               for m in sim.messages)
    await sim.say("/reports by_campaign country=DE,GB offer=999", answers=2)
    assert any("There is no offer #999" in (m.content or "") for m in sim.messages)
    assert bodies(h)[-1]["filters"] == [{"name": "country_code", "operator": "IN_LIST",
                                         "expression": ["DE", "GB"]}]


async def test_ratio_sorts_leave_out_small_rows_and_say_so(harness: Harness) -> None:
    h, sim = harness, harness.admin
    await result_of(h, sim, sim.say("/reports by_offer 30d"))
    rows = h.services.results  # the floors in use: the settings' defaults
    floors = rows.floors
    envelope = await h.services.client.execute("reports.by_offer", {
        "range": {"from": "2026-10-17", "to": "2026-11-15"}})
    data = envelope.data["rows"]
    small = [r for r in data if float(r["cost"]) < floors.cost]
    assert small, "a row under the floor, to leave out"
    await tap(sim, "↕ ROI %")
    text = sim.last_text or ""
    assert "by ROI % ↓" in text
    assert (f"Left out of the ROI % ranking, spent under {fmt_metric('cost', floors.cost)}: "
            f"{len(small)} (REPORT_MIN_COST)") in text
    shown = re.findall(r"^ ?\d+ (.+)$", text, re.M)
    assert not set(shown) & {r["offer"] or "(no offer)" for r in small}
    assert f"of {len(data) - len(small)} ·" in text
    await tap(sim, "📈 Traffic")
    await tap(sim, "↕ EPC")
    few = [r for r in data if float(r["clicks"]) < floors.clicks]
    text = sim.last_text or ""
    assert "by EPC ↓" in text
    if few:
        assert f"under {fmt_metric('clicks', floors.clicks)} clicks: {len(few)}" in text


async def test_the_trend_of_a_report_is_a_chart(harness: Harness) -> None:
    h, sim = harness, harness.admin
    await result_of(h, sim, sim.say("/reports by_campaign 7d campaign=2"))
    mark = len(h.tg.calls)
    await sim.press("📈 Trend")
    photos = [c for c in h.tg.calls[mark:] if c.method == "sendPhoto" and c.ok]
    assert len(photos) == 1
    body = bodies(h)[-1]
    assert body["grouping"] == ["day"] and body["filters"] == [
        {"name": "campaign_id", "operator": "EQUALS", "expression": 2}]
    revenue = await totals(h, "2026-11-09 00:00:00", "2026-11-15 23:59:59", body["filters"])
    caption = str(photos[0].params.get("caption"))
    assert caption == (f"📈 Revenue · Google DE Keto › by campaign › 7 days · total "
                       f"{fmt_metric('revenue', revenue.revenue)}")
    assert (photos[0].result["photo"][-1]["width"],
            photos[0].result["photo"][-1]["height"]) == (800, 600)
    await tap(sim, "Today")
    await sim.press("📈 Trend")
    assert bodies(h)[-1]["grouping"] == ["hour"]  # one day: per hour


async def test_find_by_name_in_a_group_and_everywhere(harness: Harness) -> None:
    h, sim = harness, harness.admin
    await sim.say("/campaigns keto")
    assert (sim.last_text or "").startswith("🔎 🎯 Campaigns named «keto»: 1")
    assert ["🎯 #2 Google DE Keto"] in sim.buttons()
    await sim.say("/offers nutra de")  # words of the name, its group and countries
    assert "#2 Keto Slim DE" in (sim.last_text or "")
    await sim.say("/find keto")
    text = sim.last_text or ""
    assert "Campaigns: 1" in text and "Offers: 2" in text and "Landing pages: 1" in text
    card = await result_of(h, sim, tap(sim, "💼 #2 Keto Slim DE"))
    assert card.startswith("✅ Offer #2 · Keto Slim DE")
    await sim.say("/campaigns gte 2")  # a typo of an operation is still one
    assert "Did you mean get" in (sim.last_text or "")
    await sim.say("/campaigns zzzz")
    assert "nothing named «zzzz»" in (sim.last_text or "")


async def test_every_id_question_offers_a_pick_list_streams_by_campaign(
        harness: Harness) -> None:
    h, sim = harness, harness.admin
    await sim.say("/streams get")
    question = sim.last_text or ""
    assert "Pick from 🎯 Campaigns first" in question
    await sim.say("keto")
    assert "🔎 «keto»: 1 found." in (sim.last_text or "")
    assert next(b for row in sim.buttons() for b in row) == "#2 Google DE Keto"
    await sim.press("#2 Google DE Keto")
    streams = {f"#{s['id']} {s['name']}" for s in h.sandbox.state.streams.values()
               if s["campaign_id"] == 2 and s["state"] != "deleted"}
    listed = {b for row in sim.buttons() for b in row if b.startswith("#")}
    assert listed == streams
    await sim.say("offers #2")
    assert [b for row in sim.buttons() for b in row if b.startswith("#")] == [
        next(s for s in sorted(streams) if s.endswith("offers #2"))]
    card = await result_of(h, sim, tap(sim, "#"))
    assert card.startswith("✅ Stream #") and "7 days" in card
    for line, first in (("/filters list", "#1 FB US iOS Nutra"), ("/groups update", "campaigns"),
                        ("/streams disable", "#1 FB US iOS Nutra")):
        await sim.say("/cancel")
        await sim.say(line)
        assert first in [b for row in sim.buttons() for b in row], (line, sim.buttons())
        assert "Send the" not in (sim.last_text or "").split("\n")[-2]


async def test_russian_glance_and_breadcrumb(harness: Harness) -> None:
    h = harness
    sim = h.user(1001, lang="ru")
    await sim.say("/today")
    text = sim.last_text or ""
    assert text.startswith("📊 Сегодня на сейчас · 2026-11-15 00:00–12:00"), text
    assert "Расход" in text and "к тем же часам" in text
    report = await result_of(h, sim, sim.say("/reports by_offer 7д кампания=2"))
    assert report.startswith("✅ 📊 Google DE Keto › по офферам › 7 дней"), report
    assert "по Доход ↓" in report


async def test_every_screen_fits_a_phone(harness: Harness) -> None:
    """The glance, cards, a slice, drill-downs and menus: every line of their tables (the
    <pre> blocks) 34 characters at most, two buttons a row, callback data within 64 bytes;
    in both languages."""
    from tests.test_phone import WIDTH, keyboard

    def table_lines(message: dict[str, Any]) -> list[str]:
        units = str(message.get("text") or "").encode("utf-16-le")
        return [line for e in message.get("entities") or [] if e["type"] == "pre"
                for line in units[2 * e["offset"]:2 * (e["offset"] + e["length"])].decode(
                    "utf-16-le").split("\n")]

    h = harness
    losing_traffic(h)
    for lang in ("en", "ru"):
        sim = h.user(1001, lang=lang)
        await sim.say(f"/lang {lang}")
        mark = len(h.tg.calls)
        await sim.say("/today")
        await tap(sim, "🔻 ")
        await tap(sim, "🔻 ")  # its worst offer
        await tap(sim, "📊 ")
        await tap(sim, "🔍 ")
        await sim.say("/reports by_campaign 30d campaign=4")
        await tap(sim, "1. ")
        await tap(sim, "🔢 ")
        await sim.say("/alerts")
        await tap(sim, "➕ ")
        await tap(sim, "📉 ROI")
        await sim.say("-30")
        await sim.say("10")
        await tap(sim, "🎯 ")
        calls = [c for c in h.tg.calls[mark:] if c.ok and c.method in (
            "sendMessage", "editMessageText")]
        assert len(calls) > 10
        for call in calls:
            wide = [line for line in table_lines(call.result) if len(line) > WIDTH]
            assert not wide, (lang, wide)
            for row in keyboard(call):
                assert len(row) <= 2, row
                assert all(len(str(b.get("callback_data", "")).encode()) <= 64 for b in row)


def test_a_card_lists_at_most_a_screen_of_streams_and_offers() -> None:
    from bot.explore.figures import CardNumbers, Figured, Named
    from bot.render.figures import card_lines

    offers = [Named(key=n, name=f"Offer {n}", figures=Figures(clicks=n, cost=n))
              for n in range(1, 31)]
    streams = [Named(key=n, name=f"Stream {n}", figures=Figures(), state="active",
                     weight=10) for n in range(1, 21)]
    lines = "\n".join(card_lines(CardNumbers(periods=[Figured("today", Figures())],
                                             streams=streams, offers=offers), "en"))
    assert "…and 12 more" in lines and "…and 25 more" in lines and len(lines) < 2500
