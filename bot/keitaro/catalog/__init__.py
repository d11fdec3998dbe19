"""The action catalog: every Keitaro operation the bot can run, as data.

Adding an endpoint means adding one `Action` to `entries/<group>.py` (a new group also needs its
`Group` in `groups.py` and its module in `entries.MODULES`).
`Catalog` checks the whole table once at import: unique ids, path placeholders backed by
params, pick-lists and snapshots that exist, fields for every body and the body keys the bot
fills among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.keitaro.catalog.effects import Effect, field_effect
from bot.keitaro.catalog.entries import MODULES
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.groups import GROUPS, Group
from bot.keitaro.catalog.model import (
    Action,
    ChangeKind,
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
    "BodyField",
    "Catalog",
    "ChangeKind",
    "Danger",
    "Effect",
    "FieldType",
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
    "field_effect",
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
            problems += self._check_change(a)
            problems += self._check_body_fields(a)
        if problems:
            raise ValueError("catalog is inconsistent: " + "; ".join(problems))

    def _check_change(self, a: Action) -> list[str]:
        """The change kind an entry declares agrees with what it is (the kind is declared,
        never guessed from a name; pydantic refuses an entry without one)."""
        kind = a.change
        writes_item = a.rmw is not None and a.rmw.op not in (RmwOp.LIST, RmwOp.GET)
        has_restore = f"{a.group}.restore" in self._by_id
        checks = (
            ((kind is ChangeKind.READ) != (a.danger is Danger.READ), "a read iff danger read"),
            ((kind is ChangeKind.ITEM) != writes_item, "an item edit iff a read-modify-write"),
            ((kind is ChangeKind.CONVERSION) != (a.kind is Kind.POSTBACK),
             "a conversion iff the postback URL"),
            (kind is ChangeKind.ARCHIVE and not has_restore, "an archive needs a restore"),
            (kind is ChangeKind.DELETE and has_restore, "a delete beside a restore archives"),
            (kind is ChangeKind.RESTORE and not any(
                o.change is ChangeKind.ARCHIVE for o in self.actions if o.group == a.group),
             "a restore needs an archive"),
            (kind is ChangeKind.FILE and f"{a.group}.get_file" not in self._by_id,
             "a file change needs get_file"),
        )
        return [f"{a.id}: change {kind.value}: {why}" for wrong, why in checks if wrong]

    def _check_body_fields(self, a: Action) -> list[str]:
        """Every action that sends a body names its fields; what the bot itself puts in the
        body is among them; each field is well formed."""
        sends = a.body_template is not None or any(
            p.location is Location.BODY for p in a.params)
        if not sends:
            return [f"{a.id}: fields without a body"] if a.fields else []
        if not a.fields:
            return [f"{a.id}: sends a body without fields"]
        names = {f.name for f in a.fields}
        filled = set(a.body_template or {})
        for p in a.params:
            if p.location is not Location.BODY or (p.kind is ParamKind.JSON and not p.field):
                continue
            if p.kind is ParamKind.RANGE:
                filled |= ({"start_date", "end_date", "timezone"}
                           if p.range_style is RangeStyle.DATES else {"range"})
            else:
                filled.add(p.field or p.name)
        problems = [f"{a.id}: the bot sends {n}, which is not a field" for n in filled - names]
        return problems + self._check_fields(a.id, a.fields)

    def _check_fields(self, where: str, fields: tuple[BodyField, ...]) -> list[str]:
        problems: list[str] = []
        if len({f.name for f in fields}) != len(fields):
            problems.append(f"{where}: duplicate field names")
        for f in fields:
            at = f"{where}.{f.name}"
            if f.type is FieldType.ENUM and not (f.choices or f.ref):
                problems.append(f"{at}: an enum without choices or ref")
            if f.type in (FieldType.REF, FieldType.IDS) and not f.ref:
                problems.append(f"{at}: an id without the list that offers it")
            lister = self._by_id.get(f.ref) if f.ref else None
            if f.ref and lister is None:
                problems.append(f"{at}: ref {f.ref} does not exist")
            if lister and {k for k, _ in f.ref_args} - {p.name for p in lister.params}:
                problems.append(f"{at}: ref_args that {f.ref} does not take")
            arrays = f.type in (FieldType.ITEMS, FieldType.LIST)
            if arrays != bool(f.items) and f.type is not FieldType.OBJECT:
                problems.append(f"{at}: items belong to (and are needed by) arrays of objects")
            if f.item_key is not None and f.item_key not in {i.name for i in f.items}:
                problems.append(f"{at}: item_key {f.item_key} is not an item field")
            if set(f.destructive_values) - set(f.choices):
                problems.append(f"{at}: destructive values that are not choices")
            if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
                problems.append(f"{at}: minimum above maximum")
            problems += self._check_fields(at, f.items)
        return problems


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
