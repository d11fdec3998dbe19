"""Shared fixtures: the whole bot on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import Harness, running_bot


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true", default=False,
                     help="run the reliability suite at full size")


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_bot(tmp_path) as h:
        yield h


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How long Prism (the contract tests' mock of the official spec) took to start."""
    from tests.prism import TIMINGS

    if TIMINGS:
        shown = ", ".join(f"{k} {v:.2f}" for k, v in sorted(TIMINGS.items()))
        terminalreporter.write_line(f"prism: {shown}")
