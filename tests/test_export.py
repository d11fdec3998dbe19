"""Streaming CSV exports: every row, bounded parts, nothing kept after a failure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.csv_export import export_csv
from bot.keitaro.catalog import CATALOG
from bot.keitaro.client import KeitaroClient
from keitaro_sandbox import ManualClock, Sandbox
from tests.harness import API_KEY, POSTBACK_KEY, Harness, keitaro_settings, result_of
from tests.sandbox_fixtures import NOW

ALL_TIME = {"range": {"from": "2025-01-01", "to": "2030-12-31"}}


def read_rows(paths: list[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in paths:
        rows += list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return rows


async def test_export_pages_every_row_into_parts(tmp_path: Path) -> None:
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=2500)
    async with sandbox.running() as url:
        client = KeitaroClient(keitaro_settings(url))
        try:
            result = await export_csv(client, CATALOG["clicks.log"], ALL_TIME, tmp_path,
                                      page_size=700, part_limit=60_000)
        finally:
            await client.close()
    assert result.error is None
    assert result.rows == result.total == 2500
    assert result.pages == 4
    assert len(result.files) > 1
    assert all(p.stat().st_size <= 60_000 for p in result.files)
    assert result.files[0].name == f"clicks-log-1-of-{len(result.files)}.csv"
    rows = read_rows(result.files)
    assert len(rows) == 2500
    assert len({r["click_id"] for r in rows}) == 2500  # no row lost or repeated
    offsets = [r.body["offset"] for r in sandbox.matching("POST", r"/clicks/log$")]
    assert offsets == [0, 700, 1400, 2100]


async def test_export_failure_keeps_no_file(tmp_path: Path) -> None:
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=2000)
    sandbox.faults.add("POST", r"/conversions/log$", status=500, body="boom", skip=1)
    async with sandbox.running() as url:
        client = KeitaroClient(keitaro_settings(url))
        try:
            result = await export_csv(client, CATALOG["conversions.log"], ALL_TIME, tmp_path,
                                      page_size=20)
        finally:
            await client.close()
    assert result.error is not None and result.error.status == 500
    assert result.rows == 20 and result.files == []
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240 - a test's own temp dir


async def test_export_button_sends_all_rows(harness: Harness) -> None:
    sim = harness.admin
    text = await result_of(harness, sim, sim.say('/clicks log 30d {"limit": 20}'))
    assert text.startswith("✅")
    mark = len(harness.tg.calls)
    await sim.press("📥 All rows (CSV)", answers=2)
    await sim.say("/help")
    documents = [c for c in harness.tg.calls[mark:] if c.method == "sendDocument" and c.ok]
    assert len(documents) == 1
    message = next(m for m in reversed(harness.tg.messages[sim.chat_id]) if m.document)
    assert message.document is not None
    rows = list(csv.DictReader(io.StringIO(message.document.data.decode("utf-8-sig"))))
    texts = [m.content for m in harness.tg.messages[sim.chat_id]]
    assert any(f"Exported {len(rows):,} rows" in (t or "") for t in texts)
    assert len(rows) > 20
