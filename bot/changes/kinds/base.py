"""What every change kind provides, and the pieces the kinds share.

A kind (a `Kind`, one per module of this package, chosen by the catalog entry's declared
`change`) answers for an action and its arguments:

- `reader`, `related`: what is read first (the entity, and what its side effects touch);
- `complete`: the arguments completed where the tracker needs more (a conversion's revenue);
- `side_effects`: what else the tracker changes (API-NOTES §12), by name, with its level;
- `effect`: what the change amounts to (the level a role needs), body and side effects;
- `watch`: the arrays re-read under the shared lock at Confirm;
- `lines`: the preview;
- `verify` / `check`: how the outcome is verified;
- `undo` / `no_undo` / `gaps`: how it is undone, or why not (field by field).

`Change` is one change planned once (`bot.changes.plan`): what is sent (the request, built
once), what was read, what else it changes and what it amounts to; the preview, the
permission, the write, the check and the Undo all take it.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from bot.changes.outcome import NOT_AS_SENT, SENT, Outcome, overall, reason_values
from bot.changes.read import Reader, Seen, found, read
from bot.changes.values import Display, label
from bot.i18n import t
from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Action, ChangeKind, Danger, L, ParamKind
from bot.keitaro.catalog.effects import Effect, field_effect
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.request import PreparedRequest, substitute
from bot.storage.audit import UndoStep

RANK = {Danger.READ: 0, Danger.WRITE: 1, Danger.DESTRUCTIVE: 2}
MAX_NAMED = 8  # names a side effect lists in a preview line


@dataclass(frozen=True)
class SideEffect:
    """Something else the tracker changes with this change (API-NOTES §12), by name."""

    key: str  # the text `side.<key>` says it, with {names}
    names: tuple[str, ...]  # what it touches, as the preview lists it
    danger: Danger = Danger.WRITE  # what it amounts to: emptying an array is destructive

    def _values(self) -> dict[str, Any]:
        shown = ", ".join(self.names[:MAX_NAMED]) + (
            f" … (+{len(self.names) - MAX_NAMED})" if len(self.names) > MAX_NAMED else "")
        return {"names": shown or "—", "count": len(self.names)}

    def text(self, lang: str) -> str:
        return t(lang, f"side.{self.key}", **self._values())

    def reason(self) -> L:
        """The side effect as a reason for a higher level (said in any language)."""
        return L(f"side-{self.key}", tuple(self._values().items()))


@dataclass
class Change:
    """One change, planned once: the action, the arguments sent (completed), the state read
    before and what its side effects touch, what else the tracker changes, what it amounts to
    and the arrays re-checked at Confirm (with their fingerprint as read)."""

    action: Action
    args: dict[str, Any]
    before: Seen | None
    kind: Kind  # the module of the kind the action declares
    related: dict[str, Seen] = field(default_factory=dict)
    sides: tuple[SideEffect, ...] = ()
    effect: Effect = field(default_factory=lambda: Effect(Danger.WRITE))
    watch: rmw.Watch | None = None
    expect: str | None = None
    tracker_values: bool = False  # the data is the tracker's own (an Undo)
    # the request it sends, built once (`bot.changes.plan`) and carried to the send
    request: PreparedRequest | None = None
    # planned again at Confirm with the previewed request: the arguments, completed from what
    # was read now, are not the ones previewed (the tracker moved on)
    moved: bool = False

    @property
    def old(self) -> Any:
        """The entity (or list) as read before, or None."""
        return found(self.before)

    @property
    def data(self) -> dict[str, Any]:
        return data_of(self.args)

    def related_data(self, name: str) -> Any:
        return found(self.related.get(name))


@dataclass
class Sheet:
    """A preview being drawn: the person's language and how values are shown, and what a kind
    may set besides its lines (a list cut short, a text to type to confirm)."""

    show: Display
    lang: str
    cut: bool = False
    retype: str | None = None
    # the change as rows (field, before, after; plain text or `Markup`) that a rich message
    # draws as a table in place of the lines in `tabled` (`bot.render.preview_table`)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    tabled: set[str] = field(default_factory=set)


Check = tuple[str, str]  # (mark, line)


class Reading(Protocol):
    """What a kind reads an outcome back with (`bot.changes.verify.Verifier`): the client
    that made the write, how long a queued postback's conversion is waited for."""

    client: KeitaroClient
    postback_seconds: float
    sleep: Callable[[float], Awaitable[None]]


class Kind:
    """A change kind's defaults: read the entity as the action's snapshot names it, show
    nothing but the request, verify nothing (📤), no Undo."""

    kinds: ClassVar[tuple[ChangeKind, ...]] = ()
    accepts_missing: ClassVar[bool] = False  # a read after that finds nothing is the outcome

    # -- before ----------------------------------------------------------------------------

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        return snapshot_reader(action, args)

    def after_reader(self, action: Action, args: dict[str, Any], answer: Any
                     ) -> Reader | None:
        return self.reader(action, args)

    async def related(self, client: KeitaroClient, action: Action, args: dict[str, Any],
                      before: Seen | None) -> dict[str, Seen]:
        """Other reads the side effects need (the domains that default to a campaign, the
        files an archive replaces), by name."""
        return {}

    def complete(self, action: Action, args: dict[str, Any], before: Seen | None
                 ) -> dict[str, Any]:
        """The arguments as they will be sent (raises InputError for a change refused before
        any write)."""
        return args

    def side_effects(self, change: Change) -> tuple[SideEffect, ...]:
        return ()

    def effect(self, action: Action, args: dict[str, Any],
               sides: tuple[SideEffect, ...] = ()) -> Effect:
        """What the change amounts to: what its body sends, then what the tracker changes
        besides (a side effect above the entry's level raises it, saying why)."""
        found_effect = field_effect(action, args)
        danger, reasons = found_effect.danger, list(found_effect.reasons)
        for side in sides:
            if RANK[side.danger] > RANK[action.danger]:
                reasons.append(side.reason())
                if RANK[side.danger] > RANK[danger]:
                    danger = side.danger
        if RANK[danger] > RANK[action.danger] and not reasons and action.loses:
            reasons.append(action.loses)
        return Effect(danger, tuple(reasons))

    def watch(self, change: Change) -> rmw.Watch | None:
        """The arrays this change replaces or empties, re-read under the lock at Confirm."""
        return None

    # -- preview ---------------------------------------------------------------------------

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        return []

    def named(self, change: Change) -> bool:
        """The preview's title names the entity read (the bot list, a file: it does not)."""
        return True

    # -- after -----------------------------------------------------------------------------

    async def verify(self, verifier: Reading, change: Change, envelope: Envelope,
                     show: Display) -> tuple[Outcome, Seen | None]:
        """The outcome as read back: the entity read again, held against what was sent."""
        lang = show.lang
        after = await read(verifier.client, self.after_reader(change.action, change.args,
                                                              envelope.data))
        if after is None:
            return Outcome(SENT, [f"{SENT} {t(lang, 'verify.unreadable')}"]), None
        if not after.ok and not (after.missing and self.accepts_missing):
            line = t(lang, "verify.read_failed", reason=after.error or "?")
            return Outcome(NOT_AS_SENT, [f"{NOT_AS_SENT} {line}"]), after
        checks = self.check(change, after, envelope.data, show)
        if checks is None:
            return Outcome(SENT, [f"{SENT} {t(lang, 'verify.unreadable')}"]), after
        checks += await self.check_sides(verifier, change, after, show)
        return from_checks(checks, lang), after

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        """(mark, line) for what was read back; None: nothing the bot can read shows it."""
        return None

    async def check_sides(self, verifier: Reading, change: Change, after: Seen,
                          show: Display) -> list[Check]:
        """The side effects as read back after the change."""
        return []

    # -- undo ------------------------------------------------------------------------------

    def no_undo(self, change: Change) -> str | None:
        """Why this change will have no Undo (a key of `undo.none.*`), or None when it will;
        said before the change, so the preview promises only what `undo` then delivers."""
        return "other"

    def gaps(self, change: Change) -> tuple[str, ...]:
        """Fields the Undo cannot put back (their values before cannot be known)."""
        return ()

    def reason_values(self, change: Change) -> dict[str, str]:
        """What the text of `no_undo`'s reason names (the status the tracker refuses back)."""
        return reason_values(change.data, change.old)

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        return "other"


MAX_LINES = 14


def from_checks(checks: list[Check], lang: str) -> Outcome:
    marks = [m for m, _ in checks]
    lines = [f"{m} {text}" for m, text in checks]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], t(lang, "verify.more", count=len(lines) - MAX_LINES)]
    return Outcome(overall(*marks) if marks else SENT, lines)


# -- arguments and readers -------------------------------------------------------------------


def data_of(args: dict[str, Any]) -> dict[str, Any]:
    """The action's JSON data (the fields sent), or {}."""
    data = args.get("data")
    return data if isinstance(data, dict) else {}


def entity_id(action: Action, args: dict[str, Any]) -> Any:
    """The id of the entity the action names (its first id param), if any."""
    for param in action.params:
        if param.kind is ParamKind.ID and param.name in args:
            return args[param.name]
    return None


def args_for(reader: Action, args: dict[str, Any], **fixed: Any) -> dict[str, Any] | None:
    """The reader's arguments from the action's (same names), or None if one is missing."""
    values = {p.name: args[p.name] for p in reader.params if p.name in args}
    values.update(fixed)
    if any(p.required and values.get(p.name) is None for p in reader.params):
        return None
    return values


def catalog_reader(action_id: str, args: dict[str, Any], **fixed: Any) -> Reader | None:
    """A catalog read with the arguments it takes from `args`, or None."""
    reader = CATALOG.get(action_id)
    if reader is None:
        return None
    values = args_for(reader, args, **fixed)
    if values is None:
        return None
    unwrap = "data" if reader.group == "settings" and reader.key.startswith("facebook") else None
    return Reader(action=reader.id, args=values, unwrap=unwrap)


def snapshot_reader(action: Action, args: dict[str, Any]) -> Reader | None:
    """The read that shows the entity the action names, as it is now (its `snapshot`, else
    its group's `get`); a group is read from the list of its type."""
    if action.group == "groups":
        return group_reader(args, data_of(args).get("type"))
    if action.snapshot is not None:
        return catalog_reader(f"{action.group}.{action.snapshot}", args)
    if not any(p.kind is ParamKind.ID for p in action.params):
        return None
    return catalog_reader(f"{action.group}.get", args)


def group_reader(args: dict[str, Any], kind: Any) -> Reader | None:
    """A group is read from the list of its type; when the type is not known (an update or
    delete names only the id), from each type's list in turn."""
    getter = CATALOG["groups.get"]
    ident = args.get("id")
    if ident is None:
        return None
    if isinstance(kind, str):
        return Reader(action=getter.id, args={"type": kind, "id": ident})
    types = next((p.choices for p in getter.params if p.name == "type"), ())
    return Reader(action=getter.id, args={"id": ident}, kinds=tuple(types))


def entity_path(action: Action, args: dict[str, Any]) -> str | None:
    """The Admin API path of the entity the action changes, as its GET reads it."""
    getter = CATALOG.get(f"{action.group}.{action.snapshot or 'get'}")
    if getter is None or getter.method != "GET":
        return None
    values = args_for(getter, args)
    if values is None:
        return None
    return str(substitute(getter.path, values))


# -- fields ----------------------------------------------------------------------------------


def item_fields(action: Action | None, name: str | None = None) -> tuple[BodyField, ...]:
    """The fields of one item: those of the ITEMS field `name` (or the only one), else the
    action's own (an item-level edit takes one item)."""
    if action is None:
        return ()
    arrays = [f for f in action.fields if f.type is FieldType.ITEMS
              and (name is None or f.name == name)]
    if name is not None:
        return arrays[0].items if arrays else ()
    return arrays[0].items if len(arrays) == 1 else action.fields


def fit(item: dict[str, Any], fields: tuple[BodyField, ...]) -> dict[str, Any]:
    """An item as read, cut to what the operation takes (read answers carry more: `oid`,
    timestamps), without its id: sent so, it is created again."""
    names = {f.name for f in fields}
    return {k: copy.deepcopy(v) for k, v in item.items()
            if k != "id" and (not names or k in names)}


def without_ids(items: list[Any], fields: tuple[BodyField, ...] = ()) -> list[Any]:
    """Items as a PUT must send them to be created again (API-NOTES §11.7: an id updates,
    no id creates; the ones deleted meanwhile have no id to update)."""
    return [fit(i, fields) if isinstance(i, dict) else i for i in items]


def restore_action(action: Action) -> Action | None:
    return CATALOG.get(f"{action.group}.restore")


def archive_action(action: Action) -> Action | None:
    return next((a for a in CATALOG.in_group(action.group)
                 if a.change is ChangeKind.ARCHIVE), None)


def labels(action: Action, names: tuple[str, ...] | list[str], lang: str) -> str:
    return ", ".join(label(action, name, lang) for name in names)

