"""Permission by effect, the part the body decides: the level an action needs for what it
sends. The whole decision is the change kind's (`bot.changes.kinds.effect`), which adds what
the tracker changes besides (API-NOTES §12); this is the part every kind shares.

An entry's `danger` is the least it needs (and what /help and the README show). What the body
holds can need more: a field marked `admin` (a user's type, password, access); an array of
objects in a plain PUT, which the tracker replaces whole, deleting every item not listed
(API-NOTES §11.7: `streams.update` with filters, offers, landings or triggers,
`campaigns.update` with postbacks); a value that archives the entity (`state: deleted`). The
catalog's item-level edits (postbacks, filters) read the array, change one item and write
the rest back as it was: they stay `write`, their deletions `destructive`. So does an array
built by the bot's own editors (the shares editor, a paused offer: `BUILT` names it in the
arguments) from the array as read: what it removes is the change kind's to find and name
(`bot.changes.kinds.update`); only an array typed as JSON replaces the list unseen.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.lang import L
from bot.keitaro.catalog.model import Action, Danger, Location, ParamKind, Special

# the arguments' key naming the arrays a bot's own editor built from the array as it was read
# (never a param's name: a command line cannot set it)
BUILT = "_built"


# the arguments' key of an Undo's step: what it takes out is only what the change it undoes
# added (the journal's `expect` holds the state that change left), so taking it out is at
# the level of that change, not a deletion of the tracker's items
UNDOES = "_undoes"


def built_fields(args: dict[str, Any]) -> frozenset[str]:
    """The array fields of the data that a bot's own editor built (not typed as JSON)."""
    names = args.get(BUILT)
    return frozenset(n for n in names if isinstance(n, str)) if isinstance(names, list) else (
        frozenset())


class Effect(NamedTuple):
    """The level an action with these arguments needs, and why it is above the entry's."""

    danger: Danger
    reasons: tuple[L, ...] = ()


def sent_fields(action: Action, args: dict[str, Any]) -> dict[str, Any]:
    """The top-level body fields the arguments send, with their values (as far as known:
    a param not given yet sends nothing)."""
    sent: dict[str, Any] = {}
    for param in action.params:
        value = args.get(param.name)
        if param.location is not Location.BODY or value is None:
            continue
        if param.kind is ParamKind.JSON and not param.field:
            if isinstance(value, dict):
                sent.update(value)
        elif param.kind is not ParamKind.RANGE:
            sent[param.field or param.name] = value
    return sent


def field_effect(action: Action, args: dict[str, Any]) -> Effect:
    """What the body of `action` with `args` amounts to (the fields it sends)."""
    if action.danger is Danger.DESTRUCTIVE:
        return Effect(Danger.DESTRUCTIVE)
    by_name = {f.name: f for f in action.fields}
    built = built_fields(args)
    reasons: list[L] = []
    for name, value in sent_fields(action, args).items():
        field = by_name.get(name)
        if field is None or (name in built and field.type is FieldType.ITEMS):
            continue
        reason = _reason(action, field, value)
        if reason is not None:
            reasons.append(reason)
    if reasons:
        return Effect(Danger.DESTRUCTIVE, tuple(reasons))
    return Effect(action.danger)


def _reason(action: Action, field: BodyField, value: Any) -> L | None:
    label = (("field", field.label),)
    if field.admin:
        return L("effect-admin", label)
    replaces = action.method == "PUT" and action.special is not Special.RMW
    if field.type is FieldType.ITEMS and replaces:
        return L("effect-replaces", label)
    if isinstance(value, str) and value in field.destructive_values:
        return L("effect-archives", (*label, ("value", value)))
    return None
