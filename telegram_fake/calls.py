"""The log of Bot API requests the fake served, and waiting for a particular one."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from telegram_fake.notifier import Notifier

_SHOWN_PARAMS = ("chat_id", "message_id", "callback_query_id", "text", "caption", "data", "offset")


@dataclass(eq=False)
class Call:
    """One Bot API request: method name, decoded params, monotonic timestamp, and the answer."""

    method: str
    params: dict[str, Any]
    ts: float = field(default_factory=time.monotonic)
    response: dict[str, Any] | None = None  # the JSON body sent back; None while in progress
    status: int = 0  # HTTP status of the answer
    index: int = -1  # position in `FakeTelegram.calls`

    @property
    def done(self) -> bool:
        return self.response is not None

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The `result` of a successful call (a Message dict for sendMessage), else None."""
        return self.response.get("result") if self.response else None

    @property
    def error_code(self) -> int | None:
        return None if self.response is None or self.ok else self.response.get("error_code")

    @property
    def description(self) -> str | None:
        return None if self.response is None else self.response.get("description")

    @property
    def chat_id(self) -> int | str | None:
        chat_id = self.params.get("chat_id")
        return chat_id if isinstance(chat_id, int | str) else None

    def summary(self, width: int = 70) -> str:
        """One line for error messages: method, key params, outcome."""
        shown = []
        for name in _SHOWN_PARAMS:
            if name in self.params:
                value = repr(self.params[name])
                shown.append(f"{name}={value[:width] + '…' if len(value) > width else value}")
        others = sorted(set(self.params) - set(_SHOWN_PARAMS))
        if others:
            shown.append("+" + ",".join(others))
        if self.response is None:
            outcome = "(in progress)"
        elif self.ok:
            outcome = "→ ok"
        else:
            outcome = f"→ {self.error_code} {self.description}"
        return f"#{self.index} {self.method} {' '.join(shown)} {outcome}"

    def __repr__(self) -> str:
        return f"Call({self.summary()})"


MethodFilter = str | Collection[str] | None


def method_matches(call: Call, method: MethodFilter) -> bool:
    """`method` is a name, several names, or None for any."""
    if method is None:
        return True
    if isinstance(method, str):
        return call.method == method
    return call.method in method


class CallLog:
    """Every request in arrival order, with a notifier fired when one completes."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.changed = Notifier()
        self._consumed: set[int] = set()

    def start(self, method: str, params: dict[str, Any]) -> Call:
        call = Call(method, params, index=len(self.calls))
        self.calls.append(call)
        return call

    def finish(self, call: Call, status: int, body: dict[str, Any]) -> None:
        call.status, call.response = status, body
        self.changed.notify()

    def clear(self) -> None:
        self.calls.clear()
        self._consumed.clear()
        self.changed.notify()

    def find(
        self,
        method: MethodFilter,
        where: Callable[[Call], bool] | None,
        after: int | None,
    ) -> Call | None:
        start = 0 if after is None else max(after, 0)
        for call in self.calls[start:]:
            if not call.done or not method_matches(call, method):
                continue
            if after is None and call.index in self._consumed:
                continue
            if where is None or where(call):
                return call
        return None

    async def wait_call(
        self,
        method: MethodFilter,
        *,
        timeout: float = 5.0,
        where: Callable[[Call], bool] | None = None,
        after: int | None = None,
    ) -> Call:
        """First completed call matching; see `FakeTelegram.wait_call` for `after` semantics."""
        deadline = time.monotonic() + timeout
        while True:
            call = self.find(method, where, after)
            if call is not None:
                if after is None:
                    self._consumed.add(call.index)
                return call
            if not await self.changed.wait(deadline - time.monotonic()) and (
                time.monotonic() >= deadline
            ):
                condition = " matching the condition" if where else ""
                wanted = method if isinstance(method, str | None) else "/".join(sorted(method))
                raise TimeoutError(
                    f"no {wanted or 'Bot API'} call{condition} within {timeout:g} s"
                    + (f" (searching from #{after})" if after is not None else "")
                    + "\n"
                    + self.dump()
                )

    def dump(self, last: int = 15) -> str:
        """The most recent calls, one per line."""
        if not self.calls:
            return "no Bot API calls were made"
        shown = self.calls[-last:]
        lines = [f"last {len(shown)} of {len(self.calls)} calls:"]
        lines += [f"  {call.summary()}" for call in shown]
        return "\n".join(lines)
