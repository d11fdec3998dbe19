"""Change kinds, one module each; every catalog entry declares its own (`Action.change`).

| kind | module |
|---|---|
| state (enable/disable) | `state` |
| update | `update` |
| item (a postback, a filter: read-modify-write) | `item` |
| array (a stream's filters, the bot list) | `array` |
| file | `file` |
| conversion | `conversion` |
| setting | `setting` |
| link | `link` |
| clean, clear | `clean` |
| create, clone | `create` |
| archive, delete, restore | `delete` |
| costs, sent (nothing to read back) | `sent` |

`kind_of(action)` is the action's declared kind (no guessing from names); `effect` is what a
change amounts to — what the permission is decided from (the body's fields, then the side
effects the kind finds in what it read first), by `bot.changes.permission` alone.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.array import Array
from bot.changes.kinds.base import Change, Kind, SideEffect
from bot.changes.kinds.clean import Clean, Clear
from bot.changes.kinds.conversion import Conversion
from bot.changes.kinds.create import Create
from bot.changes.kinds.delete import Archive, Restore
from bot.changes.kinds.file import File
from bot.changes.kinds.item import Item
from bot.changes.kinds.link import Link
from bot.changes.kinds.sent import Sent
from bot.changes.kinds.setting import Setting
from bot.changes.kinds.state import State
from bot.changes.kinds.update import Update
from bot.keitaro.catalog import Action, ChangeKind
from bot.keitaro.catalog.effects import Effect

__all__ = ["KINDS", "Change", "Kind", "SideEffect", "effect", "kind_of"]


def _registry() -> dict[ChangeKind, Kind]:
    kinds: dict[ChangeKind, Kind] = {ChangeKind.READ: Kind()}
    for kind in (State(), Update(), Item(), Array(), File(), Conversion(), Setting(), Link(),
                 Clean(), Clear(), Create(), Archive(), Restore(), Sent()):
        for name in kind.kinds:
            if name in kinds:
                raise ValueError(f"two modules for the change kind {name}")
            kinds[name] = kind
    missing = set(ChangeKind) - set(kinds)
    if missing:
        raise ValueError(f"change kinds without a module: {sorted(missing)}")
    return kinds


KINDS = _registry()


def kind_of(action: Action) -> Kind:
    """The module of the change kind the action declares."""
    return KINDS[action.change]


def effect(action: Action, args: dict[str, Any], change: Change | None = None) -> Effect:
    """What running `action` with `args` amounts to: the level a role needs, and why it is
    above the entry's own. With the change planned (what was read first), its side effects
    count too; without it (before anything is read), what the arguments alone show."""
    if change is not None:
        return change.effect
    return kind_of(action).effect(action, args)
