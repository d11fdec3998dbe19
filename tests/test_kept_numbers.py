"""A card's and the glance's numbers kept a minute (`bot.explore.kept_reads`, REPORT_NUMBERS_TTL):
a card opened again is not asked of the tracker again, the entity itself is; a change the bot
sends drops them; an expired or failed read is read again; 0 keeps nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.explore.kept_reads import KeptReads
from tests.harness import Harness, result_of, running_bot
from tests.sandbox_fixtures import client_for, make_sandbox

REPORTS = ("POST", r"/report/build$")


def report_reads(h: Harness) -> int:
    return h.tracker_calls(*REPORTS)


async def test_a_card_opened_again_reads_its_numbers_once_until_a_change(
        harness: Harness) -> None:
    h, sim = harness, harness.admin
    first = await result_of(h, sim, sim.say("/campaigns get 1"))
    read = report_reads(h)
    assert read >= 2, read  # by day, and by stream and offer
    again = await result_of(h, sim, sim.say("/campaigns get 1"))
    assert report_reads(h) == read  # kept
    assert h.tracker_calls("GET", r"/campaigns/1$") == 2  # the entity itself: read again
    assert h.tracker_calls("GET", r"/campaigns/1/streams$") == 2
    numbers = [line for line in first.splitlines() if " | " in line]
    assert numbers and numbers == [line for line in again.splitlines() if " | " in line]
    await sim.say("/campaigns disable 1")
    await result_of(h, sim, sim.press("✅ Confirm: Disable"))
    before = report_reads(h)
    await result_of(h, sim, sim.say("/campaigns get 1"))
    assert report_reads(h) > before  # the change dropped them: read afresh
    await sim.say("/today")  # the glance keeps its own reads too
    glance = report_reads(h)
    await sim.say("/today")
    assert report_reads(h) == glance


async def test_with_no_time_to_keep_every_card_reads_its_numbers(tmp_path: Path) -> None:
    async with running_bot(tmp_path, reports={"numbers_ttl": 0}) as h:
        sim = h.admin
        await result_of(h, sim, sim.say("/campaigns get 1"))
        read = report_reads(h)
        await result_of(h, sim, sim.say("/campaigns get 1"))
        assert report_reads(h) == 2 * read


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def body(to: str) -> dict[str, object]:
    return {"range": {"from": "2026-11-15", "to": "2026-11-15"},
            "data": {"range": {"from": "2026-11-15 00:00:00", "to": to, "timezone": "UTC"},
                     "grouping": ["day"], "metrics": ["clicks", "cost"], "summary": True}}


async def test_kept_for_the_minute_and_the_time_only() -> None:
    """The same query within the minute of its end and within `ttl`: one read; the next
    minute, past `ttl`, or after a failure: read again; a write through the client drops all."""
    sandbox = make_sandbox(clicks=200)
    clock = Clock()
    async with sandbox.running() as url, client_for(url) as client:
        kept = KeptReads(client, 60, clock=clock)
        count: Callable[[], int] = lambda: sandbox.count(*REPORTS)  # noqa: E731
        first = await kept.execute("reports.build", body("2026-11-15 12:00:05"))
        assert first.success
        same = await kept.execute("reports.build", body("2026-11-15 12:00:40"))
        assert same is first and count() == 1
        await kept.execute("reports.build", body("2026-11-15 12:01:00"))
        assert count() == 2  # another minute
        clock.now = 61
        await kept.execute("reports.build", body("2026-11-15 12:00:05"))
        assert count() == 3  # past the time kept
        await client.execute("campaigns.disable", {"id": 2})
        await kept.execute("reports.build", body("2026-11-15 12:00:05"))
        assert count() == 4  # a change dropped it
        sandbox.faults.add("POST", r"/report/build$", status=500, body="<html>down</html>")
        failed = await kept.execute("reports.build", body("2026-11-15 12:02:00"))
        assert not failed.success
        await kept.execute("reports.build", body("2026-11-15 12:02:00"))
        assert count() == 6  # a failure is not kept
        await kept.execute("campaigns.get", {"id": 1})
        await kept.execute("campaigns.get", {"id": 1})
        assert sandbox.count("GET", r"/campaigns/1$") == 2  # only reports are kept
