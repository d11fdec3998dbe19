"""Fixtures of the reliability suite: the size to run at, and a probe on the dispatcher."""

from __future__ import annotations

import pytest


@pytest.fixture
def full(request: pytest.FixtureRequest) -> bool:
    """True with `pytest --full`: run at the sizes of the issue, not the CI ones."""
    return bool(request.config.getoption("--full"))
