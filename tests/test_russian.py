"""Russian is complete: everything the bot can show, rendered in Russian, holds no English
interface word (see `tests/russian_words.py` for what is not one, and why).

General by construction, so that texts added later are checked too: every text of `ru.py`,
every action of the catalog (its questions, buttons, preview and result, against the sandbox
over HTTP), every error kind and input problem, the menus, /help, /lang, and the digest and
alert screens; and, through the real dispatcher, a user who chose Russian with /lang.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import aiohttp
import pytest
from aiogram.types import Chat, InlineKeyboardMarkup, User

from bot.access import Role
from bot.callbacks import DigestCB, DigestEvery, DigestPeriod, DigestReport, DigestStep
from bot.changes.preview import Previewer
from bot.context import Ctx
from bot.flow.keyboards import (
    confirm_keyboard,
    group_keyboard,
    groups_keyboard,
    result_keyboard,
    step_keyboard,
)
from bot.flow.model import FlowData
from bot.flow.steps.param import question
from bot.i18n import t
from bot.i18n.texts import find, ids
from bot.keitaro.catalog import CATALOG, Danger
from bot.keitaro.errors import ErrorInfo, ErrorKind, classify_exception, classify_status
from bot.keitaro.params import InputError
from bot.notify.alerts import conversions_text
from bot.notify.digest import DigestBuilder
from bot.notify.models import ConversionAlert, Digest, Rule, Schedule
from bot.notify.subscriptions import Table, Unreadable
from bot.render.envelope import error_text, render_envelope
from bot.render.inputs import input_error_text
from bot.settings import DEFAULT_USER_AGENT
from handlers import alerts as alert_screens
from handlers import digests as digest_screens
from handlers.common import group_help, help_index, lang_screen
from handlers.flow import did_you_mean
from handlers.group_commands import unknown_operation
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, TEXT_METHODS, Harness
from tests.russian_words import Data, catalog_words, rich_markup, visible_words
from tests.sandbox_fixtures import client_for, make_sandbox
from tests.test_client_catalog import CASES

ROOT = Path(__file__).resolve().parents[1]
API_WORDS = catalog_words()


class Findings:
    """English words found, with where: one assertion at the end lists them all."""

    def __init__(self) -> None:
        self.data = Data()
        self.found: dict[str, set[str]] = {}

    def check(self, where: str, markup: str) -> None:
        words = visible_words(markup, self.data, API_WORDS)
        if words:
            self.found.setdefault(where, set()).update(words)

    def keyboard(self, where: str, markup: InlineKeyboardMarkup | None) -> None:
        for row in markup.inline_keyboard if markup else []:
            for button in row:
                self.check(f"{where} [button]", button.text.replace("<", "&lt;"))

    def assert_none(self) -> None:
        assert not self.found, "\n".join(f"{where}: {sorted(words)}"
                                         for where, words in sorted(self.found.items()))


def dummy(key: str) -> dict[str, Any]:
    """A value for every placeholder of a text (one letter: never a word)."""
    return dict.fromkeys(find("ru", key)[1].variables, "X")


def ctx_ru(role: Role = Role.ADMIN) -> Ctx:
    user = User(id=ADMIN, is_bot=False, first_name="Аня", language_code="en")
    return Ctx(bot=cast(Any, None), user=user, chat=Chat(id=ADMIN, type="private"), role=role,
               lang="ru", state=cast(Any, None))


def test_every_russian_text() -> None:
    found = Findings()
    for key in ids("ru"):
        if not key.startswith("words-"):  # what people type, in any script, never shown
            found.check(key, t("ru", key, **dummy(key)))
    found.assert_none()


def _input_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(str(node.args[0].value))
    return codes


def test_every_error_in_russian() -> None:
    found = Findings()
    for code in _input_codes():
        details = dummy(f"input.{code}")
        if code == "json_syntax":
            details["reason"] = "Expecting property name enclosed in double quotes"
        found.check(f"input.{code}", input_error_text("ru", code, details))
    failures: list[BaseException] = [
        TimeoutError(), aiohttp.InvalidURL("x"), ConnectionRefusedError(), OSError("x"),
        aiohttp.ServerDisconnectedError(), aiohttp.TooManyRedirects(cast(Any, None), ()),
    ]
    infos = [classify_exception(exc, 5.0) for exc in failures]
    infos += [classify_status(status, None, {}, body) for status, body in (
        (301, b""), (400, b'{"error": "Bad"}'), (401, b""), (402, b""), (403, b""),
        (404, b""), (422, b""), (429, b""), (500, b""), (418, b""))]
    infos += [ErrorInfo(kind=kind, message="") for kind in ErrorKind]
    for info in infos:
        found.data.add(info.message if info.status else "")  # the tracker's own words
        found.check(f"error {info.kind.value} {info.message!r}", error_text(info, "ru"))
    found.assert_none()


def test_menus_help_and_language_screens() -> None:
    found = Findings()
    found.keyboard("groups", groups_keyboard("ru"))
    for role in Role:
        for group in CATALOG.groups:
            found.keyboard(f"group {group.key}", group_keyboard(group.key, "ru", role))
            text, markup = group_help(group, "ru", role)
            found.check(f"help {group.key}", text)
            found.keyboard(f"help {group.key}", markup)
            text, markup = unknown_operation(group, "lst", "1", "ru")
            found.check(f"unknown op {group.key}", text)
            found.keyboard(f"unknown op {group.key}", markup)
    for screen in (help_index("ru"), lang_screen("ru"), did_you_mean("/campagns", "get 1", "ru"),
                   did_you_mean("/zzzz", "", "ru")):
        found.check("screen", screen[0])
        found.keyboard("screen", screen[1])
    found.assert_none()


def test_every_question_of_every_action() -> None:
    found = Findings()
    picks = [(1, "FB US iOS")]
    found.data.add("FB US iOS")
    for action in CATALOG:
        flow = FlowData(action=action.id)
        for param in action.params:
            found.data.add(param.example or "")
            text = question("ru", flow, action, param, None, picks, None)
            found.check(f"{action.id}:{param.name}", text)
            found.keyboard(f"{action.id}:{param.name}", step_keyboard(
                param, flow.nonce, flow.step, "ru", picks=picks))
            flow.args[param.name] = None
        if action.danger is not Danger.READ:
            found.keyboard(f"{action.id} confirm", confirm_keyboard(action, "n", 0, "ru"))
        found.keyboard(f"{action.id} result", result_keyboard(
            action=action, lang="ru", role=Role.ADMIN, rid="r", page=0, pages=2, items=[],
            exports=("json", "csv", "all"), entity_id=1))
    found.assert_none()


async def test_every_action_result_and_preview() -> None:
    """Each action runs on a fresh sandbox with the arguments of the client's catalog test;
    its result (and, for a write, its preview) is rendered in Russian."""
    found = Findings()
    for action_id in sorted(CASES):
        action = CATALOG[action_id]
        sandbox = make_sandbox(clicks=600)
        case = CASES[action_id](sandbox)
        if case.prepare is not None:
            case.prepare(sandbox)
        found.data.add(case.args)
        async with sandbox.running() as base, client_for(base) as client:
            if action.danger is not Danger.READ:
                try:
                    preview = await Previewer(client, undo_hours=24).build(
                        action, case.args, "ru")
                except InputError as exc:  # refused before any write: the refusal is shown
                    found.check(f"{action_id} refusal",
                                input_error_text("ru", exc.code, exc.details))
                else:
                    if preview.before is not None:  # what the tracker holds: data, not words
                        found.data.add(preview.before.data)
                    found.check(f"{action_id} preview", preview.text)
            envelope = await client.execute(action, case.args)
        found.data.add(envelope.data)
        if envelope.error is not None and envelope.error.status is not None:
            found.data.add(envelope.error.message)
            found.data.add(envelope.error.status_text)
            found.data.add(envelope.error.fields)
        rendered = render_envelope(envelope, action, "ru")
        for page in range(len(rendered.pages)):
            found.check(f"{action_id} result", rendered.message(page))
    found.assert_none()


def _sample_subscriptions() -> tuple[list[Digest | Unreadable], list[Any]]:
    digests: list[Digest | Unreadable] = [
        Digest(id=1, chat_id=ADMIN, created_by=ADMIN, lang="ru"),
        Digest(id=2, chat_id=ADMIN, created_by=ADMIN, lang="ru", report="offer", period="7d",
               enabled=False, schedule=Schedule(every="week", weekday=4, at="18:30")),
        Unreadable(Table.DIGESTS, 3, ADMIN)]
    alerts: list[Any] = [
        ConversionAlert(id=4, chat_id=ADMIN, created_by=ADMIN, statuses=["sale"],
                        campaign_ids=[1]),
        *(Rule(id=5 + n, chat_id=ADMIN, created_by=ADMIN, kind=kind, threshold=50)
          for n, kind in enumerate(("spend_no_conversion", "roi_below", "clicks_drop",
                                    "tracker_down"))),
        Unreadable(Table.RULES, 9, ADMIN)]
    return digests, alerts


def test_digest_and_alert_screens() -> None:
    found = Findings()
    ctx = ctx_ru()
    digests, alerts = _sample_subscriptions()
    found.data.add(["Europe/Moscow", "UTC"])
    screens = [digest_screens.listing(digests, ctx), digest_screens.listing([], ctx),
               digest_screens.removal_menu(digests, "ru"),
               alert_screens.listing(alerts, ctx), alert_screens.listing([], ctx),
               alert_screens.presets("ru"), alert_screens.removal_menu(alerts, "ru")]
    screens += [digest_screens.removal_question(d, "ru") for d in digests]
    screens += [alert_screens.removal_question(a, "ru") for a in alerts]
    steps = [DigestCB(step=DigestStep.NEW),
             DigestCB(step=DigestStep.PERIOD, report=DigestReport.CAMPAIGN),
             DigestCB(step=DigestStep.EVERY, report=DigestReport.OFFER,
                      period=DigestPeriod.MONTH_TO_DATE),
             DigestCB(step=DigestStep.AT, report=DigestReport.COUNTRY,
                      period=DigestPeriod.LAST_7_DAYS, every=DigestEvery.FRI),
             DigestCB(step=DigestStep.ZONE, report=DigestReport.TS,
                      period=DigestPeriod.YESTERDAY, every=DigestEvery.DAY, at="0900")]
    screens += [digest_screens.wizard_step(step, "ru", "Europe/Moscow") for step in steps]
    for n, (text, markup) in enumerate(screens):
        found.check(f"screen {n}", text)
        found.keyboard(f"screen {n}", markup)
    for every in DigestEvery:
        found.check(f"every {every}", digest_screens.every_text(every, "ru"))
    rows = [{"conversion_id": 7, "status": "sale", "revenue": 12.5, "campaign": "FB CA Crypto",
             "offer": "Keto PL"}]
    found.data.add(rows)
    found.check("conversions alert", conversions_text(rows, "ru"))
    found.assert_none()


async def test_a_russian_digest() -> None:
    found = Findings()
    sandbox = make_sandbox(clicks=600)
    async with sandbox.running() as base, client_for(base) as client:
        for report in ("campaign", "offer", "country", "ts"):
            digest = Digest(id=1, chat_id=ADMIN, created_by=ADMIN, lang="ru", report=report,
                            period="7d")
            message = await DigestBuilder(client).build(
                digest, datetime(2026, 11, 15, 9, 0, tzinfo=UTC))
            envelope = await client.execute("reports.build", {
                "range": {"from": "2026-11-01", "to": "2026-11-15"},
                "data": {"grouping": [report], "metrics": ["clicks"]}})
            found.data.add(envelope.data)
            found.data.add(["UTC"])
            found.check(f"digest {report}", message.text)
            assert message.chart is not None
            found.check(f"chart {report}", message.chart.title)
    found.assert_none()


async def test_a_user_who_chose_russian_gets_russian_everywhere(harness: Harness) -> None:
    """Telegram says English; /lang says Russian; the real dispatcher answers in Russian."""
    found = Findings()
    sim = harness.user(ADMIN, lang="en")
    await sim.say("/lang")
    await sim.press("🇷🇺 Русский")
    assert "по-русски" in (sim.last_text or "")
    steps: list[tuple[str, str]] = [
        ("say", "/start"), ("press", "📊 Статистика"), ("say", "/help"),
        ("press", "🎯 Кампании"), ("say", "/campaigns get 1"),
        ("say", "/reports by_campaign вчера"),
        ("say", "/campagns"), ("say", "/campaigns lst"),
        ("say", '/campaigns update 1 {"name": }'), ("say", "/cancel"),
        ("say", "/digest"), ("press", "➕ Новая сводка"), ("press", "◀ Назад"),
        ("say", "/alerts"), ("press", "➕ Новое оповещение"), ("press", "✖ Отмена"),
    ]
    for kind, what in steps:
        mark = len(harness.tg.calls)
        await (sim.say(what) if kind == "say" else sim.press(what))
        found.data.add(harness.sandbox.state.campaigns[1]["name"])
        for call in harness.tg.calls[mark:]:
            if call.method in TEXT_METHODS and call.ok:
                state = harness.sandbox.state  # the tracker's records: data, not words
                found.data.add([*state.campaigns.values(), *state.groups.values(),
                                *state.streams.values(), *state.offers.values()])
                found.data.add([harness.tracker_url, DEFAULT_USER_AGENT])  # request headers
                found.check(what, str(call.params.get("text", "")))
                if isinstance(call.params.get("rich_message"), dict):
                    found.check(what, rich_markup(call.params["rich_message"]))
                markup = call.params.get("reply_markup")
                if isinstance(markup, dict):
                    found.keyboard(what, InlineKeyboardMarkup.model_validate(markup))
    found.data.add(harness.tracker_url)
    found.assert_none()
    texts = [FakeTelegram.visible_text(c) for c in harness.tg.calls if c.method == "sendMessage"]
    assert any("Кампании" in text for text in texts)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_check_finds_english_words(lang: str) -> None:
    """The check itself: it finds an untranslated word, and not a name, a value or code."""
    data = Data()
    data.add({"name": "Summer Sale Campaign", "url": "https://x.example/landing"})
    words = visible_words(
        "Кампания <b>Summer Sale Campaign</b> · <code>state: active</code> · Summer Sal… "
        "<pre>{\"name\": \"x\"}</pre> /campaigns get_12 https://x.example/landing Keitaro API "
        + ("Status" if lang == "en" else "Статус"), data, set())
    assert words == (["Status"] if lang == "en" else [])
    table = "<pre>кампания  clicks\n──\nSummer Sale Campaign  12</pre>"
    assert visible_words(table, data, set()) == ["clicks"]
