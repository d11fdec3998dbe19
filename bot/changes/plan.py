"""A change planned once: what it reads first, the arguments it sends and the request built
from them, what else it changes, what it amounts to and the arrays re-checked at Confirm.

The preview plans a change and shows it, request included; the request goes with the flow to
Confirm. There the runner plans it again with that request (the tracker may have moved on:
what it reads is read again) and sends it as it is — unless the arguments, completed from what
was read now, are not the ones previewed (`moved`), or the change amounts to more than the
preview showed: then nothing is sent and the new preview is shown. The write is checked under
the lock against the arrays as the preview read them.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds import kind_of
from bot.changes.kinds.base import Change
from bot.changes.read import read
from bot.keitaro import rmw
from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient
from bot.keitaro.request import PreparedRequest


async def plan(client: KeitaroClient, action: Action, args: dict[str, Any], *,
               tracker_values: bool = False, request: PreparedRequest | None = None) -> Change:
    """Read what `action` changes and plan it; raises InputError for a change refused before
    any write (a status the tracker would map, an item that is not there, a request that
    cannot be built). `request`: the one built when the change was previewed, kept as it is
    (the request is built once)."""
    kind = kind_of(action)
    args = dict(args)
    before = await read(client, kind.reader(action, args))
    given, args = args, kind.complete(action, args, before)
    related = await kind.related(client, action, args, before)
    change = Change(action=action, args=args, before=before, kind=kind, related=related,
                    tracker_values=tracker_values)
    change.sides = kind.side_effects(change)
    change.effect = kind.effect(action, args, change.sides)
    change.watch = kind.watch(change)
    if change.watch is not None and before is not None and before.ok:
        change.expect = rmw.watched(before.data, change.watch.fields)
    if request is None:
        change.request = client.prepare(action, args, tracker_values=tracker_values)
    else:
        change.request, change.moved = request, args != given
    return change
