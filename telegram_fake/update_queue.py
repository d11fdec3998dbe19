"""Pending updates and getUpdates long polling (offset, limit, timeout, allowed_updates)."""

from __future__ import annotations

import time
from typing import Any

from telegram_fake.errors import ApiError
from telegram_fake.notifier import Notifier

# Sent only when listed in allowed_updates explicitly.
OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_LIMIT = 100
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def update_type(update: dict[str, Any]) -> str:
    """The update's type: its one field besides update_id."""
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    """Updates not yet confirmed by an `offset`, and the long polls waiting for them."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.changed = Notifier()
        self.allowed_updates: list[str] | None = None
        self.delivered: set[int] = set()  # ids returned by getUpdates or posted to a webhook
        self.filtered: list[dict[str, Any]] = []  # dropped because of allowed_updates
        self.webhook_active = False
        self.closing = False
        self._allocated = 0  # highest update_id handed out or seen
        self._last_pushed = 0
        self._generation = 0

    def clear(self) -> None:
        self.pending.clear()
        self.delivered.clear()
        self.filtered.clear()
        self.allowed_updates = None
        self.changed.notify()

    def next_update_id(self) -> int:
        self._allocated += 1
        return self._allocated

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue `update`; an id not above every queued one is replaced by a fresh one."""
        update_id = update.get("update_id")
        if not isinstance(update_id, int) or update_id <= self._last_pushed:
            fields = {key: value for key, value in update.items() if key != "update_id"}
            update = {"update_id": self.next_update_id(), **fields}
        self._last_pushed = update["update_id"]
        self._allocated = max(self._allocated, self._last_pushed)
        self.pending.append(update)
        self.changed.notify()
        return update

    def confirm(self, offset: int) -> None:
        """Forget updates before `offset`; a negative offset keeps only the last -offset."""
        if offset < 0:
            del self.pending[: max(len(self.pending) + offset, 0)]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def is_allowed(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in OPT_IN_UPDATE_TYPES

    def take(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` deliverable updates; undeliverable ones are dropped as Telegram does."""
        kept: list[dict[str, Any]] = []
        for update in self.pending:
            if self.is_allowed(update):
                kept.append(update)
            else:
                self.filtered.append(update)
        self.pending = kept
        batch = kept[:limit]
        self.delivered.update(update["update_id"] for update in batch)
        return batch

    def close(self) -> None:
        """Make every waiting long poll return now (server shutdown)."""
        self.closing = True
        self.changed.notify()

    async def get_updates(
        self,
        *,
        offset: int | None,
        limit: int | None,
        timeout: float | None,
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        """getUpdates: wait up to `timeout` seconds for an update; [] when none arrived."""
        if self.webhook_active:
            raise ApiError(409, CONFLICT_WEBHOOK)
        self._generation += 1
        generation = self._generation
        self.changed.notify()  # an older poll still waiting is terminated, as on Telegram
        if allowed_updates is not None:
            self.allowed_updates = list(allowed_updates)
        if offset is not None:
            self.confirm(offset)
        size = MAX_LIMIT if not limit or limit > MAX_LIMIT else max(limit, 1)
        deadline = time.monotonic() + max(timeout or 0, 0)
        while True:
            if generation != self._generation:
                raise ApiError(409, CONFLICT_OTHER_POLL)
            if self.webhook_active:
                raise ApiError(409, CONFLICT_WEBHOOK)
            batch = self.take(size)
            if batch or self.closing:
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            await self.changed.wait(remaining)
