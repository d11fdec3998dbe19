"""The action catalog: every Keitaro operation the bot can run, as data.

Adding an endpoint means adding one `Action` to `entries/<group>.py` (a new group also needs its
`Group` in `groups.py` and its module in `entries.MODULES`).
`Catalog` checks the whole table once at import: unique ids, path placeholders backed by
params, pick-lists and snapshots that exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.keitaro.catalog.entries import MODULES
from bot.keitaro.catalog.groups import GROUPS, Group
from bot.keitaro.catalog.model import (
    Action,
    Danger,
    Kind,
    L,
    Location,
    Param,
    ParamKind,
    RangeStyle,
    Rmw,
    RmwOp,
    Special,
    View,
)

__all__ = [
    "CATALOG",
    "GROUPS",
    "Action",
    "Catalog",
    "Danger",
    "Group",
    "Kind",
    "L",
    "Location",
    "Param",
    "ParamKind",
    "RangeStyle",
    "Rmw",
    "RmwOp",
    "Special",
    "View",
]

_PLACEHOLDER = re.compile(r"{(\w+)}")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,19}$")


class Catalog:
    """Lookup over the catalog entries, checked for consistency on construction."""

    def __init__(self, groups: tuple[Group, ...], actions: tuple[Action, ...]) -> None:
        self.groups = groups
        self.actions = actions
        self._by_id = {a.id: a for a in actions}
        self._groups = {g.key: g for g in groups}
        self._check()

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    def get(self, action_id: str) -> Action | None:
        return self._by_id.get(action_id)

    def __getitem__(self, action_id: str) -> Action:
        return self._by_id[action_id]

    def group(self, key: str) -> Group | None:
        return self._groups.get(key)

    def group_title(self, key: str, lang: str) -> str:
        """"🎯 Campaigns": a group's icon and label as menus and replies show it."""
        group = self._groups.get(key)
        return group.title(lang) if group else key

    def in_group(self, key: str) -> list[Action]:
        return [a for a in self.actions if a.group == key]

    def _check(self) -> None:
        problems: list[str] = []
        if len(self._by_id) != len(self.actions):
            problems.append("duplicate action ids")
        for a in self.actions:
            if a.group not in self._groups:
                problems.append(f"{a.id}: unknown group")
            if not KEY_PATTERN.match(a.key) or not KEY_PATTERN.match(a.group):
                problems.append(f"{a.id}: keys must be short snake_case")
            names = {p.name for p in a.params}
            if len(names) != len(a.params):
                problems.append(f"{a.id}: duplicate param names")
            for placeholder in _PLACEHOLDER.findall(a.path):
                if placeholder == "postback_key" and a.kind is Kind.POSTBACK:
                    continue
                if placeholder not in names or a.param(placeholder).location is not Location.PATH:
                    problems.append(f"{a.id}: {{{placeholder}}} has no path param")
            for p in a.params:
                if p.location is Location.PATH and f"{{{p.name}}}" not in a.path:
                    problems.append(f"{a.id}: path param {p.name} not in path")
                if p.pick and p.pick not in self._by_id:
                    problems.append(f"{a.id}: pick {p.pick} does not exist")
                if p.kind is ParamKind.ENUM and not p.choices:
                    problems.append(f"{a.id}: enum {p.name} without choices")
            if a.snapshot and f"{a.group}.{a.snapshot}" not in self._by_id:
                problems.append(f"{a.id}: snapshot {a.snapshot} does not exist")
            if a.danger is Danger.DESTRUCTIVE and a.loses is None:
                problems.append(f"{a.id}: destructive without `loses`")
            if (a.special is Special.RMW) != (a.rmw is not None):
                problems.append(f"{a.id}: rmw and special disagree")
        if problems:
            raise ValueError("catalog is inconsistent: " + "; ".join(problems))


def _entries() -> tuple[Action, ...]:
    """Every group's entries, read in menu order from its own module."""
    keys = tuple(module.__name__.rsplit(".", 1)[-1] for module in MODULES)
    if keys != tuple(group.key for group in GROUPS):
        raise ValueError(f"catalog entries {keys} do not follow the groups' menu order")
    actions: list[Action] = []
    for module in MODULES:
        actions.extend(module.ENTRIES)
    return tuple(actions)


CATALOG = Catalog(GROUPS, _entries())
