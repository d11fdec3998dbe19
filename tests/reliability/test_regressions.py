"""Focused tests for the bugs the reliability suite found, one scenario each, so that a failure
names the bug rather than a soak statistic."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.keitaro.masking import mask_secret
from bot.states import Flow
from tests.harness import ADMIN, API_KEY, POSTBACK_KEY, result_of, running_bot

UNCERTAIN = "may have reached the tracker"


async def test_only_a_change_cut_short_is_uncertain(tmp_path: Path) -> None:
    """A timeout is "uncertain" only when the request cut short could have changed something.
    The read of a read-modify-write (nothing sent yet) and a report (a POST that only reads)
    that time out are plain failures; the write itself timing out is uncertain."""
    async with running_bot(tmp_path, keitaro={"timeout": 1.0}) as h:
        sim = h.admin
        await sim.say('/filters add 2 {"name": "country", "mode": "accept", "payload": ["DE"]}')
        # at confirmation, the state before is read for the journal, then the array under
        # the lock: both reads time out, and nothing is written
        h.sandbox.faults.add("GET", r"/streams/2$", delay=1.5, times=2)
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


async def test_json_the_tracker_cannot_take_is_refused_on_the_spot(tmp_path: Path) -> None:
    """NaN, Infinity, numbers too big for a float and unpaired UTF-16 escapes parse in Python
    but are not JSON. They used to be accepted: a read sent `"limit": NaN` to the tracker, a
    preview showed NaN while Confirm would send null (the stored flow had turned it into null),
    and an unpaired escape crashed the preview. Now the answer is refused with the reason."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        await sim.say("/clicks")
        await sim.press("Click log")
        await sim.press("Yesterday")
        await sim.say('{"limit": NaN}')
        assert "NaN cannot be sent" in (sim.last_text or "")
        for line, shown in [('/sources create {"name": "\\ud800"}', "\\ud800"),
                            ('/offers update 2 {"payout_value": 1e999}', "1e999"),
                            ('/campaigns update 3 {"cost_value": -Infinity}', "-Infinity"),
                            ('/campaigns update 3 {"cost_value": Infinity}', "Infinity")]:
            await sim.say(line)
            text = sim.last_text or ""
            assert f"{shown} cannot be sent" in text, (line, text)
            assert "Something went wrong" not in text
            state = await h.dp.fsm.get_context(h.bot, ADMIN, ADMIN).get_state()
            assert state == "Flow:step", line  # asked again for the data
        assert h.sandbox.count(None, r"/clicks/log|/traffic_sources|/offers/|/campaigns/") == 0
        await sim.say('{"cost_value": 0.5}')
        assert "Preview" in (sim.last_text or "")


async def test_a_bad_optional_argument_is_not_dropped(tmp_path: Path) -> None:
    """A one-line command asks again for a bad required argument, but a bad optional one was
    dropped without a word: `/clicks clean 7d campaign_id=abc` previewed cleaning every
    campaign, `/logs get traffic limit=abc` read 100 lines. Then the line was refused; now
    (issue 12: a line is never refused for its words) the guided flow starts with what was
    understood and asks for that argument again, with the reason; nothing runs."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        for line, reason in [("/clicks clean 7d campaign_id=abc", "is not a number"),
                             ("/logs get traffic limit=abc", "is not a number"),
                             ('/clicks log 7d {"limit": 5,}', "Broken JSON")]:
            await sim.say(line)
            text = sim.last_text or ""
            assert reason in text and "step" in text, (line, text)
            assert not text.startswith(("📝", "🛑")), text  # asked again, not previewed
            state = await h.dp.fsm.get_context(h.bot, ADMIN, ADMIN).get_state()
            assert state == Flow.step.state
            await sim.say("/cancel")
        assert h.sandbox.count(None, r"/clicks/clean|/logs/|/clicks/log") == 0


async def test_replies_fit_in_a_message_whatever_was_typed(tmp_path: Path) -> None:
    """Telegram refuses a message over 4096 characters, and then the person gets no answer at
    all. Replies echoed what was typed or what the tracker said without a limit: the request
    URL of a result or preview (a long search text, a file's content in the query), "too
    much on the line", a conversion's click id, the tracker's field errors."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        long_text = "🤖" * 2000
        h.sandbox.faults.add("POST", r"/traffic_sources$", status=406,
                             body={f"field_{n}": ["x" * 1000] for n in range(10)})
        for line in [f"/streams search {long_text}", f"/users list {long_text}",
                     f"/landings update_file 1 index.html {'ы' * 3900}",
                     f'/conversions update 1 {{"click_id": "{"c" * 3900}"}}',
                     '/sources create {"name": "Fields"}']:
            mark = len(h.tg.calls)
            await sim.say(line)
            for button in ("✅ Confirm", "⚠️ Yes"):
                if any(b.startswith(button) for row in sim.buttons() for b in row):
                    await result_of(h, sim, sim.press(next(
                        b for row in sim.buttons() for b in row if b.startswith(button))))
            failed = [c.summary() for c in h.tg.calls[mark:] if c.done and not c.ok]
            assert failed == [], (line[:40], failed)


async def test_a_problem_in_the_data_asks_for_the_data(tmp_path: Path) -> None:
    """When the whole request is checked and the JSON data is wrong (an unknown postback
    field), the bot asked again for the last answer instead: with the data given on the line
    and the id answered after it, it asked for the id again and again, never for the data."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        await sim.say('/conversions update {"click_id": "a", "bogus": 1}')
        assert "Send the conversion id" in (sim.last_text or "")
        await sim.say("5")
        text = sim.last_text or ""
        assert "Unknown field bogus" in text and "or the JSON" in text, text  # the data's form
        item = next(c for c in h.sandbox.state.traffic.conversions.items if c.id == 5)
        await sim.say(f'{{"click_id": "{h.sandbox.sub_id(item.click)}", '
                      f'"status": "{item.status}"}}')
        assert "Preview" in (sim.last_text or "")  # read first (its revenue is kept), not sent
        assert h.sandbox.matching("GET", "/postback$") == []


async def test_the_full_csv_export_is_scrubbed_of_secrets(tmp_path: Path) -> None:
    """Files the bot builds in memory are scrubbed on their way to Telegram, but the streamed
    export of every row ("All rows (CSV)") is written to disk and sent as a file path, past
    the scrubbing: a campaign named after its postback URL put the postback key in it."""
    async with running_bot(tmp_path) as h:
        h.sandbox.state.campaigns[1]["name"] = f"FB https://t.example/{POSTBACK_KEY}/postback"
        sim = h.admin
        first = len(h.tg.calls)
        await result_of(h, sim, sim.say('/clicks log 30d {"limit": 150}'))
        # the result's own files (JSON and CSV of its 150 rows) may still be on their way:
        # the export's file is the one after them
        for _ in range(500):
            if sum(1 for c in h.tg.calls[first:] if c.method == "sendDocument" and c.ok) >= 2:
                break
            await asyncio.sleep(0.01)
        mark = len(h.tg.calls)
        await sim.press("📥 All rows (CSV)")
        sent = await h.tg.wait_call("sendDocument", after=mark, timeout=15,
                                    where=lambda c: c.ok)
        content = next(m.document.data for m in h.tg.messages[ADMIN]
                       if m.document and m.message_id == sent.result["message_id"])
        assert b"FB https://t.example/" in content  # the campaign is there
        assert POSTBACK_KEY.encode() not in content


async def test_nothing_secret_is_kept_in_data_dir(tmp_path: Path) -> None:
    """The journal kept a write's body as sent and the result store kept the tracker's data
    as received, both in DATA_DIR: a postback URL typed into a postback, or a campaign note
    holding the API key, stayed there in clear. Both are scrubbed before they are stored."""
    async with running_bot(tmp_path) as h:
        h.sandbox.state.campaigns[2]["notes"] = f"API key: {API_KEY}"
        for n in range(12):  # a list of two pages is kept for its page buttons
            h.sandbox.state.campaigns[100 + n] = {**h.sandbox.state.campaigns[2], "id": 100 + n,
                                                  "alias": f"copy-{n}"}
        sim = h.admin
        await result_of(h, sim, sim.say("/campaigns list"))
        await sim.say(f'/campaigns update 3 {{"notes": "https://t.example/{POSTBACK_KEY}/pb"}}')
        await result_of(h, sim, sim.press("✅ Confirm: Update a campaign"))
        entry = (await h.services.audit.last(1))[0]
        assert entry.body == {"notes": f"https://t.example/{mask_secret(POSTBACK_KEY)}/pb"}
        await h.dp.fsm.get_context(h.bot, ADMIN, ADMIN).clear()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert API_KEY.encode() not in stored and POSTBACK_KEY.encode() not in stored
