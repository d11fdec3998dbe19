"""Unbounded reads (issue 13, finding 4).

A viewer's `/clicks log 30d {"limit": 100000000}` made the bot read 180k rows into memory
(1 GB). Now an interactive read asks the tracker for at most `KEITARO_MAX_ROWS` rows, keeps at
most that many when a tracker sends more, and reads at most `KEITARO_MAX_ANSWER_MB` of any
answer (refused with a clear error past it, also when the answer never ends); the reply says
the limit and offers "All rows", the paged CSV export, as the way to everything.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

from bot.keitaro.client import KeitaroClient
from keitaro_sandbox import ManualClock, Sandbox
from tests.harness import API_KEY, POSTBACK_KEY, VIEWER, keitaro_settings, result_of, running_bot
from tests.sandbox_fixtures import NOW

ROW = {"click_id": "3f2a9c1b7e", "datetime": "2026-11-19 12:00:00", "campaign": "FB CA Crypto",
       "country": "CA", "ip": "93.184.216.34", "revenue": 0}
ALL_TIME = {"range": {"from": "2025-01-01", "to": "2030-12-31"}}


@asynccontextmanager
async def ignoring_tracker(rows: int | None) -> AsyncIterator[tuple[str, dict[str, int]]]:
    """A tracker that ignores `limit`: `clicks/log` answers `rows` rows (None: rows without
    end, streamed chunk by chunk, until the client goes away). Yields its URL and a tally of
    the bytes it managed to send."""
    sent = {"bytes": 0}

    async def clicks_log(request: web.Request) -> web.StreamResponse:
        await request.read()
        if rows is not None:
            body = json.dumps({"rows": [ROW] * rows, "total": rows}).encode()
            return web.Response(body=body, content_type="application/json")
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = (json.dumps(ROW) + ",").encode() * 200
        try:
            await response.write(b'{"rows": [')
            while sent["bytes"] < 128 * 2**20:  # a safety stop for a client that reads on
                await response.write(chunk)
                sent["bytes"] += len(chunk)
        except (ConnectionResetError, RuntimeError):
            pass  # the client stopped reading and closed the connection
        return response

    app = web.Application()
    app.router.add_post("/admin_api/v1/clicks/log", clicks_log)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", sent
    finally:
        await runner.cleanup()


async def test_a_viewer_asking_for_a_hundred_million_rows_gets_the_cap_and_all_rows(
    tmp_path: Path,
) -> None:
    """The tracker is asked for 1,000 rows (the default cap), not 100,000,000; the reply says
    so and offers 📥 All rows, which pages through every row into a CSV. A log read by
    `limit=` is capped the same way."""
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=3000)
    async with running_bot(tmp_path, sandbox=sandbox) as h:
        viewer = h.user(VIEWER)
        text = await result_of(h, viewer, viewer.say('/clicks log 30d {"limit": 100000000}'))
        assert text.startswith("✅"), text
        asked = [r.body["limit"] for r in sandbox.matching("POST", r"/clicks/log$")]
        assert asked == [1000]
        assert "1,000 rows" in text and "100,000,000" in text, text
        assert "All rows" in text, text
        assert any("All rows" in label for row in viewer.buttons() for label in row)

        await viewer.say("/help")  # the reply's own files (the 1,000 rows) are sent by now
        mark = len(h.tg.calls)
        await viewer.press("📥 All rows (CSV)", answers=2)
        await viewer.say("/help")
        documents = [c for c in h.tg.calls[mark:] if c.method == "sendDocument" and c.ok]
        assert len(documents) == 1
        message = next(m for m in reversed(viewer.messages) if m.document)
        assert message.document is not None
        rows = list(csv.DictReader(io.StringIO(message.document.data.decode("utf-8-sig"))))
        total = int(re.search(r"Rows 1–10 of ([\d,]+)", text).group(1).replace(",", ""))  # type: ignore[union-attr]
        assert total > 1000
        assert len(rows) == total and len({r["click_id"] for r in rows}) == total
        pages = [r.body["limit"] for r in sandbox.matching("POST", r"/clicks/log$")][1:]
        assert pages and max(pages) <= 5000  # the export pages; no page asks for it all

        await result_of(h, viewer, viewer.say("/logs get system limit=100000000"))
        logs = sandbox.matching("GET", r"/logs/system$")
        assert [r.query["limit"] for r in logs] == ["1000"]


async def test_rows_past_the_cap_are_not_kept_when_the_tracker_ignores_the_limit() -> None:
    """A tracker (or a proxy) that sends 1,500 rows for a limit of 100: the client keeps
    1,000 (the cap) and says how many it was sent."""
    async with ignoring_tracker(1500) as (url, _):
        client = KeitaroClient(keitaro_settings(url))
        try:
            envelope = await client.execute("clicks.log", dict(ALL_TIME))
        finally:
            await client.close()
    assert envelope.success
    assert len(envelope.data["rows"]) == 1000
    assert envelope.row_limit is not None
    assert (envelope.row_limit.cap, envelope.row_limit.received) == (1000, 1500)


async def test_an_answer_without_end_is_refused_at_the_byte_cap() -> None:
    """An answer that never ends (a tracker streaming rows regardless of the limit) is read
    up to `KEITARO_MAX_ANSWER_MB` and refused as too large: before, the client read until its
    timeout, holding all of it."""
    async with ignoring_tracker(None) as (url, sent):
        client = KeitaroClient(keitaro_settings(url, max_answer_mb=1, timeout=20.0))
        try:
            envelope = await client.execute("clicks.log", dict(ALL_TIME))
        finally:
            await client.close()
    assert not envelope.success and envelope.error is not None
    assert envelope.error.kind.value == "too_large", envelope.error
    assert "1 MB" in envelope.error.message
    assert not envelope.error.uncertain  # a read: nothing changed on the tracker
    assert sent["bytes"] < 64 * 2**20  # it stopped reading long before the safety stop


async def test_a_large_answer_gets_a_clear_reply_with_the_way_to_every_row(
    tmp_path: Path,
) -> None:
    """An answer announced larger than the cap (Content-Length) is refused before it is read;
    the person is told the size limit and offered 📥 All rows (pages of bounded size)."""
    async with running_bot(tmp_path, keitaro={"max_answer_mb": 1}) as h:
        big = json.dumps({"rows": [ROW] * 20_000, "total": 20_000})
        assert len(big) > 2**20
        h.sandbox.faults.add("POST", r"/clicks/log$", status=200, body=big,
                             content_type="application/json")
        viewer = h.user(VIEWER)
        text = await result_of(h, viewer, viewer.say("/clicks log 30d"))
        assert text.startswith("❌"), text
        assert "larger than 1 MB" in text, text
        assert "All rows" in text, text
        assert any("All rows" in label for row in viewer.buttons() for label in row)
        ru = h.user(VIEWER, lang="ru")
        h.sandbox.faults.add("POST", r"/clicks/log$", status=200, body=big,
                             content_type="application/json")
        text = await result_of(h, ru, ru.say("/clicks log 30d"))
        assert "слишком велик" in text and "Все строки" in text, text
