"""The dozen everyday tasks of issue 12, done as a person does them in the demo: by taps,
typing only a name, a URL, an IP or a command, never JSON. Each task counts its taps and
typed lines; the README's table shows these counts (`test_the_readme_shows_the_counts`).

The sandbox here runs on the real clock, as the demo's does, so "yesterday" has traffic.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.notify.models import Rule
from keitaro_sandbox import Sandbox
from telegram_fake.usersim import UserSim
from tests.harness import ADMIN, API_KEY, POSTBACK_KEY, Harness, running_bot, until

ROOT = Path(__file__).resolve().parents[1]
RESULT = ("✅", "❌", "🕓", "⚠️")


@dataclass
class Tally:
    """A person at the phone: what they tap and what they type."""

    h: Harness
    sim: UserSim
    taps: int = 0
    typed: int = 0

    async def tap(self, prefix: str) -> str:
        labels = [b for row in self.sim.buttons() for b in row]
        label = next((b for b in labels if b.startswith(prefix)),
                     next((b for b in labels if prefix in b), None))
        assert label is not None, (prefix, self.sim.last_text, self.sim.buttons())
        self.taps += 1
        await self.sim.press(label)
        return self.sim.last_text or ""

    async def type(self, text: str) -> str:
        assert not text.lstrip().startswith(("{", "[")) and '":' not in text, f"JSON: {text}"
        self.typed += 1
        await self.sim.say(text)
        return self.sim.last_text or ""

    async def result(self, step: Awaitable[str]) -> str:
        """A step that leads to a result (✅, ❌ or 🕓), and that result."""
        mark = len(self.h.tg.calls)
        await step
        return await until(self.h, self.sim, lambda text: text.startswith(RESULT), after=mark)


Task = Callable[[Tally], Awaitable[None]]


async def stats_and_worst_roi(p: Tally, *, by: str = "By campaign", yesterday: str = "Yesterday",
                              week: str = "7 days", sorted_by: str = "by") -> None:
    """The report by campaign for yesterday, then for 7 days sorted by ROI, worst first (the
    button labels in the user's language)."""
    await p.type("/start")
    await p.tap("📊")
    await p.tap(by)
    assert "📅" in await p.result(p.tap(yesterday))
    await p.tap("◀ 📊")
    await p.tap(by)
    await p.result(p.tap(week))
    await p.tap("↕ ROI %")
    text = await p.tap("ROI % ↓")  # ascending: the worst first
    assert f"{sorted_by} ROI % ↑" in text


async def disable_and_enable(p: Tally) -> None:
    await stats_and_worst_roi(p)
    p.taps = p.typed = 0  # counted from the report
    card = await p.tap("1. ")
    assert card.startswith("✅ Campaign #")
    await p.tap("✏️ Disable")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")
    await p.tap("✏️ Enable")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def stream_offer_share(p: Tally) -> None:
    stream = next(s for s in p.h.sandbox.state.streams.values() if len(s["offers"]) >= 2)
    await p.type(f"/streams get {stream['id']}")
    await p.tap("✏️ Edit")
    await p.tap("Offers")
    await p.tap("3: 🗑")  # one offer out
    assert "— 50 %" in await p.tap("⚖ Even")  # the other two at 50 % each
    await p.tap("✔ Done")
    assert (await p.result(p.tap("⚠️ Yes"))).startswith("✅")


async def conversion_to_sale(p: Tally) -> None:
    await p.type("/start")
    await p.tap("💰")
    await p.tap("✏️ Update a conversion")
    lead = next(b for row in p.sim.buttons() for b in row if " Lead " in b)
    await p.tap(lead)
    await p.tap("Status")
    assert "→ Sale" in await p.tap("Sale")
    assert (await p.result(p.tap("✅ Confirm"))).startswith(("✅", "🕓"))


async def postback_add_and_delete(p: Tally) -> None:
    await p.type("/start")
    await p.tap("📮")
    await p.tap("✏️ Add a postback")
    await p.tap("#3 ")
    await p.type("https://ts.example.com/pb?click={subid}&sum={revenue}")
    await p.tap("POST")
    await p.tap("Statuses")
    await p.tap("▫️ Sale")
    await p.tap("✔ Done")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")
    await p.tap("◀ 📮")
    await p.tap("⚠️ Delete a postback")
    await p.tap("#3 ")
    await p.tap("https://ts.example.com")
    assert (await p.result(p.tap("⚠️ Yes"))).startswith("✅")


async def bot_ip(p: Tally) -> None:
    await p.type("/start")
    await p.tap("🤖")
    await p.tap("✏️ Add")
    await p.type("203.0.113.7")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def offer_and_landing(p: Tally) -> None:
    await p.type("/start")
    await p.tap("💼")
    await p.tap("✏️ Create an offer")
    await p.type("Keto PL")
    await p.tap("✅ Preview")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")
    await p.type("/start")
    await p.tap("📄")
    await p.tap("✏️ Create a landing")
    await p.type("Keto prelander")
    await p.tap("✅ Preview")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def clicks_file(p: Tally) -> None:
    await p.type("/start")
    await p.tap("🖱")
    await p.tap("Click log")
    await p.tap("7 days")
    await p.result(p.tap("⏭"))  # the query's defaults: the newest clicks first
    mark = len(p.h.tg.calls)
    await p.tap("📥")  # every row of the period, as CSV files
    for _ in range(100):  # the export runs on its own: its file arrives a little later
        if any(c.method == "sendDocument" for c in p.h.tg.calls[mark:]):
            break
        await asyncio.sleep(0.05)
    assert any(c.method == "sendDocument" and c.ok for c in p.h.tg.calls[mark:])


async def digest_and_alert(p: Tally) -> None:
    await p.type("/digest")
    await p.tap("➕")
    await p.tap("by campaign")
    await p.tap("yesterday")
    await p.tap("daily")
    await p.tap("09:00")
    assert "saved" in await p.tap("UTC")
    await p.type("/alerts")
    await p.tap("➕")
    assert "saved" in await p.tap("➕ New conversions")


async def audit(p: Tally) -> None:
    await offer_and_landing(p)
    p.taps = p.typed = 0
    assert " · created" in await p.type("/audit")  # by name


async def stats_in_russian(p: Tally) -> None:
    await p.type("/lang")
    await p.tap("🇷🇺")
    await stats_and_worst_roi(p, by="По кампаниям", yesterday="Вчера", week="7 дней",
                              sorted_by="по")


# -- issue 20: the buyer's day ----------------------------------------------------------------


def losing_campaign(p: Tally) -> str:
    """Campaign 4 spends 40.00 in the last minutes with no conversion: today's worst (set up
    by the test, not a step of the task); its name."""
    now = p.h.sandbox.clock()
    for _ in range(40):
        p.h.sandbox.add_click(4, at=now, cost=1.0)
    return str(p.h.sandbox.state.campaigns[4]["name"])


async def glance_and_worst_card(p: Tally) -> None:
    worst = losing_campaign(p)
    text = await p.type("/today")
    assert text.startswith("📊 Today so far") and "vs same hours" in text
    card = await p.tap(f"🔻 {worst}")
    assert card.startswith(f"✅ Campaign #4 · {worst}") and "Offers today" in card


async def worst_offer_paused(p: Tally) -> None:
    worst = losing_campaign(p)
    await p.type("/today")
    await p.tap(f"🔻 {worst}")
    offer = next(b for row in p.sim.buttons() for b in row if b.startswith(("🔻 ", "💼 ")))
    assert (await p.tap(offer)).startswith(f"📊 {worst} › {offer[2:]}")
    preview = await p.tap("⏸ Pause in «")  # the item's state: a table's row, or a line
    assert "| Active | Paused" in preview or "Active → Paused" in preview, preview
    # built by the bot from the stream's list as read, removing nothing: an editor's change
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def drill_down(p: Tally) -> None:
    await p.result(p.type("/reports by_campaign 7d"))
    await p.tap("1. ")
    text = await p.tap("📊 by offer")
    assert " › by offer › 7 days" in text
    await p.tap("1. ")
    assert " › by country › 7 days" in await p.tap("📊 by country")


async def typed_filters(p: Tally) -> None:
    text = await p.result(p.type("/reports by_offer 7d campaign=2 country=DE"))
    assert text.startswith("✅ 📊 Google DE Keto › DE › by offer › 7 days"), text


async def filter_by_buttons(p: Tally) -> None:
    await p.result(p.type("/reports by_offer 7d"))
    await p.tap("🔍 Filter…")
    await p.tap("🌍 Country")
    assert " › by offer › 7 days" in await p.tap("🔍 1. ")


async def trend_chart(p: Tally) -> None:
    await p.result(p.type("/reports by_campaign 7d"))
    mark = len(p.h.tg.calls)
    await p.tap("📈 Trend")
    assert any(c.method == "sendPhoto" and c.ok for c in p.h.tg.calls[mark:])


async def find_and_open(p: Tally) -> None:
    await p.type("/campaigns keto")
    assert (await p.result(p.tap("🎯 #2"))).startswith("✅ Campaign #2")


async def stream_by_campaign(p: Tally) -> None:
    await p.type("/streams disable")
    await p.tap("#2 ")
    stream = next(b for row in p.sim.buttons() for b in row if "offers" in b)
    await p.tap(stream)
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def roi_alert_by_taps(p: Tally) -> None:
    await p.type("/alerts")
    await p.tap("➕ New alert")
    await p.tap("📉 ROI below…")
    await p.type("-30")
    await p.type("50")
    await p.tap("🎯 Campaigns")
    await p.tap("▫️ #2 ")
    await p.tap("✔ Done")
    assert "saved" in await p.tap("✅ Save")


async def an_alert_fires(p: Tally) -> None:
    """A spend rule of the chat fires for a campaign that spent with no conversion today
    (set up by the test)."""
    h = p.h
    envelope = await h.services.client.execute("reports.by_campaign", {
        "range": {"from": h.sandbox.clock().date().isoformat(),
                  "to": h.sandbox.clock().date().isoformat()}})
    converted = {int(r["campaign_id"]) for r in envelope.data["rows"]
                 if int(r["conversions"])}
    campaign = next(c for c in (4, 6, 3, 1, 5, 8, 2, 7) if c not in converted)
    await h.services.subscriptions.add_alert(Rule(chat_id=ADMIN, created_by=ADMIN,
                                                  kind="spend_no_conversion", threshold=25))
    for _ in range(30):
        h.sandbox.add_click(campaign, cost=1.0)
    assert await h.services.notifier.run_rules(h.bot, h.sandbox.clock()) >= 1


async def pause_from_an_alert(p: Tally) -> None:
    await an_alert_fires(p)
    assert "Disable" in await p.tap("⏸ Pause")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")


async def mute_an_alert(p: Tally) -> None:
    await an_alert_fires(p)
    await p.tap("🔕 #1 till tomorrow")
    [rule] = await p.h.services.subscriptions.rules()
    assert rule.muted_until is not None


# -- issue 19: the edits buyers make every day ---------------------------------------------


async def country_filter(p: Tally) -> None:
    """DE added to a stream by taps; the stream has a country filter already, so DE joins it
    (one more tap than on a stream without one)."""
    stream = next(s for s in p.h.sandbox.state.streams.values()
                  if s["type"] == "regular" and s["state"] != "deleted"
                  and any(f["name"] == "country" and "DE" not in f["payload"]
                          for f in s["filters"]))
    await p.type(f"/filters add {stream['id']}")
    await p.tap("⭐ Country")
    await p.tap("✅ Only these")
    await p.tap("🇩🇪 Germany DE")
    await p.tap("✔ Done (1)")
    assert "DE" in await p.tap("➕ Add DE to the country filter")
    assert (await p.result(p.tap("✅ Confirm"))).startswith("✅")
    [country] = [f for f in stream["filters"] if f["name"] == "country"]
    assert country["payload"][-1] == "DE"


# the README's rows, in its order: (task, how it is done)
TASKS: list[tuple[str, Task]] = [
    ("Yesterday's and 7 days' stats per campaign, worst ROI first", stats_and_worst_roi),
    ("Disable and re-enable that campaign (from the report)", disable_and_enable),
    ("Change a stream's offer shares", stream_offer_share),
    ("Set a conversion to sale", conversion_to_sale),
    ("Add an S2S postback from a URL, then delete it", postback_add_and_delete),
    ("Add an IP to the bot list", bot_ip),
    ("Create an offer and a landing page", offer_and_landing),
    ("Export 7 days of clicks as a CSV file", clicks_file),
    ("A daily digest at 09:00 and a conversion alert", digest_and_alert),
    ("Look at /audit", audit),
    ("The first task again, in Russian", stats_in_russian),
    ("Today's money at a glance, then the worst campaign's card", glance_and_worst_card),
    ("`/today` → worst campaign → its worst offer → pause it there", worst_offer_paused),
    ("A campaign's offers over 7 days, then that offer by country", drill_down),
    ("The same, typed: `/reports by_offer 7d campaign=2 country=DE`", typed_filters),
    ("Filter a report to one country by buttons", filter_by_buttons),
    ("A report's trend as a chart", trend_chart),
    ("Find a campaign by name and open its card", find_and_open),
    ("Disable a stream, picked by its campaign", stream_by_campaign),
    ("An alert: ROI below −30 % after 50 spent, for one campaign", roi_alert_by_taps),
    ("From an alert: pause its campaign", pause_from_an_alert),
    ("Mute an alert until tomorrow", mute_an_alert),
    ("Country filter DE on a stream (added to its country filter)", country_filter),
]


@pytest_asyncio.fixture
async def demo_like(tmp_path: Path) -> AsyncIterator[Harness]:
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, seed=7)  # as the demo's
    async with running_bot(tmp_path, sandbox=sandbox, postback_delay=0.05) as h:
        yield h


COUNTS: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize(("name", "task"), TASKS, ids=[t.__name__ for _, t in TASKS])
async def test_an_everyday_task_without_json(demo_like: Harness, name: str,
                                             task: Task) -> None:
    person = Tally(demo_like, demo_like.admin)
    await task(person)
    COUNTS[name] = (person.taps, person.typed)
    row = f"| {name} | {person.taps} | {person.typed} |"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert row in readme, f"the README's row should read: {row}"


def test_the_readme_lists_every_task() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| \d+ \| \d+ \|$", readme, re.M)
    assert rows == [name for name, _ in TASKS]
