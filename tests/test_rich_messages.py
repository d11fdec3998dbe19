"""Rich replies (Bot API 10.1) through the real dispatcher, the fake Bot API and the sandbox.

Cards, results (their envelope in a closed details block), digests and alerts are rich
messages in English and Russian, within Telegram's limits (the fake checks every one against
aiogram's types and the limits); a Bot API server that does not know rich messages, or refuses
one, gets the plain reply of before, and only plain replies after that; RICH_MESSAGES=off
sends plain replies only; whatever is sent is scrubbed of secrets.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramBadRequest

from bot.render.rich import Doc, Paragraph, Table, cells, fits, measure
from bot.reply import Replies, Reply
from telegram_fake import FakeTelegram
from telegram_fake.calls import Call
from telegram_fake.rich import measure as measure_sent
from tests.harness import (
    ADMIN,
    API_KEY,
    BOT_TOKEN,
    TEXT_METHODS,
    Harness,
    result_of,
    running_bot,
    without_details,
)
from tests.reliability.leaks import leaks

RICH = ("sendRichMessage", "editMessageText", "editEphemeralMessageText")


def rich_calls(h: Harness, after: int) -> list[Call]:
    """Rich messages sent or drawn in place since call `after` (and accepted)."""
    return [c for c in h.tg.calls[after:] if c.ok and c.method in RICH
            and isinstance(c.params.get("rich_message"), dict)]


def kinds(call: Call) -> list[str]:
    return [str(b["type"]) for b in call.params["rich_message"]["blocks"]]


def within_limits(call: Call) -> bool:
    return measure_sent(call.params["rich_message"]).problem() is None


WORDS = {  # lang: (a card's field, the request's summary, a digest's column)
    "en": ("State: Active", "▸ ℹ️ Request · ", "Total"),
    "ru": ("Состояние: активна", "▸ ℹ️ Запрос · ", "Итого"),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_results_are_rich_messages(tmp_path: Path, lang: str) -> None:
    """A card is a two-column table under the result's verdict; a list, a log page, an error
    and a write's outcome keep their lines; every result ends with its envelope in a closed
    details block; pages and a report's sort redraw the rich message in place."""
    field, summary, _ = WORDS[lang]
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        mark = len(h.tg.calls)
        card = await result_of(h, sim, sim.say("/campaigns get 2"))
        [call] = rich_calls(h, mark)
        assert call.method == "sendRichMessage" and within_limits(call)
        shown = kinds(call)  # verdict, request line, its numbers (tables), then the fields
        assert shown[:3] == ["heading", "paragraph", "table"], shown
        assert shown[-4:] == ["divider", "table", "paragraph", "details"], shown
        numbers = call.params["rich_message"]["blocks"][2]["cells"]
        assert len(numbers) == 7 and len(numbers[0]) == 4  # metrics by today, yesterday, 7d
        table = call.params["rich_message"]["blocks"][-3]
        assert all(row[0].get("is_header") and len(row) == 2 for row in table["cells"])
        details = call.params["rich_message"]["blocks"][-1]
        assert "is_open" not in details  # closed: one tap away
        assert card.startswith("✅ ") and field in card and f"\n{summary}campaigns · get" in card
        assert "ℹ️" not in " ".join(b for row in sim.buttons() for b in row)  # no second message
        for line in ("/campaigns list", "/campaigns get 999", "/clicks log 30d"):
            mark = len(h.tg.calls)
            text = await result_of(h, sim, sim.say(line))
            [call] = rich_calls(h, mark)
            assert within_limits(call) and kinds(call)[-1] == "details", (line, kinds(call))
            assert f"\n{summary}" in text and text.startswith(("✅", "❌")), text
        assert call.method == "editMessageText"  # the log replaced its "loading…" message
        mark = len(h.tg.calls)
        await sim.press(next(b for row in sim.buttons() for b in row if b.endswith(" ›")))
        [page] = rich_calls(h, mark)
        assert page.method == "editMessageText" and "Rows 11–" in FakeTelegram.visible_text(
            page).replace("Строки", "Rows")
        await result_of(h, sim, sim.say("/reports by_campaign 30d"))
        mark = len(h.tg.calls)
        await sim.press(next(b for row in sim.buttons() for b in row if b.startswith("↕ ")))
        [view] = rich_calls(h, mark)
        assert view.method == "editMessageText" and kinds(view)[-1] == "details"
        # a write: the outcome under the verdict, the entity as a table
        await sim.say("/campaigns disable 2")
        mark = len(h.tg.calls)
        done = await result_of(h, sim, sim.press(next(
            b for row in sim.buttons() for b in row if b.startswith("✅"))))
        [call] = rich_calls(h, mark)
        assert "table" in kinds(call) and done.startswith("✅")
        assert ("State: Active → Paused" if lang == "en" else "Состояние: активна → остановлена"
                ) in without_details(done)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_digest_and_alerts_are_rich_messages(tmp_path: Path, lang: str) -> None:
    """A digest is one rich message: its summary table, the chart as a picture uploaded with
    it, the top rows with a totals row. A burst of conversions is a short rich message with a
    table of them; a threshold alert is a short one too."""
    _, _, total = WORDS[lang]
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        await sim.say("/digest add daily 09:00 UTC campaign 7d")
        mark = len(h.tg.calls)
        await sim.say("/digest now 1", answers=2)
        [digest] = rich_calls(h, mark)
        assert kinds(digest)[:5] == ["heading", "paragraph", "table", "photo", "table"]
        assert within_limits(digest) and not [c for c in h.tg.calls[mark:]
                                              if c.method == "sendPhoto"]
        sent = digest.result["rich_message"]["blocks"]
        assert sent[3]["photo"][-1]["width"] == 800  # uploaded with the message
        top = sent[4]["cells"]
        assert all(cell.get("is_header") for cell in top[0] + top[-1])  # header, totals
        assert top[-1][0]["text"] == "Σ" and total in FakeTelegram.visible_text(digest)
        # conversions: several make a table; a threshold rule a short message
        notifier, clock = h.services.notifier, h.sandbox.clock
        await sim.say("/alerts add conversions")
        await sim.say("/alerts add down")
        clock.advance(minutes=1)
        for n in range(3):
            h.sandbox.add_conversion(100 + n, status="sale", revenue=10.0 + n)
        clock.advance(seconds=5)
        mark = len(h.tg.calls)
        assert await notifier.run_conversion_alerts(h.bot, clock()) == 3
        [alert] = rich_calls(h, mark)
        assert kinds(alert) == ["paragraph", "table"] and within_limits(alert)
        assert len(alert.params["rich_message"]["blocks"][1]["cells"]) == 1 + 3
        # the round's one read (the rules' report) is the probe; a report is read again once
        h.sandbox.faults.add("POST", r"/report/build$", status=503, body="down", times=4)
        assert await notifier.run_rules(h.bot, clock()) == 0  # once is not "down" yet
        mark = len(h.tg.calls)
        assert await notifier.run_rules(h.bot, clock()) == 1
        [rule] = rich_calls(h, mark)
        assert kinds(rule) == ["paragraph"] and within_limits(rule)
        assert FakeTelegram.visible_text(rule).startswith("🔴")


async def test_an_older_server_gets_plain_replies_from_then_on(tmp_path: Path) -> None:
    """A Bot API server older than 10.1 answers sendRichMessage "method not found" and does
    not read `rich_message` on an edit: the user gets the plain reply of before (with its
    ℹ️ Request button), and later replies go plain at once, sent or edited."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.old_server(ephemeral=False)
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        mark = len(h.tg.calls)
        text = await result_of(h, sim, sim.say("/campaigns get 2"))
        tried = [(c.method, c.ok) for c in h.tg.calls[mark:] if c.method in TEXT_METHODS]
        assert tried == [("sendRichMessage", False), ("sendMessage", True)], tried
        assert text.startswith("✅ Campaign #2") and "State: Active" in text and "▸" not in text
        assert ["📎 JSON", "ℹ️ Request"] in sim.buttons()
        for line in ("/campaigns get 3", "/clicks log 30d"):
            mark = len(h.tg.calls)
            await result_of(h, sim, sim.say(line))
            assert not [c for c in h.tg.calls[mark:] if "rich_message" in c.params
                        or c.method == "sendRichMessage"], line
        await sim.say("/digest add daily 09:00 UTC campaign 7d")
        mark = len(h.tg.calls)
        await sim.say("/digest now 1", answers=3)
        assert [c.method for c in h.tg.calls[mark:] if c.ok and c.method.startswith("send")
                ] == ["sendMessage", "sendMessage", "sendPhoto"]  # building…, text, chart


async def test_an_older_server_met_on_an_edit(tmp_path: Path) -> None:
    """The first rich reply is an edit (a log replaces its "loading…"): an older server finds
    no text in it; the same message is edited into the plain reply, and the next reply goes
    plain at once."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.old_server(ephemeral=False)
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        mark = len(h.tg.calls)
        text = await result_of(h, sim, sim.say("/clicks log 30d"))
        edits = [(c.ok, "rich_message" in c.params) for c in h.tg.calls[mark:]
                 if c.method == "editMessageText"]
        assert edits == [(False, True), (True, False)], edits
        assert "message text is empty" in str(next(
            c.description for c in h.tg.calls[mark:] if c.method == "editMessageText"))
        assert text.startswith("✅") and len([m for m in sim.messages if m.text]) == 1
        mark = len(h.tg.calls)
        await result_of(h, sim, sim.say("/campaigns get 2"))
        assert [c.method for c in h.tg.calls[mark:] if c.method in TEXT_METHODS] == [
            "sendMessage"]


async def test_refused_rich_content_is_sent_plain(tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A server that refuses a construct (RICH_VALIDATE_CTOR_NOT_ALLOWED, here tables): the
    plain reply goes instead, once said in the log, and later replies go plain."""
    tg = FakeTelegram(token=BOT_TOKEN)
    tg.refuse_rich({"table"})
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        mark = len(h.tg.calls)
        with caplog.at_level(logging.WARNING, logger="bot.reply"):
            text = await result_of(h, sim, sim.say("/campaigns get 2"))
            await result_of(h, sim, sim.say("/campaigns list"))
        refused = [c for c in h.tg.calls[mark:] if c.method == "sendRichMessage"]
        assert len(refused) == 1 and "RICH_VALIDATE_CTOR_NOT_ALLOWED" in str(
            refused[0].description)
        assert text.startswith("✅ Campaign #2") and "ℹ️ Request" in str(sim.buttons())
        assert sum("plain messages from now on" in r.getMessage() for r in caplog.records) == 1


async def test_rich_messages_off(tmp_path: Path) -> None:
    """RICH_MESSAGES=off: plain replies only, none tried rich."""
    async with running_bot(tmp_path, rich_messages="off") as h:
        sim = h.admin
        await result_of(h, sim, sim.say("/campaigns get 2"))
        await result_of(h, sim, sim.say("/clicks log 30d"))
        assert not [c for c in h.tg.calls if c.method == "sendRichMessage"
                    or "rich_message" in c.params]
        assert "ℹ️ Request" in str(sim.buttons())


async def test_limits_are_checked_before_sending(tmp_path: Path) -> None:
    """A reply past Telegram's limits (here 600 table rows, 500 blocks at most) is not tried
    rich: its plain form goes; `paged` splits such a table into tables that fit."""
    from bot.render.rich import paged

    tg = FakeTelegram(token=BOT_TOKEN)
    async with tg.running() as url:
        from bot.app import create_bot

        bot = create_bot(BOT_TOKEN, api_url=url)
        try:
            big = Table(rows=tuple(cells(f"row {n}", str(n)) for n in range(600)),
                        header=cells("Name", "Clicks"))
            document = Doc((big,))
            assert not fits(document) and measure(document).blocks == 602
            replies = Replies()
            sent = await replies.send(bot, ADMIN, Reply("<b>plain</b>", doc=document))
            assert not sent.rich and [c.method for c in tg.calls] == ["sendMessage"]
            pages = paged(big, 400)
            assert [len(p.rows) for p in pages] == [400, 200]
            assert all(fits(Doc((p,))) and p.header == big.header for p in pages)
            assert (await replies.send(bot, ADMIN, Reply("x", doc=Doc((pages[0],))))).rich
        finally:
            await bot.session.close()


async def test_a_secret_in_rich_content_goes_nowhere(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """The API key in a campaign's name: scrubbed from every call, rich blocks at any depth
    (a card's table, a list, a report, a digest's rows, an alert's table) and inline results
    included; the request in the details block shows the key masked."""
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path) as h:
        h.sandbox.state.campaigns[3]["name"] = f"TikTok {API_KEY}"
        sim = h.admin
        for line in ("/campaigns get 3", "/campaigns list", "/reports by_campaign 30d"):
            text = await result_of(h, sim, sim.say(line))
            assert API_KEY not in text and "Api-Key: kt-a…••••" in text, text
        await sim.say("/digest add daily 09:00 UTC campaign 7d")
        await sim.say("/digest now 1", answers=2)
        await sim.say("/alerts add conversions")
        h.sandbox.clock.advance(minutes=1)
        for n in range(3):  # click 100… of campaign 3? the alert lists whatever came
            h.sandbox.add_conversion(100 + n, status="sale", revenue=10.0)
        h.sandbox.clock.advance(seconds=5)
        await h.services.notifier.run_conversion_alerts(h.bot, h.sandbox.clock())
        mark = len(h.tg.calls)  # inline sharing: the campaign's card as a rich result
        h.tg.push(h.tg.inline_query(ADMIN, "tiktok"))
        shared = await h.tg.wait_call("answerInlineQuery", after=mark, timeout=10)
        assert shared.ok and "campaign-3" in [r["id"] for r in shared.params["results"]]
        assert "rich_message" in shared.params["results"][-1]["input_message_content"]
        assert rich_calls(h, 0)
    found = leaks(tg=h.tg, records=caplog.records, data_dir=tmp_path / "data")
    assert not found, found


async def test_a_refusal_that_is_not_about_rich_content_is_raised(tmp_path: Path) -> None:
    """A 400 about something else (a chat that does not exist) is not taken for a server
    without rich messages: it is raised, and rich replies go on."""
    tg = FakeTelegram(token=BOT_TOKEN, require_known_chats=True)
    async with tg.running() as url:
        from bot.app import create_bot

        bot = create_bot(BOT_TOKEN, api_url=url)
        replies = Replies()
        try:
            with pytest.raises(TelegramBadRequest, match="chat not found"):
                await replies.send(bot, 777, Reply("x", doc=Doc((Paragraph("x"),))))
            assert replies.rich_for(bot)
        finally:
            await bot.session.close()


async def test_what_a_server_cannot_take_is_remembered_for_that_server_only() -> None:
    """One `Replies` for two Bot API servers: the older one gets plain messages from its
    first refusal on; the other keeps getting rich ones."""
    from bot.app import create_bot

    old, new = FakeTelegram(token=BOT_TOKEN), FakeTelegram(token=BOT_TOKEN)
    old.old_server()
    replies = Replies()
    reply = Reply("<b>plain</b>", doc=Doc((Paragraph("rich"),)))
    async with old.running() as old_url, new.running() as new_url:
        to_old = create_bot(BOT_TOKEN, api_url=old_url)
        to_new = create_bot(BOT_TOKEN, api_url=new_url)
        try:
            assert not (await replies.send(to_old, ADMIN, reply)).rich
            assert not (await replies.send(to_old, ADMIN, reply)).rich
            assert (await replies.send(to_new, ADMIN, reply)).rich
        finally:
            await to_old.session.close()
            await to_new.session.close()
    assert [c.method for c in old.calls] == ["sendRichMessage", "sendMessage", "sendMessage"]
    assert [c.method for c in new.calls] == ["sendRichMessage"]
    assert not replies.rich_for(to_old) and replies.rich_for(to_new)
