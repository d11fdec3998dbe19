"""Flood control like Telegram's: token buckets per chat, per group and overall, answering 429.

Telegram documents roughly 1 message per second per chat (short bursts are tolerated in private
chats), 20 messages per minute per group, and about 30 messages per second overall. The fake's
default is deliberately far looser (`RateLimits.lenient()`): it only stops runaway loops, so
ordinary end-to-end tests never see a 429. Reliability tests switch to `RateLimits.telegram()`
or `RateLimits.strict()` to prove the bot respects the limits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendRichMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendVenue",
        "sendVideoNote",
        "sendInvoice",
        "copyMessage",
        "forwardMessage",
    }
)
EDIT_METHODS = frozenset(
    {"editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia",
     "editEphemeralMessageText", "editEphemeralMessageCaption",
     "editEphemeralMessageReplyMarkup"}
)


@dataclass(frozen=True)
class RateLimits:
    """Bucket sizes and refill rates; `burst_*` is how many messages may go out back to back."""

    enabled: bool = True
    per_chat_per_sec: float = 30.0
    burst_per_chat: int = 100
    per_group_per_min: float | None = None  # None: groups use the per-chat bucket
    burst_per_group: int | None = None
    global_per_sec: float = 100.0
    burst_global: int = 300
    count_edits: bool = False  # edits are throttled separately and more loosely by Telegram

    @classmethod
    def lenient(cls) -> RateLimits:
        """The default: only a runaway loop (100+ messages to one chat at once) gets a 429."""
        return cls()

    @classmethod
    def telegram(cls) -> RateLimits:
        """Close to Telegram's documented limits, with the short bursts it tolerates."""
        return cls(
            per_chat_per_sec=1.0,
            burst_per_chat=20,
            per_group_per_min=20.0,
            burst_per_group=20,
            global_per_sec=30.0,
            burst_global=30,
        )

    @classmethod
    def strict(cls) -> RateLimits:
        """No bursts at all: 1 message per second per chat, edits included."""
        return cls(
            per_chat_per_sec=1.0,
            burst_per_chat=1,
            per_group_per_min=20.0,
            burst_per_group=1,
            global_per_sec=30.0,
            burst_global=30,
            count_edits=True,
        )

    @classmethod
    def off(cls) -> RateLimits:
        return cls(enabled=False)


@dataclass(frozen=True)
class RateLimitHit:
    """A 429 the fake answered because a limit was exceeded."""

    method: str
    chat_id: int | str | None
    scope: str  # "chat", "group" or "global"
    retry_after: int
    ts: float


@dataclass
class _Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, count: int) -> float:
        """Seconds until `count` tokens are available (0 if they are now)."""
        missing = count - self.tokens
        return 0.0 if missing <= 1e-9 else missing / self.rate


@dataclass
class RateLimiter:
    """Applies `limits` to counted methods; every refusal is appended to `hits`."""

    limits: RateLimits = field(default_factory=RateLimits)
    clock: Callable[[], float] = time.monotonic
    hits: list[RateLimitHit] = field(default_factory=list)
    _buckets: dict[tuple[str, int | str | None], _Bucket] = field(default_factory=dict)

    def configure(self, limits: RateLimits) -> None:
        """Switch limits; buckets start full again."""
        self.limits = limits
        self._buckets.clear()

    def reset(self) -> None:
        self._buckets.clear()
        self.hits.clear()

    def counts(self, method: str) -> bool:
        return method in SEND_METHODS or (self.limits.count_edits and method in EDIT_METHODS)

    def _bucket(self, key: tuple[str, int | str | None], rate: float, burst: int) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            burst = max(burst, 1)
            bucket = _Bucket(rate, float(burst), float(burst), self.clock())
            self._buckets[key] = bucket
        return bucket

    def check(self, method: str, chat_id: int | str | None, count: int = 1) -> RateLimitHit | None:
        """Take `count` messages from the buckets, or return (and record) the 429 to answer."""
        limits = self.limits
        if not limits.enabled or not self.counts(method):
            return None
        buckets = [
            ("global", self._bucket(("global", None), limits.global_per_sec, limits.burst_global))
        ]
        is_group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        if chat_id is not None:
            if is_group and limits.per_group_per_min is not None:
                burst = limits.burst_per_group or limits.burst_per_chat
                group = self._bucket(("group", chat_id), limits.per_group_per_min / 60.0, burst)
                buckets.append(("group", group))
            else:
                chat = self._bucket(
                    ("chat", chat_id), limits.per_chat_per_sec, limits.burst_per_chat
                )
                buckets.append(("chat", chat))
        now = self.clock()
        waits: list[tuple[float, str]] = []
        for scope, bucket in buckets:
            bucket.refill(now)
            wait = bucket.wait_for(min(count, int(bucket.capacity)))
            if wait > 0:
                waits.append((wait, scope))
        if waits:
            wait, scope = max(waits)
            hit = RateLimitHit(method, chat_id, scope, max(1, math.ceil(wait)), now)
            self.hits.append(hit)
            return hit
        for _, bucket in buckets:
            bucket.tokens -= min(count, bucket.capacity)
        return None
