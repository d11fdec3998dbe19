"""The level (role) a change needs, decided in one place for the flow, the Undo and /audit."""

from __future__ import annotations

from typing import Any

from bot.keitaro.catalog import Action, Danger


def needed(action: Action, args: dict[str, Any]) -> Danger:
    """The level `action` with `args` needs. Today the catalog's static level; the catalog's
    `needed_danger` (permission by the effect of the body) takes its place when it exists,
    and the Undo of a change then needs what its inverse action needs."""
    return action.danger
