"""The flow engine: one conversation machine for every catalog action, in steps.

A flow asks for the action's params one at a time (`steps.param`; the JSON data of an action
whose fields are known, field by field: `steps.form`), validating each answer on the spot;
then it runs a read, or previews a write and asks to confirm it (`steps.confirm`). Its state
is JSON in FSM storage (`model.FlowData`), tied to a nonce so that buttons of an old or
finished flow cannot act on a new one.

The engine is what handlers call: each call loads the flow, makes the update's `Turn` and
hands it to the step the flow is at, in the manner of aiogram's scenes (`enter` asks,
`on_text` / `on_button` take the answer, `back` steps back); `advance`, `ask` and `finish`
move a flow to its next step. A button that cannot act is answered with an `Alert`.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.action_runner import ActionRunner
from bot.callbacks import StepKind
from bot.changes import undo_gate
from bot.changes.permission import decide
from bot.changes.preview import Previewer
from bot.context import Ctx
from bot.flow.export_to_chat import export_to_chat, rows_to_chat
from bot.flow.form import form_param
from bot.flow.model import FlowData
from bot.flow.picks import Picks
from bot.flow.results import ResultStore
from bot.flow.steps.confirm import ConfirmStep
from bot.flow.steps.form import FormStep
from bot.flow.steps.param import ParamStep
from bot.flow.turn import Alert, Slot, Turn, drop_keyboard
from bot.i18n import t
from bot.i18n.formats import duration
from bot.keitaro.catalog import CATALOG, Action, Param, ParamKind
from bot.keitaro.client import KeitaroClient
from bot.keitaro.params import today_in
from bot.states import Flow
from bot.storage.audit import AuditEntry, AuditJournal
from bot.timezones import Clock, now_utc

if TYPE_CHECKING:
    from bot.explore.service import Explorer

log = logging.getLogger("bot.flow")
FLOW_TTL = 1800.0  # FLOW_TTL's default


class FlowEngine:
    def __init__(
        self,
        client: KeitaroClient,
        runner: ActionRunner,
        results: ResultStore,
        audit: AuditJournal,
        *,
        flow_ttl: float = FLOW_TTL,
        clock: Clock = now_utc,
        explorer: Explorer | None = None,
    ) -> None:
        self.client = client
        self.explorer = explorer  # reports to move through, cards with their numbers
        self.runner = runner
        self.results = results
        self.audit = audit
        self.undo_hours = runner.changes.undo_hours
        self.previewer = Previewer(client, undo_hours=self.undo_hours)
        self.flow_ttl = flow_ttl  # storage drops a flow's data this long after its last step
        self.clock = clock
        self.picks = Picks(client, self.today)
        self.params = ParamStep(self)
        self.form = FormStep(self)
        self.confirming = ConfirmStep(self)

    def today(self) -> date:
        """Today in the tracker's time zone (relative dates are counted from it)."""
        return today_in(self.client.settings.timezone, self.clock())

    def expired_text(self, lang: str) -> str:
        return t(lang, "flow.expired", after=duration(self.flow_ttl, lang))

    async def load(self, ctx: Ctx) -> FlowData | None:
        """The person's flow, if one is running."""
        return await Slot(ctx).load()

    # -- entry points ----------------------------------------------------------------------

    async def start(
        self,
        ctx: Ctx,
        action: Action,
        args: dict[str, Any] | None = None,
        *,
        mode: str = "buttons",
        notes: dict[str, str] | None = None,
        edit: int | None = None,
    ) -> None:
        """Begin an action: check the role, then ask for whatever `args` leaves out."""
        slot = Slot(ctx)
        previous = await slot.load()
        if previous is not None:
            await drop_keyboard(ctx, previous.prompt_id)
        await slot.clear()
        flow = FlowData(action=action.id, args=dict(args or {}),
                        mode="command" if mode == "command" else "buttons")
        turn = Turn(ctx, slot, flow, action, edit=edit)
        if await turn.refused(decide(ctx.role, action, flow.args)):
            return
        await self.advance(turn, notes=notes or {})

    async def answer_text(self, ctx: Ctx, text: str) -> None:
        """Text while a step waits: the answer to its question."""
        slot = Slot(ctx)
        flow = await slot.load()
        if flow is None:
            await slot.clear()
            await ctx.bot.send_message(ctx.chat_id, self.expired_text(ctx.lang) if slot.expired
                                       else t(ctx.lang, "flow.none"))
            return
        turn = Turn(ctx, slot, flow, CATALOG[flow.action])
        param = turn.param
        if param is None:
            await self.finish(turn)
        elif self._in_form(turn, param):
            await self.form.on_text(turn, param, text)
        else:
            await self.params.on_text(turn, param, text)

    async def answer_button(
        self, ctx: Ctx, *, nonce: str, step: int, kind: StepKind, value: str, message_id: int
    ) -> Alert | None:
        """A flow button pressed; an alert when it is stale or cannot act."""
        slot = Slot(ctx)
        flow = await slot.load()
        state = await slot.state()
        if flow is None and slot.expired:
            return Alert(self.expired_text(ctx.lang))
        if flow is None or flow.nonce != nonce or flow.step != step:
            return Alert(t(ctx.lang, "flow.stale"))
        turn = Turn(ctx, slot, flow, CATALOG[flow.action], edit=message_id)
        if kind is StepKind.CANCEL:
            await self.cancelled(turn)
            return None
        if kind is StepKind.BACK:
            await self.back(turn)
            return None
        param = turn.param
        if state != Flow.step.state or param is None:
            return Alert(t(ctx.lang, "flow.stale"))
        if self._in_form(turn, param) and kind is not StepKind.SKIP:
            return await self.form.on_button(turn, param, kind, value)
        return await self.params.on_button(turn, param, kind, value)

    async def confirm(self, ctx: Ctx, *, nonce: str, yes: bool,
                      message_id: int) -> Alert | None:
        """Confirm or cancel a previewed write; the flow is cleared before anything is sent."""
        slot = Slot(ctx)
        flow = await slot.load()
        state = await slot.state()
        if flow is None and slot.expired:
            return Alert(self.expired_text(ctx.lang))
        if flow is None or flow.nonce != nonce or state != Flow.confirm.state:
            return Alert(t(ctx.lang, "flow.stale"))
        if yes and flow.retype:
            return Alert(t(ctx.lang, "flow.stale"))
        turn = Turn(ctx, slot, flow, CATALOG[flow.action], edit=message_id)
        await self.confirming.on_button(turn, yes=yes)
        return None

    async def answer_confirmation(self, ctx: Ctx, text: str) -> None:
        """Text while a preview waits: the period typed to confirm a clean of everything."""
        slot = Slot(ctx)
        flow = await slot.load()
        if flow is None or not flow.retype:
            await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "flow.confirm_please"))
            return
        await self.confirming.on_text(Turn(ctx, slot, flow, CATALOG[flow.action]), text)

    async def start_undo(self, ctx: Ctx, entry_id: int) -> Alert | None:
        """Preview the Undo of journal entry `entry_id`; an alert when it cannot be."""
        entry = await self.audit.get(entry_id)
        why = undo_gate.why_not(entry, user_id=ctx.user.id, role=ctx.role,
                                hours=self.undo_hours, lang=ctx.lang)
        if why is not None or entry is None or entry.undo is None:
            return Alert(why or t(ctx.lang, "undo.stale.none"))
        action = CATALOG[entry.undo.action]
        slot = Slot(ctx)
        previous = await slot.load()
        if previous is not None:
            await drop_keyboard(ctx, previous.prompt_id)
        await slot.clear()
        args = self.client.redactor.unseal(entry.undo.args)  # the journal seals the bot's keys
        flow = FlowData(action=action.id, args=dict(args), mode="command", undo_of=entry_id)
        await self.finish(Turn(ctx, slot, flow, action), undoing=entry)
        return None

    async def cancel(self, ctx: Ctx, *, edit: int | None = None) -> bool:
        """Leave any flow; True when there was one."""
        slot = Slot(ctx)
        flow = await slot.load()
        if flow is None:
            await slot.clear()
            await ctx.bot.send_message(ctx.chat_id, self.expired_text(ctx.lang) if slot.expired
                                       else t(ctx.lang, "flow.nothing_to_cancel"))
            return False
        await self.cancelled(Turn(ctx, slot, flow, CATALOG[flow.action], edit=edit))
        return True

    async def export_all(self, ctx: Ctx, action: Action, args: dict[str, Any]) -> None:
        """Every row of a grid query (run again with `args`) to the chat as CSV files."""
        await export_to_chat(ctx.bot, ctx.chat_id, self.client, action, args, ctx.lang)

    async def export_rows(self, ctx: Ctx, action: Action, args: dict[str, Any],
                          stem: str) -> None:
        """The rows of a log reply (run again with `args`) as CSV with every column."""
        await rows_to_chat(ctx.bot, ctx.chat_id, self.client, action, args, ctx.lang, stem)

    # -- where a flow goes next (the steps' wizard) ----------------------------------------

    async def advance(self, turn: Turn, *, notes: dict[str, str] | None = None) -> None:
        """On to the next param, or, with every one known, to the run or the preview."""
        param = turn.param
        if param is None:
            await self.finish(turn)
            return
        await self.ask(turn, param, note=(notes or {}).get(param.name))

    async def ask(self, turn: Turn, param: Param, *, note: str | None = None,
                  page: int = 0) -> None:
        """Ask for `param`: by its form, or as a param (`page`: of its pick-list)."""
        if param.kind is ParamKind.JSON and param is form_param(turn.action):
            await self.form.enter(turn, param, note=note)
            return
        await self.params.enter(turn, param, note=note, page=page)

    async def finish(self, turn: Turn, *, note: str | None = None,
                     undoing: AuditEntry | None = None) -> None:
        await self.confirming.enter(turn, note=note, undoing=undoing)

    async def back(self, turn: Turn) -> None:
        """Step back to the param before the current one, even if the command line gave it;
        in a form, to its fields (from an optional one) or its previous answer."""
        current = turn.param
        in_form = current is not None and self._in_form(turn, current)
        if in_form and current is not None and await self.form.back(turn, current):
            return
        await self.params.back(turn, current)

    async def cancelled(self, turn: Turn) -> None:
        """Leave the flow of this turn: its message says so (or, typed, a new one does)."""
        await turn.clear()
        if turn.edit is None:
            await turn.drop_prompt()
            await turn.ctx.bot.send_message(turn.chat_id, t(turn.lang, "flow.cancelled"))
        else:
            await turn.show(t(turn.lang, "flow.cancelled"))

    @staticmethod
    def _in_form(turn: Turn, param: Param) -> bool:
        """The flow is filling `param` by its form."""
        return turn.flow.form is not None and param is form_param(turn.action)

