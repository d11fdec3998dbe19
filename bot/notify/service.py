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
from bot.keitaro.client import KeitaroClient
from bot.notify.alerts import DOWN_AFTER, conversions_text, evaluate, new_conversions
from bot.notify.digest import DigestBuilder
from bot.notify.models import ConversionAlert, Digest, Rule, now_utc
from bot.notify.schedule import latest_slot
from bot.notify.sender import send_notice
from bot.notify.store import RecordStore
from bot.storage.kv import KeyValue

log = logging.getLogger("bot.notify")
CLAIM_TTL = 3 * 24 * 3600.0


class Notifier:
    def __init__(
        self,
        client: KeitaroClient,
        records: RecordStore,
        kv: KeyValue,
        *,
        tick: float = 15.0,
        conversions_every: float = 60.0,
        rules_every: float = 300.0,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.client = client
        self.records = records
        self.kv = kv
        self.tick_every = tick
        self.conversions_every = conversions_every
        self.rules_every = rules_every
        self.clock = clock
        self.digests = DigestBuilder(client)
        self._task: asyncio.Task[None] | None = None

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
        for record_id, data in (await self.records.all("digests")).items():
            digest = Digest.model_validate({**data, "id": record_id})
            if not digest.enabled:
                continue
            slot = latest_slot(digest.schedule, now)
            since = datetime.fromisoformat(digest.last_slot or digest.created_at)
            if slot <= since:
                continue
            if not await self._claim(f"digest:{record_id}:{slot.isoformat()}"):
                continue
            await self._mark_slot(record_id, slot)
            if await self.send_digest(bot, digest, slot):
                sent += 1
        return sent

    async def _mark_slot(self, record_id: int, slot: datetime) -> None:
        current = await self.records.get("digests", record_id)
        if current is not None:
            current["last_slot"] = slot.isoformat()
            await self.records.put("digests", record_id, current)

    async def send_digest(self, bot: Bot, digest: Digest, slot: datetime) -> bool:
        message = await self.digests.build(digest, slot)
        if message.error is not None:
            text = t(digest.lang, "digest.failed", id=digest.id, reason=message.error.message)
            return await send_notice(bot, self.records, digest.chat_id, text)
        chart = message.chart
        return await send_notice(bot, self.records, digest.chat_id, message.text,
                                 photo=chart.png if chart else None,
                                 caption=chart.title if chart else None)

    # -- conversions -----------------------------------------------------------------------

    async def run_conversion_alerts(self, bot: Bot, now: datetime) -> int:
        posted = 0
        for record_id, data in (await self.records.all("conversion_alerts")).items():
            alert = ConversionAlert.model_validate({**data, "id": record_id})
            if not alert.enabled:
                continue
            rows, _ok = await new_conversions(self.client, alert, now)
            if not rows:
                continue
            # remember first: a conversion is never posted twice, even after a crash here
            data["last_seen"] = max(int(r["conversion_id"]) for r in rows)
            await self.records.put("conversion_alerts", record_id, data)
            if await send_notice(bot, self.records, alert.chat_id,
                                 conversions_text(rows, alert.lang)):
                posted += len(rows)
        return posted

    # -- rules -----------------------------------------------------------------------------

    async def run_rules(self, bot: Bot, now: datetime) -> int:
        fired = 0
        zone = self.client.settings.timezone
        for record_id, data in (await self.records.all("rules")).items():
            rule = Rule.model_validate({**data, "id": record_id})
            if not rule.enabled:
                continue
            holding, answered = await evaluate(self.client, rule, now, zone)
            messages = self._episodes(rule, holding, answered)
            await self.records.put("rules", record_id, rule.model_dump(exclude={"id"}))
            if messages:
                fired += len(messages)
                await send_notice(bot, self.records, rule.chat_id, "\n\n".join(messages))
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
