"""Finding your way: the menu's order, "did you mean", one-liners that start the guided flow
with what was understood, periods in both languages, /lang, and the digest and alert menus
(adding and removing never on the same spot, removal confirmed, Back and Cancel everywhere,
no duplicate choices)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from aiogram.types import Chat, InlineKeyboardMarkup, User

from bot.access import Role
from bot.app import bot_commands
from bot.callbacks import (
    RULE_KEYS,
    AlertAction,
    AlertCB,
    DigestCB,
    DigestEvery,
    DigestPeriod,
    DigestReport,
    DigestStep,
)
from bot.context import Ctx
from bot.flow.keyboards import groups_keyboard
from bot.flow.suggest import suggest_commands, suggest_operations
from bot.keitaro.catalog import CATALOG
from bot.keitaro.params import parse_range
from bot.keitaro.periods import PRESETS, preset_dates
from bot.notify.commands import LineError, parse_alert, parse_digest
from bot.notify.draft import RuleDraft
from bot.notify.models import ConversionAlert, Digest, Rule
from handlers import alert_rules as rule_screens
from handlers import alerts as alert_screens
from handlers import digests as digest_screens
from tests.harness import ADMIN, Harness, running_bot
from tests.processes import redis_server

FIRST = ["reports", "campaigns", "conversions", "streams"]


# -- the menu --------------------------------------------------------------------------------


def test_menu_starts_with_what_teams_use_most() -> None:
    assert [g.key for g in CATALOG.groups][:4] == FIRST
    first_row, second_row = groups_keyboard("en").inline_keyboard[:2]
    assert [b.text for b in (*first_row, *second_row)] == [
        "📊 Statistics", "🎯 Campaigns", "💰 Conversions", "🔀 Streams"]
    assert [g.label.get("ru") for g in CATALOG.groups] == [
        "Статистика", "Кампании", "Конверсии", "Потоки", "Офферы", "Лендинги", "Клики",
        "Постбэки", "Источники", "Боты", "Блэклист", "Фильтры", "Логи", "Домены",
        "Партнёрские сети", "Группы", "Пользователи", "Настройки"]
    for lang in ("en", "ru"):
        commands = [c.command for c in bot_commands(lang)]
        assert commands[:10] == ["today", "menu", *FIRST, "digest", "alerts", "find", "help"]
        assert set(commands) >= {g.key for g in CATALOG.groups} | {"lang", "cancel", "audit"}
        assert len(commands) == len(set(commands))


# -- did you mean ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "meant"), [
    ("campagns", "campaigns"), ("/Campaings", "campaigns"), ("кампании", "campaigns"),
    ("статистика", "reports"), ("stats", "reports"), ("конверсия", "conversions"),
    ("disgest", "digest"), ("alert", "alerts"), ("помощь", "help"), ("язык", "lang"),
    ("Партнёрские сети", "networks"), ("потоки", "streams"),
])
def test_commands_and_groups_are_suggested(typed: str, meant: str) -> None:
    assert suggest_commands(typed)[0].command == meant


@pytest.mark.parametrize(("group", "typed", "meant"), [
    ("campaigns", "lst", "campaigns.list"), ("campaigns", "disabel", "campaigns.disable"),
    ("campaigns", "включить", "campaigns.enable"), ("reports", "кампании", "reports.by_campaign"),
    ("reports", "by campaign", "reports.by_campaign"), ("streams", "delet", "streams.delete"),
])
def test_operations_are_suggested(group: str, typed: str, meant: str) -> None:
    assert meant in [a.id for a in suggest_operations(group, typed)]


def test_nothing_is_suggested_for_nonsense() -> None:
    assert suggest_commands("xyzzyq") == [] and suggest_operations("campaigns", "qqqq") == []


async def test_unknown_commands_groups_and_operations(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campagns get 1")
    assert "Did you mean /campaigns?" in (sim.last_text or "")
    text = await _result(harness, sim.press("▶ 🎯 Get a campaign"))
    assert text.startswith("✅") and "#1" in text
    await sim.say("/campaigns lst")
    assert "Did you mean" in (sim.last_text or "") and "list" in (sim.last_text or "")
    assert (await _result(harness, sim.press("▶ All campaigns"))).startswith("✅")
    await sim.say("статистика")
    await sim.press("📊 Statistics")
    assert "By campaign" in str(sim.buttons())
    # an unknown command inside a flow is answered, and the flow waits where it was
    await sim.say("/campaigns get")
    await sim.say("/zzzz")
    assert "I have no command /zzzz" in (sim.last_text or "")
    assert (await _result(harness, sim.say("1"))).startswith("✅")


async def _result(harness: Harness, step: Any) -> str:
    from tests.harness import result_of

    return await result_of(harness, harness.admin, step)


# -- one-liners ------------------------------------------------------------------------------


async def test_one_liners_start_with_what_was_understood(harness: Harness) -> None:
    sim = harness.admin
    mark = len(harness.tg.calls)
    text = await _result(harness, sim.say("/campaigns get 1 please"))
    notes = [c for c in harness.tg.calls[mark:] if c.method == "sendMessage"
             and "I left out" in str(c.params.get("text"))]
    assert text.startswith("✅") and len(notes) == 1 and "please" in str(notes[0].params)
    assert (await _result(harness, sim.say("/campaigns 2"))).startswith("✅ Campaign #2 · ")
    # a bad optional argument is asked again (with why), not refused
    await sim.say("/logs get system lots")
    question = sim.last_text or ""
    assert "lots" in question and "number" in question and "step" in question
    assert harness.tracker_calls(path=r"/logs/") == 0
    # a missing one is asked for
    await sim.say("/reports by_campaign")
    assert "Choose the period" in (sim.last_text or "")
    buttons = [b for row in sim.buttons() for b in row]
    assert {"Yesterday", "Last week", "This month", "Last month"} <= set(buttons)


# -- periods ---------------------------------------------------------------------------------

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("words", "start", "end"), [
    (("today", "сегодня"), "2026-11-25", "2026-11-25"),
    (("yesterday", "вчера", "Вчера"), "2026-11-24", "2026-11-24"),
    (("7d", "7д", "7 дней", "last 7 days"), "2026-11-19", "2026-11-25"),
    (("30d", "30д", "30 days"), "2026-10-27", "2026-11-25"),
    (("week", "неделя", "this week", "эта неделя"), "2026-11-23", "2026-11-25"),
    (("last week", "прошлая неделя", "Прошлую неделю", "last_week"), "2026-11-16", "2026-11-22"),
    (("month", "месяц", "this month", "этот месяц"), "2026-11-01", "2026-11-25"),
    (("last month", "прошлый месяц"), "2026-10-01", "2026-10-31"),
])
def test_periods_in_both_languages(words: tuple[str, ...], start: str, end: str) -> None:
    for word in words:
        assert parse_range(word, TODAY) == {"from": start, "to": end}, word


def test_every_preset_has_dates_and_a_button_text() -> None:
    from bot.i18n import has

    for preset in PRESETS:
        first, last = preset_dates(preset, date(2027, 1, 1))
        assert first <= last
        assert has(f"range.{preset}", "ru")
    assert preset_dates("last_month", date(2027, 1, 1)) == (date(2026, 12, 1), date(2026, 12, 31))


async def test_a_period_in_words_is_counted_in_the_trackers_time_zone(tmp_path: Path) -> None:
    zone = "Pacific/Kiritimati"  # UTC+14: its "yesterday" is often the UTC "today"
    async with running_bot(tmp_path, keitaro={"timezone": zone}) as harness:
        sim = harness.user(ADMIN, lang="ru")
        text = await _result(harness, sim.say("/reports by_campaign прошлая неделя"))
        assert text.startswith("✅")
        await _result(harness, sim.say("/reports by_campaign вчера"))
        bodies = [r.body for r in harness.sandbox.matching("POST", r"/report/build")]
    today = harness.sandbox.clock().astimezone(ZoneInfo(zone)).date()  # the bot's clock
    monday = today - timedelta(days=today.weekday())
    first, second = bodies[-2]["range"], bodies[-1]["range"]
    assert (first["from"], first["to"]) == ((monday - timedelta(days=7)).isoformat(),
                                            (monday - timedelta(days=1)).isoformat())
    yesterday = (today - timedelta(days=1)).isoformat()
    assert second["from"].startswith(yesterday) and second["to"].startswith(yesterday)


def test_digest_and_alert_lines_in_russian() -> None:
    fields = parse_digest("еженедельно пт 18:30 офферы 7д прибыль", "UTC")
    assert fields["schedule"] == {"every": "week", "at": "18:30", "weekday": 4,
                                  "timezone": "UTC"}
    assert (fields["report"], fields["period"], fields["rank_by"]) == ("offer", "7d", "profit")
    assert parse_digest("каждый день 10:00 страны этот месяц", "UTC")["period"] == "mtd"
    assert parse_digest("daily yesterday", "UTC")["period"] == "yesterday"
    with pytest.raises(LineError) as caught:
        parse_digest("daily last week", "UTC")
    assert caught.value.key == "digest.bad_period"
    assert parse_alert("конверсии sale кампания=1,2") == (
        "conversions", {"statuses": ["sale"], "campaign_ids": [1, 2]})
    assert parse_alert("расход 50") == ("rule", {"kind": "spend_no_conversion",
                                                 "threshold": 50.0})


# -- /lang -----------------------------------------------------------------------------------


async def _choose_russian(harness: Harness) -> None:
    english = harness.user(ADMIN, lang="en")
    await english.say("/lang")
    assert "Language: English" in (english.last_text or "")
    await english.press("🇷🇺 Русский")
    await english.say("/menu")
    assert "Выберите, чем управлять" in (english.last_text or "")
    await english.say("/lang en")
    await english.say("/menu")
    assert "Choose what to manage" in (english.last_text or "")
    russian = harness.user(ADMIN, lang="ru")  # the same person, Telegram now says Russian
    await russian.say("/menu")
    assert "Choose what to manage" in (russian.last_text or ""), "the choice wins"
    await russian.say("/lang")
    await russian.press("🔄 As in Telegram")
    await russian.say("/menu")
    assert "Выберите, чем управлять" in (russian.last_text or "")


async def test_language_choice_is_kept_in_sqlite(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as harness:
        await _choose_russian(harness)
        await harness.user(ADMIN, lang="en").say("/lang ru")
    async with running_bot(tmp_path) as harness:  # a restart: the choice is still there
        sim = harness.user(ADMIN, lang="en")
        await sim.say("/menu")
        assert "Выберите, чем управлять" in (sim.last_text or "")


async def test_language_choice_is_kept_in_redis(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        async with running_bot(tmp_path, redis_url=url) as harness:
            await _choose_russian(harness)
            assert await harness.services.kv.get(f"lang:{ADMIN}") is None


# -- digest and alert menus -------------------------------------------------------------------


def _ctx() -> Ctx:
    return Ctx(bot=cast(Any, None), user=User(id=ADMIN, is_bot=False, first_name="A"),
               chat=Chat(id=ADMIN, type="private"), role=Role.ADMIN, lang="en",
               state=cast(Any, None))


def _writes(markup: InlineKeyboardMarkup) -> dict[tuple[int, int], str]:
    """Position → "add" or "remove", for the buttons of a screen that write."""
    found: dict[tuple[int, int], str] = {}
    for r, row in enumerate(markup.inline_keyboard):
        for c, button in enumerate(row):
            data = button.callback_data or ""
            if data.startswith(DigestCB.__prefix__ + ":"):
                step = DigestCB.unpack(data).step
                kind = {DigestStep.SAVE: "add", DigestStep.RM: "remove"}.get(step)
            else:
                action = AlertCB.unpack(data).action
                kind = "remove" if action is AlertAction.REMOVE else (
                    "add" if action in (AlertAction.CONVERSIONS, AlertAction.SALES,
                                        AlertAction.SPEND, AlertAction.ROI, AlertAction.CLICKS,
                                        AlertAction.DOWN, AlertAction.SAVE) else None)
            if kind:
                found[(r, c)] = kind
    return found


def _buttons(markup: InlineKeyboardMarkup) -> dict[tuple[int, int], str]:
    return {(r, c): b.callback_data or "" for r, row in enumerate(markup.inline_keyboard)
            for c, b in enumerate(row)}


def test_no_spot_adds_on_one_screen_and_removes_on_the_next() -> None:
    """For every button, the screen it opens has no removing button where it was, and an
    adding button opens no screen with another adding button there."""
    ctx = _ctx()
    digests: list[Any] = [Digest(id=n, chat_id=ADMIN, created_by=ADMIN) for n in (1, 2, 3)]
    alerts: list[Any] = [ConversionAlert(id=1, chat_id=ADMIN, created_by=ADMIN),
                         Rule(id=2, chat_id=ADMIN, created_by=ADMIN, kind="tracker_down"),
                         Rule(id=3, chat_id=ADMIN, created_by=ADMIN, kind="roi_below")]

    def digest_screen(data: DigestCB) -> InlineKeyboardMarkup:
        if data.step is DigestStep.LIST or data.step is DigestStep.RM:
            return digest_screens.listing(digests, ctx)[1]
        if data.step is DigestStep.REMOVE:
            return digest_screens.removal_menu(digests, "en")[1]
        if data.step is DigestStep.ASK:
            return digest_screens.removal_question(digests[data.id - 1], "en")[1]
        if data.step in (DigestStep.SAVE, DigestStep.CANCEL):
            return digest_screens.back_to_list("en")
        if data.step is DigestStep.NOW:
            return digest_screens.listing(digests, ctx)[1]
        return digest_screens.wizard_step(data, "en", "UTC")[1]

    drafts = {key: RuleDraft.of(key) for key in RULE_KEYS}
    for draft in drafts.values():
        draft.threshold, draft.min_spend = 10.0, 5.0  # the numbers typed: its summary next
    campaigns = [(1, "#1 FB US"), (2, "#2 Google DE")]

    def alert_screen(data: AlertCB) -> InlineKeyboardMarkup:
        if data.action is AlertAction.RULE:  # its question, then (numbers typed) its summary
            fresh = RuleDraft.of(data.value)
            return (rule_screens.question(fresh, "en") if fresh.asking()
                    else rule_screens.summary(fresh, "en"))[1]
        if data.action in (AlertAction.DRAFT, AlertAction.COOLDOWN, AlertAction.HOURS):
            return rule_screens.summary(drafts["roi"], "en")[1]
        if data.action in (AlertAction.CAMPAIGNS, AlertAction.TOGGLE, AlertAction.ALL):
            return rule_screens.campaign_picker(drafts["roi"], campaigns, "en")[1]
        if data.action in (AlertAction.LIST, AlertAction.REMOVE):
            return alert_screens.listing(alerts, ctx)[1]
        if data.action is AlertAction.NEW:
            return alert_screens.presets("en")[1]
        if data.action is AlertAction.REMOVE_MENU:
            return alert_screens.removal_menu(alerts, "en")[1]
        if data.action is AlertAction.ASK:
            return alert_screens.removal_question(alerts[int(data.value[1:]) - 1], "en")[1]
        return alert_screens.back_to_list("en")

    start = [digest_screens.listing(digests, ctx)[1], alert_screens.listing(alerts, ctx)[1],
             *(rule_screens.summary(d, "en")[1] for d in drafts.values())]
    seen: set[str] = set()
    queue = list(start)
    while queue:
        screen = queue.pop()
        writes = _writes(screen)
        for spot, data in _buttons(screen).items():
            nxt = (digest_screen(DigestCB.unpack(data)) if data.startswith("d:")
                   else alert_screen(AlertCB.unpack(data)))
            after = _writes(nxt)
            assert after.get(spot) != "remove", (data, spot)
            if writes.get(spot) == "add":
                assert after.get(spot) != "add", (data, spot)
            key = str(nxt.model_dump())
            if key not in seen:
                seen.add(key)
                queue.append(nxt)
    assert len(seen) > 10


def test_every_wizard_step_has_back_and_cancel_and_no_duplicate_choice() -> None:
    steps = [DigestCB(step=DigestStep.NEW),
             DigestCB(step=DigestStep.PERIOD, report=DigestReport.CAMPAIGN),
             DigestCB(step=DigestStep.EVERY, report=DigestReport.CAMPAIGN,
                      period=DigestPeriod.YESTERDAY),
             DigestCB(step=DigestStep.AT, report=DigestReport.CAMPAIGN,
                      period=DigestPeriod.YESTERDAY, every=DigestEvery.DAY),
             DigestCB(step=DigestStep.ZONE, report=DigestReport.CAMPAIGN,
                      period=DigestPeriod.YESTERDAY, every=DigestEvery.DAY, at="0900")]
    for zone in ("UTC", "Europe/Berlin", "Asia/Tokyo"):
        for n, step in enumerate(steps):
            _, markup = digest_screens.wizard_step(step, "en", zone)
            labels = [b.text for row in markup.inline_keyboard for b in row]
            assert labels[-2:] == ["◀ Back", "✖ Cancel"], labels
            assert len(labels) == len(set(labels)), labels
            back = DigestCB.unpack(markup.inline_keyboard[-1][0].callback_data or "")
            assert back.step is (steps[n - 1].step if n else DigestStep.LIST)
        zones = [b.text for row in digest_screens.wizard_step(steps[-1], "en", zone)[1]
                 .inline_keyboard[:-1] for b in row]
        assert zones[0] == f"{zone} (tracker)" and zone not in zones[1:], zones


def _data(sim: Any, label: str) -> str:
    message = sim.last_message
    button = message.find_button(label) if message else None
    assert button is not None, label
    return str(button["callback_data"])


async def _press_stale(harness: Harness, data: str) -> None:
    """A button pressed on the keyboard the phone still showed (the edit not yet there)."""
    sim = harness.admin
    message = sim.last_message
    assert message is not None
    await sim.send(harness.tg.callback(ADMIN, data, message=message.to_json()))


async def test_removing_asks_first_and_a_second_tap_adds_nothing(harness: Harness) -> None:
    sim = harness.admin
    subscriptions = harness.services.subscriptions
    await sim.say("/alerts")
    await sim.press("➕ New alert")
    stale = _data(sim, "➕ New conversions")
    await sim.press("➕ New conversions")
    assert "Alert #1 saved" in (sim.last_text or "")
    await _press_stale(harness, stale)  # the same spot again, on the keyboard as it was
    assert "already" in (sim.last_text or "") and "#1" in (sim.last_text or "")
    assert len(await subscriptions.conversion_alerts()) == 1
    await sim.press("◀ Alerts")
    await sim.press("🗑 Remove…")
    await sim.press("🗑 #1 · new conversions")
    assert "Remove alert #1?" in (sim.last_text or "")
    assert len(await subscriptions.conversion_alerts()) == 1, "nothing removed before yes"
    await sim.press("◀ Back")
    await sim.press("✖ Cancel")
    assert "nothing was saved or removed" in (sim.last_text or "")
    assert len(await subscriptions.conversion_alerts()) == 1
    await sim.press("◀ Alerts")
    await sim.press("🗑 Remove…")
    await sim.press("🗑 #1 · new conversions")
    await sim.press("🗑 Yes, remove #1")
    assert await subscriptions.conversion_alerts() == []
    assert "no alerts yet" in (sim.last_text or "")
    # digests: the same, and the wizard saves one digest however often its last tap lands
    await sim.say("/digest")
    for label in ("➕ New digest", "by campaign", "yesterday", "daily", "09:00"):
        await sim.press(label)
    stale = _data(sim, "UTC (tracker)")
    await sim.press("UTC (tracker)")
    await _press_stale(harness, stale)
    assert "already" in (sim.last_text or "")
    assert len(await subscriptions.digests()) == 1
    await sim.press("◀ Digests")
    await sim.press("🗑 Remove…")
    await sim.press("🗑 #1 · daily 09:00")
    assert len(await subscriptions.digests()) == 1
    await sim.press("🗑 Yes, remove #1")
    assert await subscriptions.digests() == []


def test_a_listing_without_subscriptions_offers_no_removal() -> None:
    ctx = _ctx()
    for markup in (digest_screens.listing([], ctx)[1], alert_screens.listing([], ctx)[1]):
        labels = [b.text for row in markup.inline_keyboard for b in row]
        assert len(labels) == 1 and labels[0].startswith("➕")
