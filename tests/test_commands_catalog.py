"""Every catalog action driven through its one-line command, checked against the tracker.

The cases (args, the requests the sandbox must receive, the body, state checks) are those of
`test_client_catalog`; here each one is typed as `/<group> <operation> …` to the real
dispatcher, confirmed when it is a write, and what reached the sandbox is compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot

from bot.app import create_bot, create_dispatcher, create_services
from bot.changes.outcome import Done
from bot.keitaro.catalog import CATALOG, Action, Danger, ParamKind
from bot.keitaro.envelope import Envelope
from bot.keitaro.masking import Redactor
from bot.settings import AccessSettings, StorageSettings
from bot.storage.audit import AuditEntry
from handlers import get_routers
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, BOT_TOKEN, keitaro_settings
from tests.sandbox_fixtures import API_KEY, POSTBACK_KEY, make_sandbox
from tests.test_client_catalog import CASES, NOTHING

pytestmark = pytest.mark.asyncio(loop_scope="module")


def command_line(action: Action, args: dict[str, Any]) -> str:
    """The line a user types for these arguments: positional while possible, then name=."""
    words = [f"/{action.group}", action.key]
    positional = True
    tail = ""
    for param in action.params:
        if param.name not in args:
            positional = False
            continue
        value = args[param.name]
        if param.kind is ParamKind.JSON:
            tail = json.dumps(value, ensure_ascii=False)
            continue
        if param.kind is ParamKind.RANGE:
            text = f"{value['from']}..{value['to']}"
        elif param.kind is ParamKind.IPS:
            text = " ".join(str(value).split())
        else:
            text = str(value)
        if " " in text and param.kind is not ParamKind.IPS:
            assert param is action.params[-1] or all(
                p.kind is ParamKind.JSON for p in action.params[action.params.index(param) + 1:])
        words.append(text if positional else f"{param.name}={text}")
    return " ".join([*words, tail]).strip()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def telegram() -> AsyncIterator[tuple[FakeTelegram, Bot]]:
    tg = FakeTelegram(token=BOT_TOKEN, enforce_rate_limits=False)
    async with tg.running() as url:
        bot = create_bot(BOT_TOKEN, api_url=url)
        yield tg, bot
        await bot.session.close()


READS = ("/clicks/log", "/conversions/log", "/report/build")
# writes whose effect the bot cannot read back: the outcome says "sent" (📤), never ✅
SENT_ONLY = {"domains.check": "📤", "blacklist.set": "📤", "clicks.update_costs": "📤",
             "campaigns.update_costs": "📤"}


def is_read(method: str, path: str) -> bool:
    return (method == "GET" and "/admin_api/" in path) or path.endswith(READS)


def is_subsequence(wanted: list[tuple[str, str]], seen: list[tuple[str, str]]) -> bool:
    found = iter(seen)
    return all(call in found for call in wanted)


def confirm_data(tg: FakeTelegram) -> str | None:
    last = tg.messages[ADMIN][-1]
    for row in (last.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"].startswith(("✅ Confirm", "⚠️ Yes")):
                return str(button["callback_data"])
    return None


@pytest.mark.parametrize("action_id", sorted(CASES))
async def test_command(action_id: str, telegram: tuple[FakeTelegram, Bot], tmp_path: Path
                       ) -> None:
    tg, bot = telegram
    action = CATALOG[action_id]
    sb = make_sandbox()
    sb.postback_delay = 0.1  # the tracker's queue: a postback is seen a moment later
    case = CASES[action_id](sb)
    if case.prepare is not None:
        case.prepare(sb)
    line = command_line(action, case.args)
    async with sb.running() as base:
        services = create_services(
            keitaro_settings(base, api_key=API_KEY, postback_key=POSTBACK_KEY, retries=0),
            AccessSettings(allowed_users={ADMIN: "admin"}),
            StorageSettings(DATA_DIR=tmp_path),
            redactor=Redactor([API_KEY, POSTBACK_KEY]),
        )
        dp = create_dispatcher(services, get_routers())
        results: list[Envelope] = []
        run, change = services.runner.run, services.runner.change

        async def recording(*a: Any, **kw: Any) -> Envelope:
            envelope = await run(*a, **kw)
            results.append(envelope)
            return envelope

        async def recording_change(*a: Any, **kw: Any) -> Done:
            done = await change(*a, **kw)
            results.append(done.envelope)
            marks.append(done.outcome.mark)
            return done

        marks: list[str] = []
        services.runner.run = recording  # type: ignore[method-assign]
        services.runner.change = recording_change  # type: ignore[method-assign]
        journal: list[AuditEntry] = []
        preview = ""
        try:
            await dp.feed_raw_update(bot, tg.message(ADMIN, line))
            preview = tg.messages[ADMIN][-1].content or ""
            data = confirm_data(tg)
            retype = re.search(r"type the period again: (\S+)", tg.messages[ADMIN][-1].content
                               or "")
            if data is None and retype:  # a clean of every campaign: the period typed again
                await dp.feed_raw_update(bot, tg.message(ADMIN, retype.group(1)))
            elif action.danger is not Danger.READ:
                assert data is not None, f"{line!r}: no preview → {tg.messages[ADMIN][-1].content}"
                assert all(is_read(r.method, r.path) for r in sb.requests)
                await dp.feed_raw_update(bot, tg.callback(ADMIN, data))
            journal = await services.audit.last(1)
        finally:
            await services.close()
    assert results, f"{line!r} ran nothing: {tg.messages[ADMIN][-1].content}"
    envelope = results[-1]
    assert envelope.success, (line, envelope.error)
    received = [(r.method, r.path) for r in sb.requests]
    # the writes that reached the tracker are exactly the case's, in order; everything else
    # is a read (the state before, the read back after, the case's own reads)
    writes = [call for call in received if not is_read(*call)]
    assert writes == [call for call in case.calls if not is_read(*call)], (line, received)
    assert is_subsequence(case.calls, received), (line, received)
    last = next((r for r in reversed(sb.requests) if not is_read(r.method, r.path)),
                sb.requests[-1]) if writes else next(
        r for r in reversed(sb.requests) if (r.method, r.path) == case.calls[-1])
    if case.body is not NOTHING:
        assert last.body == case.body, line
    assert last.query == (case.query or {}), line
    if case.check is not None:
        case.check(sb, envelope)
    shown = next(m.content for m in reversed(tg.messages[ADMIN]) if m.content)
    expected = SENT_ONLY.get(action_id, "✅")
    assert shown.startswith(expected), shown
    assert marks == ([] if action.danger is Danger.READ else [expected]), (line, marks)
    if action.danger is not Danger.READ:
        promises_are_kept(line, preview, shown, journal[0])


def promises_are_kept(line: str, preview: str, shown: str, entry: AuditEntry) -> None:
    """What the preview promises is what happened: "can be undone" ⇔ the result offers the
    Undo (and the journal holds it); "saved in /audit" ⇔ the journal holds the state before;
    "No Undo: …" said before is said after."""
    can = "↩️ Can be undone for" in preview
    assert can == ("↩️ Undo: the button below" in shown), (line, preview, shown)
    assert can == (entry.undo is not None), (line, entry)
    kept = "The state before is saved in /audit" in preview
    saved = isinstance(entry.snapshot, dict | list) and not (
        isinstance(entry.snapshot, dict) and set(entry.snapshot) == {"error"})
    assert kept == saved, (line, entry.snapshot)
    said = re.search(r"No Undo[^\n]*", preview)
    if said:
        assert said.group(0) in shown, (line, said.group(0), shown)
    assert API_KEY not in shown and POSTBACK_KEY not in shown
