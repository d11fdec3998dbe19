"""The notifier: a background loop in every bot process that sends what is due.

Each digest slot and each alert round is claimed in the shared store (`KeyValue.add`), so with
several processes exactly one sends it. A digest missed while the bot was down is sent once,
for the latest slot only.

A round costs the tracker the same however many subscriptions there are: one `conversions/log`
query for every conversion alert (from the smallest cursor; each alert takes its rows in
memory), one read per distinct rule shape and digest report (`RoundReads`). What a round has
to say goes out through an `Outbox`: many chats at once, each in order.

Every subscription passes the access policy's gate (`bot.notify.gate`) before anything is read
for it and again when its notice is sent: one whose author (or whose group's enabling admin)
no longer has the role it needs is paused, its digest slots and conversions passing unsent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot

from bot.access import AccessPolicy
from bot.background import LoopTask
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.client import KeitaroClient
from bot.notify.alerts import (
    DOWN_AFTER,
    conversion_id,
    conversions_after,
    latest_conversion_id,
    wanted_by,
)
from bot.notify.buttons import conversion_notice, rule_notice
from bot.notify.digest import DigestBuilder
from bot.notify.gate import SendGate
from bot.notify.models import ConversionAlert, Digest, Rule
from bot.notify.outbox import Notice, Outbox
from bot.notify.reads import Reader, RoundReads
from bot.notify.rules import Fired, check, read_round
from bot.notify.schedule import latest_slot
from bot.notify.subscriptions import Subscriptions
from bot.storage.kv import KeyValue
from bot.storage.sqlite import StorageBusy
from bot.timezones import Clock, now_utc

log = logging.getLogger("bot.notify")
CLAIM_TTL = 3 * 24 * 3600.0


class Notifier:
    def __init__(
        self,
        client: KeitaroClient,
        subscriptions: Subscriptions,
        kv: KeyValue,
        *,
        policy: AccessPolicy,
        tick: float = 15.0,
        conversions_every: float = 60.0,
        rules_every: float = 300.0,
        clock: Clock = now_utc,
        min_clicks: float = 0.0,
    ) -> None:
        self.client = client
        self.subscriptions = subscriptions
        self.kv = kv
        self.gate = SendGate(policy, subscriptions)
        self.tick_every = tick
        self.conversions_every = conversions_every
        self.rules_every = rules_every
        self.clock = clock
        self.min_clicks = min_clicks  # what a CR or EPC comparison needs on both sides
        self.digests = DigestBuilder(client)
        self._loop_task = LoopTask("notifier")

    @property
    def timezone(self) -> str:
        """The tracker's time zone: rules count in it, and new digests default to it."""
        return self.client.settings.timezone

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, bot: Bot) -> None:
        self._loop_task.start(lambda: self._loop(bot))

    async def stop(self) -> None:
        await self._loop_task.stop()

    async def _loop(self, bot: Bot) -> None:
        while True:
            try:
                await self.tick(bot)
            except asyncio.CancelledError:
                raise
            except StorageBusy:  # the database logs a stall once; the next round tries again
                pass
            except Exception:
                log.exception("notifier round failed")
            await asyncio.sleep(self.tick_every)

    async def _claim(self, key: str) -> bool:
        return await self.kv.add(f"notify:{key}", "1", CLAIM_TTL)
    async def tick(self, bot: Bot) -> None:
        """One round: due digests, and conversion alerts and rules when their turn came, side
        by side (an alert does not wait for a digest to be built); reads shared by all."""
        now = self.clock()
        reads = RoundReads(self.client)
        stamp = now.timestamp()
        phases: list[Awaitable[int]] = [self.run_digests(bot, now, reads)]
        checks: list[Awaitable[int]] = []
        alerts = Outbox(bot, self.gate)  # conversions and rules: a chat's in one message
        if await self._claim(f"conversions:{int(stamp // self.conversions_every)}"):
            checks.append(self.run_conversion_alerts(bot, now, reads, outbox=alerts))
        if await self._claim(f"rules:{int(stamp // self.rules_every)}"):
            checks.append(self.run_rules(bot, now, reads, outbox=alerts))
        if checks:
            phases.append(self._alerts(checks, alerts))
        try:
            outcomes = await asyncio.gather(*phases, return_exceptions=True)
        finally:
            reads.close()
        for outcome in outcomes:
            if isinstance(outcome, asyncio.CancelledError):
                raise outcome
            if isinstance(outcome, BaseException) and not isinstance(outcome, StorageBusy):
                log.error("notifier round failed", exc_info=outcome)

    @staticmethod
    async def _alerts(checks: list[Awaitable[int]], outbox: Outbox) -> int:
        """The round's alert checks side by side (each remembers what it saw first), then
        what they found sent together; a check that failed leaves the others' to send."""
        outcomes = await asyncio.gather(*checks, return_exceptions=True)
        delivered = await outbox.send()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return delivered

    # -- digests ---------------------------------------------------------------------------

    async def run_digests(self, bot: Bot, now: datetime, reads: Reader | None = None) -> int:
        builder = DigestBuilder(reads or RoundReads(self.client))
        outbox = Outbox(bot, self.gate)
        for digest in await self.subscriptions.digests():
            if not digest.enabled:
                continue
            slot = latest_slot(digest.schedule, now)
            since = datetime.fromisoformat(digest.last_slot or digest.created_at)
            if slot <= since:
                continue
            if not await self._claim(f"digest:{digest.id}:{slot.isoformat()}"):
                continue
            await self.subscriptions.mark_slot(digest.id, slot)
            if await self.gate.check(digest) is None:
                continue  # paused: this slot passes unsent
            outbox.add(digest, await self._digest_notice(builder, digest, slot))
        return await outbox.send()

    async def send_digest(self, bot: Bot, digest: Digest, slot: datetime) -> bool:
        """Build and send one digest now (`/digest now`); False when it is paused (nothing
        is read for it then) or could not be delivered."""
        if await self.gate.check(digest) is None:
            return False
        outbox = Outbox(bot, self.gate)
        outbox.add(digest, await self._digest_notice(self.digests, digest, slot))
        return await outbox.send() > 0

    @staticmethod
    async def _digest_notice(builder: DigestBuilder, digest: Digest, slot: datetime) -> Notice:
        message = await builder.build(digest, slot)
        if message.error is not None:
            return Notice(t(digest.lang, "digest.failed", id=digest.id,
                            reason=detail_text(message.error, digest.lang)))
        chart = message.chart
        return Notice(message.text, photo=chart.png if chart else None,
                      caption=chart.title if chart else None)

    # -- conversions -----------------------------------------------------------------------

    async def add_conversion_alert(self, alert: ConversionAlert) -> ConversionAlert:
        """Subscribe to conversions from the newest one now on (refused first, without a
        tracker call, when the chat or the person has no room for another alert)."""
        await self.subscriptions.check_room(alert)
        alert.last_seen = await latest_conversion_id(self.client, self.clock())
        await self.subscriptions.add_alert(alert)
        return alert

    async def run_conversion_alerts(self, bot: Bot, now: datetime,
                                    reads: Reader | None = None, *,
                                    outbox: Outbox | None = None) -> int:
        """New conversions for every alert from one query; returns how many were posted
        (with `outbox`: queued there, for the caller to send). A paused alert gets none; one
        that resumes starts from the newest conversion then."""
        alerts: list[ConversionAlert] = []
        for alert in await self.subscriptions.conversion_alerts():
            was_paused = alert.paused is not None
            if not alert.enabled or await self.gate.check(alert) is None:
                continue
            if was_paused:  # what came while it was paused is not sent
                alert.last_seen = await latest_conversion_id(reads or self.client, now)
                await self.subscriptions.save(alert)
                continue
            alerts.append(alert)
        if not alerts:
            return 0
        rows = await conversions_after(reads or self.client, min(a.last_seen for a in alerts),
                                       now)
        if not rows:
            return 0
        newest = conversion_id(rows[-1])
        own = outbox is None
        queue = Outbox(bot, self.gate) if outbox is None else outbox
        moved: list[ConversionAlert] = []
        posted = 0
        for alert in alerts:
            if newest <= alert.last_seen:
                continue
            mine = [row for row in rows if wanted_by(alert, row)]
            # every row up to `newest` has been seen for this alert, its own or not
            alert.last_seen = newest
            moved.append(alert)
            muted = alert.muted_until is not None and datetime.fromisoformat(
                alert.muted_until) > now
            if mine and not muted:
                queue.add(alert, conversion_notice(alert, mine))
                posted += len(mine)
        # remember first: a conversion is never posted twice, even after a crash here
        await self.subscriptions.save_all(list(moved))
        return await queue.send() if own else posted

    # -- rules -----------------------------------------------------------------------------

    async def run_rules(self, bot: Bot, now: datetime, reads: Reader | None = None, *,
                        outbox: Outbox | None = None) -> int:
        """Every rule checked on one read of the tracker for all of them; returns the
        episodes begun (a muted rule's, or one within its cooldown, begin quietly). With
        `outbox`, what is to be said is queued there, for the caller to send."""
        reader = reads or RoundReads(self.client)
        rules = [rule for rule in await self.subscriptions.rules()
                 if rule.enabled and await self.gate.check(rule) is not None]
        if not rules:
            return 0
        local = now.astimezone(ZoneInfo(self.timezone))
        data = await read_round(reader, rules, local, self.timezone)
        queue = Outbox(bot, self.gate) if outbox is None else outbox
        fired = 0
        for rule in rules:
            holding, answered = check(rule, data, self.min_clicks)
            started = self._episodes(rule, holding, answered, now)
            fired += len(started)
            if started:
                queue.add(rule, rule_notice(rule, started))
        await self.subscriptions.save_all(list(rules))
        if outbox is None:
            await queue.send()
        return fired

    @staticmethod
    def _episodes(rule: Rule, holding: dict[str, Fired], answered: bool,
                  now: datetime) -> list[Fired]:
        """What begins now and is to be said; updates the rule's episodes, its cooldowns
        (`fired`) in place. Nothing is said while the rule is muted, nor for a key that
        fired less than `cooldown` minutes ago."""
        started = Notifier._started(rule, holding, answered)
        said: list[Fired] = []
        quiet = rule.muted_until is not None and datetime.fromisoformat(rule.muted_until) > now
        for key, found in started:
            last = rule.fired.get(key)
            cooling = last is not None and now - datetime.fromisoformat(last) < timedelta(
                minutes=rule.cooldown)
            if quiet or cooling:
                continue
            rule.fired[key] = now.isoformat(timespec="seconds")
            said.append(found)
        keep = max(timedelta(minutes=rule.cooldown), timedelta(days=1))
        rule.fired = {k: v for k, v in rule.fired.items()
                      if now - datetime.fromisoformat(v) < keep}
        return said

    @staticmethod
    def _started(rule: Rule, holding: dict[str, Fired], answered: bool
                 ) -> list[tuple[str, Fired]]:
        """Episodes that start now (key, finding); updates `rule.firing` in place."""
        if rule.kind == "tracker_down":
            rule.failures = 0 if answered else rule.failures + 1
            if rule.failures >= DOWN_AFTER and "down" not in rule.firing:
                rule.firing = ["down"]
                return [("down", holding.get("down", Fired("")))]
            if answered and "down" in rule.firing:
                rule.firing = []
                return [("up", Fired(t(rule.lang, "alert.up")))]
            return []
        if not answered:
            return []  # the tracker did not answer: keep episodes as they are
        started = [(key, found) for key, found in holding.items() if key not in rule.firing]
        rule.firing = list(holding)
        return started
