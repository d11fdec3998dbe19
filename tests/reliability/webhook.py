"""People talking to real bot processes through the fake Bot API's webhook delivery."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram_fake import FakeTelegram
from telegram_fake.calls import Call
from tests.reliability.observe import TEXT_METHODS, find_button

REPLY_TIMEOUT = 20.0




@dataclass
class Person:
    """One person in a private chat. Updates are queued at the fake Bot API, which posts them
    to whichever bot process has set the webhook, retrying while none answers (as Telegram
    does during a restart)."""

    tg: FakeTelegram
    user_id: int

    def say(self, text: str) -> int:
        """Queue a message; returns the call mark to wait for its reply from."""
        mark = len(self.tg.calls)
        self.tg.push(self.tg.message(self.user_id, text))
        return mark

    def press(self, label: str) -> int:
        message, data = find_button(self.tg.messages[self.user_id], label)
        mark = len(self.tg.calls)
        self.tg.push(self.tg.callback(self.user_id, data, message=message.to_json()))
        return mark

    async def reply(self, after: int, done: Callable[[str], bool],
                    timeout: float = REPLY_TIMEOUT) -> str:
        """The first message to this chat after call `after` whose text satisfies `done`."""
        def wanted(call: Call) -> bool:
            return (call.ok and call.chat_id == self.user_id
                    and done(FakeTelegram.visible_text(call)))

        call = await self.tg.wait_call(TEXT_METHODS, timeout=timeout, where=wanted, after=after)
        return FakeTelegram.visible_text(call)


async def until(condition: Callable[[], bool], timeout: float = REPLY_TIMEOUT) -> None:
    """Poll a condition on state the test cannot subscribe to (the sandbox's request log)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.01)


def journal(data_dir: Path) -> list[dict[str, Any]]:
    """The audit journal as stored in DATA_DIR (read while no bot process runs)."""
    with sqlite3.connect(data_dir / "bot.sqlite3") as conn:
        rows = conn.execute("SELECT id, entry, outcome FROM audit ORDER BY id").fetchall()
    return [{**json.loads(entry), "id": ident, "outcome": outcome}
            for ident, entry, outcome in rows]


def backdate(data_dir: Path, entry_id: int, ts: str) -> None:
    """Move an entry's start time into the past: the restart then happens that much later."""
    with sqlite3.connect(data_dir / "bot.sqlite3") as conn:
        (raw,) = conn.execute("SELECT entry FROM audit WHERE id = ?", (entry_id,)).fetchone()
        entry = {**json.loads(raw), "ts": ts}
        conn.execute("UPDATE audit SET entry = ? WHERE id = ?", (json.dumps(entry), entry_id))
