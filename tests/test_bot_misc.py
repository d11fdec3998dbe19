"""Secrets, the command menu, /help, progress messages, pick-lists, the audit journal."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.keitaro.catalog import CATALOG
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, BOT_TOKEN, SECRETS, Harness, result_of, running_bot


def everything_telegram_received(tg: FakeTelegram) -> str:
    parts = []
    for call in tg.calls:
        parts.append(json.dumps(call.params, ensure_ascii=False, default=str))
    for messages in tg.messages.values():
        for message in messages:
            if message.document is not None:
                parts.append(message.document.data.decode("utf-8", "replace"))
    return "\n".join(parts)


async def test_no_secret_reaches_telegram_logs_or_files(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sim = harness.admin
    await result_of(harness, sim, sim.say("/campaigns get 1"))
    await result_of(harness, sim, sim.say("/campaigns get 9999"))
    await sim.say('/conversions create {"click_id": "zzz", "status": "lead"}')
    await result_of(harness, sim, sim.press("✅ Confirm: Create a conversion"))
    await sim.say("/settings avscan_set av-key-123456789")
    await result_of(harness, sim, sim.press("✅ Confirm: Set AVScan key"))
    harness.sandbox.faults.add("GET", r"/users$", status=500,
                               body=f"<html>{SECRETS[1]} leaked</html>", content_type="text/html")
    await result_of(harness, sim, sim.say("/users list"))
    await result_of(harness, sim, sim.say('/clicks log 30d {"limit": 300}'))
    await sim.say("/audit 20")
    await sim.say("/help")
    received = everything_telegram_received(harness.tg)
    logs = "\n".join(r.getMessage() for r in caplog.records)
    stored = b"".join(p.read_bytes() for p in harness.data_dir.rglob("*") if p.is_file())
    for secret in SECRETS:
        assert secret not in received
        assert secret not in logs
        assert secret.encode() not in stored
    assert "av-key-123456789" not in received.split("avscan_set", 1)[-1].split("Confirm")[-1]


async def test_command_menu_in_both_languages(harness: Harness) -> None:
    english = {c["command"] for c in harness.tg.commands()}
    russian = harness.tg.commands(language_code="ru")
    assert {"menu", "help", "cancel", "audit"} | {g.key for g in CATALOG.groups} <= english
    assert any("Все группы" in c["description"] for c in russian)


async def test_bot_keeps_running_when_the_menu_cannot_be_set(tmp_path: Path) -> None:
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.fail_next("setMyCommands", error_code=500, description="Internal Server Error", times=10)
    async with running_bot(tmp_path, tg=tg) as harness:
        text = await result_of(harness, harness.admin, harness.admin.say("/campaigns get 1"))
        assert text.startswith("✅")


async def test_help_is_an_index_and_every_operation_is_one_tap_away(harness: Harness) -> None:
    """/help is one message that fits a phone, with a button per group; each group's own
    help lists its operations and leads back to the index."""
    sim = harness.admin
    calls = await sim.say("/help")
    index = [c for c in calls if c.method == "sendMessage"]
    assert len(index) == 1
    text = FakeTelegram.visible_text(index[0])
    assert len(text) < 900 and text.count("\n") < 20
    for command in ("/digest", "/alerts", "/audit", "/lang", "/cancel"):
        assert command in text, command
    assert "{{" not in text
    for group in CATALOG.groups:
        await sim.press(group.title("en"))
        shown = sim.last_text or ""
        for action in CATALOG.in_group(group.key):
            assert f"/{action.group} {action.key}" in shown, action.id
        await sim.press("◀ Help")
    await sim.say("/help статистика")
    assert "/reports by_campaign" in (sim.last_text or "")


async def test_report_shows_progress_then_the_result_in_its_place(harness: Harness) -> None:
    sim = harness.admin
    mark = len(harness.tg.calls)
    await result_of(harness, sim, sim.say("/reports by_day 7d"))
    calls = [c for c in harness.tg.calls[mark:] if c.chat_id == ADMIN and c.ok]
    progress = next(c for c in calls if c.method == "sendMessage")
    assert "Building the report" in FakeTelegram.visible_text(progress)
    final = next(c for c in calls if c.method == "editMessageText")
    assert final.params["message_id"] == progress.result["message_id"]
    assert any(c.method == "sendChatAction" for c in calls)


async def test_pick_list_pages(harness: Harness) -> None:
    for n in range(20):
        harness.sandbox.state.campaigns[500 + n] = {
            **harness.sandbox.state.campaigns[1], "id": 500 + n, "name": f"Extra {n}",
            "alias": f"extra-{n}"}
    sim = harness.admin
    await sim.say("/campaigns get")
    buttons = [b for row in sim.buttons() for b in row]
    assert "›" in buttons and any(b.startswith("1/") for b in buttons)
    await sim.press("›")
    buttons = [b for row in sim.buttons() for b in row]
    assert any(b.startswith("2/") for b in buttons) and "‹" in buttons
    pick = next(b for b in buttons if b.startswith("#"))
    text = await result_of(harness, sim, sim.press(pick))
    assert text.startswith("✅") and pick.split()[0] in text


async def test_journal_keeps_before_and_after(harness: Harness) -> None:
    sim = harness.admin
    old_name = harness.sandbox.state.offers[2]["name"]
    await sim.say('/offers update 2 {"name": "Renamed"}')
    await result_of(harness, sim, sim.press("✅ Confirm: Update an offer"))
    harness.sandbox.faults.add("DELETE", r"/offers/3/archive$", status=500, body="boom")
    await sim.say("/offers archive 3")
    await result_of(harness, sim, sim.press("⚠️ Yes, Archive an offer"))
    entries = await harness.services.audit.last(5)
    update = next(e for e in entries if e.action == "offers.update")
    assert update.outcome == "ok" and update.status == 200
    assert update.snapshot["name"] == old_name and update.body == {"name": "Renamed"}
    assert update.user_id == ADMIN and update.url.endswith("/offers/2")
    archive = next(e for e in entries if e.action == "offers.archive")
    assert archive.outcome == "failed" and archive.status == 500
    assert archive.snapshot["id"] == 3
    await sim.say("/audit 2")
    listed = sim.last_text or ""  # by what changed, by name
    assert "Offer «Vulkan Casino BR» #3 · archived" in listed and " · changed" in listed
    viewer = harness.user(1003)
    await viewer.say("/audit")
    assert "for editors (their own changes) and admins" in (viewer.last_text or "")
