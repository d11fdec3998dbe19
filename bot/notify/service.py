"""The notifier: a background loop in every bot process that sends what is due.

Each digest slot and each alert round is claimed in the shared store (`KeyValue.add`), so with
several processes exactly one sends it. A digest missed while the bot was down is sent once,
for the latest slot only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot

from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.client import KeitaroClient
from bot.notify.alerts import (
    DOWN_AFTER,
    conversions_text,
    evaluate,
    latest_conversion_id,
    new_conversions,
)
from bot.notify.digest import DigestBuilder
from bot.notify.models import ConversionAlert, Digest, Rule, now_utc
from bot.notify.schedule import latest_slot
from bot.notify.sender import send_notice
from bot.notify.subscriptions import Subscriptions
from bot.storage.kv import KeyValue

log = logging.getLogger("bot.notify")
CLAIM_TTL = 3 * 24 * 3600.0


class Notifier:
    def __init__(
        self,
        client: KeitaroClient,
        subscriptions: Subscriptions,
        kv: KeyValue,
        *,
        tick: float = 15.0,
        conversions_every: float = 60.0,
        rules_every: float = 300.0,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.client = client
        self.subscriptions = subscriptions
        self.kv = kv
        self.tick_every = tick
        self.conversions_every = conversions_every
        self.rules_every = rules_every
        self.clock = clock
        self.digests = DigestBuilder(client)
        self._task: asyncio.Task[None] | None = None

    @property
    def timezone(self) -> str:
        """The tracker's time zone: rules count in it, and new digests default to it."""
        return self.client.settings.timezone

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, bot: Bot) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(bot), name="notifier")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self, bot: Bot) -> None:
        while True:
            try:
                await self.tick(bot)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("notifier round failed")
            await asyncio.sleep(self.tick_every)

    async def _claim(self, key: str) -> bool:
        return await self.kv.add(f"notify:{key}", "1", CLAIM_TTL)

    async def tick(self, bot: Bot) -> None:
        """One round: due digests, then conversion alerts and rules when their turn came."""
        now = self.clock()
        await self.run_digests(bot, now)
        stamp = now.timestamp()
        if await self._claim(f"conversions:{int(stamp // self.conversions_every)}"):
            await self.run_conversion_alerts(bot, now)
        if await self._claim(f"rules:{int(stamp // self.rules_every)}"):
            await self.run_rules(bot, now)

    # -- digests ---------------------------------------------------------------------------

    async def run_digests(self, bot: Bot, now: datetime) -> int:
        sent = 0
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
            if await self.send_digest(bot, digest, slot):
                sent += 1
        return sent

    async def send_digest(self, bot: Bot, digest: Digest, slot: datetime) -> bool:
        message = await self.digests.build(digest, slot)
        if message.error is not None:
            text = t(digest.lang, "digest.failed", id=digest.id,
                     reason=detail_text(message.error.message, digest.lang))
            return await send_notice(bot, self.subscriptions, digest.chat_id, text)
        chart = message.chart
        return await send_notice(bot, self.subscriptions, digest.chat_id, message.text,
                                 photo=chart.png if chart else None,
                                 caption=chart.title if chart else None)

    # -- conversions -----------------------------------------------------------------------

    async def add_conversion_alert(self, alert: ConversionAlert) -> ConversionAlert:
        """Subscribe to conversions from the newest one now on."""
        alert.last_seen = await latest_conversion_id(self.client, self.clock())
        await self.subscriptions.add_alert(alert)
        return alert

    async def run_conversion_alerts(self, bot: Bot, now: datetime) -> int:
        posted = 0
        for alert in await self.subscriptions.conversion_alerts():
            if not alert.enabled:
                continue
            rows, _ok = await new_conversions(self.client, alert, now)
            if not rows:
                continue
            # remember first: a conversion is never posted twice, even after a crash here
            alert.last_seen = max(int(r["conversion_id"]) for r in rows)
            await self.subscriptions.save(alert)
            if await send_notice(bot, self.subscriptions, alert.chat_id,
                                 conversions_text(rows, alert.lang)):
                posted += len(rows)
        return posted

    # -- rules -----------------------------------------------------------------------------

    async def run_rules(self, bot: Bot, now: datetime) -> int:
        fired = 0
        for rule in await self.subscriptions.rules():
            if not rule.enabled:
                continue
            holding, answered = await evaluate(self.client, rule, now, self.timezone)
            messages = self._episodes(rule, holding, answered)
            await self.subscriptions.save(rule)
            if messages:
                fired += len(messages)
                await send_notice(bot, self.subscriptions, rule.chat_id, "\n\n".join(messages))
        return fired

    @staticmethod
    def _episodes(rule: Rule, holding: dict[str, str], answered: bool) -> list[str]:
        """Messages for episodes that start now; updates `rule.firing` in place."""
        if rule.kind == "tracker_down":
            rule.failures = 0 if answered else rule.failures + 1
            if rule.failures >= DOWN_AFTER and "down" not in rule.firing:
                rule.firing = ["down"]
                return [holding.get("down", "")]
            if answered and "down" in rule.firing:
                rule.firing = []
                return [t(rule.lang, "alert.up")]
            return []
        if not answered:
            return []  # the tracker did not answer: keep episodes as they are
        started = [message for key, message in holding.items() if key not in rule.firing]
        rule.firing = list(holding)
        return started
