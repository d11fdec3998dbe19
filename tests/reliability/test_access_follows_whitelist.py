"""Issue 17.1: what the bot sends by itself follows ALLOWED_USERS as it is now.

A viewer subscribed to conversion alerts; the bot restarted with the viewer removed from
ALLOWED_USERS; the next conversion still reached them, and they could not unsubscribe. The
notifier sent to the stored chat of every digest, alert and rule without asking the access
policy; a group whose enabling admin was removed was the same. Now every subscription passes
`bot.notify.gate.SendGate` at send time (and before anything is read for it), with the roles
of now: a person no longer allowed, or a group whose enabler is no longer an admin, gets
nothing more; their subscriptions are paused, shown to admins in /alerts and /digest (who may
remove them), and resume by themselves once the roles allow them again.

Each phase below is a bot process started on the same data directory and tracker with the
ALLOWED_USERS of that moment (a restart), the notifier's rounds run by hand.
"""

from __future__ import annotations

import ast
import inspect
import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.notify.models import ConversionAlert, Digest, Rule, now_utc
from bot.notify.outbox import Outbox
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, UserSim
from tests.harness import ADMIN, API_KEY, EDITOR, POSTBACK_KEY, VIEWER, Harness, running_bot
from tests.reliability.observe import log_problems
from tests.sandbox_fixtures import NOW

ROOT = Path(__file__).resolve().parents[2]
SECOND_ADMIN = 1004
GROUP = -1001717
NEW = re.compile(r"(\d+) new conversions?\b")
EVERYONE = {ADMIN: "admin", EDITOR: "editor", VIEWER: "viewer", SECOND_ADMIN: "admin"}


def sandbox() -> Sandbox:
    return Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                   clicks=600)


def sent_to(h: Harness, chat_id: int, mark: int = 0) -> list[str]:
    return [FakeTelegram.visible_text(c) for c in h.tg.calls[mark:]
            if c.ok and c.method in ("sendMessage", "sendRichMessage", "sendPhoto")
            and c.chat_id == chat_id]


async def conversions_round(h: Harness, tracker: Sandbox, *, new: int = 1) -> int:
    """`new` conversions arrive, then the notifier's conversion round; how many it posted."""
    for n in range(new):
        tracker.add_conversion(7 + n, status="sale", revenue=1)
    clock = tracker.clock
    assert isinstance(clock, ManualClock)
    clock.advance(seconds=5)
    return await h.services.notifier.run_conversion_alerts(h.bot, clock())


async def test_a_removed_person_gets_nothing_more_and_resumes_when_allowed_again(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    tracker = sandbox()
    async with running_bot(tmp_path, sandbox=tracker, users=EVERYONE) as h:
        viewer, admin = h.user(VIEWER), h.admin
        for line in ("/alerts add conversions", "/alerts add spend 1",
                     "/digest add daily 09:00 UTC campaign yesterday"):
            await viewer.say(line)
            assert "saved" in (viewer.last_text or ""), viewer.last_text
        await admin.say("/alerts add conversions")
        await admin.say("/digest add daily 09:00 UTC campaign yesterday")
        assert await conversions_round(h, tracker) == 2  # the viewer's and the admin's

    removed = {ADMIN: "admin", EDITOR: "editor"}  # the viewer is no longer on the list
    async with running_bot(tmp_path, sandbox=tracker, users=removed) as h:
        notifier = h.services.notifier
        assert await conversions_round(h, tracker) == 1  # the admin's only
        assert sent_to(h, VIEWER) == []
        tracker.reset_requests()
        assert await notifier.run_rules(h.bot, tracker.clock()) == 0
        assert tracker.count() == 0, "a paused rule was still checked against the tracker"
        tomorrow = now_utc() + timedelta(days=1)
        assert await notifier.run_digests(h.bot, tomorrow) == 1  # the admin's only
        assert sent_to(h, VIEWER) == [] and any("digest #" in t for t in sent_to(h, ADMIN))
        subscriptions = h.services.subscriptions
        mine = [s for s in (*await subscriptions.conversion_alerts(),
                            *await subscriptions.rules(), *await subscriptions.digests())
                if s.created_by == VIEWER]
        assert len(mine) == 3 and {s.paused for s in mine} == {"author"}
        assert all(s.enabled for s in mine)  # paused, not switched off: kept as they were
        # an admin sees them in /alerts and /digest, and removes one; the viewer cannot
        await h.admin.say("/alerts")
        listing = h.admin.last_text or ""
        assert "Paused in other chats" in listing and f"chat {VIEWER}" in listing
        assert f"its author ({VIEWER}) no longer has the access it needs" in listing
        rule = next(s for s in mine if isinstance(s, Rule))
        await h.admin.say(f"/alerts off {rule.id}")
        assert "removed" in (h.admin.last_text or "")
        await h.admin.say("/digest")
        assert "Paused in other chats" in (h.admin.last_text or "")
        stranger = h.user(VIEWER)
        await stranger.say("/alerts")
        assert "not on its list" in (stranger.last_text or "")
        assert len(await subscriptions.rules()) == 0
        assert await conversions_round(h, tracker) == 1  # still paused on the next round
        assert not any(NEW.search(t) for t in sent_to(h, VIEWER))

    async with running_bot(tmp_path, sandbox=tracker, users=EVERYONE) as h:
        # allowed again: resumed from now on, what came meanwhile is not sent
        assert await conversions_round(h, tracker) == 1
        assert sent_to(h, VIEWER) == []
        assert await conversions_round(h, tracker, new=2) == 4
        [text] = [t for t in sent_to(h, VIEWER) if NEW.search(t)]
        assert NEW.findall(text) == ["2"]
        mine = [s for s in await h.services.subscriptions.conversion_alerts()
                if s.created_by == VIEWER]
        assert [s.paused for s in mine] == [None]
    paused = [r.getMessage() for r in caplog.records if "paused" in r.getMessage()]
    assert len(paused) == 3, paused  # logged once each, not on every round
    assert any("resumed" in r.getMessage() for r in caplog.records)
    assert log_problems(caplog.records) == []


async def test_a_group_follows_the_roles_of_its_enabler_and_its_authors(tmp_path: Path) -> None:
    """A group enabled by an admin who is then removed gets nothing: no alert, and no answer
    to a command but a hint (the chat gate asks what the notifier's gate asks); an admin's
    /enable_chat resumes it. An editor's group alert pauses when the editor becomes a
    viewer: the role it needs now (editor, to change what a group receives), not the one it
    was made with."""
    tracker = sandbox()

    def member(h: Harness, user_id: int) -> UserSim:
        return h.user(user_id, chat_id=GROUP, chat_type="supergroup")

    async with running_bot(tmp_path, sandbox=tracker, users=EVERYONE) as h:
        await member(h, SECOND_ADMIN).say("/enable_chat")
        editor = member(h, EDITOR)
        await editor.say("/alerts add conversions")
        assert await conversions_round(h, tracker) == 1
        assert any(NEW.search(t) for t in sent_to(h, GROUP))

    without_enabler = {ADMIN: "admin", EDITOR: "editor", VIEWER: "viewer"}
    async with running_bot(tmp_path, sandbox=tracker, users=without_enabler) as h:
        assert await conversions_round(h, tracker) == 0
        assert not any(NEW.search(t) for t in sent_to(h, GROUP))
        [alert] = await h.services.subscriptions.conversion_alerts()
        assert alert.paused == "chat"
        editor = member(h, EDITOR)
        calls = tracker.count()
        await editor.say("/campaigns get 1")  # the group shows nothing on a removed word
        assert "no longer has access" in (editor.last_text or ""), editor.last_text
        assert tracker.count() == calls
        await member(h, ADMIN).say("/enable_chat")
        await editor.say("/alerts")
        assert "🔔" in (editor.last_text or "") or "#" in (editor.last_text or "")
        assert await conversions_round(h, tracker) == 0  # resumed from the newest on
        assert await conversions_round(h, tracker) == 1
        assert any(NEW.search(t) for t in sent_to(h, GROUP))

    demoted = {ADMIN: "admin", EDITOR: "viewer", VIEWER: "viewer"}
    async with running_bot(tmp_path, sandbox=tracker, users=demoted) as h:
        mark = len(h.tg.calls)
        assert await conversions_round(h, tracker) == 0
        assert not any(NEW.search(t) for t in sent_to(h, GROUP, mark))
        [alert] = await h.services.subscriptions.conversion_alerts()
        assert alert.paused == "author" and isinstance(alert, ConversionAlert)


async def test_a_digest_sent_on_request_is_refused_while_paused(tmp_path: Path) -> None:
    """/digest now of a paused digest (its group's enabler was removed) says why and sends
    nothing, and reads nothing from the tracker: the group itself is closed, and the chat
    gate says why."""
    tracker = sandbox()
    async with running_bot(tmp_path, sandbox=tracker, users=EVERYONE) as h:
        await member_say(h, SECOND_ADMIN, "/enable_chat")
        await member_say(h, EDITOR, "/digest add daily 09:00 UTC campaign yesterday")
    async with running_bot(tmp_path, sandbox=tracker,
                           users={ADMIN: "admin", EDITOR: "editor"}) as h:
        [digest] = await h.services.subscriptions.digests()
        assert isinstance(digest, Digest)
        tracker.reset_requests()
        mark = len(h.tg.calls)
        await member_say(h, EDITOR, f"/digest now {digest.id}")
        texts = sent_to(h, GROUP, mark)  # the group itself is closed: the chat gate says so
        assert any("no longer has access" in t for t in texts), texts
        assert not any("Daily digest" in t for t in texts) and tracker.count() == 0


async def member_say(h: Harness, user_id: int, text: str) -> None:
    await h.user(user_id, chat_id=GROUP, chat_type="supergroup").say(text)


def test_every_send_of_the_notifier_goes_through_the_gate() -> None:
    """The one door: an `Outbox` cannot be made without the gate, nor given a notice without
    its subscription; nothing in `bot/notify` but the sender calls the Bot API's send
    methods, and only the outbox calls the sender."""
    signature = inspect.signature(Outbox)
    assert signature.parameters["gate"].default is inspect.Parameter.empty
    assert list(inspect.signature(Outbox.add).parameters) == ["self", "record", "notice"]
    sends = re.compile(r"^(send_\w+|copy_message|forward_message)$")
    found: list[str] = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text())
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = (node.func.attr if isinstance(node.func, ast.Attribute)
                    else node.func.id if isinstance(node.func, ast.Name) else "")
            if name == "send_notice" and relative != "bot/notify/outbox.py":
                found.append(f"{relative}:{node.lineno} calls send_notice")
            if (relative.startswith("bot/notify/") and relative != "bot/notify/sender.py"
                    and sends.match(name) and name != "send_notice"):
                found.append(f"{relative}:{node.lineno} calls {name}")
    assert found == [], found
