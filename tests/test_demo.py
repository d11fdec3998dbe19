"""The terminal demo: its in-process Bot API session and what the terminal prints."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import create_bot
from bot.settings import NotifySettings
from demo import run_demo
from demo.session import DemoSession, visible_text

TOKEN = "1000000001:demo-test-token"


async def test_session_answers_like_telegram() -> None:
    session = DemoSession(chat={"id": 1, "type": "private", "first_name": "Demo"})
    bot = create_bot(TOKEN, session=session)
    me = await bot.get_me()
    assert me.id == 1000000001 and me.is_bot
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="Go", callback_data="x")]])
    first = await bot.send_message(1, "<b>Tom &amp; Jerry</b>\n\n", reply_markup=markup)
    second = await bot.send_message(1, "plain")
    assert (first.text, second.message_id) == ("Tom & Jerry", first.message_id + 1)
    assert first.reply_markup is not None
    assert first.reply_markup.model_dump() == markup.model_dump()
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_text("<b>Tom &amp; Jerry</b>", chat_id=1,
                                    message_id=first.message_id, reply_markup=markup)
    edited = await bot.edit_message_text("<i>Tom</i>", chat_id=1, message_id=first.message_id)
    assert not isinstance(edited, bool) and edited.text == "Tom" and edited.reply_markup is None
    with pytest.raises(TelegramBadRequest, match="not found"):
        await bot.edit_message_text("gone", chat_id=1, message_id=99)
    with pytest.raises(TelegramBadRequest, match="does not offer"):
        await bot.get_chat(1)
    assert [c.name for c in session.take()] == [
        "GetMe", "SendMessage", "SendMessage", "EditMessageText", "EditMessageText",
        "EditMessageText", "GetChat"]
    assert visible_text("  <code>a &lt; b</code> ") == "a < b"


async def test_demo_prints_pictures_files_and_no_unchanged_edit(tmp_path: Path) -> None:
    script = ("/digest\n1\n1\n1\n1\n1\n1\n/digest now 1\n/clicks log 30d\n[📎 CSV]\n"
              "/offers get\n9\n/campaigns delete 2\n/quit\nnever read\n")
    out = io.StringIO()
    assert await run_demo(lang="en", role="editor", stdin=io.StringIO(script), out=out,
                          files=tmp_path / "files") == 0
    text = out.getvalue()
    assert f"Files the bot sends (CSV, JSON, ZIP, charts) are saved in {tmp_path}" in text
    assert "bot ✎ ✅ Digest #1 saved: daily at 08:00 UTC, by campaign, yesterday." in text
    # the digest is one rich message: its summary table drawn as columns, the chart inside
    digest = text.split("bot › 📊 Daily digest #1 · by campaign\n", 1)[1].split("\nyou › ")[0]
    assert re.search(r"\n +Total +vs \d{4}-\d\d-\d\d\n +Clicks +\d+ +[+−±]", digest), digest
    assert "\n      🖼 picture 800×600 Clicks, conversions and revenue" in digest, digest
    assert re.search(r"\n +# Name +Clicks Conv Revenue Profit\n +1 ", digest), digest
    rows = [line for line in digest.split("\n") if re.match(r" +(\d+|Σ) ", line)]
    assert len(rows) >= 2 and all(len(line) <= 6 + 40 for line in rows), rows
    # a result ends with its request, indented under its summary
    assert re.search(r"\n +▸ ℹ️ Request · clicks · log\n +Method +POST\n", text)
    assert re.search(r"bot › 📎 clicks-log\.csv \(\d+ bytes\)\n +→ .*clicks-log\.csv", text)
    saved = {p.name: p.read_bytes() for p in (tmp_path / "files").iterdir()}
    assert saved["digest.png"].startswith(b"\x89PNG")
    assert saved["clicks-log.csv"].startswith("\ufeff".encode()) and b"click_id" in saved[
        "clicks-log.csv"]
    assert f"→ {tmp_path / 'files' / 'digest.png'}" in text
    assert re.search(r"bot › 📎 clicks-log\.csv \(\d+ bytes\)", text)
    # the pick-list's button of the page on screen changes nothing: nothing is printed for it
    assert re.search(r"\(pressed \[9\] 1/\d+\)\n\nyou › /campaigns delete 2", text)
    assert ("Archive a campaign is not allowed for your role (editor): it needs admin"
            in text.split("you › /campaigns delete 2")[1])
    assert "never read" not in text and text.rstrip().endswith("bye")


async def test_in_the_demo_an_alert_fires_on_the_sandboxs_own_traffic(tmp_path: Path) -> None:
    """The notifier runs in the demo and the sandbox makes clicks and conversions as it
    runs: a conversion alert saved from the menu posts new conversions on its own (here
    with quicker rounds and traffic than the demo's, to keep the test short)."""
    script = "/alerts\n1\n3\n/wait 7\n/quit\n"
    out = io.StringIO()
    assert await run_demo(lang="ru", stdin=io.StringIO(script), out=out, files=tmp_path,
                          live_every=0.2, notify=NotifySettings(
                              enabled=True, tick=1, conversions_every=5, rules_every=30)) == 0
    text = out.getvalue()
    assert "✅ Оповещение #1 сохранено: новые конверсии." in text
    after = text.split("(waiting 7 s)", 1)[1]
    assert re.search(r"bot › 💰 \d+ (новая конверсия|новые конверсии|новых конверсий), доход",
                     after), after[:400]


async def test_the_demo_shows_a_glance_a_drill_down_and_an_alert_with_its_buttons(
        tmp_path: Path) -> None:
    """What a buyer does first in the demo: the day's money, a breakdown of a campaign by
    offer (its breadcrumb), and an alert that comes with buttons to act on it; buttons
    pressed by label, as a script cannot know their numbers."""
    script = ("/today\n[7 days]\n[📊 by campaign]\n[1. ]\n[📊 by offer]\n"
              "/alerts\n[➕ New alert]\n[➕ New conversions]\n/wait 7\n/quit\n")
    out = io.StringIO()
    assert await run_demo(lang="en", stdin=io.StringIO(script), out=out, files=tmp_path,
                          live_every=0.2, notify=NotifySettings(
                              enabled=True, tick=1, conversions_every=5, rules_every=30)) == 0
    text = out.getvalue()
    glance = text.split("you › /today", 1)[1]
    assert re.search(r"bot › 📊 Today so far · \d{4}-\d\d-\d\d 00:00–\d\d:\d\d", glance)
    assert "vs same hours" in glance and "] 7 days" in glance
    assert re.search(r"bot ✎ 📊 7 days so far", glance)
    card = text.split("you › [1. ]", 1)[1]
    assert re.search(r"bot › ✅ Campaign #\d+ · ", card) and "Yesterday" in card
    drill = text.split("you › [📊 by offer]", 1)[1]
    name = re.search(r"✅ Campaign #\d+ · (.+)", card)
    assert name is not None
    assert f"✅ 📊 {name.group(1)} › by offer › 7 days" in drill
    after = text.split("(waiting 7 s)", 1)[1]
    assert re.search(r"bot › 💰 \d+ new conversions?, revenue", after), after[:400]
    # one campaign's conversions: its card and its pause; several: today at a glance
    assert (re.search(r"\[\d+\] 📊 .+   \[\d+\] ⏸ Pause", after)
            or re.search(r"\[\d+\] 📊 Today at a glance", after)), after[:600]
    assert re.search(r"\[\d+\] 🔕 #1 for 1 h   \[\d+\] 🔕 #1 till tomorrow", after)
