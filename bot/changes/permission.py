"""Permission by effect: whether a person may make a change, decided here and nowhere else.

What a change amounts to is its declared kind's (`Kind.effect`: the level its body needs, then
what the tracker changes besides, API-NOTES §12) — the planned change's (`bot.changes.plan`)
once it is planned, else what the kind makes of the arguments known so far. A role may make
what is at or below its level (`Role.may`); a refusal says why, in the person's language.

Where it is asked, always through `decide`:

- an action started (by its arguments, before anything is asked or read), and once every
  answer is in (before anything is read);
- the preview (the planned change: the side effects its reads found count too);
- Confirm (at least the level the preview showed, before anything is sent). The decision is
  handed to the runner, which plans the change again and sends it only when the decision
  `covers` it: a change that amounts to more now is "changed", shown again, not sent;
- an Undo (the highest level among its steps: its own change and what puts its side
  effects back).

`may_start` is the entry's own level, the least the action needs: the 🔒 of a menu, the
actions a result offers, an export of all rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.access import Role, refusal
from bot.changes.kinds import effect
from bot.changes.kinds.base import RANK, Change
from bot.keitaro.catalog import Action, Danger
from bot.keitaro.catalog.effects import Effect


@dataclass(frozen=True)
class Decision:
    """What `action` amounts to (`effect`: the level and why it is above the entry's), and
    whether `role` may make it."""

    role: Role
    action: Action
    effect: Effect

    @property
    def allowed(self) -> bool:
        return self.role.may(self.effect.danger)

    @property
    def danger(self) -> Danger:
        return self.effect.danger

    def covers(self, change: Change) -> bool:
        """The planned `change` amounts to no more than what was decided on."""
        return RANK[change.effect.danger] <= RANK[self.effect.danger]

    def refusal(self, lang: str) -> str:
        """What the person is told when they may not (the one such text)."""
        return refusal(self.role, self.action, lang, self.effect.danger, self.effect.reasons)


def decide(role: Role, action: Action, args: dict[str, Any] | None = None, *,
           change: Change | None = None, shown: Danger | None = None) -> Decision:
    """THE decision: what running `action` amounts to — the planned `change`'s effect, else
    what its declared kind makes of `args` — at least the level its preview showed (`shown`,
    at Confirm), and whether `role` may make it."""
    found = effect(action, args or {}, change)
    if shown is not None and RANK[shown] > RANK[found.danger]:
        found = Effect(shown, found.reasons)
    return Decision(role, action, found)


def decide_steps(role: Role, steps: Iterable[tuple[Action, dict[str, Any]]]
                 ) -> Decision | None:
    """The decision on several changes made as one (an Undo and the steps that put its side
    effects back): the one that needs the most (None: no steps)."""
    highest: Decision | None = None
    for action, args in steps:
        found = decide(role, action, args)
        if highest is None or RANK[found.danger] > RANK[highest.danger]:
            highest = found
    return highest


def may_start(role: Role, action: Action) -> bool:
    """Whether `role` may start `action` at all: its entry's own level, the least it needs."""
    return role.may(action.danger)


def may_remove(role: Role) -> bool:
    """Whether `role` may take items out of a list one by one (a stream's offers, filters: a
    deletion, destructive); told before an editor's first step, not at its last."""
    return role.may(Danger.DESTRUCTIVE)
