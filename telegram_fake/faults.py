"""Planned failures: make the next matching Bot API calls fail like Telegram can (429, 5xx, 403)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram_fake.calls import Call
from telegram_fake.errors import ApiError


@dataclass
class PlannedFailure:
    """Answer `error` to the next `times` calls of `method` ("*" for any) that `where` accepts."""

    method: str
    error: ApiError
    times: int = 1
    where: Callable[[Call], bool] | None = None

    def matches(self, call: Call) -> bool:
        if self.method not in {"*", call.method}:
            return False
        return self.where is None or self.where(call)


class FaultInjector:
    """Failures are consumed in the order they were planned."""

    def __init__(self) -> None:
        self.planned: list[PlannedFailure] = []

    def plan(self, failure: PlannedFailure) -> None:
        if failure.times < 1:
            raise ValueError("times must be at least 1")
        self.planned.append(failure)

    def take(self, call: Call) -> ApiError | None:
        """The failure to answer `call` with, if one is planned (using it up)."""
        for failure in self.planned:
            if failure.matches(call):
                failure.times -= 1
                if failure.times == 0:
                    self.planned.remove(failure)
                return failure.error
        return None

    def clear(self) -> None:
        self.planned.clear()
