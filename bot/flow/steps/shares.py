"""The shares editor's buttons (a stream's offers and landings): ±10, remove, add from the
list, split evenly, done at 100 %; typed shares are the form step's (`bot.flow.form`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.callbacks import StepKind
from bot.changes.permission import may_remove
from bot.flow.form import added, change_shares, total
from bot.flow.steps.param import number
from bot.flow.turn import Alert, Turn
from bot.i18n import t
from bot.keitaro.catalog import Param
from bot.keitaro.catalog.fields import BodyField

Step = Callable[[Turn, Param], Awaitable[None]]


async def share_button(turn: Turn, param: Param, field: BodyField, ref: BodyField,
                       kind: StepKind, value: str, *, done: Step, redraw: Step
                       ) -> Alert | None:
    """A button of the shares editor: ±10, remove (an item in the tracker's list only for a
    role that may remove), add from the list, even (then `redraw`), done at 100 % (`done`:
    the form goes on)."""
    flow = turn.flow
    assert flow.form is not None
    items = list(flow.form.get(field.name) or [])
    if kind is StepKind.DONE:
        if items and total(items) != 100:
            return Alert(t(turn.lang, "form.shares_not_100_alert", total=total(items)))
        await done(turn, param)
        return None
    at = number(value[1:]) if value.startswith("x") else -1
    if 0 <= at < len(items) and items[at].get("id") is not None and not may_remove(
            turn.role):  # in the tracker's list now: taking it out is an admin's
        return Alert(t(turn.lang, "form.shares_role_alert"))
    if field.name not in flow.built:
        flow.built.append(field.name)
    if kind is StepKind.VALUE:
        if not flow.adding:
            return Alert(t(turn.lang, "flow.stale"))
        flow.adding = False
        flow.form[field.name] = added(items, ref.name, number(value))
    elif value == "add":
        flow.adding = True
    else:
        flow.form[field.name] = change_shares(items, value, ref.name)
    flow.turn += 1
    await redraw(turn, param)
    return None
