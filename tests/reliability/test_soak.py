"""Fault soak: many people at once, every kind of step, a quarter of the tracker's answers broken.

CI: 10 people × 30 plans; `--full`: 50 × 40 (2,000 plans, about 4,000 updates). People act
concurrently, each one update at a time. Reproducible: each person's script comes from a
seeded generator, every request they cause is theirs alone (their own entities and report
periods), and the faults are chosen by hashing the request (chaos.FaultPlan), so the same
requests get the same faults on every run, whatever the interleaving.
"""

from __future__ import annotations

import asyncio
import logging
import random
from contextlib import ExitStack
from pathlib import Path

import pytest

from bot.keitaro.catalog import CATALOG
from bot.storage.audit import AuditEntry
from keitaro_sandbox.app import RecordedRequest
from telegram_fake import FakeTelegram, RateLimits
from tests.harness import BOT_TOKEN, Harness, running_bot
from tests.processes import redis_server
from tests.reliability.chaos import ALL_KINDS, FaultPlan
from tests.reliability.leaks import leaks, redis_dump
from tests.reliability.observe import (
    Step,
    UpdateProbe,
    concerns,
    find_button,
    log_problems,
    query_id_of,
)
from tests.reliability.soak import (
    UNCERTAIN,
    Move,
    Owned,
    Run,
    give_entities,
    refused_by_role,
    refused_unread,
    script,
    step_problems,
)

SEED = 3  # CI size: injects every fault kind; catches a3a7403 or 4ede3a7 being undone
FAULT_RATE = 0.25
CLIENT_TIMEOUT = 1.0
SLOW = 1.5  # a "timeout" fault holds the answer this long: past the client's timeout
ROLES = ("admin", "admin", "editor", "admin", "viewer")
CUT_SHORT = ("timeout", "dropped")  # the write may or may not have been applied
EMPTY_OK = ("empty", "null")  # a 200 with an empty or `null` JSON body is a success
STEP_TIMEOUT = 30.0


async def perform(h: Harness, probe: UpdateProbe, user_id: int, move: Move) -> Step:
    """Send one update for `move`, wait until the bot has handled it, and collect what it did."""
    tg = h.tg
    if move.how == "say":
        updates = [tg.message(user_id, move.what)]
    else:
        message, data = find_button(tg.messages[user_id], move.what)
        presses = 2 if move.how == "double_tap" else 1
        updates = [tg.callback(user_id, data, message=message.to_json())
                   for _ in range(presses)]
    mark, first = len(tg.calls), len(h.sandbox.requests)
    for update in updates:
        tg.push(update)
    for update in updates:
        await probe.wait(update["update_id"], timeout=STEP_TIMEOUT)
    last = len(h.sandbox.requests)
    queries = [query_id_of(update) for update in updates]
    calls = [c for c in tg.calls[mark:] if concerns(c, user_id, queries)]
    return Step(move.expect, updates[0], calls, h.sandbox.requests[first:last], (first, last),
                presses=len(updates))


async def person(h: Harness, probe: UpdateProbe, user_id: int, owned: Owned, count: int,
                 seed: int) -> list[Run]:
    """One person working through their script, one update at a time."""
    h.user(user_id)
    runs = []
    for plan in script(random.Random(seed), owned, user_id, count):
        run = Run(user_id, plan)
        runs.append(run)
        for move in plan.moves:
            try:
                step = await perform(h, probe, user_id, move)
            except LookupError as exc:
                last = run.steps[-1].describe() if run.steps else "nothing"
                run.stuck = f"{exc} after {last}"
                break
            run.steps.append(step)
            if refused_by_role(step) or refused_unread(step):
                break
    return runs


def write_problems(run: Run, entry: AuditEntry, plan: FaultPlan,
                   requests: list[RecordedRequest]) -> list[str]:
    """A confirmed write: sent at most once, exactly once unless a fault stopped it before it
    was sent; the journal's outcome, the reply and what happened on the wire agree."""
    write = run.plan.write
    assert write is not None
    confirm = run.steps[-1]
    where = f"user {run.user_id} {run.plan.name} (journal #{entry.id} {entry.outcome})"
    problems = []
    sent = [r for r in confirm.requests if write.matches(r)]
    faults = plan.at(*confirm.request_range)
    on_write = [f.kind for f in faults if write.matches(requests[f.index])]
    before_write = [f.kind for f in faults if write.read is not None
                    and requests[f.index].method == "GET" and requests[f.index].path == write.read]
    empty_snapshot = [f for f in faults if f.kind in EMPTY_OK and requests[f.index].method == "GET"
                      and requests[f.index].path == (write.read or write.path)]
    if len(sent) > 1:
        problems.append(f"the write was sent {len(sent)} times: {where}")
    if not sent and not before_write:
        problems.append(f"the write was never sent, and nothing stopped it: {where}")
    if entry.action != run.plan.action:
        problems.append(f"journal entry of {entry.action} for {run.plan.action}: {where}")
    if entry.outcome == "pending" or entry.finished is None:
        problems.append(f"journal entry left unfinished: {where}")
    if CATALOG[run.plan.action].snapshot and entry.snapshot is None and not empty_snapshot:
        problems.append(f"no previous state in the journal: {where}")
    if (entry.outcome == "ok") == confirm.final.startswith("❌") or (
            entry.outcome == "ok" and not confirm.final.startswith(entry.verified or "?")):
        problems.append(f"the reply does not say what the journal says: {where}: "
                        f"{confirm.final[:120]!r}")
    if entry.outcome == "ok" and entry.verified != "✅" and not faults:
        problems.append(f"not seen as sent ({entry.verified}), and nothing failed: {where}: "
                        f"{confirm.final[:200]!r}")
    if (entry.outcome == "uncertain") != (UNCERTAIN in confirm.final):
        problems.append(f"uncertainty not reported as the journal has it: {where}: "
                        f"{confirm.final[:160]!r}")
    answers = {*EMPTY_OK, "not_json"} if write.plain_text else set(EMPTY_OK)
    if entry.outcome == "ok" and set(on_write) - answers:
        problems.append(f"ok although a fault hit the write ({on_write}): {where}")
    cut_short = bool(set(on_write) & set(CUT_SHORT))
    if cut_short and entry.outcome != "uncertain":
        problems.append(f"a write cut short ({on_write}) is not reported uncertain: {where}")
    if entry.outcome == "uncertain" and not cut_short:
        problems.append(f"uncertain, but the write was not cut short (faults: on the write "
                        f"{on_write}, before it {before_write}; sent {len(sent)}): {where}")
    return problems


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
async def test_fault_soak(tmp_path: Path, full: bool, storage: str,
                          caplog: pytest.LogCaptureFixture) -> None:
    """Every update gets exactly one final reply of the kind its step calls for; nothing
    unhandled is logged; every confirmed write reaches the tracker at most once (exactly once
    unless a fault stopped it before), is journaled with a finished outcome that matches the
    reply, and a timeout or dropped connection on it is reported as uncertain; no secret
    leaks. The tracker fails 25% of requests with every error kind of the client. With the
    SQLite DATA_DIR and with Redis (conversation state, results and journal in Redis)."""
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server(tmp_path)) if storage == "redis" else None
        await soak(tmp_path, full, caplog, redis_url)


async def soak(tmp_path: Path, full: bool, caplog: pytest.LogCaptureFixture,
               redis_url: str | None) -> None:
    people, plans = (50, 40) if full else (10, 30)
    caplog.set_level(logging.INFO)
    user_ids = list(range(2001, 2001 + people))
    roles = {uid: ROLES[n % len(ROLES)] for n, uid in enumerate(user_ids)}
    # Telegram's flood limits are another test's business (test_telegram_faults, with the
    # production Pacer, which this in-process bot does not have): here they are off.
    tg = FakeTelegram(token=BOT_TOKEN, rate_limits=RateLimits.off())
    async with running_bot(tmp_path, tg=tg, users=roles, redis_url=redis_url,
                           keitaro={"timeout": CLIENT_TIMEOUT}) as h:
        owned = give_entities(h.sandbox, user_ids)
        probe = UpdateProbe(h.dp)
        faults = FaultPlan(h.sandbox, FAULT_RATE, SEED, delay=SLOW).install()
        per_person = await asyncio.gather(*(
            person(h, probe, uid, owned[uid], plans, SEED + uid) for uid in user_ids))
        h.sandbox.faults.clear()
        entries = await h.services.audit.last(1_000_000)
        requests = list(h.sandbox.requests)
        stored = {"redis": await redis_dump(redis_url)} if redis_url else {}
        assert redis_url is None or "kbot:audit:" in stored["redis"]  # the dump holds the data
    runs = [run for runs in per_person for run in runs]
    problems: list[str] = []
    for run in runs:
        if run.stuck:
            problems.append(f"user {run.user_id} {run.plan.name} stuck: {run.stuck}")
        for move, step in zip(run.plan.moves, run.steps, strict=False):
            problems += step_problems(step, move.expect)
            if refused_unread(step) and not faults.at(*step.request_range):
                problems.append(f"a preview refused unread, and nothing failed: "
                                f"{step.describe()}")
            if run.plan.write is None and any(UNCERTAIN in t for t in step.texts):
                problems.append(f"a read reported as maybe applied: {step.describe()}")
    for uid in user_ids:
        confirmed = [r for r in runs if r.user_id == uid and r.confirmed]
        journal = sorted((e for e in entries if e.user_id == uid), key=lambda e: e.id or 0)
        if len(journal) != len(confirmed):
            problems.append(f"user {uid}: {len(confirmed)} confirmed writes, "
                            f"{len(journal)} journal entries")
            continue
        for run, entry in zip(confirmed, journal, strict=True):
            problems += write_problems(run, entry, faults, requests)
    problems += [f"pending: #{e.id} {e.action}" for e in entries if e.outcome == "pending"]
    problems += log_problems(caplog.records)
    problems += leaks(tg=tg, records=caplog.records, texts=stored, data_dir=tmp_path / "data")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    # the soak did what it says: every step kind ran, every fault kind was injected
    steps = [s for run in runs for s in run.steps]
    assert {s.kind for s in steps} == {"result", "menu", "ask", "preview", "cancelled"}
    assert any(s.presses == 2 for s in steps), "no double tap on Confirm"
    assert {f.kind for f in faults.log} == set(ALL_KINDS)
    assert len(steps) >= people * plans
    outcomes = {e.outcome for e in entries}
    assert {"ok", "failed", "uncertain"} <= outcomes, outcomes
