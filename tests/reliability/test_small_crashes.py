"""Small crashes and loose ends from the attack review (issue 13, finding 8).

Alert thresholds that are not finite numbers, deeply nested JSON from a person, from the
tracker and posted to the webhook, data files readable by every local user, and invisible
controls from tracker data that make a button label lie.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.keitaro.params import InputError, parse_json
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, WEBHOOK_SECRET, result_of, running_bot
from tests.processes import bot_env, free_port, start_bot, world
from tests.reliability.observe import INTERNAL_ERROR, TEXT_METHODS

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def test_alert_thresholds_must_be_finite_numbers(tmp_path: Path) -> None:
    """`/alerts add roi -20 inf` crashed (OverflowError); `/alerts add spend nan` was saved
    and could never fire. Now each is refused with the word, and nothing is saved."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        for line, word in [("/alerts add roi -20 inf", "inf"), ("/alerts add spend nan", "nan"),
                           ("/alerts add spend inf", "inf"), ("/alerts add clicks -inf", "-inf"),
                           ("/alerts add spend 1e999", "1e999"), ("/alerts add roi NaN 6", "NaN"),
                           ("/alerts add roi -20 1e400", "1e400")]:
            await sim.say(line)
            text = sim.last_text or ""
            assert INTERNAL_ERROR not in text, (line, text)
            assert word in text and "not a plain number" in text, (line, text)
        assert await h.services.records.all("rules") == {}
        await sim.say("/alerts add roi -20 6")
        assert "saved" in (sim.last_text or "")
        assert len(await h.services.records.all("rules")) == 1


async def test_digest_json_too_deep_or_not_finite_is_refused(tmp_path: Path) -> None:
    """A custom digest's JSON nested thousands deep crashed /digest add (RecursionError);
    NaN was accepted. Both are refused with the reason; nothing is saved."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        for line, reason in [('/digest add daily {"grouping": ' + "[" * 4000, "nested too deeply"),
                             ('/digest add daily {"metrics": ["clicks"], "limit": NaN}',
                              "NaN</code> cannot be sent"),
                             ('/digest add daily {"limit": 1e999}', "1e999</code> cannot be")]:
            await sim.say(line)
            last = sim.last_message
            text = (last.raw or "") if last else ""
            assert INTERNAL_ERROR not in text, (line[:40], text)
            assert reason in text, (line[:40], text)
        assert await h.services.records.all("digests") == {}


async def test_a_tracker_answer_nested_too_deep_is_a_clear_error(tmp_path: Path) -> None:
    """The tracker (or whatever answers in its place) sends JSON nested 100,000 deep: a
    clear "not what the API returns" error, not a crash of the update."""
    async with running_bot(tmp_path) as h:
        h.sandbox.faults.add("GET", r"/campaigns$", status=200, body="[" * 100_000 + "]" * 100_000,
                             content_type="application/json")
        h.sandbox.faults.add("GET", r"/offers$", status=200, body='[{"id": 1, "name": ' +
                             "[" * 300 + "]" * 300 + "}]", content_type="application/json")
        sim = h.admin
        for line in ("/campaigns list", "/offers list"):
            text = await result_of(h, sim, sim.say(line))
            assert text.startswith("❌") and "not JSON" in text, (line, text)


def test_json_from_a_person_is_bounded_before_it_is_parsed() -> None:
    """Integers too long for Python's int parser (which raised a bare ValueError), and
    nesting past the limit however it is written."""
    with pytest.raises(InputError) as number:
        parse_json('{"limit": ' + "9" * 5000 + "}", array=False)
    assert number.value.code == "json_value"
    with pytest.raises(InputError) as deep:
        parse_json('{"a": ' + "[" * 50_000, array=False)
    assert deep.value.code == "json_too_deep"
    assert parse_json('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "b": [[1]]}', array=False)


async def test_the_webhook_answers_400_to_what_is_not_an_update(tmp_path: Path) -> None:
    """A real webhook process, with the right secret: JSON 100,000 deep, broken JSON, a body
    over the size limit, JSON that is not an update. Each gets 400 (it used to be a 500 with a
    traceback); the log holds no traceback and none of the payload; updates still work."""
    bodies: dict[str, bytes] = {
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "deep object": b'{"update_id": 1, "message": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
        "broken": b'{"update_id": 7, "message": {',
        "huge": b'{"update_id": 8, "x": "' + b"Z" * 3_000_000 + b'"}',
        "not an update": b"[1, 2, 3]",
        "wrong fields": b'{"update_id": "seven", "message": 5}',
        "nan": b'{"update_id": NaN}',
        "not utf-8": b'{"update_id": 9, "x": "\xff\xfe"}',
    }
    async with world() as (_, tg, tracker, api):
        port = free_port()
        proc = start_bot(bot_env(tracker, api, port, data_dir=tmp_path / "data"),
                         tmp_path / "bot.log")
        try:
            await proc.wait_healthy()
            async with aiohttp.ClientSession() as session:
                for name, body in bodies.items():
                    async with session.post(proc.webhook_url, data=io.BytesIO(body), headers={
                            SECRET_HEADER: WEBHOOK_SECRET,
                            "Content-Type": "application/json"}) as response:
                        assert response.status == 400, (name, response.status)
            await asyncio.sleep(0.3)
            mark = len(tg.calls)
            result = await tg.post_webhook(proc.webhook_url, tg.message(ADMIN, "/campaigns get 1"),
                                           WEBHOOK_SECRET)
            assert result.status == 200
            call = await tg.wait_call(TEXT_METHODS, timeout=20, after=mark, where=lambda c: (
                FakeTelegram.visible_text(c).startswith("✅")))
            assert call.ok
        finally:
            code = proc.stop()
        log = proc.log()
    assert code == 0, log
    assert "Traceback" not in log and "[[[[" not in log and "ZZZZ" not in log, log[-3000:]
    assert log.count("refused a webhook request") == len(bodies), log[-3000:]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
async def test_data_files_are_readable_by_the_bot_alone(tmp_path: Path) -> None:
    """DATA_DIR, made by the bot, is 0700; bot.sqlite3 and its -wal and -shm files are 0600
    (they were 0644: conversation data, typed secrets mid-flow and the journal, readable by
    every local user)."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        await sim.say('/campaigns update 3 {"name": "Written"}')
        await result_of(h, sim, sim.press("✅ Confirm: Update a campaign"))
        data = h.data_dir
        files = {p.name: _mode(p) for p in data.iterdir()}
        assert _mode(data) == 0o700
        assert {"bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm"} <= set(files), files
        assert set(files.values()) == {0o600}, files


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
async def test_data_files_left_open_by_an_older_version_are_closed(tmp_path: Path) -> None:
    """A database an older version made 0644 (and a DATA_DIR the operator made) is made
    0600 at start; the operator's directory keeps the mode they chose."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    for name in ("bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm"):
        (data / name).touch()
        (data / name).chmod(0o644)
    async with running_bot(tmp_path) as h:
        await h.admin.say("/campaigns update 3")
        files = {p.name: _mode(p) for p in data.iterdir()}
    assert set(files.values()) == {0o600}, files
    assert _mode(data) == 0o755


CONTROLS = ("\u202e\u202a\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # bidi
            "\u200b\u200c\u200d\u2060\ufeff")  # zero-width


def _invisible(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cf", "Cc")
            and c not in "\n\t"]


def _labels(tg: FakeTelegram) -> list[str]:
    labels = []
    for call in tg.calls:
        markup: Any = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", []):
            labels += [button["text"] for button in row]
    return labels


async def test_labels_and_titles_carry_no_invisible_controls(tmp_path: Path) -> None:
    """Campaign names with a right-to-left override (which makes `#1 gpj.exe` read
    `#1 exe.jpg`), isolates, marks and zero-width characters: stripped from every button
    label (list items, pick-list) and from the entity's title; Arabic and Hebrew names stay
    as they are."""
    async with running_bot(tmp_path) as h:
        campaigns = h.sandbox.state.campaigns
        campaigns[1]["name"] = "Bonus \u202egpj.exe\u202c fix"
        campaigns[2]["name"] = "".join(f"{c}{CONTROLS[n % len(CONTROLS)]}"
                                       for n, c in enumerate("Zero width"))
        campaigns[3]["name"] = "حملة الصيف"
        campaigns[4]["name"] = "\u2067קמפיין קיץ\u2069"
        sim = h.admin
        assert (await result_of(h, sim, sim.say("/campaigns list"))).startswith("✅")
        await sim.say("/campaigns get")
        await sim.say("/cancel")
        entity = await result_of(h, sim, sim.say("/campaigns get 1"))
        last = sim.last_message
        heading = last.rich["blocks"][0] if last is not None and last.rich else {}
    labels = _labels(h.tg)
    assert not [(label, _invisible(label)) for label in labels if _invisible(label)]
    assert labels.count("#1 Bonus gpj.exe fix") == 2, labels  # list item and pick
    assert labels.count("#2 Zero width") == 2 and labels.count("#3 حملة الصيف") == 2, labels
    assert labels.count("#4 קמפיין קיץ") == 2, labels
    assert "#1 · Bonus gpj.exe fix" in entity, entity
    assert not _invisible(entity), _invisible(entity)
    assert heading.get("type") == "heading", heading  # the verdict, the name in bold
    assert {"type": "bold", "text": "Campaign #1 · Bonus gpj.exe fix"} in heading["text"], heading
