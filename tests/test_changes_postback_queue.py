"""Postbacks the tracker queues (API-NOTES §11.4): `Success` proves nothing until the
conversion is read back. These tests need the sandbox's postback queue (`postback_delay`,
`process_postbacks()`, the "sandbox" part of issue 10); until it is there they are skipped,
and they run by themselves once it is (no switch to flip). The same outcomes are tested on
today's sandbox with canned answers in `test_changes.py`."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from keitaro_sandbox import ManualClock, Sandbox
from tests.harness import API_KEY, POSTBACK_KEY, RESULT_MARKS, Harness, running_bot, until
from tests.sandbox_fixtures import NOW

SANDBOX_QUEUES_POSTBACKS = "postback_delay" in inspect.signature(Sandbox).parameters
pytestmark = pytest.mark.skipif(not SANDBOX_QUEUES_POSTBACKS,
                                reason="needs the sandbox's postback queue (issue 10, part T2)")


def queued_sandbox(delay: float | None) -> Sandbox:
    options: dict[str, Any] = {"postback_delay": delay}
    return Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                   clicks=600, **options)


async def _update(h: Harness, status: str) -> tuple[Any, str]:
    item = next(c for c in h.sandbox.state.traffic.conversions.items if c.status == "lead")
    sub_id = h.sandbox.sub_id(item.click)
    sim = h.admin
    await sim.say(f'/conversions update {item.id} {{"click_id": "{sub_id}", '
                  f'"status": "{status}"}}')
    mark = len(h.tg.calls)
    await sim.press(next(b for row in sim.buttons() for b in row if b.startswith("✅ Confirm")))
    text = await until(h, sim, lambda t: t.startswith(RESULT_MARKS), after=mark)
    return item, text


async def test_a_queued_postback_is_not_a_success_until_it_is_seen(tmp_path: Path) -> None:
    async with running_bot(tmp_path, sandbox=queued_sandbox(None),
                           changes={"POSTBACK_CONFIRM_SECONDS": 0.6}) as h:
        item, text = await _update(h, "sale")
        revenue = item.revenue
        assert text.startswith("🕓") and f"/conversions get {item.id}" in text
        assert item.status == "lead"
        h.sandbox.process_postbacks()  # type: ignore[attr-defined]
        assert (item.status, item.revenue) == ("sale", revenue)  # the payout was re-sent


async def test_a_postback_processed_within_the_wait_is_confirmed(tmp_path: Path) -> None:
    async with running_bot(tmp_path, sandbox=queued_sandbox(0.3),
                           changes={"POSTBACK_CONFIRM_SECONDS": 3}) as h:
        revenue = next(c for c in h.sandbox.state.traffic.conversions.items
                       if c.status == "lead").revenue
        item, text = await _update(h, "sale")
        assert text.startswith("✅"), text
        assert f"Confirmed: Lead → Sale, revenue {revenue:.2f} kept" in text
        assert item.revenue == revenue


async def test_a_subid_with_no_click_is_never_a_success(tmp_path: Path) -> None:
    """The real tracker answers `Success` and drops it later (visible in logs/postbacks)."""
    async with running_bot(tmp_path, sandbox=queued_sandbox(0.1),
                           changes={"POSTBACK_CONFIRM_SECONDS": 0.8}) as h:
        sim = h.admin
        await sim.say('/conversions create {"click_id": "0000000000", "status": "lead", '
                      '"revenue": 1}')
        mark = len(h.tg.calls)
        await sim.press(next(b for row in sim.buttons() for b in row
                             if b.startswith("✅ Confirm")))
        text = await until(h, sim, lambda t: t.startswith(RESULT_MARKS), after=mark)
        assert text.startswith("🕓") and "/logs get postbacks" in text
