"""A Keitaro tracker in memory, over real HTTP: for tests, the demo and `python -m bot sandbox`.

    sb = Sandbox(api_key="k" * 32, postback_key="p" * 16, seed=1)
    async with sb.running() as base_url:
        ...  # point KeitaroSettings(url=base_url, ...) at it
    sb.requests, sb.count("PUT", r"/campaigns/\\d+$"), sb.faults.add(...), sb.state.campaigns
"""

from bot.sandbox.app import RecordedRequest
from bot.sandbox.clock import ManualClock
from bot.sandbox.faults import KINDS as FAULT_KINDS
from bot.sandbox.faults import Fault, Faults
from bot.sandbox.sandbox import Sandbox, serve

__all__ = ["FAULT_KINDS", "Fault", "Faults", "ManualClock", "RecordedRequest", "Sandbox",
           "serve"]
