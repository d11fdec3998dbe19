"""The sandbox's in-memory tracker: entity tables, settings, logs, files and traffic."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from keitaro_sandbox.clock import Clock, stamp
from keitaro_sandbox.traffic import Traffic

Record = dict[str, Any]
# The spec's log types (`/logs/{type}`); 9.x named the SSL log `enable_ssl` (API-NOTES §11.5).
LOG_TYPES = ("system", "traffic", "postbacks", "ssl", "sent_postbacks")


@dataclass(slots=True)
class LogRow:
    """One row of `GET /logs/{type}`; `campaign_id` only narrows the traffic log."""

    datetime: str
    jid: str
    message: str
    campaign_id: int | None = None

    def public(self) -> Record:
        return {"datetime": self.datetime, "jid": self.jid, "message": self.message}


@dataclass
class State:
    """Everything the sandbox tracker knows; tests may read and change it directly.

    Entity tables map id → the record as the API returns it (computed fields such as a
    campaign's `streams_count` are added on output). User passwords live apart, in
    `passwords`, and are never returned.
    """

    clock: Clock
    rng: random.Random
    traffic: Traffic
    campaigns: dict[int, Record] = field(default_factory=dict)
    streams: dict[int, Record] = field(default_factory=dict)
    offers: dict[int, Record] = field(default_factory=dict)
    landings: dict[int, Record] = field(default_factory=dict)
    sources: dict[int, Record] = field(default_factory=dict)
    networks: dict[int, Record] = field(default_factory=dict)
    domains: dict[int, Record] = field(default_factory=dict)
    groups: dict[int, Record] = field(default_factory=dict)
    users: dict[int, Record] = field(default_factory=dict)
    facebook: dict[int, Record] = field(default_factory=dict)
    passwords: dict[int, str] = field(default_factory=dict)
    facebook_campaigns: dict[int, list[int]] = field(default_factory=dict)
    integrations: dict[str, str] = field(default_factory=dict)
    botlist: list[str] = field(default_factory=list)
    labels: dict[tuple[int, str], dict[str, str]] = field(default_factory=dict)
    logs: dict[str, list[LogRow]] = field(default_factory=lambda: {t: [] for t in LOG_TYPES})
    stream_events: dict[int, list[Record]] = field(default_factory=dict)
    files: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    # Files a path with `..` put outside its landing's or offer's folder, as the tracker's
    # editor would (API-NOTES §11.6): keyed by the path relative to the storage root.
    stray_files: dict[str, str] = field(default_factory=dict)
    string_numbers: bool = False
    db_values: bool = False  # entities' flags as "0"/"1", decimals as "0.0700" (§12.6)
    _ids: dict[str, int] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.clock()

    def now_ts(self) -> int:
        return int(self.clock().timestamp())

    def stamp(self) -> str:
        return stamp(self.clock())

    def next_id(self, sequence: str) -> int:
        """A new id in `sequence` (a table or a nested list such as `postbacks`)."""
        value = self._ids.get(sequence, 0) + 1
        self._ids[sequence] = value
        return value

    def seen_id(self, sequence: str, value: int) -> None:
        """Keep `sequence` ahead of an id that was chosen by a client."""
        if value > self._ids.get(sequence, 0):
            self._ids[sequence] = value

    def table(self, name: str) -> dict[int, Record]:
        table = getattr(self, name)
        assert isinstance(table, dict)
        return table

    def log(self, kind: str, message: str, *, campaign_id: int | None = None) -> None:
        jid = f"{self.rng.getrandbits(32):08x}"
        self.logs[kind].append(LogRow(self.stamp(), jid, message, campaign_id))

    def name_of(self, table: str, ident: Any) -> str:
        record = self.table(table).get(ident) if isinstance(ident, int) else None
        return str(record.get("name") or record.get("login") or "") if record else ""
