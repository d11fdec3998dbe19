"""A round's notices: many chats at once, each chat's notices in order.

A chat is paced by Telegram (about 1 message a second, 20 a minute in a group, longer after a
429), so sending one chat after another made every chat wait behind the slowest one. Here each
chat has its own queue, and up to `CHATS_AT_ONCE` queues are sent at once; the Pacer in
`bot.telegram_guard` keeps every send under the per-chat and overall limits. A chat's short
notices of one round go out joined into as few messages as fit, and a chat that cannot be
reached stops its queue (its subscriptions are switched off: `send_notice`).

Every notice belongs to a subscription, and goes out only if the access policy allows that
subscription at the moment its chat's turn comes (`SendGate.check`): an outbox cannot be
made without the gate, nor given a notice without its subscription.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import AlertAction, AlertCB
from bot.notify.gate import SendGate
from bot.notify.models import Subscription
from bot.notify.sender import send_notice
from bot.render.text import utf16_len

log = logging.getLogger("bot.notify")
CHATS_AT_ONCE = 32  # above Telegram's ~30 messages a second overall: no send waits for a slot
JOINED_LENGTH = 4000  # Telegram takes 4096 characters a message; markup counts here too
JOINED_ROWS = 12  # button rows of notices joined into one message, at most
# the callback data of an alert's 🔕 buttons
MUTES = tuple(f"{AlertCB.__prefix__}:{a.value}:" for a in (AlertAction.MUTE_HOUR,
                                                           AlertAction.MUTE_DAY))
SEPARATOR = "\n\n"


@dataclass
class Notice:
    """One message (and a chart) for a chat; `weight` is what it counts for when delivered
    (conversions posted, digests sent)."""

    text: str
    photo: bytes | None = None
    caption: str | None = None
    weight: int = 1
    markup: InlineKeyboardMarkup | None = None  # an alert's buttons


def _rows(*notices: Notice) -> list[list[InlineKeyboardButton]]:
    """The button rows of notices joined: each row once (two alerts about one campaign
    offer its buttons once), what opens or pauses first, then the mutes, as many as a
    message shows well (`JOINED_ROWS`; the rest are muted from /alerts)."""
    rows: list[list[InlineKeyboardButton]] = []
    seen: set[tuple[str | None, ...]] = set()
    for notice in notices:
        for row in notice.markup.inline_keyboard if notice.markup is not None else []:
            key = tuple(b.callback_data for b in row)
            if key not in seen:
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda row: any((b.callback_data or "").startswith(MUTES) for b in row))
    return rows[:JOINED_ROWS]


def joined(notices: list[Notice]) -> list[Notice]:
    """Consecutive text notices joined while they fit one message (their buttons too, under
    one another); charts stay alone."""
    out: list[Notice] = []
    for notice in notices:
        last = out[-1] if out else None
        if (last is not None and last.photo is None and notice.photo is None
                and utf16_len(last.text) + len(SEPARATOR) + utf16_len(notice.text)
                <= JOINED_LENGTH):
            rows = _rows(last, notice)
            out[-1] = Notice(last.text + SEPARATOR + notice.text,
                             weight=last.weight + notice.weight,
                             markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None)
        else:
            out.append(notice)
    return out


class Outbox:
    """Notices queued per chat during a round, then sent by `send`, each only if its
    subscription passes the gate then."""

    def __init__(self, bot: Bot, gate: SendGate, *, chats_at_once: int = CHATS_AT_ONCE) -> None:
        self.bot = bot
        self.gate = gate
        self.subscriptions = gate.subscriptions
        self.chats_at_once = chats_at_once
        self._queues: dict[int, list[tuple[Subscription, Notice]]] = {}

    def add(self, record: Subscription, notice: Notice) -> None:
        """Queue a notice of `record` for its chat."""
        self._queues.setdefault(record.chat_id, []).append((record, notice))

    async def send(self) -> int:
        """Send everything queued; returns the weight of what was delivered."""
        queues, self._queues = self._queues, {}
        slots = asyncio.Semaphore(self.chats_at_once)
        delivered = await asyncio.gather(*(self._chat(chat_id, queued, slots)
                                           for chat_id, queued in queues.items()))
        return sum(delivered)

    async def _chat(self, chat_id: int, queued: list[tuple[Subscription, Notice]],
                    slots: asyncio.Semaphore) -> int:
        delivered = 0
        async with slots:
            allowed = [notice for record, notice in queued
                       if await self.gate.check(record) is not None]
            for notice in joined(allowed):
                try:
                    sent = await send_notice(self.bot, self.subscriptions, chat_id, notice.text,
                                             photo=notice.photo, caption=notice.caption,
                                             markup=notice.markup)
                except Exception as exc:  # one chat's failure leaves the others unharmed
                    log.warning("could not send a notice to chat %s: %s: %s", chat_id,
                                type(exc).__name__, str(exc)[:200])
                    return delivered
                if not sent:  # the chat is gone; its subscriptions are off now
                    return delivered
                delivered += notice.weight
        return delivered
