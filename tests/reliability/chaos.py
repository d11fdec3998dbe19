"""Seeded, reproducible fault injection for soak tests: every error kind of the client.

`faults.random(rate, seed)` draws from one random sequence in arrival order, so with many
people acting at once, which request draws which fault depends on timing. `FaultPlan` instead
decides from the request itself: a hash of the seed, the request (method, path, query, body)
and how many identical requests came before it. As long as every person's requests are their
own (their entities, their periods), each run injects the same faults into the same requests.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

from keitaro_sandbox import Sandbox
from keitaro_sandbox.faults import KINDS, Answer, RandomFaults

# One per way a tracker call can go wrong, as the client classifies it (bot.keitaro.errors):
# 400 (plain and no-route), 401, 402 (edition and failure), 403 (rights and firewall), 404,
# 406, 422, 429, 500 HTML, 502/503/504, non-JSON/empty/null/HTML 200s, a delay past the
# client's timeout, and a dropped connection.
ALL_KINDS: tuple[str, ...] = tuple(KINDS)


@dataclass(frozen=True)
class Injected:
    kind: str
    method: str
    path: str
    index: int  # position of the faulted request in `sandbox.requests`


class FaultPlan(RandomFaults):
    """Fails about `rate` of the requests (`spare`: a path regex never failed) with a kind
    chosen by hashing the request; install it as the sandbox's random faults."""

    def __init__(self, sandbox: Sandbox, rate: float, seed: int, *, delay: float,
                 kinds: tuple[str, ...] = ALL_KINDS, spare: str | None = None) -> None:
        super().__init__(rate=rate, rng=None,  # type: ignore[arg-type]  # unused: hashed
                         kinds=kinds, method=None, path=None, delay=delay)
        self.sandbox = sandbox
        self.seed = seed
        self.spare = re.compile(spare) if spare else None
        self.seen: Counter[str] = Counter()
        self.log: list[Injected] = []

    def pick(self, method: str, path: str) -> Answer | None:
        if self.spare is not None and self.spare.search(path):
            return None
        index = len(self.sandbox.requests) - 1  # the sandbox records a request first
        request = self.sandbox.requests[index]
        key = json.dumps([method, path, sorted(request.query.items()), request.body],
                         sort_keys=True, ensure_ascii=False, default=str)
        occurrence = self.seen[key]
        self.seen[key] += 1
        digest = hashlib.sha256(f"{self.seed}|{occurrence}|{key}".encode()).digest()
        if int.from_bytes(digest[:4], "big") / 2**32 >= self.rate:
            return None
        kind = self.kinds[int.from_bytes(digest[4:8], "big") % len(self.kinds)]
        self.injected.append((kind, method, path))
        self.log.append(Injected(kind, method, path, index))
        return Answer(delay=self.delay) if kind == "timeout" else KINDS[kind]

    def install(self) -> FaultPlan:
        self.sandbox.faults.chaos = self
        return self

    def at(self, start: int, end: int) -> list[Injected]:
        """Faults injected on requests start..end-1 of `sandbox.requests`."""
        return [f for f in self.log if start <= f.index < end]
