"""What a person types stays (issue 13, finding 7).

A flow abandoned at its preview kept its data (an integration token, a password) in the FSM
row with no expiry; with Redis the bot passed no `state_ttl`/`data_ttl`; a write cut short
just before a restart stayed `pending` until the next restart. Now a flow expires after
`FLOW_TTL` seconds without an answer and takes its typed data with it (SQLite rows erased on
a timer, Redis keys with TTLs); the person coming back is told it expired, and nothing is
sent; the journal's pending entries are marked on the same timer, not only at start-up.
`FLOW_TTL` is 3 s here (30 min in production), so real time passes, a few seconds.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage.audit import INTERRUPTED, AuditEntry
from telegram_fake.calls import Call
from tests.harness import ADMIN, running_bot
from tests.processes import redis_server
from tests.reliability.leaks import files_under
from tests.reliability.webhook import until

TTL = 3
TYPED = "typed-token-7f3c9e21"  # what a person typed, as a token would be


def in_data_dir(data_dir: Path, text: str) -> list[str]:
    return [name for name, raw in files_under(data_dir).items() if text.encode() in raw]


def alert_text(calls: list[Call]) -> str:
    return next((str(c.params.get("text") or "") for c in calls
                 if c.method == "answerCallbackQuery"), "")


async def test_an_abandoned_flow_expires_and_takes_what_was_typed(tmp_path: Path) -> None:
    """A preview left unconfirmed for FLOW_TTL: its row is erased from DATA_DIR (the typed
    token is in no file any more, WAL included); pressing Confirm then says the operation
    expired and sends nothing. A flow left at a question: the answer typed after FLOW_TTL is
    told it came too late, and is not taken."""
    async with running_bot(tmp_path, flow_ttl=TTL) as h:
        sim = h.admin
        await sim.say("/campaigns update 1")
        await sim.say(f'{{"notes": "{TYPED}"}}')
        assert "Preview" in (sim.last_text or ""), sim.last_text
        assert in_data_dir(h.data_dir, TYPED), "the flow keeps what was typed while it runs"
        await until(lambda: not in_data_dir(h.data_dir, TYPED), timeout=TTL + 10)
        pressed = await sim.press("✅ Confirm: Update a campaign")
        text = alert_text(pressed)
        assert "expired" in text, text
        assert h.tracker_calls("PUT") == 0

        await sim.say("/campaigns update 2")
        assert "JSON" in (sim.last_text or "")
        await asyncio.sleep(TTL + 0.5)
        await sim.say('{"notes": "too late"}')
        assert "expired" in (sim.last_text or ""), sim.last_text
        assert "Preview" not in (sim.last_text or "")
        await sim.say('{"notes": "still too late"}')  # told once; then no flow at all
        assert "expired" not in (sim.last_text or ""), sim.last_text
        assert h.tracker_calls("PUT") == 0

        ru = h.user(ADMIN, lang="ru")
        await ru.say("/campaigns update 3")
        await asyncio.sleep(TTL + 0.5)
        await ru.say('{"notes": "поздно"}')
        assert "истекла" in (ru.last_text or ""), ru.last_text


async def test_redis_keeps_a_conversation_no_longer_than_flow_ttl(tmp_path: Path) -> None:
    """With Redis the flow's data key lives FLOW_TTL seconds from the last answer, its step
    a day longer (only so that the person is told the flow expired); both go by themselves."""
    with redis_server(tmp_path) as url:
        async with running_bot(tmp_path, redis_url=url, flow_ttl=TTL) as h:
            sim = h.admin
            await sim.say("/campaigns update 1")
            await sim.say(f'{{"notes": "{TYPED}"}}')
            assert "Preview" in (sim.last_text or "")
            redis = h.services.storage.redis  # type: ignore[attr-defined]
            keys = {k.decode(): await redis.ttl(k) for k in await redis.keys("fsm:*")}
            data = [ttl for key, ttl in keys.items() if key.endswith(":data")]
            state = [ttl for key, ttl in keys.items() if key.endswith(":state")]
            assert data and all(0 < ttl <= TTL for ttl in data), keys
            assert state and all(24 * 3600 < ttl <= 24 * 3600 + TTL for ttl in state), keys
            deadline = asyncio.get_running_loop().time() + TTL + 10
            while [k async for k in redis.scan_iter("fsm:*:data")]:
                assert asyncio.get_running_loop().time() < deadline, "data key never expired"
                await asyncio.sleep(0.1)
            pressed = await sim.press("✅ Confirm: Update a campaign")
            assert "expired" in alert_text(pressed)
            assert h.tracker_calls("PUT") == 0


async def test_a_write_left_pending_is_marked_while_the_bot_runs(tmp_path: Path) -> None:
    """A journal entry left `pending` by a process that died mid-write (another process
    sharing the journal, or this one before a restart) is marked `interrupted` by the running
    bot once it is older than the client's timeout and the grace, without waiting for a
    restart; a young pending entry is left alone."""
    async with running_bot(tmp_path, flow_ttl=TTL) as h:
        audit = h.services.audit
        long_ago = (datetime.now(UTC) - timedelta(seconds=600)).isoformat(timespec="seconds")

        def entry(ts: str) -> AuditEntry:
            return AuditEntry(ts=ts, user_id=ADMIN, action="campaigns.disable", danger="write",
                              method="POST", url="http://tracker/admin_api/v1/campaigns/1")

        old = await audit.begin(entry(long_ago))
        young = await audit.begin(entry(datetime.now(UTC).isoformat(timespec="seconds")))
        deadline = asyncio.get_running_loop().time() + TTL + 10
        while True:
            outcomes = {e.id: (e.outcome, e.error) for e in await audit.last(10)}
            if outcomes[old][0] != "pending":
                break
            assert asyncio.get_running_loop().time() < deadline, "never marked on a timer"
            await asyncio.sleep(0.1)
        assert outcomes[old] == ("interrupted", INTERRUPTED)
        assert outcomes[young] == ("pending", None)
