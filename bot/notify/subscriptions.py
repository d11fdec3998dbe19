"""What chats subscribed to (digests, conversion alerts, threshold rules) and which group chats
may receive tracker data: typed records in, typed records out.

A stored record that no longer validates (saved by another version, or written by hand) is
never fatal: it is reported once per process in the log, shown in its chat's listing as
unreadable (so it can be removed) and skipped by every notifier round.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError

from bot.notify.models import ConversionAlert, Digest, EnabledChat, Paused, Rule, Subscription
from bot.notify.store import RecordStore

log = logging.getLogger("bot.notify")
ALERT_IDS = "alerts"  # conversion alerts and rules share one numbering


class Table(StrEnum):
    """The kinds of records in the store."""

    DIGESTS = "digests"
    CONVERSION_ALERTS = "conversion_alerts"
    RULES = "rules"
    CHATS = "chats"


SUBSCRIPTIONS = (Table.DIGESTS, Table.CONVERSION_ALERTS, Table.RULES)
ALERTS = (Table.CONVERSION_ALERTS, Table.RULES)
Alert = ConversionAlert | Rule
S = TypeVar("S", bound=Subscription)
# NOTIFY_MAX_PER_CHAT and NOTIFY_MAX_PER_USER: active alerts (conversion alerts and rules
# together) and, separately, active digests
MAX_PER_CHAT = 20
MAX_PER_USER = 50


class SubscriptionLimit(Exception):
    """A chat or a person already holds the most alerts (or digests) allowed; `key` names
    the text that says so, `details` fills it."""

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(key)
        self.key = key
        self.details = details


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A stored record that does not validate; `chat_id` when even that is unknown is None."""

    table: Table
    id: int
    chat_id: int | None


def _table_of(record: Subscription) -> Table:
    if isinstance(record, Digest):
        return Table.DIGESTS
    return Table.CONVERSION_ALERTS if isinstance(record, ConversionAlert) else Table.RULES


def _chat_of(data: Any) -> int | None:
    chat_id = data.get("chat_id") if isinstance(data, dict) else None
    return chat_id if isinstance(chat_id, int) else None


class Subscriptions:
    """The notifier's records, over a `RecordStore`."""

    def __init__(self, records: RecordStore, *, max_per_chat: int = MAX_PER_CHAT,
                 max_per_user: int = MAX_PER_USER) -> None:
        self.records = records
        self.max_per_chat = max_per_chat
        self.max_per_user = max_per_user
        self._reported: set[tuple[Table, int]] = set()

    # -- reading ---------------------------------------------------------------------------

    def _parse(self, table: Table, model: type[S], record_id: int, data: Any) -> S | Unreadable:
        try:
            if not isinstance(data, dict):
                raise TypeError("not an object")
            return model.model_validate({**data, "id": record_id})
        except (ValidationError, TypeError) as exc:
            if (table, record_id) not in self._reported:
                self._reported.add((table, record_id))
                fields = (", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
                          if isinstance(exc, ValidationError) else str(exc))
                log.warning("stored %s #%d cannot be read (%s): skipped", table.value,
                            record_id, fields)
            return Unreadable(table, record_id, _chat_of(data))

    async def _all(self, table: Table, model: type[S]) -> list[S | Unreadable]:
        return [self._parse(table, model, record_id, data)
                for record_id, data in (await self.records.all(table)).items()]

    async def _readable(self, table: Table, model: type[S]) -> list[S]:
        return [r for r in await self._all(table, model) if not isinstance(r, Unreadable)]

    @staticmethod
    def _in_chat(found: list[S | Unreadable], chat_id: int) -> list[S | Unreadable]:
        return [r for r in found if r.chat_id == chat_id]

    async def digests(self) -> list[Digest]:
        """Every readable digest (for the notifier's rounds)."""
        return await self._readable(Table.DIGESTS, Digest)

    async def conversion_alerts(self) -> list[ConversionAlert]:
        return await self._readable(Table.CONVERSION_ALERTS, ConversionAlert)

    async def rules(self) -> list[Rule]:
        return await self._readable(Table.RULES, Rule)

    async def chat_digests(self, chat_id: int) -> list[Digest | Unreadable]:
        return self._in_chat(await self._all(Table.DIGESTS, Digest), chat_id)

    async def chat_alerts(self, chat_id: int) -> list[Alert | Unreadable]:
        """A chat's conversion alerts and rules, by id."""
        found: list[Alert | Unreadable] = [
            *self._in_chat(await self._all(Table.CONVERSION_ALERTS, ConversionAlert), chat_id),
            *self._in_chat(await self._all(Table.RULES, Rule), chat_id)]
        return sorted(found, key=lambda r: r.id)

    async def paused_digests(self, *, besides: int) -> list[Digest]:
        """Paused digests of every chat but `besides` (for an admin to see and remove)."""
        return [d for d in await self.digests() if d.paused and d.chat_id != besides]

    async def paused_alerts(self, *, besides: int) -> list[Alert]:
        """Paused conversion alerts and rules of every chat but `besides`, by id."""
        found: list[Alert] = [*await self.conversion_alerts(), *await self.rules()]
        return sorted((a for a in found if a.paused and a.chat_id != besides),
                      key=lambda a: a.id)

    async def digest(self, chat_id: int, digest_id: int) -> Digest | Unreadable | None:
        """Digest `digest_id` if it belongs to this chat."""
        data = await self.records.get(Table.DIGESTS, digest_id)
        if data is None or _chat_of(data) != chat_id:
            return None
        return self._parse(Table.DIGESTS, Digest, digest_id, data)

    # -- writing ---------------------------------------------------------------------------

    async def save(self, record: Subscription) -> None:
        """Store a changed record under its id."""
        await self.records.put(_table_of(record), record.id,
                               record.model_dump(exclude={"id"}, mode="json"))

    async def save_all(self, records: list[Subscription]) -> None:
        """Store changed records, one write per kind (a round's cursors and episodes)."""
        tables: dict[Table, dict[int, dict[str, Any]]] = {}
        for record in records:
            tables.setdefault(_table_of(record), {})[record.id] = record.model_dump(
                exclude={"id"}, mode="json")
        for table, found in tables.items():
            await self.records.put_many(table, found)

    async def check_room(self, record: Subscription) -> None:
        """Raise `SubscriptionLimit` when the record's chat, or the person adding it, already
        holds the most active alerts (or digests) allowed."""
        digest = isinstance(record, Digest)
        tables = (Table.DIGESTS,) if digest else ALERTS
        in_chat = by_user = 0
        for table in tables:
            for data in (await self.records.all(table)).values():
                if not isinstance(data, dict) or not data.get("enabled", True):
                    continue
                in_chat += _chat_of(data) == record.chat_id
                by_user += data.get("created_by") == record.created_by
        what = "digests" if digest else "alerts"
        if in_chat >= self.max_per_chat:
            raise SubscriptionLimit(f"notify.limit_chat_{what}", count=in_chat)
        if by_user >= self.max_per_user:
            raise SubscriptionLimit(f"notify.limit_user_{what}", count=by_user)

    async def add_digest(self, digest: Digest) -> Digest:
        """Store a new digest (`SubscriptionLimit` when there is no room for it)."""
        await self.check_room(digest)
        digest.id = await self.records.new_id(Table.DIGESTS)
        await self.save(digest)
        return digest

    async def add_alert(self, alert: Alert) -> Alert:
        """Store a new alert (`SubscriptionLimit` when there is no room for it)."""
        await self.check_room(alert)
        alert.id = await self.records.new_id(ALERT_IDS)
        await self.save(alert)
        return alert

    async def mark_slot(self, digest_id: int, slot: datetime) -> None:
        """Remember the latest slot sent, unless the digest was removed meanwhile."""
        data = await self.records.get(Table.DIGESTS, digest_id)
        if data is None:
            return
        current = self._parse(Table.DIGESTS, Digest, digest_id, data)
        if isinstance(current, Digest):
            current.last_slot = slot.isoformat()
            await self.save(current)

    async def set_paused(self, record: Subscription, paused: Paused | None) -> None:
        """Store why a subscription is paused (None: it is not), leaving the rest of the
        stored record as it is now; nothing when it was removed meanwhile."""
        table = _table_of(record)
        data = await self.records.get(table, record.id)
        if isinstance(data, dict):
            data["paused"] = paused
            await self.records.put(table, record.id, data)

    async def _remove(self, tables: tuple[Table, ...], chat_id: int, record_id: int, *,
                      paused_anywhere: bool = False) -> bool:
        for table in tables:
            data = await self.records.get(table, record_id)
            if data is not None and (_chat_of(data) == chat_id or (
                    paused_anywhere and isinstance(data, dict) and data.get("paused"))):
                return await self.records.delete(table, record_id)
        return False

    async def remove_digest(self, chat_id: int, digest_id: int, *,
                            paused_anywhere: bool = False) -> bool:
        """Remove a digest of this chat (readable or not), or with `paused_anywhere` a paused
        one of any chat (an admin's clean-up); False when there is none."""
        return await self._remove((Table.DIGESTS,), chat_id, digest_id,
                                  paused_anywhere=paused_anywhere)

    async def remove_alert(self, chat_id: int, alert_id: int, *,
                           paused_anywhere: bool = False) -> bool:
        """Remove a conversion alert or rule of this chat (readable or not), or with
        `paused_anywhere` a paused one of any chat."""
        return await self._remove((Table.CONVERSION_ALERTS, Table.RULES), chat_id, alert_id,
                                  paused_anywhere=paused_anywhere)

    # -- group chats -----------------------------------------------------------------------

    async def enabled_chat(self, chat_id: int) -> EnabledChat | None:
        """Who enabled a group chat, and when; None when it is not enabled (or unreadable)."""
        data = await self.records.get(Table.CHATS, chat_id)
        try:
            return EnabledChat.model_validate(data) if data is not None else None
        except ValidationError:
            return None

    async def enable_chat(self, chat_id: int, chat: EnabledChat) -> None:
        await self.records.put(Table.CHATS, chat_id, chat.model_dump(mode="json"))

    async def disable_chat(self, chat_id: int) -> int:
        """Switch off everything a chat receives (records that cannot be read too); returns
        how many subscriptions."""
        count = 0
        for table in SUBSCRIPTIONS:
            for record_id, data in (await self.records.all(table)).items():
                if _chat_of(data) == chat_id and data.get("enabled", True):
                    data["enabled"] = False
                    await self.records.put(table, record_id, data)
                    count += 1
        await self.records.delete(Table.CHATS, chat_id)
        return count
