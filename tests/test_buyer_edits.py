"""The edits buyers make every day (issue 19, points 3-5), through the real dispatcher against
the sandbox, in English and Russian: shares typed as `70/30`, `50 30 20` or `60/40 #12 #15`
and named everywhere (editor, preview, result, Undo preview, the stream's card); an offer
from a name and a URL; a form the tracker refuses comes back to the field with the tracker's
words; dates in words."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.changes.outcome import removal, undo_text
from bot.flow.shares import looks_like_shares, parse_shares
from bot.keitaro.catalog import CATALOG, ChangeKind
from bot.keitaro.params import InputError
from bot.keitaro.periods import day_of
from bot.render.stream_parts import stream_lines, stream_tables
from telegram_fake.usersim import UserSim
from tests.harness import EDITOR, Harness, result_of, running_bot, until
from tests.test_forms import button, offer_named

ROOT = Path(__file__).resolve().parents[1]
IN_STREAM = 19  # the sandbox's "IN offers": Hair Grow IN (#7) 50 %, Smart VPN Global (#6) 50 %


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """The bot with RICH_MESSAGES=off: previews read as their plain lines
    (`test_rich_card_and_preview` reads the rich ones)."""
    async with running_bot(tmp_path, rich_messages="off") as h:
        yield h


def shares(h: Harness, stream: int) -> dict[int, int]:
    return {o["offer_id"]: o["share"] for o in h.sandbox.state.streams[stream]["offers"]}


def labels(sim: UserSim) -> list[str]:
    return [b for row in sim.buttons() for b in row]


async def open_shares(sim: UserSim, stream: int, edit: str, offers: str) -> str:
    await sim.say(f"/streams get {stream}")
    await sim.press(button(sim, f"✏️ {edit}"))
    await sim.press(button(sim, offers))
    return sim.last_text or ""


async def test_70_30_typed_named_everywhere_and_undone(harness: Harness) -> None:
    h, sim = harness, harness.admin
    card = await result_of(h, sim, sim.say(f"/streams get {IN_STREAM}"))
    # the card: offers and landings by name with shares, filters with mode and values
    assert "Hair Grow IN (#7) — 50 %" in card and "Smart VPN Global (#6) — 50 %" in card, card
    assert "country · accept · IN" in card and "(#1) — 100 %" in card, card
    await sim.press(button(sim, "✏️ Edit"))
    await sim.press(button(sim, "Offers"))
    editor = sim.last_text or ""
    assert "1. Hair Grow IN (#7) — 50 %" in editor and "70/30" in editor, editor
    assert all(len(row) <= 2 for row in sim.buttons())  # a phone's row
    await sim.say("70/20")  # not 100: said plainly, the list untouched
    assert "must make 100 %: 70 + 20 = 90 %" in (sim.last_text or ""), sim.last_text
    await sim.say("50 30 20")  # three shares for two offers
    assert "The list has 2 items and 3 shares were typed" in (sim.last_text or "")
    assert h.tracker_calls("PUT") == 0
    await sim.say("70/30")
    preview = sim.last_text or ""
    assert "~ Hair Grow IN (#7) 50 → 70 %" in preview, preview
    assert "~ Smart VPN Global (#6) 50 → 30 %" in preview, preview
    assert sim.buttons()[0] == ["✅ Confirm: Update a stream"]  # removes nothing: a write
    done = await result_of(h, sim, sim.press(sim.buttons()[0][0]))
    assert done.startswith("✅") and "~ Hair Grow IN (#7) 50 → 70 %" in done, done
    assert "[{" not in done  # what changed in lines, not JSON
    assert shares(h, IN_STREAM) == {7: 70, 6: 30}
    await sim.press(button(sim, "↩️"))  # the Undo reads as the shares going back, named
    undo = sim.last_text or ""
    assert "~ Hair Grow IN (#7) 70 → 50 %" in undo and "~ Smart VPN Global (#6) 30 → 50 %" in undo
    assert not re.search(r"^[+−] ", undo, re.M), undo  # no `+ #7 + #6 − #7 − #6`
    back = await result_of(h, sim, sim.press(button(sim, "↩️")))
    assert back.startswith("✅"), back
    assert shares(h, IN_STREAM) == {7: 50, 6: 50}


async def test_rich_card_and_preview(tmp_path: Path) -> None:
    """As rich messages (Bot API 10.1): the card's offers and landings are tables, the
    preview's shares named lines."""
    async with running_bot(tmp_path) as h:
        sim = h.admin
        card = await result_of(h, sim, sim.say(f"/streams get {IN_STREAM}"))
        assert "Hair Grow IN (#7) | 50 %" in card and "• country · accept · IN" in card, card
        await sim.press(button(sim, "✏️ Edit"))
        await sim.press(button(sim, "Offers"))
        await sim.say("70/30")
        preview = sim.last_text or ""
        assert "~ Hair Grow IN (#7) 50 → 70 %" in preview, preview


async def test_60_40_by_id_in_russian_by_an_editor(harness: Harness) -> None:
    """An editor re-weights by id: nothing is removed (the offers not named stay at 0 %), so
    it is an editor's change."""
    h = harness
    sim = h.user(EDITOR, lang="ru")
    editor = await open_shares(sim, 1, "Изменить", "Офферы")
    assert "1. Keto Slim US (#1) — 33 %" in editor and "Или напишите доли" in editor, editor
    await sim.say("60/40 #1 #99")
    assert "Нет #99" in (sim.last_text or ""), sim.last_text
    await sim.say("60/40 #1 #2")  # #2 is not in the stream yet: added; #8 and #9 at 0 %
    preview = sim.last_text or ""
    assert "Офферы: 3 → 4 шт. по долям" in preview, preview
    assert "~ Keto Slim US (#1) 33 → 60 %" in preview and "+ Keto Slim DE (#2) 40 %" in preview
    assert "~ Crypto Pro CA (#8) 33 → 0 %" in preview, preview
    done = await result_of(h, sim, sim.press(sim.buttons()[0][0]))  # confirmed
    assert done.startswith("✅") and "+ Keto Slim DE (#2) 40 %" in done, done
    assert shares(h, 1) == {1: 60, 8: 0, 9: 0, 2: 40}
    card = await result_of(h, sim, sim.say("/streams get 1"))
    assert "Keto Slim DE (#2) — 40 %" in card and "country · принимать · CA, US" in card, card


async def test_an_offer_from_a_name_and_a_url(harness: Harness) -> None:
    h, sim = harness, harness.admin
    await sim.say("/offers create")
    await sim.say("https://aff.example.com/keto?s={subid}")  # the URL first: taken as the URL
    assert "URL taken" in (sim.last_text or "") and "Name" in (sim.last_text or "")
    await sim.say("Keto PL")
    menu = sim.last_text or ""
    assert "Name: Keto PL" in menu and "URL (where it sends): https://aff" in menu, menu
    await sim.press(button(sim, "✓ Action"))  # a choice, not "Type the value"
    assert {"HTTP redirect", "meta", "js"} <= set(labels(sim)), sim.buttons()
    assert "JSON" not in (sim.last_text or "").split("\n")[3]
    await sim.press("HTTP redirect")
    await sim.press("✅ Preview")
    done = await result_of(h, sim, sim.press(button(sim, "✅ Confirm")))
    assert done.startswith("✅") and "/offers archive" in done and "/offers delete" not in done
    offer = offer_named(h, "Keto PL")
    assert offer is not None
    assert (offer["offer_type"], offer["action_type"], offer["action_payload"]) == (
        "external", "http", "https://aff.example.com/keto?s={subid}")
    # in one line: the name and the URL (macros and all), straight to the preview
    await sim.say("/offers create Keto DE https://aff.example.com/de?s={subid}")
    preview = sim.last_text or ""
    assert "Name: → Keto DE" in preview and "→ https://aff.example.com/de?s={subid}" in preview
    await sim.say("/cancel")
    await sim.say("/offers create https://aff.example.com/at")  # the URL alone: name asked
    assert "Name" in (sim.last_text or "") and "Broken JSON" not in (sim.last_text or "")


async def test_an_offer_from_a_name_and_a_url_in_russian(harness: Harness) -> None:
    h = harness
    sim = h.user(lang="ru")
    await sim.say("/offers create")
    await sim.say("Кето PL")
    question = sim.last_text or ""
    assert "URL (куда ведёт)" in question and "⏭ Пропустить" in labels(sim), question
    await sim.say("кето")  # not a URL: said so, asked again
    assert "начиная с https://" in (sim.last_text or "")
    await sim.say("https://aff.example.com/ru?s={subid}")
    await sim.press("✅ Проверить")
    done = await result_of(h, sim, sim.press(button(sim, "✅ Подтвердить")))
    assert done.startswith("✅") and "/offers archive" in done, done
    offer = offer_named(h, "Кето PL")
    assert offer is not None and offer["action_payload"] == "https://aff.example.com/ru?s={subid}"


@pytest.mark.parametrize(("lang", "costs", "refused", "kept"), [
    ("en", "✏️ Costs", "The tracker refused To", "From: 2026-11-14"),
    ("ru", "✏️ Расходы", "Трекер не принял По", "С: 2026-11-14"),
])
async def test_a_refused_form_comes_back_with_the_answers(
        harness: Harness, lang: str, costs: str, refused: str, kept: str) -> None:
    """Campaign card → ✏️ Costs: the tracker refuses the end before the start (406 for
    end_date): the form returns to that field with its words, the other answers kept."""
    h = harness
    sim = h.user(lang=lang)
    assert h.sandbox.clock().date() == date(2026, 11, 15)
    await sim.say("/campaigns get 1")
    await sim.press(button(sim, costs))
    await sim.say("yesterday" if lang == "en" else "вчера")
    await sim.say("-3d" if lang == "en" else "3 дня назад")
    await sim.press("UTC")  # a button; another zone may be typed
    await sim.say("12,5")
    await sim.press("USD")
    await sim.press(button(sim, "✅"))  # the preview
    assert "2026-11-14" in (sim.last_text or "") and "2026-11-12" in (sim.last_text or "")
    mark = len(h.tg.calls)
    await sim.press(button(sim, "✅"))  # confirmed: the tracker answers 406
    text = await until(h, sim, lambda s: refused in s, after=mark)
    assert "Must not be before start_date" in text, text
    assert h.tracker_calls("POST", r"/update_costs$") == 1  # refused once, nothing resent
    await sim.say("today" if lang == "en" else "сегодня")  # only the refused answer again
    menu = sim.last_text or ""
    assert kept in menu and "2026-11-15" in menu and "12.5" in menu, menu
    await sim.press(button(sim, "✅"))
    done = await result_of(h, sim, sim.press(button(sim, "✅")))
    assert done.startswith("📤"), done  # sent: costs cannot be read back
    sent = h.sandbox.matching("POST", r"/update_costs$")[-1].body
    assert (sent["start_date"], sent["end_date"]) == ("2026-11-14 00:00:00",
                                                       "2026-11-15 23:59:59")


def test_days_in_words_in_both_languages() -> None:
    today = date(2026, 12, 7)
    said = {"today": "2026-12-07", "Yesterday": "2026-12-06", "сегодня": "2026-12-07",
            "вчера": "2026-12-06", "позавчера": "2026-12-05",
            "day before yesterday": "2026-12-05", "-3d": "2026-12-04", "-3д": "2026-12-04",
            "3 days ago": "2026-12-04", "3 дня назад": "2026-12-04",
            "2026-12-01": "2026-12-01", "01.12.2026": "2026-12-01",
            "2026-12-01 10:00": "2026-12-01 10:00"}
    assert {text: day_of(text, today) for text in said} == said
    assert day_of("2026-13-01", today) is None and day_of("someday", today) is None


def test_every_suggested_operation_exists() -> None:
    """What a result suggests exists: the removal named for every create, and every
    `/<group> <operation>` the texts name (in both languages)."""
    for action in CATALOG:
        if action.change is ChangeKind.CREATE:
            for lang in ("en", "ru"):
                said = undo_text(lang, "create", action, {})
                found = re.findall(r"/(\w+) (\w+)", said)
                remover = removal(action)
                assert found == ([(remover.group, remover.key)] if remover else []), said
    operations = {a.key for a in CATALOG}
    groups = {g.key for g in CATALOG.groups}
    for path in sorted(ROOT.glob("bot/locales/*/*.ftl")):
        for group, key in re.findall(r"/([a-z_]+) ([a-z_]+)", path.read_text("utf-8")):
            if group in groups and key in operations:
                assert CATALOG.get(f"{group}.{key}") is not None, (path.name, group, key)


def test_shares_as_they_are_written() -> None:
    items = [{"id": 1, "offer_id": 7, "share": 50, "state": "active"},
             {"id": 2, "offer_id": 6, "share": 50, "state": "active"}]
    for typed in ("70/30", "70-30", "70% 30%", "70 : 30", "70, 30", "70/30 #7 #6"):
        assert looks_like_shares(typed), typed
        assert [i["share"] for i in parse_shares(typed, items, "offer_id", {6, 7})] == [70, 30]
    moved = parse_shares("60/40 #6 #12", items, "offer_id", {6, 7, 12})
    assert moved == [{**items[0], "share": 0}, {**items[1], "share": 60},
                     {"offer_id": 12, "share": 40, "state": "active"}]  # ids kept: updated
    for typed, code in (("70/20", "shares_sum"), ("50 30 20", "shares_count"),
                        ("150", "shares_over"), ("60/40 #7", "shares_ids"),
                        ("50/50 #7 #7", "shares_twice"), ("50/50 #7 #99", "shares_unknown")):
        with pytest.raises(InputError) as caught:
            parse_shares(typed, items, "offer_id", {6, 7})
        assert caught.value.code == code, typed
    assert not looks_like_shares('[{"offer_id": 7, "share": 100}]')  # JSON: the expert's


@pytest.mark.parametrize(("lang", "paused", "accept"), [
    ("en", "• Keto Slim DE (#2) — 40 % · Paused", "• country · accept · CA, US"),
    ("ru", "• Keto Slim DE (#2) — 40 % · остановлен", "• country · принимать · CA, US"),
])
def test_a_stream_card_says_states_and_modes_in_the_person_s_language(
        lang: str, paused: str, accept: str) -> None:
    """The stream card's shares and filters read as the filter editor's (`/filters list`)
    and the cards' values do: by meaning, not by the tracker's codes."""
    stream = {"offers": [{"offer_id": 2, "share": 40, "state": "disabled"}],
              "filters": [{"name": "country", "mode": "accept", "payload": ["CA", "US"]}]}
    names = {"offers": {2: "Keto Slim DE"}}
    lines = stream_lines(stream, names, lang)
    assert paused in lines and accept in lines, lines
    tables = stream_tables(stream, names, lang)
    assert tables[0].rows[0][0].endswith(paused.split(" % ")[1]), tables
    assert accept in (tables[1].note or ""), tables
