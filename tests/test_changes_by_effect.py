"""Permission by effect and checks on input, through the real dispatcher against the sandbox.

Each refusal happens before any request reaches the tracker; what an admin may do is
previewed with what it deletes; a password sent shows no character of itself anywhere.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.access import Role
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, EDITOR, Harness, result_of

REFUSED = "not allowed for your role"
PASSWORD = "Zq7-Xv9-Lm2!"  # 12 characters: the old mask showed the first 4


async def _refused(h: Harness, user: int, line: str) -> str:
    sim = h.user(user)
    before = h.tracker_calls()
    await sim.say(line)
    text = sim.last_text or ""
    assert REFUSED in text, text
    assert "needs admin" in text and "Nothing was sent" in text
    assert h.tracker_calls() == before, "a refusal reached the tracker"
    state = await h.dp.fsm.get_context(h.bot, user, user).get_state()
    assert state is None, "a refused flow is not left waiting"
    return text


@pytest.mark.parametrize("line", [
    '/users create {"login": "boss2", "type": "ADMIN", "new_password": "' + PASSWORD
    + '", "new_password_confirmation": "' + PASSWORD + '"}',
    '/users update 1 {"new_password": "' + PASSWORD + '", "new_password_confirmation": "'
    + PASSWORD + '"}',
    '/users access 2 {"access_data": {"campaigns_access_type": "full_access"}}',
])
async def test_an_editor_cannot_touch_users(harness: Harness, line: str) -> None:
    await _refused(harness, EDITOR, line)
    assert harness.sandbox.state.users[1]["type"] == "ADMIN"
    assert len(harness.sandbox.state.users) == 3


@pytest.mark.parametrize(("line", "array", "entity"), [
    ('/streams update 1 {"filters": []}', "Filters", ("streams", 1, "filters")),
    ('/streams update 1 {"offers": [{"offer_id": 1, "share": 100}]}', "Offers", None),
    ('/campaigns update 1 {"postbacks": []}', "S2S postbacks", ("campaigns", 1, "postbacks")),
])
async def test_replacing_a_whole_array_is_an_admins(
    harness: Harness, line: str, array: str, entity: tuple[str, int, str] | None
) -> None:
    text = await _refused(harness, EDITOR, line)
    assert f"• {array}: the list sent replaces the current one" in text
    admin = harness.admin
    before = harness.tracker_writes()
    await admin.say(line)
    preview = admin.last_text or ""
    assert "Careful" in preview and f"{array}: the list sent replaces" in preview, preview
    assert any(b.startswith("⚠️ Yes") for row in admin.buttons() for b in row)
    assert harness.tracker_writes() == before, "a preview writes nothing (it reads the entity)"
    if entity is not None:
        table, ident, field = entity
        assert getattr(harness.sandbox.state, table)[ident][field] != []
        result = await result_of(harness, admin, admin.press(
            next(b for row in admin.buttons() for b in row if b.startswith("⚠️ Yes"))))
        assert result.startswith("✅"), result
        assert getattr(harness.sandbox.state, table)[ident][field] == []


async def test_a_body_is_checked_again_at_the_preview(harness: Harness) -> None:
    """The button way: the editor may start an update (no body yet), and is refused when
    the body typed replaces an array, before any write."""
    editor = harness.user(EDITOR)
    await editor.say("/streams update 1")
    assert "JSON" in (editor.last_text or "")
    before = harness.tracker_calls()
    await editor.say('{"filters": []}')
    assert REFUSED in (editor.last_text or "")
    assert harness.tracker_calls() == before
    assert harness.sandbox.state.streams[1]["filters"] != []


async def test_the_level_is_checked_again_at_confirm(harness: Harness) -> None:
    """An admin previews a whole-array replacement and is made an editor before confirming:
    the confirmation is refused and nothing is written."""
    admin = harness.admin
    await admin.say('/streams update 1 {"filters": []}')
    button = next(b for row in admin.buttons() for b in row if b.startswith("⚠️ Yes"))
    harness.services.policy.roles[ADMIN] = Role.EDITOR
    before = harness.tracker_calls()
    await admin.press(button)
    assert REFUSED in (admin.last_text or "")
    assert harness.tracker_calls() == before
    assert harness.sandbox.state.streams[1]["filters"] != []


async def test_item_edits_stay_an_editors(harness: Harness) -> None:
    editor = harness.user(EDITOR)
    await editor.say('/postbacks create 1 {"url": "https://ts.example/pb?c={subid}", '
                     '"method": "GET", "statuses": ["sale"]}')
    assert "Preview" in (editor.last_text or "")
    result = await result_of(harness, editor, editor.press(
        next(b for row in editor.buttons() for b in row if b.startswith("✅ Confirm"))))
    assert result.startswith("✅")
    await editor.say('/campaigns update 2 {"name": "Renamed"}')
    assert "Preview" in (editor.last_text or "")
    await _refused(harness, EDITOR, '/campaigns update 2 {"state": "deleted"}')


@pytest.mark.parametrize(("line", "answer"), [
    ('/campaigns update 1 {"nmae": "x"}', "did you mean name?"),
    ('/streams update 1 {"filters": [{"name": "country", "mdoe": "reject"}]}',
     "filters[0].mdoe: did you mean mode?"),
    ('/campaigns update 1 {"cost_type": "cpc"}', "did you mean CPC?"),
    ('/campaigns update 1 {"cost_value": "ten"}', "must be a number"),
    ('/campaigns create {"name": "x"}', "Missing required field(s): alias"),
])
async def test_a_wrong_field_is_refused_before_any_request(
    harness: Harness, line: str, answer: str
) -> None:
    admin = harness.admin
    before = harness.tracker_calls()
    await admin.say(line)
    text = admin.last_text or ""
    assert answer in text, text
    assert "or the JSON" in text, "the question is asked again"
    assert harness.tracker_calls() == before
    await admin.say('{"name": "Fixed"}' if "create" not in line
                    else '{"name": "Fixed", "alias": "fixed-1"}')
    assert "Preview" in (admin.last_text or ""), "the flow went on where it was"


async def test_russian_refusals(harness: Harness) -> None:
    sim = harness.user(ADMIN, lang="ru")
    await sim.say('/campaigns update 1 {"nmae": "x"}')
    assert "может быть, name?" in (sim.last_text or "")
    editor = harness.user(EDITOR, lang="ru")
    await editor.say('/streams update 1 {"filters": []}')
    text = editor.last_text or ""
    assert "нужна роль администратор" in text and "Фильтры: отправленный список заменит" in text


def _stored_results(data_dir: Path) -> str:
    """Every stored result (the page buttons' records), as the store holds them now."""
    rows = []
    for path in data_dir.rglob("*.sqlite3"):
        with sqlite3.connect(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "kv" in tables:
                rows += [str(r[0]) for r in conn.execute(
                    "SELECT value FROM kv WHERE key LIKE 'result:%'")]
    return "\n".join(rows)


async def test_a_password_shows_no_character(harness: Harness) -> None:
    """A 12-character password: not one character in the preview, the envelope, the
    journal or the stored results."""
    admin = harness.admin
    await admin.say('/users create {"login": "buyer7", "type": "USER", "new_password": "'
                    + PASSWORD + '", "new_password_confirmation": "' + PASSWORD + '"}')
    preview = admin.last_text or ""
    assert "Careful" in preview and "A tracker account is created" in preview
    shown = [line for line in preview.splitlines() if line.startswith("New password")]
    assert shown and all(line in ("New password: ••••", "New password | — | ••••")
                         for line in shown), preview  # a line, or the preview table's row
    result = await result_of(harness, admin, admin.press(
        next(b for row in admin.buttons() for b in row if b.startswith("⚠️ Yes"))))
    assert result.startswith("✅"), result
    created = max(harness.sandbox.state.users)
    assert harness.sandbox.state.passwords[created] == PASSWORD, "the password was sent"
    await admin.say("/audit 3")
    journal = json.dumps([e.model_dump() for e in await harness.services.audit.last(5)],
                         ensure_ascii=False)
    assert "users.create" in journal and '"danger": "destructive"' in journal
    stored = _stored_results(harness.data_dir)
    telegram = "\n".join(FakeTelegram.visible_text(c) for c in harness.tg.calls
                         if c.method in ("sendMessage", "sendRichMessage", "editMessageText"))
    for where, text in (("telegram", telegram), ("journal", journal), ("results", stored)):
        assert PASSWORD[:4] not in text and PASSWORD[-4:] not in text, where
    assert "••••" in journal and "buyer7" in stored, "the journal and results were read"
