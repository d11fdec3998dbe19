"""Reports as rich tables and inline sharing (issue 21, points 1 and 5), through the real
dispatcher, the fake Bot API (which checks every rich message against aiogram's types and
Telegram's limits) and the sandbox tracker, in English and Russian; and their plain form
where rich messages are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from telegram_fake import FakeTelegram
from telegram_fake.calls import Call
from tests.harness import (
    ADMIN,
    BOT_TOKEN,
    STRANGER,
    Harness,
    result_of,
    running_bot,
    until,
)
from tests.test_rich_messages import kinds, rich_calls, within_limits

HEADS = {  # lang: the grouping column, the totals row, the column the report is sorted by
    "en": ("Campaign", "Σ Total", "Revenue ↓", "Rows 1–8 of 8"),
    "ru": ("Кампания", "Σ Итого", "Доход ↓", "Строки 1–8 из 8"),
}


def text_of(cell: dict[str, Any]) -> str:
    value = cell["text"]
    return value if isinstance(value, str) else FakeTelegram.visible_text(Call(
        "sendRichMessage", {"rich_message": {"blocks": [{"type": "paragraph",
                                                         "text": value}]}}))


def table_of(call: Call) -> list[list[str]]:
    [table] = [b for b in call.params["rich_message"]["blocks"] if b["type"] == "table"]
    return [[text_of(c) for c in row] for row in table["cells"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_report_is_one_rich_table(tmp_path: Path, lang: str) -> None:
    """A report: the period as a heading, which rows in what order, then one table: the
    grouping column and the metrics a buyer reads together that fit a phone, the sorted one
    marked in the header row, every row numbered as its button, a totals row. Sorting and
    paging redraw it in place (editMessageText with the rich message); every row still opens
    its entity; the period buttons edit it too."""
    grouping, totals, sorted_by, span = HEADS[lang]
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        mark = len(h.tg.calls)
        await result_of(h, sim, sim.say("/reports by_campaign 30d"))
        [call] = [c for c in rich_calls(h, mark) if "table" in kinds(c)]
        assert within_limits(call)
        assert kinds(call)[:4] == ["heading", "paragraph", "divider", "heading"], kinds(call)
        blocks = call.params["rich_message"]["blocks"]
        assert blocks[3]["text"] == "📅 2026-10-17 – 2026-11-15"
        assert text_of(blocks[4]).startswith(span)
        rows = table_of(call)
        header, body, last = rows[0], rows[1:-1], rows[-1]
        assert header[0] == grouping and sorted_by in header and 5 <= len(header) <= 8, header
        assert last[0] == totals and len(body) == 8
        cells = call.params["rich_message"]["blocks"][5]["cells"]
        assert all(c.get("is_header") for c in cells[0] + cells[-1])
        assert all(c["align"] == "right" for row in cells[1:] for c in row[1:])
        # revenue, the tracker's order: rows by revenue, most first
        revenue = header.index(sorted_by)
        values = [float(r[revenue].replace(" ", "")) for r in body]
        assert values == sorted(values, reverse=True)
        labels = [b for row in sim.buttons() for b in row]
        for n, row in enumerate(body, 1):  # each row's button says its number and name
            assert any(b.rstrip("…") and row[0].startswith(b.rstrip("…")) for b in labels
                       if b.startswith(f"{n}. ")), (row, labels)
        assert sorted_by in labels  # the order shown is its column's button (the other way)
        sets = ("💰 Money", "📈 Traffic", "📋 More", "💰 Деньги", "📈 Трафик", "📋 Ещё")
        assert not set(labels) & set(sets)  # the table shows every set: none to switch
        # sort by profit: the table redrawn in place, profit marked
        profit = "↕ Profit" if lang == "en" else "↕ Прибыль"
        mark = len(h.tg.calls)
        await sim.press(profit)
        [view] = rich_calls(h, mark)
        assert view.method == "editMessageText" and within_limits(view)
        header = table_of(view)[0]
        column = header.index(profit[2:] + " ↓")
        values = [float(r[column].replace(" ", "")) for r in table_of(view)[1:-1]]
        assert values == sorted(values, reverse=True)
        # a period: the same report for yesterday, drawn in place
        mark = len(h.tg.calls)
        await sim.press("Yesterday" if lang == "en" else "Вчера")
        await h.tg.wait_call("editMessageText", after=mark,
                             where=lambda c: "table" in str(c.params.get("rich_message")))
        # a row opens its entity's card (a new rich message)
        mark = len(h.tg.calls)
        first = next(b for row in sim.buttons() for b in row if b.startswith("1. "))
        await sim.press(first)
        card = await h.tg.wait_call("sendRichMessage", after=mark)
        assert within_limits(card) and kinds(card)[0] == "heading"
        # filters in the heading, by the names they were given
        mark = len(h.tg.calls)
        await result_of(h, sim, sim.say("/reports by_offer 30d campaign=2"))
        [call] = [c for c in rich_calls(h, mark) if "table" in kinds(c)]
        where = "Campaign" if lang == "en" else "Кампания"
        assert call.params["rich_message"]["blocks"][3]["text"] == (
            f"📅 2026-10-17 – 2026-11-15 · 🔎 {where}: Google DE Keto")


async def test_a_long_report_pages_its_table_in_place(tmp_path: Path) -> None:
    """A report of more rows than a page: ten rows a table; the next page's button redraws
    the table with the next rows; the totals stay the whole report's."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        await result_of(h, sim, sim.say("/reports by_country 30d"))
        mark = len(h.tg.calls)
        nxt = next((b for row in sim.buttons() for b in row if b.endswith(" ›")), None)
        assert nxt is not None, sim.buttons()  # the sandbox has more countries than a page
        await sim.press(nxt)
        [page] = rich_calls(h, mark)
        rows = table_of(page)
        assert page.method == "editMessageText" and rows[1][0].startswith("11. ")


async def test_a_report_falls_back_to_its_phone_block(tmp_path: Path) -> None:
    """A server that refuses tables: the report is today's plain message (its phone block of
    three metrics and the set buttons), and so are its redraws."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.refuse_rich({"table"})
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        text = await result_of(h, sim, sim.say("/reports by_campaign 30d"))
        assert "Σ" in text and "|" not in text
        assert "📈 Traffic" in str(sim.buttons())
        mark = len(h.tg.calls)
        await sim.press("📈 Traffic")
        [edit] = [c for c in h.tg.calls[mark:] if c.method in (
            "sendRichMessage", "editMessageText")]
        assert edit.method == "editMessageText" and edit.ok and "rich_message" not in edit.params
        assert "Σ" in edit.params["text"] and "CR" in edit.params["text"]


async def inline(h: Harness, user: int, words: str, lang: str = "en") -> Call:
    mark = len(h.tg.calls)
    h.tg.push(h.tg.inline_query(user, words, language_code=lang))
    return await h.tg.wait_call("answerInlineQuery", after=mark, timeout=10)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_inline_sharing_offers_the_glance_and_campaign_cards(tmp_path: Path,
                                                                   lang: str) -> None:
    """`@bot keto`: today's glance and the campaigns whose name has the words, each a rich
    message (the glance's tables, the card's field/value table) within the limits, with no
    buttons; personal, cached briefly."""
    async with running_bot(tmp_path) as h:
        answer = await inline(h, ADMIN, "keto", lang)
        assert answer.ok, answer.description
        results = answer.params["results"]
        assert [r["id"] for r in results] == ["glance-today", "campaign-2"], results
        assert answer.params["is_personal"] is True
        for result in results:
            content = result["input_message_content"]
            assert "rich_message" in content and "reply_markup" not in result
            problem = __import__("telegram_fake.rich", fromlist=["measure"]).measure(
                content["rich_message"]).problem()
            assert problem is None, problem
        glance = results[0]["input_message_content"]["rich_message"]["blocks"]
        assert [b["type"] for b in glance][:2] == ["heading", "table"]
        card = results[1]["input_message_content"]["rich_message"]["blocks"]
        assert card[0] == {"type": "heading", "text": "#2 · Google DE Keto", "size": 3}
        state = ["State", "Active"] if lang == "en" else ["Состояние", "активна"]  # by meaning
        assert state in [[text_of(c) for c in row] for row in card[1]["cells"]]
        assert results[1]["title"] == "#2 · Google DE Keto"
        everything = await inline(h, ADMIN, "")
        assert len(everything.params["results"]) > 2


async def test_inline_sharing_is_plain_where_rich_is_refused(tmp_path: Path) -> None:
    """A server older than Bot API 10.1 takes no rich content in an inline answer: the bot
    answers again with the HTML of the same results, and from then on answers with HTML."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.old_server(ephemeral=False)
    async with running_bot(tmp_path, tg=tg) as h:
        mark = len(h.tg.calls)
        await inline(h, ADMIN, "keto")
        answers = [c for c in h.tg.calls[mark:] if c.method == "answerInlineQuery"]
        if len(answers) == 1:  # the second is still on its way
            answers.append(await h.tg.wait_call("answerInlineQuery", after=answers[0].index + 1))
        assert [c.ok for c in answers] == [False, True]
        contents = [r["input_message_content"] for r in answers[1].params["results"]]
        assert all("message_text" in c and "rich_message" not in c for c in contents)
        assert "Google DE Keto" in contents[1]["message_text"]
        again = await inline(h, ADMIN, "keto")
        assert again.ok and "message_text" in again.params["results"][0]["input_message_content"]


async def test_inline_sharing_is_off_for_strangers(tmp_path: Path) -> None:
    """A stranger's inline query gets an empty answer and reads nothing of the tracker."""
    async with running_bot(tmp_path) as h:
        before = h.tracker_calls()
        answer = await inline(h, STRANGER, "keto")
        assert answer.ok and answer.params["results"] == []
        assert h.tracker_calls() == before
        polls = [c for c in h.tg.calls if c.method == "getUpdates"]
        assert "inline_query" in polls[-1].params["allowed_updates"]  # asked of Telegram


def preview_call(h: Harness, after: int) -> Call:
    return next(c for c in rich_calls(h, after) if "table" in kinds(c))


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_preview_is_a_table_of_before_and_after(tmp_path: Path, lang: str) -> None:
    """A preview: its title as a heading, the change as a table (field, before, after) with
    a header row, an unchanged field said so; an array's items added (+, bold) and removed
    (−, struck through) marked; the request and how to confirm under it. The result of the
    Confirm keeps its verdict line on top and its envelope in a closed details block."""
    head = {"en": ["Field", "Before", "After"], "ru": ["Поле", "Было", "Станет"]}[lang]
    same = {"en": "(unchanged)", "ru": "(без изменений)"}[lang]
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        mark = len(h.tg.calls)
        await sim.say('/campaigns update 2 {"name": "Keto 2", "cost_value": 0.7, '
                      '"state": "active"}')
        call = preview_call(h, mark)
        assert within_limits(call) and kinds(call)[0] == "heading"
        rows = table_of(call)
        assert rows[0] == head and ["Google DE Keto", "Keto 2"] in [r[1:] for r in rows]
        assert ["0.6", "0.7"] in [r[1:] for r in rows] and same in [r[2] for r in rows]
        cells = next(b for b in call.params["rich_message"]["blocks"]
                     if b["type"] == "table")["cells"]
        assert all(c.get("is_header") for c in cells[0])
        assert "PUT /campaigns/2" in FakeTelegram.visible_text(call)
        mark = len(h.tg.calls)
        done = await result_of(h, sim, sim.press(next(
            b for row in sim.buttons() for b in row if b.startswith("✅"))))
        [result] = [c for c in rich_calls(h, mark) if c.params["rich_message"]["blocks"][
            0]["type"] == "heading"]
        assert done.startswith("✅") and kinds(result)[-1] == "details"
        assert "is_open" not in result.params["rich_message"]["blocks"][-1]
        # an array: one filter goes, another comes
        h.sandbox.state.streams[4]["filters"] = [{"id": 90, "stream_id": 4, "name": "referrer",
                                                  "mode": "accept", "oid": 1,
                                                  "payload": "https://ref.example/"}]
        mark = len(h.tg.calls)
        await sim.say('/filters replace 4 [{"name": "country", "mode": "accept", '
                      '"payload": ["PL"]}]')
        call = preview_call(h, mark)
        table = next(b for b in call.params["rich_message"]["blocks"] if b["type"] == "table")
        marks = {text_of(row[0]): row for row in table["cells"][1:]}
        assert "+" in marks and "−" in marks, list(marks)
        assert marks["+"][2]["text"]["type"] == "bold"
        assert marks["−"][1]["text"]["type"] == "strikethrough"
        assert "referrer" in text_of(marks["−"][1]) and "country" in text_of(marks["+"][2])


async def test_a_preview_is_plain_where_rich_is_refused(tmp_path: Path) -> None:
    """Tables refused: the preview is today's lines (`State: Active → Paused`)."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.refuse_rich({"table"})
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        await sim.say("/campaigns disable 3")
        text = await until(h, sim, lambda x: "Preview" in x, after=0)
        assert "State: Active → Paused" in text and "|" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_glance_is_rich_tables(tmp_path: Path, lang: str) -> None:
    """/today: its title as a heading, each metric now and how it moved as a table, the
    campaigns losing and making most as tables; its period buttons redraw it in place."""
    cost = {"en": "Cost", "ru": "Расход"}[lang]
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        mark = len(h.tg.calls)
        await sim.say("/today")
        call = await h.tg.wait_call("sendRichMessage", after=mark)
        assert within_limits(call) and kinds(call)[:2] == ["heading", "table"], kinds(call)
        rows = table_of_first(call)
        assert len(rows) == 7 and rows[1][0] == cost and len(rows[0]) == 3
        mark = len(h.tg.calls)
        await sim.press("Yesterday" if lang == "en" else "Вчера")
        again = await h.tg.wait_call("editMessageText", after=mark)
        assert "rich_message" in again.params and within_limits(again)


def table_of_first(call: Call) -> list[list[str]]:
    table = next(b for b in call.params["rich_message"]["blocks"] if b["type"] == "table")
    return [[text_of(c) for c in row] for row in table["cells"]]
