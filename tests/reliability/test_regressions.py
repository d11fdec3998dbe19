"""Focused tests for the bugs the reliability suite found, one scenario each, so that a failure
names the bug rather than a soak statistic."""

from __future__ import annotations

from pathlib import Path

from tests.harness import ADMIN, result_of, running_bot

UNCERTAIN = "may have reached the tracker"


async def test_only_a_change_cut_short_is_uncertain(tmp_path: Path) -> None:
    """A timeout is "uncertain" only when the request cut short could have changed something.
    The read of a read-modify-write (nothing sent yet) and a report (a POST that only reads)
    that time out are plain failures; the write itself timing out is uncertain."""
    async with running_bot(tmp_path, keitaro={"timeout": 1.0}) as h:
        sim = h.admin
        h.sandbox.faults.add("GET", r"/streams/2$", delay=1.5)
        await sim.say('/filters add 2 {"name": "country", "mode": "accept", "payload": ["DE"]}')
        text = await result_of(h, sim, sim.press("✅ Confirm: Add a filter"))
        assert text.startswith("❌") and "did not answer in time" in text, text
        assert UNCERTAIN not in text, text
        assert h.sandbox.count("PUT", r"/streams/2$") == 0
        entry = (await h.services.audit.last(1))[0]
        assert (entry.action, entry.outcome) == ("filters.add", "failed")

        h.sandbox.faults.add("POST", r"/report/build$", delay=1.5)
        text = await result_of(h, sim, sim.say("/reports by_campaign 7d"))
        assert text.startswith("❌") and UNCERTAIN not in text, text

        h.sandbox.faults.add("PUT", r"/streams/2$", delay=1.5)
        await sim.say('/filters add 2 {"name": "country", "mode": "accept", "payload": ["FR"]}')
        text = await result_of(h, sim, sim.press("✅ Confirm: Add a filter"))
        assert UNCERTAIN in text, text
        entry = (await h.services.audit.last(1))[0]
        assert (entry.action, entry.outcome, entry.user_id) == ("filters.add", "uncertain", ADMIN)
