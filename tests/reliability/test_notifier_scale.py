"""The notifier at scale (issue 13, finding 5).

Each conversion alert queried `conversions/log` on its own, each rule built its own report,
and a round sent to one chat after another, each send waiting for that chat's pacing: 40
copies of one alert in a viewer's chat delayed the admin's alert by 37 s and cost 82 tracker
calls a round. Now a round makes one `conversions/log` query for every conversion alert (from
the smallest cursor, rows fanned out to each alert's filters in memory) and one report per
distinct rule shape; chats are sent to concurrently, each in order; and a chat and a person
may hold only so many alerts and digests (NOTIFY_MAX_PER_CHAT, NOTIFY_MAX_PER_USER).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot

from bot.app import Services, create_bot, create_services
from bot.keitaro.masking import Redactor
from bot.notify.alerts import latest_conversion_id
from bot.notify.models import ConversionAlert, Rule
from bot.notify.service import Notifier
from bot.settings import AccessSettings, NotifySettings, StorageSettings
from bot.telegram_guard import Pacer
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram
from tests.harness import (
    ADMIN,
    API_KEY,
    BOT_TOKEN,
    EDITOR,
    POSTBACK_KEY,
    USERS,
    VIEWER,
    keitaro_settings,
    running_bot,
)

NOON = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
COUNT = re.compile(r"(\d+) new conversions?\b")
GROUPS = (-1001301, -1001302)


@dataclass
class Rig:
    sandbox: Sandbox
    clock: ManualClock
    tg: FakeTelegram
    bot: Bot
    services: Services
    notifier: Notifier

    def round_sends(self, mark: int) -> list[tuple[int, str]]:
        """(chat, text) of each message sent since call `mark`, in the order Telegram got
        them."""
        return [(int(c.chat_id or 0), FakeTelegram.visible_text(c))
                for c in self.tg.calls[mark:] if c.method == "sendMessage" and c.ok]


@asynccontextmanager
async def rig(tmp_path: Path, *, clicks: int = 2000, pacer: Pacer | None = None
              ) -> AsyncIterator[Rig]:
    clock = ManualClock(NOON)
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=clock, clicks=clicks)
    tg = FakeTelegram(token=BOT_TOKEN)
    async with AsyncExitStack() as stack:
        tracker = await stack.enter_async_context(sandbox.running())
        api = await stack.enter_async_context(tg.running())
        services = create_services(keitaro_settings(tracker, retries=0, timeout=5.0),
                                   AccessSettings(allowed_users=USERS),
                                   StorageSettings(DATA_DIR=tmp_path / "data"),
                                   redactor=Redactor([API_KEY, POSTBACK_KEY]),
                                   notify=NotifySettings(enabled=False, max_per_chat=1000,
                                                         max_per_user=10_000))
        bot = create_bot(BOT_TOKEN, api_url=api, pacer=pacer)
        notifier = Notifier(services.client, services.subscriptions, services.kv, clock=clock,
                            policy=services.policy)
        try:
            yield Rig(sandbox, clock, tg, bot, services, notifier)
        finally:
            await services.close()
            await bot.session.close()


async def alert(r: Rig, chat_id: int, last_seen: int, **fields: Any) -> ConversionAlert:
    added = await r.services.subscriptions.add_alert(ConversionAlert(
        chat_id=chat_id, created_by=ADMIN, last_seen=last_seen, **fields))
    assert isinstance(added, ConversionAlert)
    return added


def wanted(alert: ConversionAlert, conversion: dict[str, Any]) -> bool:
    return (conversion["conversion_id"] > alert.last_seen
            and (not alert.statuses or conversion["status"] in alert.statuses)
            and (not alert.campaign_ids or conversion["campaign_id"] in alert.campaign_ids)
            and (not alert.offer_ids or conversion["offer_id"] in alert.offer_ids))


async def test_one_tracker_query_a_round_for_every_conversion_alert(tmp_path: Path) -> None:
    """30 conversion alerts with different filters and cursors, in three chats: one
    `conversions/log` query a round, and each alert posts exactly its own conversions."""
    async with rig(tmp_path) as r:
        head = await latest_conversion_id(r.services.client, r.clock())
        early = [r.sandbox.add_conversion(40 + n, status=("lead", "sale")[n % 2], revenue=3)
                 for n in range(4)]
        r.clock.advance(minutes=1)
        alerts = []
        for n in range(30):
            fields: dict[str, Any] = [
                {}, {"statuses": ["sale"]}, {"statuses": ["lead", "rejected"]},
                {"campaign_ids": [1, 2]}, {"campaign_ids": [3], "statuses": ["sale"]},
                {"offer_ids": [1, 2, 3]},
            ][n % 6]
            cursor = head if n % 5 == 0 else head + len(early)  # some are behind the others
            alerts.append(await alert(r, (ADMIN, EDITOR, VIEWER)[n % 3], cursor, **fields))
        fresh = [r.sandbox.add_conversion(100 + 37 * n, status=("lead", "sale", "rejected")[n % 3],
                                          revenue=1 + n) for n in range(24)]
        r.clock.advance(seconds=5)
        r.sandbox.reset_requests()
        mark = len(r.tg.calls)
        posted = await r.notifier.run_conversion_alerts(r.bot, r.clock())
        assert r.sandbox.count("POST", r"/conversions/log$") == 1
        expected = {a.id: [c for c in early + fresh if wanted(a, c)] for a in alerts}
        assert posted == sum(len(rows) for rows in expected.values())
        for chat in (ADMIN, EDITOR, VIEWER):
            counts = sorted(int(m) for c, text in r.round_sends(mark) if c == chat
                            for m in COUNT.findall(text))
            assert counts == sorted(len(expected[a.id]) for a in alerts
                                    if a.chat_id == chat and expected[a.id]), chat
        newest = max(c["conversion_id"] for c in early + fresh)
        assert {a.last_seen for a in await r.services.subscriptions.conversion_alerts()} == {
            newest}

        r.sandbox.reset_requests()
        r.clock.advance(minutes=1)
        assert await r.notifier.run_conversion_alerts(r.bot, r.clock()) == 0
        assert r.sandbox.count("POST", r"/conversions/log$") == 1


async def test_one_report_a_round_for_every_rule(tmp_path: Path) -> None:
    """20 spend rules, 10 ROI rules over two windows, 10 clicks rules and 3 down probes: one
    report for all of them (issue 20; the same read is the down probe), however many rules
    share it; each rule still fires on its own threshold."""
    async with rig(tmp_path, clicks=300) as r:
        for n in range(20):
            await r.services.subscriptions.add_alert(Rule(
                chat_id=(ADMIN, EDITOR)[n % 2], created_by=ADMIN, kind="spend_no_conversion",
                threshold=5 * (n + 1)))
        for n in range(10):
            await r.services.subscriptions.add_alert(Rule(
                chat_id=ADMIN, created_by=ADMIN, kind="roi_below", threshold=-10 * n,
                hours=(3, 6)[n % 2]))
            await r.services.subscriptions.add_alert(Rule(
                chat_id=EDITOR, created_by=ADMIN, kind="clicks_drop", threshold=5 * n))
        for _ in range(3):
            await r.services.subscriptions.add_alert(Rule(
                chat_id=VIEWER, created_by=ADMIN, kind="tracker_down"))
        for _ in range(32):
            r.sandbox.add_click(4, cost=1.0)  # campaign 4 spent 32 today, no conversion
        r.clock.advance(minutes=5)
        r.sandbox.reset_requests()
        mark = len(r.tg.calls)
        await r.notifier.run_rules(r.bot, r.clock())
        assert r.sandbox.count("POST", r"/report/build$") == 1
        assert r.sandbox.count() == 1  # nothing else: the report is the probe too
        name = r.sandbox.state.campaigns[4]["name"]
        fired = [(float(cost), float(threshold)) for _, text in r.round_sends(mark)
                 for cost, threshold in re.findall(
                     re.escape(name) + r" spent ([\d.]+) today with no conversion "
                     r"\(threshold ([\d.]+)\)", text)]
        assert fired, "campaign 4 spent 32 with no conversion: some rules fire"
        [cost] = {c for c, _ in fired}
        assert sorted(t for _, t in fired) == [5.0 * n for n in range(1, 21) if 5 * n < cost]


async def test_chats_are_sent_to_at_once_not_one_after_another(tmp_path: Path) -> None:
    """40 copies of one alert in a viewer's chat, added first, and one alert of the admin's:
    the admin's message is among the round's first, not behind the viewer's 40; the viewer
    gets all 40 in a few messages. And a chat Telegram holds back (429, retry after 2 s)
    does not hold back another chat's message."""
    async with rig(tmp_path, pacer=Pacer()) as r:
        head = await latest_conversion_id(r.services.client, r.clock())
        for _ in range(40):
            await alert(r, VIEWER, head)
        await alert(r, ADMIN, head)
        r.sandbox.add_conversion(10, status="sale", revenue=7)
        r.clock.advance(seconds=5)
        mark = len(r.tg.calls)
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        sends = r.round_sends(mark)
        assert [chat for chat, _ in sends].index(ADMIN) <= 1, [c for c, _ in sends]
        viewer = [text for chat, text in sends if chat == VIEWER]
        assert sum(len(COUNT.findall(text)) for text in viewer) == 40
        assert len(viewer) <= 3

        await alert(r, EDITOR, head + 1)
        r.tg.fail_next("sendMessage", retry_after=2, where=lambda c: c.chat_id == VIEWER)
        r.sandbox.add_conversion(11, status="lead", revenue=2)
        r.clock.advance(minutes=1)
        mark = len(r.tg.calls)
        await r.notifier.run_conversion_alerts(r.bot, r.clock())
        order = [chat for chat, _ in r.round_sends(mark)]
        assert order.index(EDITOR) < order.index(VIEWER), order
        assert order.index(ADMIN) < order.index(VIEWER), order


async def test_a_chat_and_a_person_hold_only_so_many_alerts_and_digests(tmp_path: Path) -> None:
    """With NOTIFY_MAX_PER_CHAT=3 and NOTIFY_MAX_PER_USER=5: a fourth alert or digest in a
    chat is refused with a clear text (English and Russian), nothing saved; a person's sixth
    across chats is refused too; removing one makes room."""
    notify = NotifySettings(enabled=False, max_per_chat=3, max_per_user=5)
    async with running_bot(tmp_path, notify=notify) as h:
        editor = h.user(EDITOR)
        for threshold in (10, 20, 30):
            await editor.say(f"/alerts add spend {threshold}")
            assert "saved" in (editor.last_text or ""), editor.last_text
        await editor.say("/alerts add spend 40")
        text = editor.last_text or ""
        assert "already has 3 alerts" in text and "/alerts off" in text, text
        assert len(await h.services.subscriptions.rules()) == 3
        await editor.say("/alerts add conversions sale")
        assert "already has 3 alerts" in (editor.last_text or "")
        for hour in (7, 8, 9):
            await editor.say(f"/digest add daily {hour:02d}:00 campaign yesterday")
            assert "saved" in (editor.last_text or "")
        await editor.say("/digest add daily 10:00 offer yesterday")
        assert "already has 3 digests" in (editor.last_text or "")
        assert len(await h.services.subscriptions.digests()) == 3
        russian = h.user(EDITOR, lang="ru")
        await russian.say("/digest add daily 10:00 offer yesterday")
        assert "В этом чате уже 3 сводки" in (russian.last_text or ""), russian.last_text

        admin = h.user(ADMIN, chat_id=GROUPS[0], chat_type="supergroup")
        await admin.say("/enable_chat")
        in_group = h.user(EDITOR, chat_id=GROUPS[0], chat_type="supergroup")
        for threshold in (50, 60):
            await in_group.say(f"/alerts add spend {threshold}")
            assert "saved" in (in_group.last_text or ""), in_group.last_text
        await in_group.say("/alerts add spend 70")
        text = in_group.last_text or ""
        assert "You already have 5 alerts" in text, text
        assert len(await h.services.subscriptions.rules()) == 5
        await editor.say("/alerts off 1")
        await in_group.say("/alerts add spend 70")
        assert "saved" in (in_group.last_text or "")
