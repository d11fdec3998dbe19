"""First end-to-end checks: /start, a command, a button flow."""

from __future__ import annotations

from tests.harness import Harness


async def test_start_shows_groups(harness: Harness) -> None:
    alice = harness.admin
    await alice.say("/start")
    assert "Choose what to manage" in alice.last_text
    texts = [b for row in alice.buttons() for b in row]
    assert any("Campaigns" in b for b in texts)


async def test_campaign_get_command(harness: Harness) -> None:
    alice = harness.admin
    await alice.say("/campaigns get 1")
    print(alice.last_text)
    assert "✅" in alice.last_text
    assert harness.tracker_calls("GET", r"/campaigns/1$") == 1
