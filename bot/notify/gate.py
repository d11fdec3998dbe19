"""The access policy at send time: the one gate of everything the bot sends by itself.

A subscription (digest, conversion alert, rule, anything later) keeps only who added it
(`created_by`) and where it goes (`chat_id`), never a role: whether it may still be sent is
decided when it is sent, with the roles `ALLOWED_USERS` gives now.

- A private chat's subscription needs its author (the chat's own person) to be allowed, as a
  viewer at least: reading tracker data is all it does.
- A group chat's subscription needs its author to be an editor or admin still (the role that
  may change what a group receives), and the admin who enabled the group to be an admin still.

Otherwise it is paused: nothing more is sent, the record stays (an admin sees and removes it
in /alerts and /digest), the pause is logged once. It resumes by itself at the first round in
which the roles allow it again. `Outbox` calls the gate for every notice, right before it is
sent, and the notifier also before it reads anything for a subscription.
"""

from __future__ import annotations

import logging

from bot.access import AccessPolicy, Role
from bot.i18n import t
from bot.notify.models import ConversionAlert, Digest, Paused, Subscription
from bot.notify.subscriptions import Subscriptions

log = logging.getLogger("bot.notify")
IN_PRIVATE = Role.VIEWER  # what a private chat's subscription needs of its author
IN_GROUP = Role.EDITOR  # what a group's subscription needs of its author
ENABLES_GROUP = Role.ADMIN  # what it needs of the admin who enabled the group


def is_private(chat_id: int) -> bool:
    """Telegram's private chats have the person's (positive) id; groups negative ones."""
    return chat_id > 0


def kind_of(record: Subscription) -> str:
    if isinstance(record, Digest):
        return "digest"
    return "conversion alert" if isinstance(record, ConversionAlert) else "rule"


def pause_note(record: Subscription, lang: str) -> str:
    """` · ⏸ paused: …` after a paused subscription in a listing; empty when it is not."""
    if record.paused is None:
        return ""
    return t(lang, f"notify.paused_{record.paused}", user=record.created_by)


class SendGate:
    """Decides, at send time, whether a subscription may be sent, and pauses or resumes it."""

    def __init__(self, policy: AccessPolicy, subscriptions: Subscriptions) -> None:
        self.policy = policy
        self.subscriptions = subscriptions

    async def why_not(self, record: Subscription) -> tuple[Paused | None, Role | None]:
        """(None, the author's role now) when `record` may be sent; else (why not, None)."""
        role = self.policy.role_of(record.created_by)
        if is_private(record.chat_id):
            person = self.policy.role_of(record.chat_id)
            if role is None or role < IN_PRIVATE or person is None:
                return "author", None
            return None, role
        if role is None or role < IN_GROUP:
            return "author", None
        chat = await self.subscriptions.enabled_chat(record.chat_id)
        enabler = self.policy.role_of(chat.by) if chat is not None else None
        if enabler is None or enabler < ENABLES_GROUP:
            return "chat", None
        return None, role

    async def check(self, record: Subscription) -> Role | None:
        """The role `record` is sent with now (its author's), or None: then it is paused,
        and stays so (stored, logged once) until the roles allow it again."""
        paused, role = await self.why_not(record)
        if paused != record.paused:
            record.paused = paused
            await self.subscriptions.set_paused(record, paused)
            if paused == "author":
                log.warning("%s #%d of chat %s paused: its author %s no longer has the role "
                            "it needs", kind_of(record), record.id, record.chat_id,
                            record.created_by)
            elif paused == "chat":
                log.warning("%s #%d of chat %s paused: the admin who enabled that group no "
                            "longer is one", kind_of(record), record.id, record.chat_id)
            else:
                log.info("%s #%d of chat %s resumed: its author and chat are allowed again",
                         kind_of(record), record.id, record.chat_id)
        return role
