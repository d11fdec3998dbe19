"""One turn of a flow, and what every step shares.

A `Turn` is one update's turn in a flow: who writes and where (`ctx`: the person, the chat,
their role and language), the flow so far (`flow`: the answers, the form, the preview shown)
and its action, the message it edits, and the flow's storage (`slot`). The steps take a turn
and nothing else of the update. An `Alert` is what a button is answered with when it cannot
act (a stale button, a form not ready): a value of its own type. The `Wizard` is what a step
knows of the engine: where a flow goes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from aiogram.types import InlineKeyboardMarkup

from bot.access import Role
from bot.context import Ctx
from bot.flow.model import FLOW_KEY, FlowData, next_param
from bot.keitaro.catalog import CATALOG, Action, Param
from bot.reply import MessageRef, Reply
from bot.states import Flow

if TYPE_CHECKING:
    from bot.action_runner import ActionRunner
    from bot.changes.permission import Decision
    from bot.changes.preview import Previewer
    from bot.explore.service import Explorer
    from bot.flow.picks import Picks
    from bot.flow.results import ResultStore
    from bot.keitaro.client import KeitaroClient
    from bot.storage.audit import AuditEntry, AuditJournal

FLOW_STATES = frozenset({Flow.step.state, Flow.confirm.state})


@dataclass(frozen=True, slots=True)
class Alert:
    """The text a pressed button is answered with in an alert; nothing else happened."""

    text: str


class Slot:
    """The person's flow in FSM storage, as one call of the engine knows it. An update that
    came with no state at all (`Ctx.fresh`) holds no flow: storage is not read for it, nor
    cleared. `expired`: the step this update came back to had lost its data (FLOW_TTL)."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.stored: bool | None = None  # whether storage holds a flow (None: not known yet)
        self.expired = False

    async def load(self) -> FlowData | None:
        ctx = self.ctx
        if ctx.fresh and self.stored is None:
            self.stored = False  # aiogram already read the state: there is none, nor a flow
            return None
        data = await ctx.state.get_data()
        raw = data.get(FLOW_KEY)
        self.stored = True if raw else self.stored
        if not raw:
            await self._expired()
            return None
        try:
            flow = FlowData.model_validate(raw)
        except ValueError:
            return None
        return flow if CATALOG.get(flow.action) else None

    async def _expired(self) -> None:
        """A step whose data is gone: the flow expired (FLOW_TTL) and storage dropped what was
        typed. The step goes too; `expired` lets the reply say so."""
        if await self.ctx.state.get_state() in FLOW_STATES:
            await self.ctx.state.clear()
            self.stored, self.expired = False, True

    async def state(self) -> str | None:
        return await self.ctx.state.get_state()

    async def save(self, flow: FlowData, *, confirming: bool = False) -> None:
        await self.ctx.state.set_state(Flow.confirm if confirming else Flow.step)
        await self.ctx.state.set_data({FLOW_KEY: flow.model_dump(mode="json")})
        self.stored = True

    async def clear(self) -> None:
        """Forget the flow; nothing to write when nothing is stored."""
        if self.stored is not False:
            await self.ctx.state.clear()
        self.stored = False


@dataclass
class Turn:
    """One update's turn in a flow: the person and chat (`ctx`), the flow so far and its
    action, the message this turn edits (`edit`: the one whose button was pressed, or the
    progress message; None: a new message), and the flow's storage."""

    ctx: Ctx
    slot: Slot
    flow: FlowData
    action: Action
    edit: int | None = None

    @property
    def lang(self) -> str:
        return self.ctx.lang

    @property
    def role(self) -> Role:
        return self.ctx.role

    @property
    def chat_id(self) -> int:
        return self.ctx.chat_id

    @property
    def param(self) -> Param | None:
        """The param the flow asks next (None: every one is known)."""
        return next_param(self.action, self.flow)

    async def show(self, text: str | Reply, markup: InlineKeyboardMarkup | None = None, *,
                   private: bool = False) -> MessageRef:
        """This turn's message: `edit` edited into it, or a new one (`private`: for this
        person only; in a group, an ephemeral message)."""
        return await self.ctx.show(text, markup, edit=self.edit, private=private)

    async def prompt(self, text: str, markup: InlineKeyboardMarkup) -> None:
        """Ask: show the question (to this person only) and keep the flow waiting for its
        answer."""
        self.flow.prompt_id = await self.show(text, markup, private=True)
        await self.slot.save(self.flow)

    async def refused(self, decision: Decision) -> bool:
        """Show the refusal when the person may not (True then: nothing is sent)."""
        if decision.allowed:
            return False
        await self.show(decision.refusal(self.lang))
        return True

    async def save(self, *, confirming: bool = False) -> None:
        await self.slot.save(self.flow, confirming=confirming)

    async def clear(self) -> None:
        await self.slot.clear()

    async def drop_keyboard(self, message_id: int | None) -> None:
        await drop_keyboard(self.ctx, message_id)

    async def drop_prompt(self) -> None:
        """Take the buttons off the question answered by typing."""
        await drop_keyboard(self.ctx, self.flow.prompt_id)


async def drop_keyboard(ctx: Ctx, message_id: MessageRef | None) -> None:
    await ctx.drop_keyboard(message_id)


class Wizard(Protocol):
    """What a step knows of the engine: the services, and where a flow goes next (in the
    manner of an aiogram scene's wizard: `ask` enters the step of a param, `advance` the
    next one, `finish` the run or the preview)."""

    client: KeitaroClient
    runner: ActionRunner
    results: ResultStore
    audit: AuditJournal
    previewer: Previewer
    picks: Picks
    explorer: Explorer | None
    undo_hours: float

    def today(self) -> date: ...

    async def advance(self, turn: Turn, *, notes: dict[str, str] | None = None) -> None: ...

    async def ask(self, turn: Turn, param: Param, *, note: str | None = None,
                  page: int = 0) -> None: ...

    async def finish(self, turn: Turn, *, note: str | None = None,
                     undoing: AuditEntry | None = None) -> None: ...

    async def cancelled(self, turn: Turn) -> None: ...
