"""Strangers: thousands of random updates of every type from ids not on the list.

10,000 updates (they take a few seconds, so CI runs the full number), spread over 13 simulated
minutes, or 50 with `--full`. The refusal limiter's clock is simulated (each update moves it
on), so the per-stranger cooldown and the per-minute cap are exercised without waiting.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.callbacks import ConfirmCB, MenuCB, PageCB, RunCB, StepCB
from telegram_fake import FakeTelegram
from telegram_fake.calls import Call
from tests.harness import ADMIN, EDITOR, USERS, Harness, running_bot
from tests.reliability.leaks import leaks
from tests.reliability.observe import UpdateProbe, log_problems

SEED = 7_2026
COOLDOWN = 600.0  # ACCESS_REFUSAL_COOLDOWN's default
PER_MINUTE = 20
VISIBLE = ("private_message", "private_command", "edited_message", "callback", "inline_query",
           "document", "photo")  # kinds a refusal is visible for (a message, an alert, an answer)
Builder = Callable[[FakeTelegram, int, random.Random], dict[str, Any]]


def _text(rng: random.Random) -> str:
    return rng.choice([
        "/start", "/menu", "/help", "/audit 50", "/cancel", "/campaigns", "/campaigns list",
        "/campaigns delete 1", "/bots clear", "/clicks clean 30d", "/logs clear traffic",
        '/users create {"login": "x", "new_password": "y"}', "hello", "12", "{}", "",
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(1, 60))),
        "<b>" * 20, "x" * 4096,
    ]) or "?"


def _data(rng: random.Random) -> str:
    return rng.choice([
        MenuCB(group="campaigns").pack(), RunCB(group="campaigns", op="delete", id=1).pack(),
        RunCB(group="bots", op="clear").pack(), ConfirmCB(nonce="abcdef", yes=True).pack(),
        StepCB(nonce="abcdef", step=1, kind="v", value="1").pack(), PageCB(rid="x", page=1).pack(),
        "garbage", "c:" + "z" * 60,
    ])


BUILDERS: dict[str, Builder] = {
    "private_message": lambda tg, uid, rng: tg.message(uid, _text(rng)),
    "private_command": lambda tg, uid, rng: tg.message(uid, "/campaigns get 1"),
    "group_message": lambda tg, uid, rng: tg.message(uid, _text(rng), chat_id=-100123,
                                                     chat_type="supergroup"),
    "edited_message": lambda tg, uid, rng: tg.edited_message(uid, _text(rng)),
    "callback": lambda tg, uid, rng: tg.callback(uid, _data(rng)),
    "inline_query": lambda tg, uid, rng: tg.inline_query(uid, _text(rng)[:200]),
    "chosen_inline_result": lambda tg, uid, rng: tg.chosen_inline_result(uid, "r-1"),
    "document": lambda tg, uid, rng: tg.document(uid, "campaign.json", b'{"name": "x"}'),
    "photo": lambda tg, uid, rng: tg.photo(uid),
    "business_message": lambda tg, uid, rng: tg.business_message(uid, _text(rng)),
    "my_chat_member": lambda tg, uid, rng: tg.my_chat_member(uid),
    "chat_member": lambda tg, uid, rng: tg.chat_member(uid, -100123),
    "chat_join_request": lambda tg, uid, rng: tg.chat_join_request(uid, -100123),
    "message_reaction": lambda tg, uid, rng: tg.message_reaction(uid, 1),
    "poll_answer": lambda tg, uid, rng: tg.poll_answer(uid),
    "shipping_query": lambda tg, uid, rng: tg.shipping_query(uid),
    "pre_checkout_query": lambda tg, uid, rng: tg.pre_checkout_query(uid),
    "channel_post": lambda tg, uid, rng: tg.channel_post(-100777, _text(rng)),
    "bot_posing_as_admin": lambda tg, uid, rng: _as_bot(tg.message(ADMIN, "/bots clear")),
}
POLLED = ("private_message", "private_command", "callback", "group_message")  # allowed_updates


def _as_bot(update: dict[str, Any]) -> dict[str, Any]:
    """An update whose sender claims an allowed id but is a bot: still a stranger."""
    update["message"]["from"]["is_bot"] = True
    return update


@dataclass
class Fed:
    kind: str
    user_id: int | None
    at: float  # simulated time
    allowed: bool  # the limiter let a refusal through
    refusals: list[Call]


def refusals_in(calls: list[Call]) -> list[Call]:
    """Refusals the bot made: a message, a callback alert, an (empty) inline answer."""
    def refusal(call: Call) -> bool:
        if call.method == "sendMessage":
            return "not on its list" in FakeTelegram.visible_text(call)
        if call.method == "answerCallbackQuery":
            return "Not allowed" in str(call.params.get("text"))
        return call.method == "answerInlineQuery"

    return [call for call in calls if refusal(call)]


def sender(update: dict[str, Any]) -> int | None:
    for value in update.values():
        if isinstance(value, dict):
            person = value.get("from") or value.get("user")
            if isinstance(person, dict):
                return int(person["id"])
    return None


async def feed(h: Harness, probe: UpdateProbe, update: dict[str, Any], polled: bool) -> None:
    if polled:
        h.tg.push(update)
        await probe.wait(update["update_id"])
    else:
        await h.dp.feed_raw_update(h.bot, update)


async def test_strangers_are_refused_politely_and_sparingly(
    tmp_path: Path, full: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """From strangers, updates of every type (a tenth of them through polling, the rest fed to
    the real dispatcher): the tracker is never called, nothing is stored, no handler answers;
    each stranger is refused at most once per ACCESS_REFUSAL_COOLDOWN and at most 20 a minute
    overall, and every refusal the limiter allows is actually delivered (visible types)."""
    count, span = 10_000, (3000.0 if full else 800.0)
    step = span / count
    caplog.set_level(logging.INFO)
    rng = random.Random(SEED)
    regulars = [rng.randrange(10**6, 10**10) for _ in range(40)]  # they write again and again
    kinds = sorted(BUILDERS)
    fed: list[Fed] = []
    async with running_bot(tmp_path) as h:
        probe = UpdateProbe(h.dp)
        now = [0.0]
        limiter = h.services.limiter
        limiter.clock = lambda: now[0]
        for n in range(count):
            now[0] = n * step
            kind = rng.choice(kinds)
            uid = rng.choice(regulars) if rng.random() < 0.3 else rng.randrange(10**6, 10**10)
            while uid in USERS:
                uid += 1
            update = BUILDERS[kind](h.tg, uid, rng)
            mark, answered = len(h.tg.calls), limiter.answered
            await feed(h, probe, update, polled=kind in POLLED and n % 10 == 0)
            fed.append(Fed(kind, sender(update), now[0], limiter.answered > answered,
                           refusals_in(h.tg.calls[mark:])))
        tracker_calls = len(h.sandbox.requests)
        journal = await h.services.audit.last(10)
        states = [await h.dp.fsm.get_context(h.bot, uid, uid).get_state()
                  for uid in [*regulars, ADMIN, EDITOR]]
        telegram = h.tg
    assert tracker_calls == 0, "a stranger's update reached the tracker"
    assert journal == [] and states == [None] * len(states)
    problems: list[str] = []
    last_refusal: dict[int, float] = {}
    window: list[float] = []
    for item in fed:
        if len(item.refusals) > 1:
            problems.append(f"{len(item.refusals)} refusals for one {item.kind}")
        visible = item.kind in VISIBLE
        if item.allowed and visible and len(item.refusals) != 1:
            problems.append(f"an allowed refusal of a {item.kind} was not delivered")
        if item.refusals and not item.allowed:
            problems.append(f"a refusal of a {item.kind} the limiter did not allow")
        if not item.allowed:
            continue
        assert item.user_id is not None, item
        previous = last_refusal.get(item.user_id)
        if previous is not None and item.at - previous < COOLDOWN:
            problems.append(f"{item.user_id} refused again after {item.at - previous:.0f}s")
        last_refusal[item.user_id] = item.at
        window = [t for t in window if item.at - t < 60.0] + [item.at]
        if len(window) > PER_MINUTE:
            problems.append(f"{len(window)} refusals within a minute at {item.at:.0f}s")
    assert not problems, "\n".join(problems[:30])
    allowed = sum(item.allowed for item in fed)
    assert allowed >= PER_MINUTE * int(span // 60), "the limiter refuses far fewer than it may"
    assert any(item.refusals for item in fed if item.user_id in regulars)
    assert log_problems(caplog.records) == []
    assert leaks(tg=telegram, records=caplog.records, data_dir=tmp_path / "data") == []
