"""Secrets: the API key, bot token, postback key and webhook secret never leave.

The other reliability tests scan what they produced (Bot API calls and files, log records,
process logs, DATA_DIR). This module provokes the leaks that need a secret to be somewhere it
should not: in the tracker's data and answers, in what a person types, in errors.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.keitaro.masking import mask_secret
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, API_KEY, POSTBACK_KEY, Harness, result_of, running_bot
from tests.reliability.leaks import leaks
from tests.reliability.observe import TEXT_METHODS, find_button

POSTBACK_URL = f"https://tracker.example.com/{POSTBACK_KEY}/postback?subid={{subid}}"


async def _press(h: Harness, label: str) -> str:
    message, data = find_button(h.tg.messages[ADMIN], label)
    return await result_of(h, h.admin, h.admin.send(h.tg.callback(ADMIN, data,
                                                                   message=message.to_json())))


async def test_a_secret_in_the_trackers_data_goes_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Tracker data holding secrets (a campaign named after its postback URL, the API key in
    a note), shown as an entity, a paged list, a click log with its files and a full CSV
    export, and kept for the page buttons: masked in every message and file, and not written
    to DATA_DIR either."""
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path) as h:
        campaigns = h.sandbox.state.campaigns
        campaigns[1]["name"] = f"FB feed {POSTBACK_URL}"
        campaigns[2]["notes"] = f"API key for the team: {API_KEY}"
        for n in range(15):  # two pages: the list is kept for the page buttons
            campaigns[100 + n] = {**campaigns[2], "id": 100 + n, "alias": f"copy-{n}"}
        sim = h.admin
        for line in ("/campaigns get 1", "/campaigns get 2", "/campaigns list",
                     '/clicks log 30d {"limit": 150}'):
            assert (await result_of(h, sim, sim.say(line))).startswith("✅"), line
        await _press(h, "All rows")  # the streamed CSV export of every row
        await h.tg.wait_call("sendDocument", where=lambda c: c.ok and "clicks-log" in str(
            c.result), after=0)
        await sim.say("/help")
    found = leaks(tg=h.tg, records=caplog.records, data_dir=tmp_path / "data")
    assert not found, found


async def test_a_secret_typed_or_echoed_goes_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A person pastes the postback URL (with its key) into a postback, the tracker echoes the
    API key in a 406 field error and a 500 page: masked in the preview, the result and the
    journal (/audit and DATA_DIR), and in the logs."""
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path) as h:
        sim = h.admin
        await sim.say(f'/postbacks create 1 {{"method": "GET", "url": "{POSTBACK_URL}"}}')
        assert "Preview" in (sim.last_text or "")
        assert (await _press(h, "Confirm")).startswith("✅")
        h.sandbox.faults.add("PUT", r"/campaigns/3$", status=406,
                             body={"notes": [f"{API_KEY} is not allowed here"]})
        await sim.say(f'/campaigns update 3 {{"notes": "{POSTBACK_KEY}"}}')
        failed = await _press(h, "Confirm")
        assert failed.startswith("❌")
        # the full request in the reply's details block: the key masked
        assert f"Api-Key: {mask_secret(API_KEY)}" in failed, failed
        h.sandbox.faults.add("GET", r"/offers$", status=500, content_type="text/html",
                             body=f"<html><title>{API_KEY}</title><p>{POSTBACK_KEY}</p></html>")
        assert (await result_of(h, sim, sim.say("/offers list"))).startswith("❌")
        await sim.say("/audit 5")
        assert "🧾 Last 2 changes" in (sim.last_text or "")  # entries named by what changed
        journal = [e.model_dump_json() for e in await h.services.audit.last(10)]
        texts = [FakeTelegram.visible_text(c) for c in h.tg.calls if c.method in TEXT_METHODS]
    assert len(journal) == 2
    assert any("…••••" in t for t in texts), "the secrets were not even shown masked"
    found = leaks(tg=h.tg, records=caplog.records, texts={"journal": "\n".join(journal)},
                  data_dir=tmp_path / "data")
    assert not found, found
