"""Hypothesis against a bot running in the test's event loop.

Hypothesis calls a test function synchronously, once per example; the bot lives in an event
loop. `check_property` runs the Hypothesis engine in a worker thread and hands each example
to the loop, where the async check runs against the real dispatcher; the loop stays free to
serve the fake Bot API and the sandbox meanwhile. Sizes are decided at run time (CI or
`--full`), and examples are derandomized: the same examples every run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

T = TypeVar("T")
EXAMPLE_TIMEOUT = 30.0


async def check_property(
    strategy: st.SearchStrategy[T],
    check: Callable[[T], Awaitable[None]],
    *,
    max_examples: int,
    examples: Sequence[T] = (),
    shrink: bool = True,
) -> None:
    """Run `check` on every explicit example, then on `max_examples` generated ones."""
    loop = asyncio.get_running_loop()

    def run(value: T) -> None:
        asyncio.run_coroutine_threadsafe(check(value), loop).result(EXAMPLE_TIMEOUT)

    test = given(strategy)(run)
    for value in reversed(examples):
        test = example(value)(test)
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])
    test = settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(test)
    await asyncio.to_thread(test)
