"""Access control: strangers on every update type, refusal rate limits, roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.access import RefusalLimiter, Role
from bot.keitaro.catalog import CATALOG, Danger
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, EDITOR, STRANGER, VIEWER, Harness, result_of

Builder = Callable[[FakeTelegram, int], dict[str, Any]]
UPDATES: dict[str, Builder] = {
    "message": lambda tg, uid: tg.message(uid, "/campaigns list"),
    "command_with_args": lambda tg, uid: tg.message(uid, "/campaigns delete 1"),
    "edited_message": lambda tg, uid: tg.edited_message(uid, "/campaigns get 1"),
    "callback_query": lambda tg, uid: tg.callback(uid, "r:campaigns:delete:1"),
    "confirm_callback": lambda tg, uid: tg.callback(uid, "c:abcdef:1"),
    "inline_query": lambda tg, uid: tg.inline_query(uid, "campaigns"),
    "document": lambda tg, uid: tg.document(uid, "data.json", b'{"name": "x"}'),
    "photo": lambda tg, uid: tg.photo(uid),
    "my_chat_member": lambda tg, uid: tg.my_chat_member(uid),
    "chat_member": lambda tg, uid: tg.chat_member(uid, -100123),
    "chat_join_request": lambda tg, uid: tg.chat_join_request(uid, -100123),
    "message_reaction": lambda tg, uid: tg.message_reaction(uid, 1),
    "group_message": lambda tg, uid: tg.message(uid, "/campaigns list", chat_id=-100123,
                                                chat_type="supergroup"),
    "poll_answer": lambda tg, uid: tg.poll_answer(uid),
    "shipping_query": lambda tg, uid: tg.shipping_query(uid),
    "pre_checkout_query": lambda tg, uid: tg.pre_checkout_query(uid),
    "chosen_inline_result": lambda tg, uid: tg.chosen_inline_result(uid, "result-1"),
}


@pytest.mark.parametrize("kind", sorted(UPDATES))
async def test_stranger_never_reaches_tracker(harness: Harness, kind: str) -> None:
    """Every update type from a stranger goes through the real dispatcher and is refused."""
    tg = harness.tg
    update = UPDATES[kind](tg, STRANGER)
    before = len(harness.sandbox.requests)
    await harness.dp.feed_raw_update(harness.bot, update)
    assert len(harness.sandbox.requests) == before, "the tracker was called for a stranger"
    state = await harness.dp.fsm.get_context(harness.bot, STRANGER, STRANGER).get_state()
    assert state is None
    for call in tg.calls:
        if call.method == "sendMessage":
            assert "not on its list" in FakeTelegram.visible_text(call)
            assert str(STRANGER) in FakeTelegram.visible_text(call)


async def test_stranger_gets_one_polite_refusal(harness: Harness) -> None:
    stranger = harness.user(STRANGER)
    calls = await stranger.say("/start")
    texts = [FakeTelegram.visible_text(c) for c in calls if c.method == "sendMessage"]
    assert len(texts) == 1 and str(STRANGER) in texts[0]
    for _ in range(5):
        assert await stranger.say("/campaigns list", answers=0) == []
    assert harness.tracker_calls() == 0


async def test_stranger_callback_answered_without_effect(harness: Harness) -> None:
    update = harness.tg.callback(STRANGER, "r:campaigns:delete:1")
    await harness.tg.user(STRANGER).send(update)
    answer = harness.tg.callback_answer(update)
    assert answer is not None and answer.get("show_alert") is True
    assert harness.tracker_calls() == 0


def test_refusals_are_rate_limited_per_user_and_overall() -> None:
    now = [0.0]
    limiter = RefusalLimiter(cooldown=600, burst=20, clock=lambda: now[0])
    assert limiter.allow(1) is True
    assert limiter.allow(1) is False  # same stranger within the cooldown
    assert sum(limiter.allow(uid) for uid in range(2, 100)) == 19  # 20 a minute overall
    now[0] = 61.0
    assert limiter.allow(500) is True  # the window moved on
    now[0] = 700.0
    assert limiter.allow(1) is True  # the cooldown has passed
    assert limiter.answered == 22


def test_roles_grant_levels() -> None:
    assert Role.VIEWER.may(Danger.READ) and not Role.VIEWER.may(Danger.WRITE)
    assert Role.EDITOR.may(Danger.WRITE) and not Role.EDITOR.may(Danger.DESTRUCTIVE)
    assert Role.ADMIN.may(Danger.DESTRUCTIVE)


@pytest.mark.parametrize(
    ("user", "line", "allowed"),
    [
        (VIEWER, "/campaigns get 1", True),
        (VIEWER, "/campaigns enable 1", False),
        (VIEWER, "/campaigns delete 1", False),
        (EDITOR, "/campaigns enable 1", True),
        (EDITOR, "/campaigns delete 1", False),
        (EDITOR, "/clicks clean yesterday", False),
        (ADMIN, "/campaigns delete 1", True),
    ],
)
async def test_roles(harness: Harness, user: int, line: str, allowed: bool) -> None:
    sim = harness.user(user)
    await sim.say(line)
    text = sim.last_text or ""
    if allowed:
        assert "not allowed for your role" not in text
    else:
        assert "not allowed for your role" in text
        assert harness.tracker_calls() == 0


async def test_role_refusal_by_button(harness: Harness) -> None:
    viewer = harness.user(VIEWER)
    await viewer.say("/campaigns")
    assert any("🔒" in b for row in viewer.buttons() for b in row)
    await viewer.press("🔒 ⚠️ Archive a campaign")
    assert "not allowed for your role" in (viewer.last_text or "")
    assert harness.tracker_calls() == 0


async def test_viewer_sees_no_write_quick_actions(harness: Harness) -> None:
    viewer = harness.user(VIEWER)
    await result_of(harness, viewer, viewer.say("/campaigns get 1"))
    labels = [b for row in viewer.buttons() for b in row]
    assert not any(label.startswith(("✏️", "⚠️")) for label in labels)
    admin = harness.user(ADMIN)
    await result_of(harness, admin, admin.say("/campaigns get 1"))
    assert any(b.startswith("⚠️") for row in admin.buttons() for b in row)


def test_every_destructive_action_needs_admin() -> None:
    for action in CATALOG:
        if action.danger is Danger.DESTRUCTIVE:
            assert not Role.EDITOR.may(action.danger), action.id
