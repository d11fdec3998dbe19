"""A loop-agnostic "something changed" signal for waiters (long polls, `wait_call`, UserSim)."""

from __future__ import annotations

import asyncio


class Notifier:
    """Wake every coroutine currently waiting; waiters re-check their own condition."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        waiters, self._waiters = self._waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next `notify()`; False when `timeout` (seconds) ran out first."""
        if timeout is not None and timeout <= 0:
            return False
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)
        return True
