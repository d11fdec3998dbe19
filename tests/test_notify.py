"""Team updates: digests on schedule (DST included), no double sends, alerts once per episode,
burst grouping, charts that show what they claim, group chats, Telegram's sending limits."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
import typing
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot

from bot.access import AccessPolicy
from bot.app import Services, create_bot, create_services
from bot.keitaro.masking import Redactor
from bot.notify.chart import png_size
from bot.notify.models import ConversionAlert, Digest, Rule, Schedule
from bot.notify.schedule import latest_slot, next_slot, periods
from bot.notify.service import Notifier
from bot.notify.store import SQLiteRecords
from bot.notify.subscriptions import Subscriptions
from bot.settings import AccessSettings, NotifySettings, StorageSettings
from bot.storage.kv import SQLiteKV
from bot.storage.sqlite import SQLiteDatabase
from bot.telegram_guard import Pacer
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, RateLimits
from tests.harness import (
    ADMIN,
    API_KEY,
    BOT_TOKEN,
    EDITOR,
    POSTBACK_KEY,
    STRANGER,
    USERS,
    VIEWER,
    Harness,
    keitaro_settings,
    result_of,
)

BERLIN = "Europe/Berlin"
# many subscriptions added by one person (the scale tests): no caps on them here
UNCAPPED = NotifySettings(enabled=False, max_per_chat=1000, max_per_user=10_000)


@dataclass
class Rig:
    sandbox: Sandbox
    clock: ManualClock
    tg: FakeTelegram
    bot: Bot
    services: Services
    notifier: Notifier

    def texts(self, chat_id: int) -> list[str]:
        return [m.content or "" for m in self.tg.messages[chat_id] if m.content]


@asynccontextmanager
async def rig(tmp_path: Path, start: datetime, *, clicks: int = 2000,
              pacer: Pacer | None = None, limits: RateLimits | None = None,
              users: dict[int, str] | None = None) -> AsyncIterator[Rig]:
    clock = ManualClock(start)
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=clock, clicks=clicks)
    tg = FakeTelegram(token=BOT_TOKEN, rate_limits=limits)
    async with AsyncExitStack() as stack:
        tracker = await stack.enter_async_context(sandbox.running())
        api = await stack.enter_async_context(tg.running())
        services = create_services(keitaro_settings(tracker, retries=0, timeout=2.0),
                                   AccessSettings(allowed_users=users or USERS),
                                   StorageSettings(DATA_DIR=tmp_path / "data"),
                                   redactor=Redactor([API_KEY, POSTBACK_KEY]),
                                   notify=UNCAPPED)
        bot = create_bot(BOT_TOKEN, api_url=api, pacer=pacer)
        notifier = Notifier(services.client, services.subscriptions, services.kv, clock=clock,
                            policy=services.policy, conversions_every=60, rules_every=300)
        try:
            yield Rig(sandbox, clock, tg, bot, services, notifier)
        finally:
            await services.close()
            await bot.session.close()


async def add_digest(r: Rig, chat_id: int = ADMIN, **fields: Any) -> int:
    fields.setdefault("schedule", Schedule(at="09:00", timezone=BERLIN))
    fields.setdefault("created_at", r.clock().isoformat())
    digest = Digest(chat_id=chat_id, created_by=ADMIN, **fields)
    return (await r.services.subscriptions.add_digest(digest)).id


def digests_sent(r: Rig, chat_id: int = ADMIN) -> int:
    return sum(1 for t in r.texts(chat_id) if "digest #" in t)


# -- schedules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2026, 3, 28), 8), (date(2026, 3, 29), 7), (date(2026, 10, 24), 7),
     (date(2026, 10, 25), 8)],
)
def test_daily_slot_is_local_time_across_dst(day: date, utc_hour: int) -> None:
    schedule = Schedule(at="09:00", timezone=BERLIN)
    just_after = datetime(day.year, day.month, day.day, utc_hour, 0, 30, tzinfo=UTC)
    slot = latest_slot(schedule, just_after)
    assert slot.astimezone(UTC).hour == utc_hour and slot.hour == 9
    assert latest_slot(schedule, just_after - timedelta(minutes=1)).date() == day - timedelta(1)
    assert next_slot(schedule, just_after - timedelta(minutes=1)) == slot


def test_weekly_slot_and_periods() -> None:
    schedule = Schedule(every="week", weekday=0, at="10:00", timezone="UTC")
    slot = latest_slot(schedule, datetime(2026, 11, 26, 12, tzinfo=UTC))  # a Thursday
    assert slot.date() == date(2026, 11, 23) and slot.weekday() == 0
    assert periods("yesterday", date(2026, 11, 26)) == (
        (date(2026, 11, 25), date(2026, 11, 25)), (date(2026, 11, 24), date(2026, 11, 24)))
    assert periods("7d", date(2026, 11, 26))[0] == (date(2026, 11, 19), date(2026, 11, 25))
    assert periods("mtd", date(2026, 3, 31)) == (
        (date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 2, 1), date(2026, 2, 28)))


async def test_digest_fires_at_local_nine_across_the_spring_change(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 3, 28, 6, 0, tzinfo=UTC), clicks=600) as r:
        await add_digest(r)
        fired: list[datetime] = []
        for _ in range(int(48 * 60 / 10)):  # every 10 minutes for two days
            before = digests_sent(r)
            await r.notifier.run_digests(r.bot, r.clock())
            if digests_sent(r) > before:
                fired.append(r.clock())
            r.clock.advance(minutes=10)
        assert [f.strftime("%m-%d %H:%M") for f in fired] == ["03-28 08:00", "03-29 07:00"]


async def test_missed_digest_is_sent_once_after_downtime_and_not_after_restart(
        tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 20, 7, 0, tzinfo=UTC), clicks=600) as r:
        await add_digest(r)
        r.clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))  # down for three 09:00 slots
        assert await r.notifier.run_digests(r.bot, r.clock()) == 1
        assert await r.notifier.run_digests(r.bot, r.clock()) == 0
        restarted = Notifier(r.services.client, r.services.subscriptions, r.services.kv,
                             clock=r.clock, policy=r.services.policy)
        assert await restarted.run_digests(r.bot, r.clock()) == 0
        assert digests_sent(r) == 1
        text = next(t for t in r.texts(ADMIN) if "digest #" in t)
        assert "(2026-11-21, Europe/Berlin)" in text  # yesterday of the latest slot


async def test_two_processes_send_a_digest_once(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 20, 7, 0, tzinfo=UTC), clicks=600) as r:
        await add_digest(r)
        r.clock.advance(hours=2)
        # a second process: its own connection to the same database file
        other_db = SQLiteDatabase(tmp_path / "data" / "bot.sqlite3")
        other = Notifier(r.services.client, Subscriptions(SQLiteRecords(other_db)),
                         SQLiteKV(other_db),
                         clock=r.clock, policy=AccessPolicy(USERS))
        try:
            results = await asyncio.gather(r.notifier.run_digests(r.bot, r.clock()),
                                           other.run_digests(r.bot, r.clock()))
        finally:
            await other_db.close()
        assert sorted(results) == [0, 1]
        assert digests_sent(r) == 1


async def test_two_processes_on_redis_send_a_digest_once(tmp_path: Path) -> None:
    from tests.processes import redis_server

    with redis_server(tmp_path) as url:
        async with rig(tmp_path, datetime(2026, 11, 20, 9, 0, tzinfo=UTC), clicks=600) as r:
            stores = [create_services(r.services.client.settings,
                                      AccessSettings(allowed_users=USERS),
                                      StorageSettings(REDIS_URL=url)) for _ in range(2)]
            try:
                notifiers = [Notifier(r.services.client, s.subscriptions, s.kv, clock=r.clock,
                                      policy=s.policy) for s in stores]
                digest = Digest(id=1, chat_id=ADMIN, created_by=ADMIN,
                                schedule=Schedule(at="09:00", timezone=BERLIN),
                                created_at=(r.clock() - timedelta(days=1)).isoformat())
                await stores[0].subscriptions.save(digest)
                results = await asyncio.gather(*(n.run_digests(r.bot, r.clock())
                                                 for n in notifiers))
                assert sorted(results) == [0, 1]
            finally:
                for s in stores:
                    await s.close()
        assert digests_sent(r) == 1


# -- the digest itself ---------------------------------------------------------------------


async def test_digest_table_totals_change_and_chart(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), clicks=3000) as r:
        ident = await add_digest(r, period="7d", schedule=Schedule(at="09:00", timezone="UTC"))
        digest = await r.services.subscriptions.digest(ADMIN, ident)
        assert isinstance(digest, Digest)
        slot = latest_slot(digest.schedule, r.clock())
        message = await r.notifier.digests.build(digest, slot)
        assert message.error is None and message.chart is not None
        assert "Daily digest" in message.text and "Σ" in message.text
        assert "vs 2026-11-12 – 2026-11-18" in message.text and "%" in message.text
        blocks = re.findall(r"<pre>(.*?)</pre>", message.text, re.S)
        lines = [line for block in blocks for line in html.unescape(block).split("\n")]
        assert len(lines) > 10 and all(len(line) <= 34 for line in lines), lines
        chart = message.chart
        assert chart.size == (800, 600) and png_size(chart.png) == (800, 600)
        assert chart.labels == [f"11-{d}" for d in range(19, 26)]
        # the series are the tracker's per-day numbers for the same period
        envelope = await r.services.client.execute("reports.build", {
            "range": {"from": "2026-11-19", "to": "2026-11-25"},
            "data": {"grouping": ["day"], "metrics": ["clicks", "conversions", "revenue"],
                     "sort": [{"name": "day", "order": "ASC"}], "limit": 100}})
        by_day = {row["day"]: row for row in envelope.data["rows"]}
        for n, day in enumerate(f"2026-11-{d}" for d in range(19, 26)):
            for metric in ("clicks", "conversions", "revenue"):
                assert chart.series[metric][n] == pytest.approx(
                    float(by_day.get(day, {}).get(metric, 0)))
        assert sum(chart.series["clicks"]) > 0


# -- alerts --------------------------------------------------------------------------------


async def add_alert(r: Rig, chat_id: int = ADMIN, **fields: Any) -> int:
    alert = ConversionAlert(chat_id=chat_id, created_by=ADMIN, **fields)
    from bot.notify.alerts import latest_conversion_id

    alert.last_seen = await latest_conversion_id(r.services.client, r.clock())
    return (await r.services.subscriptions.add_alert(alert)).id


async def test_conversion_burst_is_one_message_and_never_twice(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), clicks=2000) as r:
        await add_alert(r)
        await add_alert(r, chat_id=EDITOR, statuses=["sale"])
        assert await r.notifier.run_conversion_alerts(r.bot, r.clock()) == 0
        r.clock.advance(minutes=1)
        for n in range(15):
            r.sandbox.add_conversion(100 + n, status="sale" if n % 3 == 0 else "lead",
                                     revenue=10.0 + n)
        r.clock.advance(seconds=5)
        posted = await r.notifier.run_conversion_alerts(r.bot, r.clock())
        assert posted == 15 + 5
        admin = [t for t in r.texts(ADMIN) if "new conversion" in t]
        assert len(admin) == 1 and "15 new conversions" in admin[0]
        assert "…and 5 more" in admin[0]
        sales = [t for t in r.texts(EDITOR) if "new conversion" in t]
        assert len(sales) == 1 and "5 new conversions" in sales[0] and "lead" not in sales[0]
        assert await r.notifier.run_conversion_alerts(r.bot, r.clock()) == 0


async def add_rule(r: Rig, kind: str, threshold: float = 0.0, **extra: Any) -> int:
    rule = Rule(chat_id=ADMIN, created_by=ADMIN, kind=kind, threshold=threshold, **extra)
    return (await r.services.subscriptions.add_alert(rule)).id


async def test_spend_rule_fires_once_per_episode(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 26, 0, 30, tzinfo=UTC), clicks=300) as r:
        await add_rule(r, "spend_no_conversion", 20)
        for _ in range(30):
            r.sandbox.add_click(4, cost=1.0)  # campaign 4 spends 30 today, no conversion yet
        r.clock.advance(minutes=5)
        assert await r.notifier.run_rules(r.bot, r.clock()) == 1
        assert await r.notifier.run_rules(r.bot, r.clock()) == 0  # same episode
        alerts = [t for t in r.texts(ADMIN) if "with no conversion" in t]
        assert len(alerts) == 1 and "30.00" in alerts[0]
        sub = r.sandbox.add_click(4, cost=1.0)
        r.sandbox.add_conversion(sub, status="sale", revenue=5)
        r.clock.advance(minutes=5)
        assert await r.notifier.run_rules(r.bot, r.clock()) == 0  # the episode ended quietly
        [rule] = await r.services.subscriptions.rules()
        assert rule.firing == []


async def test_tracker_down_and_back(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), clicks=100) as r:
        await add_rule(r, "tracker_down")
        # the round's one read (the rules' report) is the probe
        r.sandbox.faults.add("POST", r"/report/build$", status=503, body="down", times=3)
        fired = [await r.notifier.run_rules(r.bot, r.clock()) for _ in range(4)]
        assert fired == [0, 1, 0, 1]  # down after two failures, once; back once
        texts = r.texts(ADMIN)
        assert sum("not answering" in t for t in texts) == 1
        assert sum("answers again" in t for t in texts) == 1


async def test_roi_and_clicks_rules(tmp_path: Path) -> None:
    async with rig(tmp_path, datetime(2026, 11, 25, 12, 0, tzinfo=UTC), clicks=200) as r:
        await add_rule(r, "roi_below", -50, hours=3)
        await add_rule(r, "clicks_drop", 50)
        for minute in range(0, 60, 2):  # 30 clicks yesterday between 12:00 and 13:00
            r.sandbox.add_click(2, at=datetime(2026, 11, 25, 12, minute, tzinfo=UTC), cost=0.1)
        for n in range(40):  # today: 40 costly clicks without revenue, 5 of them after 12:00
            at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC) + timedelta(minutes=3 * n + (
                60 if n >= 35 else 0))
            r.sandbox.add_click(2, at=at, cost=5.0)
        r.clock.set(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))
        assert await r.notifier.run_rules(r.bot, r.clock()) == 2
        texts = r.texts(ADMIN)
        assert any("ROI over the last 3 h is" in t and "below -50%" in t for t in texts)
        drop = next(t for t in texts if "Clicks 12:00" in t)
        assert "against" in drop and "threshold 50%" in drop
        assert await r.notifier.run_rules(r.bot, r.clock()) == 0  # same episodes


# -- sending many messages -----------------------------------------------------------------


async def test_burst_to_200_chats_respects_telegram_limits(tmp_path: Path) -> None:
    chats = list(range(5000, 5200))  # 200 people, each subscribed in their own chat
    async with rig(tmp_path, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), clicks=500,
                   pacer=Pacer(), limits=RateLimits.strict(),
                   users={**USERS, **dict.fromkeys(chats, "viewer")}) as r:
        for chat in chats:
            await add_alert(r, chat_id=chat)
        r.sandbox.add_conversion(10, status="sale", revenue=7)
        r.clock.advance(seconds=5)
        started = time.monotonic()
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        took = time.monotonic() - started
        assert r.tg.rate_limit_hits == []
        sent = [c for c in r.tg.calls if c.method == "sendMessage" and c.ok]
        assert len(sent) == 200
        assert took >= (200 - 30) / 30  # paced under 30 a second


async def test_blocked_chat_is_disabled_not_retried(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    async with rig(tmp_path, datetime(2026, 11, 26, 10, 0, tzinfo=UTC), clicks=300) as r:
        await add_alert(r, chat_id=VIEWER)
        r.tg.block(VIEWER)
        r.sandbox.add_conversion(5, status="lead")
        r.clock.advance(seconds=5)
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        [alert] = await r.services.subscriptions.conversion_alerts()
        assert alert.enabled is False
        assert any("cannot receive messages" in rec.getMessage() for rec in caplog.records)
        attempts = len([c for c in r.tg.calls if c.method == "sendMessage"])
        r.sandbox.add_conversion(6, status="lead")
        r.clock.advance(minutes=1)
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        assert len([c for c in r.tg.calls if c.method == "sendMessage"]) == attempts


# -- from a phone --------------------------------------------------------------------------


async def test_digest_wizard_and_send_now(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/digest")
    assert "no digests yet" in (sim.last_text or "")
    await sim.press("➕ New digest")
    await sim.press("by offer")
    await sim.press("last 7 days")
    await sim.press("daily")
    await sim.press("09:00")
    await sim.press("Europe/Berlin")
    assert "Digest #1 saved: daily at 09:00 Europe/Berlin, by offer, last 7 days" in (
        sim.last_text or "")
    mark = len(harness.tg.calls)
    await sim.say("/digest now 1", answers=2)
    await sim.say("/help")
    photos = [c for c in harness.tg.calls[mark:] if c.method == "sendPhoto" and c.ok]
    assert len(photos) == 1
    assert any("Daily digest #1" in (m.content or "") for m in harness.tg.messages[ADMIN])
    await sim.say("/digest off 1")
    assert "removed" in (sim.last_text or "")


async def test_digest_and_alert_lines(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/digest add weekly fri 18:30 Asia/Tokyo country mtd profit")
    assert "weekly on Friday at 18:30 Asia/Tokyo, by country, month to date" in (
        sim.last_text or "")
    await sim.say("/digest add daily 25:00")
    assert "HH:MM" in (sim.last_text or "")
    await sim.say("/digest add daily 09:00 Mars/Olympus")
    assert "unknown time zone" in (sim.last_text or "")
    await sim.say("/alerts add spend 75")
    assert "spent more than 75" in (sim.last_text or "")
    await sim.say("/alerts add conversions sale,lead campaign=1,2")
    assert "saved" in (sim.last_text or "")
    await sim.say("/alerts add roi -20 6")
    await sim.say("/alerts add nonsense")
    assert "don't understand" in (sim.last_text or "")
    await sim.say("/alerts")
    listing = sim.last_text or ""
    assert "ROI below -20% over the last 6 h" in listing and "new conversions" in listing


GROUP = -1001234


async def test_group_chat_permissions(harness: Harness) -> None:
    admin = harness.user(ADMIN, chat_id=GROUP, chat_type="supergroup")
    editor = harness.user(EDITOR, chat_id=GROUP, chat_type="supergroup")
    viewer = harness.user(VIEWER, chat_id=GROUP, chat_type="supergroup")
    stranger = harness.user(STRANGER, chat_id=GROUP, chat_type="supergroup")
    await editor.say("/campaigns get 1")
    assert "not enabled for tracker data" in (editor.last_text or "")
    assert harness.tracker_calls() == 0
    await editor.say("/enable_chat")
    assert "Only admins" in (editor.last_text or "")
    await admin.say("/enable_chat")
    assert "may now receive tracker data" in (admin.last_text or "")
    text = await result_of(harness, editor, editor.say("/campaigns get 1"))
    assert text.startswith("✅")
    await viewer.say("/digest add daily 09:00 campaign yesterday")
    assert "Only editors and admins" in (viewer.last_text or "")
    await editor.say("/digest add daily 09:00 campaign yesterday")
    assert "saved" in (editor.last_text or "")
    calls_before = len(harness.tg.calls)
    assert await stranger.say("/campaigns list", answers=0) == []
    assert len(harness.tg.calls) == calls_before or all(
        c.method == "getUpdates" for c in harness.tg.calls[calls_before:])
    # a stranger pressing a member's button in the group gets nothing done
    await admin.say("/campaigns delete 2")
    preview = harness.tg.messages[GROUP][-1]
    button = preview.find_button("⚠️ Yes, Archive a campaign")
    assert button is not None
    update = harness.tg.callback(STRANGER, button["callback_data"], message=preview.to_json(),
                                 chat_id=GROUP)
    await stranger.send(update, answers=0)
    assert harness.sandbox.state.campaigns[2]["state"] == "active"
    # plain talk in the group is not an answer; a reply to the bot is
    await editor.say("/campaigns update 3")
    await editor.say('{"name": "ignored"}', answers=0)
    assert harness.tracker_calls("PUT") == 0
    prompt = harness.tg.messages[GROUP][-1]
    await editor.say('{"name": "From the group"}', reply_to=prompt)
    assert "Preview" in (editor.last_text or "")
    await admin.say("/disable_chat")
    digests = await harness.services.subscriptions.digests()
    assert digests and all(not d.enabled for d in digests)


# -- forged buttons and records that no longer validate -------------------------------------


def test_wizard_choices_are_what_digests_accept() -> None:
    from bot.callbacks import DIGEST_ZONES, DigestEvery, DigestPeriod, DigestReport
    from bot.notify.models import PERIODS, REPORTS, WEEKDAYS

    assert tuple(DigestReport) == REPORTS and tuple(DigestPeriod) == PERIODS
    assert tuple(DigestEvery) == ("day", *WEEKDAYS)
    assert set(REPORTS) < set(typing.get_args(Digest.model_fields["report"].annotation))
    for zone in DIGEST_ZONES[1:]:
        Schedule(timezone=zone)


async def test_forged_digest_and_alert_buttons_are_stale_and_store_nothing(
        harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/digest")
    listing = sim.last_message
    assert listing is not None
    forged = [
        "d:save:campaign_id:7d:day:0900:1:0",  # a report the bot does not offer
        "d:save:campaign:7d:day:2599:1:0",  # no such time
        "d:save:campaign:7d:day:0900:99:0",  # no such time zone in the wizard
        "d:save::7d:day:0900:1:0",  # saving without a report
        "d:zap:campaign:::::0",  # no such step
        "al:spend:abc",  # a threshold that is not a number
        "al:nuke:",  # no such action
        "al:conv:1",  # a value where the action takes none
        "al:rm:x1",  # no such kind of alert
    ]
    for data in forged:
        update = harness.tg.callback(ADMIN, data, message=listing.to_json())
        await sim.send(update)
        answer = harness.tg.callback_answer(update)
        assert answer is not None and "does nothing now" in answer.get("text", ""), data
    for table in ("digests", "conversion_alerts", "rules"):
        assert await harness.services.records.all(table) == {}, table
    # the same payload as the bot makes it is stored: the refusals above are the parsing
    update = harness.tg.callback(ADMIN, "d:save:campaign:7d:day:0900:1:0",
                                 message=listing.to_json())
    await sim.send(update)
    [saved] = await harness.services.subscriptions.digests()
    assert saved.report == "campaign" and saved.schedule.timezone == "UTC"


async def plant(records: Any, table: str, data: dict[str, Any], ids: str | None = None) -> int:
    """A record written as an older version (or a forged button) left it."""
    record_id = await records.new_id(ids or table)
    await records.put(table, record_id, data)
    return record_id


async def test_unreadable_records_are_listed_once_logged_and_skipped_by_rounds(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    async with rig(tmp_path, datetime(2026, 11, 20, 7, 0, tzinfo=UTC), clicks=600) as r:
        records = r.services.records
        good = await add_digest(r)
        bad = await plant(records, "digests", {
            **Digest(chat_id=ADMIN, created_by=ADMIN, created_at=r.clock().isoformat()
                     ).model_dump(mode="json", exclude={"id"}), "report": "campaign_id"})
        rule = await plant(records, "rules", {"chat_id": ADMIN, "created_by": ADMIN,
                                              "kind": "moon_phase"}, ids="alerts")
        await add_rule(r, "tracker_down")
        alert = await plant(records, "conversion_alerts",
                            {"chat_id": "nobody", "created_by": ADMIN}, ids="alerts")
        await add_alert(r)
        r.clock.advance(hours=3)  # past the 09:00 Berlin slot
        assert await r.notifier.run_digests(r.bot, r.clock()) == 1
        assert f"digest #{good}" in "\n".join(r.texts(ADMIN))
        await r.notifier.run_rules(r.bot, r.clock())
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        r.clock.advance(days=1)
        assert await r.notifier.run_digests(r.bot, r.clock()) == 1  # the next day's slot
        warnings = [m.getMessage() for m in caplog.records if m.levelno == logging.WARNING
                    and "cannot be read" in m.getMessage()]
        assert sorted(warnings) == sorted([
            f"stored digests #{bad} cannot be read (report): skipped",
            f"stored rules #{rule} cannot be read (kind): skipped",
            f"stored conversion_alerts #{alert} cannot be read (chat_id): skipped"])
        listed = await r.services.subscriptions.chat_digests(ADMIN)
        assert [type(d).__name__ for d in listed] == ["Digest", "Unreadable"]


async def test_unreadable_digest_and_alert_can_be_seen_and_removed(harness: Harness) -> None:
    records = harness.services.records
    sim = harness.admin
    await sim.say("/digest add daily 09:00 campaign yesterday")
    bad = await plant(records, "digests", {"chat_id": ADMIN, "created_by": ADMIN,
                                           "report": "campaign_id"})
    await sim.say(f"/digest now {bad}")
    assert "cannot be read" in (sim.last_text or "")
    await sim.say("/digest")
    text = sim.last_text or ""
    assert "#1 · daily at 09:00" in text and f"#{bad} · ⚠️ cannot be read" in text
    await sim.press("🗑 Remove…")
    await sim.press(f"🗑 #{bad} ⚠️")
    await sim.press(f"🗑 Yes, remove #{bad}")
    assert f"#{bad}" not in (sim.last_text or "") and "#1 · daily" in (sim.last_text or "")
    assert list(await records.all("digests")) == [1]
    rule = await plant(records, "rules", {"chat_id": ADMIN, "created_by": ADMIN,
                                          "kind": "moon_phase"}, ids="alerts")
    await sim.say("/alerts")
    assert f"#{rule} · ⚠️ cannot be read" in (sim.last_text or "")
    await sim.press("🗑 Remove…")
    await sim.press(f"🗑 #{rule} ⚠️")
    await sim.press(f"🗑 Yes, remove #{rule}")
    assert "cannot be read" not in (sim.last_text or "")
    assert await records.all("rules") == {}
