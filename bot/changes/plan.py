"""A change planned once: what it reads first, the arguments it sends, what else it changes,
what it amounts to and the arrays re-checked at Confirm.

The preview plans a change and shows it; the runner plans it again at Confirm (the tracker may
have moved on), and refuses to send when it amounts to more than what was previewed; the
write is checked under the lock against the arrays as the preview read them.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds import kind_of
from bot.changes.kinds.base import Change
from bot.changes.read import read
from bot.keitaro import rmw
from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient


async def plan(client: KeitaroClient, action: Action, args: dict[str, Any], *,
               tracker_values: bool = False) -> Change:
    """Read what `action` changes and plan it; raises InputError for a change refused before
    any write (a status the tracker would map, an item that is not there)."""
    kind = kind_of(action)
    args = dict(args)
    before = await read(client, kind.reader(action, args))
    args = kind.complete(action, args, before)
    related = await kind.related(client, action, args, before)
    change = Change(action=action, args=args, before=before, kind=kind, related=related,
                    tracker_values=tracker_values)
    change.sides = kind.side_effects(change)
    change.effect = kind.effect(action, args, change.sides)
    change.watch = kind.watch(change)
    if change.watch is not None and before is not None and before.ok:
        change.expect = rmw.watched(before.data, change.watch.fields)
    return change
