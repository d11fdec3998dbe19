"""The sandbox tracker in its own process, so its CPU and memory do not count for the client.

    python -m bench.sandbox_server --clicks 20000 --conversions 20000

Prints `READY <base url>` once it listens on a free loopback port; runs until terminated.
`--conversions` tops the seeded conversions up (one lead per click, in click order) to at least
that many, so the conversion log can be as long as the click log. The clock is fixed: the data
is the same on every run.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from bench.common import API_KEY, NOW, POSTBACK_KEY, announce
from keitaro_sandbox import ManualClock, Sandbox


def build(clicks: int, conversions: int) -> Sandbox:
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=clicks)
    have = len(sandbox.state.traffic.conversions.items)
    for index in range(max(0, conversions - have)):
        sandbox.add_conversion(index % clicks, status="lead", revenue=1.0)
    return sandbox


async def serve(clicks: int, conversions: int) -> None:
    sandbox = build(clicks, conversions)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with sandbox.running() as url:
        announce(url)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=3000)
    parser.add_argument("--conversions", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.clicks, args.conversions))


if __name__ == "__main__":
    main()
