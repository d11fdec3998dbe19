"""Private previews in groups (Bot API 10.2 ephemeral messages), through the real dispatcher.

In a group, the steps of a flow, the preview of a change and its Confirm go to the person
acting as ephemeral messages (only they see them; their buttons and a reply to them still
work); the result is posted for the group. Where the server refuses ephemeral messages or does
not know them, they are posted as before, and from then on without trying.
"""

from __future__ import annotations

from pathlib import Path

from telegram_fake import FakeTelegram, UserSim
from tests.harness import ADMIN, BOT_TOKEN, EDITOR, VIEWER, Harness, result_of, running_bot

GROUP = -1001234


def group(h: Harness, user_id: int) -> UserSim:
    return h.user(user_id, chat_id=GROUP, chat_type="supergroup")


async def enabled(h: Harness) -> tuple[UserSim, UserSim, UserSim]:
    """The group with tracker data enabled: its admin, editor and viewer."""
    admin, editor, viewer = group(h, ADMIN), group(h, EDITOR), group(h, VIEWER)
    await admin.say("/enable_chat")
    assert "may now receive tracker data" in (admin.last_text or "")
    return admin, editor, viewer


def seen(sim: UserSim) -> str:
    return "\n---\n".join(m.content for m in sim.messages)


def disables(text: str) -> bool:
    """Whether `text` shows the preview of disabling a campaign: its table's row (rich), or
    its line (plain)."""
    return "State | Active | Paused" in text or "State: Active → Paused" in text


async def test_a_preview_is_for_the_person_acting_and_the_result_for_the_group(
        tmp_path: Path) -> None:
    async with running_bot(tmp_path) as h:
        admin, editor, viewer = await enabled(h)
        await editor.say("/campaigns disable 2")
        preview = editor.last_message
        assert preview is not None and preview.is_ephemeral
        assert preview.receiver is not None and preview.receiver["id"] == EDITOR
        assert "State | Active | Paused" in preview.content  # the preview's table
        for other in (admin, viewer):
            assert "Preview" not in seen(other) and not disables(seen(other))
        mark = len(h.tg.calls)
        text = await result_of(h, editor, editor.press(next(
            b for row in editor.buttons() for b in row if b.startswith("✅"))))
        assert text.startswith("✅ Campaign #2 · Google DE Keto")
        assert h.sandbox.state.campaigns[2]["state"] == "disabled"
        # the Confirm came from the ephemeral message; its buttons are taken off there
        assert any(c.method == "editEphemeralMessageReplyMarkup" and c.ok
                   for c in h.tg.calls[mark:])
        assert editor.buttons(preview) == []
        for other in (admin, viewer):
            assert "✅ Campaign #2 · Google DE Keto" in seen(other)  # posted for the group
        result = h.tg.messages[GROUP][-1]
        assert not result.is_ephemeral and result.rich is not None


async def test_form_steps_are_private_and_a_reply_to_them_is_an_answer(tmp_path: Path) -> None:
    """A step of a flow is ephemeral; the person answers by replying to it (their reply to an
    ephemeral message is one only the bot sees, and comes without the message it replies to);
    plain talk in the group is no answer; a read chosen in private is posted for all."""
    async with running_bot(tmp_path) as h:
        admin, editor, _ = await enabled(h)
        await editor.say("/campaigns update 3")
        prompt = editor.last_message
        assert prompt is not None and prompt.is_ephemeral
        assert "Campaigns" in prompt.content and "Campaigns · " not in seen(admin)
        await editor.say('{"name": "ignored"}', answers=0)  # not a reply: not an answer
        await editor.say('{"name": "From the group"}', reply_to=prompt)
        preview = editor.last_message
        assert preview is not None and preview.is_ephemeral and "From the group" in (
            preview.content)
        assert "From the group" not in seen(admin)
        await editor.press(next(b for row in editor.buttons() for b in row if "✖" in b))
        assert h.tracker_calls("PUT") == 0
        # a read whose last step was private: its answer is posted for the group
        await editor.say("/campaigns get")
        step = editor.last_message
        assert step is not None and step.is_ephemeral
        text = await result_of(h, editor, editor.press(next(
            b for row in editor.buttons(step) for b in row if b.startswith("#2 "))))
        assert text.startswith("✅ Campaign #2") and "✅ Campaign #2" in seen(admin)


async def test_where_ephemeral_messages_are_refused_previews_are_posted(tmp_path: Path) -> None:
    """A chat that refuses ephemeral messages: the preview is posted as before, and the next
    one without trying."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.refuse_ephemeral()
    async with running_bot(tmp_path, tg=tg) as h:
        admin, editor, _ = await enabled(h)
        mark = len(h.tg.calls)
        await editor.say("/campaigns disable 2")
        tried = [c for c in h.tg.calls[mark:] if "ephemeral_message_parameters" in c.params]
        assert tried and not any(c.ok for c in tried)
        assert disables(seen(admin))  # today's behaviour: the group sees it
        await editor.press(next(b for row in editor.buttons() for b in row if "✖" in b))
        mark = len(h.tg.calls)
        await editor.say("/campaigns enable 5")
        assert not [c for c in h.tg.calls[mark:] if "ephemeral_message_parameters" in c.params]
        assert "State | Paused | Active" in seen(admin)  # the preview's table


async def test_an_older_server_posts_them_for_the_group(tmp_path: Path) -> None:
    """A server older than 10.2 ignores the ephemeral parameters: the message reached the
    whole group, the bot sees it in the answer (no ephemeral_message_id) and stops asking."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.old_server(rich=False)
    async with running_bot(tmp_path, tg=tg) as h:
        admin, editor, _ = await enabled(h)
        await editor.say("/campaigns disable 2")
        assert disables(seen(admin))
        await editor.press(next(b for row in editor.buttons() for b in row if "✖" in b))
        mark = len(h.tg.calls)
        await editor.say("/campaigns enable 5")
        assert not [c for c in h.tg.calls[mark:] if "ephemeral_message_parameters" in c.params]


async def test_a_refusal_for_one_receiver_is_not_remembered_for_the_chat(tmp_path: Path) -> None:
    """Telegram refuses an ephemeral message for a receiver it does not count as a member:
    that one preview is posted; the next person still gets theirs privately."""
    async with running_bot(tmp_path) as h:
        admin, editor, _ = await enabled(h)
        h.tg.set_chat_member(GROUP, EDITOR, "left")
        await editor.say("/campaigns disable 2")
        assert disables(seen(admin))  # posted: the one refused
        await editor.press(next(b for row in editor.buttons() for b in row if "✖" in b))
        await admin.say("/campaigns enable 5")
        preview = admin.last_message
        assert preview is not None and preview.is_ephemeral
        assert "Paused → Active" not in seen(editor)
