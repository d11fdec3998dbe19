"""The flow engine: one conversation machine for every catalog action.

A flow asks for the action's params one at a time (validating each answer on the spot),
previews a write and asks to confirm it, runs the action and replies with the envelope.
Its state is JSON in FSM storage, tied to a nonce so that buttons of an old or finished
flow cannot act on a new one. What a write changes, what was seen after it and its Undo
come from `bot.changes`: the engine shows the preview, asks, and delivers the outcome.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from aiogram import html
from aiogram.types import BufferedInputFile
from aiogram.utils.chat_action import ChatActionSender

from bot.access import refusal
from bot.action_runner import ActionRunner
from bot.callbacks import StepKind
from bot.changes import undo_gate
from bot.changes.kinds import Change, effect, kind_of
from bot.changes.kinds.base import RANK
from bot.changes.preview import Preview, Previewer
from bot.changes.read import read
from bot.context import Ctx
from bot.explore.search import matches
from bot.flow.export_to_chat import export_to_chat
from bot.flow.form import (
    added,
    button_value,
    change_shares,
    field_at,
    field_keyboard,
    field_text,
    fillable,
    form_param,
    is_edit,
    menu_keyboard,
    menu_text,
    next_required,
    prefill,
    share_key,
    shares_keyboard,
    shares_text,
    total,
    whole_data,
)
from bot.flow.keyboards import confirm_keyboard, group_keyboard, retype_keyboard, step_keyboard
from bot.flow.model import FLOW_KEY, FlowData, next_param, remaining
from bot.flow.results import ResultStore, deliver
from bot.i18n import Html, t
from bot.i18n.details import detail_text
from bot.i18n.formats import duration
from bot.keitaro.body_check import (
    check_data,
    parse_answer,
    parse_field,
    parse_part,
    required_names,
)
from bot.keitaro.catalog import CATALOG, Action, Danger, Effect, Param, ParamKind, View
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.client import KeitaroClient
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.params import InputError, parse_range, today_in
from bot.render.data import item_label, pick_label
from bot.render.envelope import action_title
from bot.render.inputs import input_error_text
from bot.render.text import fit_pre, pretty_json
from bot.states import Flow
from bot.storage.audit import AuditEntry, AuditJournal
from bot.timezones import Clock, now_utc

if TYPE_CHECKING:
    from bot.explore.service import Explorer

log = logging.getLogger("bot.flow")
# refusals that end the flow instead of asking again (nothing the person typed can fix them)
FINAL_REFUSALS = frozenset({"postback_key_missing", "rmw_unread", "array_missing",
                            "conversion_unread"})
FLOW_TTL = 1800.0  # FLOW_TTL's default
FLOW_STATES = frozenset({Flow.step.state, Flow.confirm.state})
SLOW_VIEWS = (View.REPORT, View.GRID, View.LOG)
PICK_PERIOD = "30d"  # what a pick-list from a log shows: its last 30 days
PICK_ROWS = 40
TYPING_AFTER = 0.5  # seconds


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

    def today(self) -> date:
        """Today in the tracker's time zone (relative dates are counted from it)."""
        return today_in(self.client.settings.timezone, self.clock())

    # -- state -----------------------------------------------------------------------------

    async def load(self, ctx: Ctx) -> FlowData | None:
        if ctx.fresh and ctx.stored is None:
            ctx.stored = False  # aiogram already read the state: there is none, nor a flow
            return None
        data = await ctx.state.get_data()
        raw = data.get(FLOW_KEY)
        ctx.stored = True if raw else ctx.stored
        if not raw:
            await self._expired(ctx)
            return None
        try:
            flow = FlowData.model_validate(raw)
        except ValueError:
            return None
        return flow if CATALOG.get(flow.action) else None

    async def _expired(self, ctx: Ctx) -> None:
        """A step whose data is gone: the flow expired (FLOW_TTL) and storage dropped what was
        typed. The step goes too; `ctx.expired` lets the reply say so."""
        if await ctx.state.get_state() in FLOW_STATES:
            await ctx.state.clear()
            ctx.stored, ctx.expired = False, True

    def expired_text(self, lang: str) -> str:
        return t(lang, "flow.expired", after=duration(self.flow_ttl, lang))

    async def _save(self, ctx: Ctx, flow: FlowData, *, confirming: bool = False) -> None:
        await ctx.state.set_state(Flow.confirm if confirming else Flow.step)
        await ctx.state.set_data({FLOW_KEY: flow.model_dump(mode="json")})
        ctx.stored = True

    async def _clear(self, ctx: Ctx) -> None:
        """Forget the flow; nothing to write when nothing is stored."""
        if ctx.stored is not False:
            await ctx.state.clear()
        ctx.stored = False

    async def _drop_keyboard(self, ctx: Ctx, message_id: int | None) -> None:
        await ctx.drop_keyboard(message_id)

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
        previous = await self.load(ctx)
        if previous is not None:
            await self._drop_keyboard(ctx, previous.prompt_id)
        await self._clear(ctx)
        if await self._refused(ctx, action, args or {}, edit=edit):
            return
        flow = FlowData(action=action.id, args=dict(args or {}),
                        mode="command" if mode == "command" else "buttons")
        await self._advance(ctx, flow, action, edit=edit, notes=notes or {})

    async def answer_text(self, ctx: Ctx, text: str) -> None:
        flow = await self.load(ctx)
        if flow is None:
            await self._clear(ctx)
            await ctx.bot.send_message(ctx.chat_id, self.expired_text(ctx.lang) if ctx.expired
                                       else t(ctx.lang, "flow.none"))
            return
        action = CATALOG[flow.action]
        param = next_param(action, flow)
        if param is None:
            await self._finish(ctx, flow, action, edit=None)
            return
        if flow.form is not None and param is form_param(action):
            await self._form_text(ctx, flow, action, param, text)
            return
        await self._accept(ctx, flow, action, param, text, edit=None)

    async def answer_button(
        self, ctx: Ctx, *, nonce: str, step: int, kind: StepKind, value: str, message_id: int
    ) -> str | None:
        """Handle a flow button; returns an alert text when the button is stale."""
        flow = await self.load(ctx)
        state = await ctx.state.get_state()
        if flow is None and ctx.expired:
            return self.expired_text(ctx.lang)
        if flow is None or flow.nonce != nonce or flow.step != step:
            return t(ctx.lang, "flow.stale")
        action = CATALOG[flow.action]
        if kind is StepKind.CANCEL:
            await self.cancel(ctx, edit=message_id)
            return None
        if kind is StepKind.BACK:
            await self._back(ctx, flow, action, edit=message_id)
            return None
        if state != Flow.step.state:
            return t(ctx.lang, "flow.stale")
        param = next_param(action, flow)
        if param is None:
            return t(ctx.lang, "flow.stale")
        if flow.form is not None and param is form_param(action) and kind is not StepKind.SKIP:
            return await self._form_button(ctx, flow, action, param, kind, value, message_id)
        flow.form, flow.field = None, None
        if kind is StepKind.PICK:
            await self._ask(ctx, flow, action, param, edit=message_id, pick_page=_int(value))
            return None
        if kind is StepKind.SCOPE:
            scope = self._scope_param(param, flow)
            if value and scope is None:
                return t(ctx.lang, "flow.stale")
            if value and scope is not None:
                flow.pick_scope[scope.name] = _int(value) if scope.kind is ParamKind.ID else value
            else:  # another campaign (kind): the list it is picked from again
                flow.pick_scope = {}
            flow.search = None
            flow.turn += 1
            await self._ask(ctx, flow, action, param, edit=message_id)
            return None
        if kind is StepKind.SKIP:
            if param.required:
                return t(ctx.lang, "flow.stale")
            flow.args[param.name] = None
            flow.asked.append(param.name)
            await self._advance(ctx, flow, action, edit=message_id)
            return None
        await self._accept(ctx, flow, action, param, value, edit=message_id)
        return None

    async def confirm(self, ctx: Ctx, *, nonce: str, yes: bool, message_id: int) -> str | None:
        """Confirm or cancel a previewed write; the flow is cleared before anything is sent."""
        flow = await self.load(ctx)
        state = await ctx.state.get_state()
        if flow is None and ctx.expired:
            return self.expired_text(ctx.lang)
        if flow is None or flow.nonce != nonce or state != Flow.confirm.state:
            return t(ctx.lang, "flow.stale")
        if not yes:
            await self.cancel(ctx, edit=message_id)
            return None
        if flow.retype:
            return t(ctx.lang, "flow.stale")
        await self._send(ctx, flow, edit=message_id)
        return None

    async def answer_confirmation(self, ctx: Ctx, text: str) -> None:
        """Text while a preview waits: the period typed to confirm a clean of everything."""
        flow = await self.load(ctx)
        if flow is None or not flow.retype:
            await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "flow.confirm_please"))
            return
        if " ".join(text.split()).replace(" .. ", "..") != flow.retype:
            await ctx.bot.send_message(ctx.chat_id, t(
                ctx.lang, "flow.retype_wrong", period=Html(f"<code>{_q(flow.retype)}</code>")))
            return
        await self._send(ctx, flow, edit=None)

    async def _send(self, ctx: Ctx, flow: FlowData, *, edit: int | None) -> None:
        """Send a confirmed write: the flow is cleared first, so nothing is sent twice."""
        action = CATALOG[flow.action]
        await self._clear(ctx)  # a second tap finds no flow: nothing is sent twice
        if await self._refused(ctx, action, flow.args, edit=edit, danger=flow.danger):
            return
        if flow.undo_of is not None:  # still the author's or an admin's, still unspent
            entry = await self.audit.get(flow.undo_of)
            why = undo_gate.why_not(entry, user_id=ctx.user.id, role=ctx.role,
                                    hours=self.undo_hours, lang=ctx.lang)
            if why is not None:
                await ctx.show("⚠️ " + _q(why), edit=edit)
                return
        await self._drop_keyboard(ctx, edit if edit is not None else flow.prompt_id)
        progress = await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "flow.sending"))
        async with ChatActionSender.typing(bot=ctx.bot, chat_id=ctx.chat_id,
                                           initial_sleep=TYPING_AFTER):
            done = await self.runner.change(
                action, flow.args, user_id=ctx.user.id, user_name=ctx.user.full_name,
                chat_id=ctx.chat_id, lang=ctx.lang, expect=flow.expect, undo_of=flow.undo_of,
                danger=Danger(flow.danger) if flow.danger else None)
        error = done.envelope.error
        if error is not None and error.kind is ErrorKind.CHANGED:
            fresh = FlowData(action=action.id, args=flow.args, mode=flow.mode,
                             undo_of=flow.undo_of, asked=flow.asked)
            await self._finish(ctx, fresh, action, edit=progress.message_id,
                               note=t(ctx.lang, "preview.changed_since"))
            return
        await deliver(ctx.bot, ctx.chat_id, done.envelope, action, lang=ctx.lang,
                      role=ctx.role, results=self.results, replace=progress.message_id,
                      args=flow.args, outcome=done.said(action, ctx.lang, self.undo_hours),
                      undo=done.undo_entry(self.undo_hours), replies=ctx.replies)

    async def start_undo(self, ctx: Ctx, entry_id: int) -> str | None:
        """Preview the Undo of journal entry `entry_id`; an alert text when it cannot be."""
        entry = await self.audit.get(entry_id)
        why = undo_gate.why_not(entry, user_id=ctx.user.id, role=ctx.role,
                                hours=self.undo_hours, lang=ctx.lang)
        if why is not None or entry is None or entry.undo is None:
            return why or t(ctx.lang, "undo.stale.none")
        action = CATALOG[entry.undo.action]
        previous = await self.load(ctx)
        if previous is not None:
            await self._drop_keyboard(ctx, previous.prompt_id)
        await self._clear(ctx)
        args = self.client.redactor.unseal(entry.undo.args)  # the journal seals the bot's keys
        flow = FlowData(action=action.id, args=dict(args), mode="command", undo_of=entry_id)
        await self._finish(ctx, flow, action, edit=None, undoing=entry)
        return None

    async def cancel(self, ctx: Ctx, *, edit: int | None = None) -> bool:
        """Leave any flow; True when there was one."""
        flow = await self.load(ctx)
        await self._clear(ctx)
        if flow is None:
            await ctx.bot.send_message(ctx.chat_id, self.expired_text(ctx.lang) if ctx.expired
                                       else t(ctx.lang, "flow.nothing_to_cancel"))
            return False
        if edit is None:
            await self._drop_keyboard(ctx, flow.prompt_id)
            await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "flow.cancelled"))
        else:
            await ctx.show(t(ctx.lang, "flow.cancelled"), edit=edit)
        return True

    async def _refused(
        self, ctx: Ctx, action: Action, args: dict[str, Any], *, edit: int | None,
        change: Change | None = None, danger: str | None = None,
    ) -> Effect | None:
        """Permission by effect: None when the role may run `action` with what `args` send
        (and, once planned, with what the change does besides: `change`; at Confirm, the
        level its preview showed: `danger`), else the effect it may not (the refusal is
        shown; nothing is sent)."""
        found = effect(action, args, change)
        if danger is not None and RANK[Danger(danger)] > RANK[found.danger]:
            found = Effect(Danger(danger), found.reasons)
        if ctx.role.may(found.danger):
            return None
        await ctx.show(refusal(ctx.role, action, ctx.lang, found.danger, found.reasons),
                       edit=edit)
        return found

    # -- steps -----------------------------------------------------------------------------

    async def _accept(
        self, ctx: Ctx, flow: FlowData, action: Action, param: Param, text: str,
        edit: int | None,
    ) -> None:
        try:
            value = parse_answer(action, param, text, self.today())
        except InputError as exc:
            note: str | None = input_error_text(ctx.lang, exc.code, exc.details)
            if edit is None:
                await self._drop_keyboard(ctx, flow.prompt_id)
            if exc.code == "id_not_number" and param.pick and any(c.isalnum() for c in text):
                flow.search, note = " ".join(text.split())[:60], None  # words: a name
                flow.turn += 1
            await self._ask(ctx, flow, action, param, edit=edit, note=note)
            return
        flow.args[param.name] = value
        flow.asked.append(param.name)
        if edit is None:
            await self._drop_keyboard(ctx, flow.prompt_id)
        await self._advance(ctx, flow, action, edit=edit)

    async def _back(self, ctx: Ctx, flow: FlowData, action: Action, edit: int) -> None:
        """Step back to the param before the current one, even if the command line gave it;
        in a form, to its fields (from an optional one) or its previous answer."""
        current = next_param(action, flow)
        if flow.form is not None and current is not None and current is form_param(action):
            flow.turn += 1
            asked = flow.field
            if flow.adding:  # back from the list to the shares
                flow.adding = False
                await self._form(ctx, flow, action, current, edit=edit)
                return
            if asked is not None and (asked in flow.form or not _required(action, asked)):
                flow.field = None  # back to the fields
                await self._form(ctx, flow, action, current, edit=edit)
                return
            if asked is not None and flow.form:  # a required one: the answer before it
                flow.field = list(flow.form)[-1]
                flow.form.pop(flow.field)
                await self._form(ctx, flow, action, current, edit=edit)
                return
            flow.form, flow.field = None, None
        names = [p.name for p in action.params]
        stop = names.index(current.name) if current is not None else len(names)
        given = [n for n in names[:stop] if n in flow.args]
        if not given:
            await self._clear(ctx)
            await ctx.show(t(ctx.lang, "menu.group",
                             group=CATALOG.group_title(action.group, ctx.lang)),
                           group_keyboard(action.group, ctx.lang, ctx.role), edit=edit)
            return
        name = given[-1]
        flow.args.pop(name, None)
        if name in flow.asked:
            flow.asked.remove(name)
        flow.mode = "buttons"  # from here on, ask like the button flow
        await self._advance(ctx, flow, action, edit=edit)

    async def _advance(
        self, ctx: Ctx, flow: FlowData, action: Action, *, edit: int | None,
        notes: dict[str, str] | None = None,
    ) -> None:
        param = next_param(action, flow)
        if param is None:
            await self._finish(ctx, flow, action, edit=edit)
            return
        note = (notes or {}).get(param.name)
        await self._ask(ctx, flow, action, param, edit=edit, note=note)

    async def _ask(
        self, ctx: Ctx, flow: FlowData, action: Action, param: Param, *, edit: int | None,
        note: str | None = None, pick_page: int = 0,
    ) -> None:
        if param.kind is ParamKind.JSON and param is form_param(action):
            await self._form(ctx, flow, action, param, edit=edit, note=note)
            return
        listed = param.pick and param.kind is not ParamKind.ENUM
        picks, pick_error = await self._picks(param, flow) if listed else (None, None)
        scope = self._scope_param(param, flow) if listed else None
        text = self._question(ctx.lang, flow, action, param, note, picks, pick_error, scope)
        if ctx.chat_id < 0:  # a group: only replies to the bot's messages reach it
            text += "\n" + t(ctx.lang, "chat.reply_hint")
        choices = await self.client.choices(param) if param.kind is ParamKind.ENUM else None
        markup = step_keyboard(param, flow.nonce, flow.step, ctx.lang, picks=picks,
                               pick_page=pick_page, choices=choices,
                               scoped=scope is not None,
                               rescope=bool(flow.pick_scope) and scope is None)
        flow.prompt_id = await ctx.show(text, markup, edit=edit, private=True)
        await self._save(ctx, flow)

    def _question(
        self, lang: str, flow: FlowData, action: Action, param: Param, note: str | None,
        picks: list[tuple[int | str, str]] | None, pick_error: ErrorInfo | None,
        scope: Param | None = None,
    ) -> str:
        title = action_title(action, lang, action.group, action.key)
        done = len(flow.args) + 1
        total = len(flow.args) + remaining(action, flow)
        lines = [f"<b>{_q(title)}</b> · {t(lang, 'flow.step', n=done, total=total)}"]
        if note:
            lines.append(f"⚠️ {note}")
        prompt = param.prompt.get(lang) if param.prompt else t(lang, f"ask.{param.kind.value}")
        lines.append(f"\n{_q(prompt)}")
        if param.kind is ParamKind.JSON:
            needed = required_names(action)
            if needed:
                lines.append(t(lang, "hint.json_required", fields=Html(", ".join(
                    f"<code>{_q(name)}</code>" for name in needed))))
            lines.append(t(lang, "hint.json_array" if param.json_array else "hint.json"))
            block, _ = fit_pre(pretty_json(_example(param)), 1500)
            lines.append(t(lang, "hint.example") + "\n" + block)
            if not param.required:
                lines.append(t(lang, "hint.json_default"))
        else:
            hint = t(lang, f"hint.{param.kind.value}")
            if hint:
                lines.append(hint)
            if param.example and param.kind not in (ParamKind.ENUM,):
                lines.append(t(lang, "hint.example") + f" <code>{_q(param.example)}</code>")
        if flow.search:
            key = "hint.pick_found" if picks else "hint.pick_none"
            lines.append(t(lang, key, words=flow.search, count=len(picks or [])))
        if scope is not None and picks:
            lines.append(t(lang, "hint.pick_scope", what=_scope_title(scope, lang)))
        elif picks:
            lines.append(t(lang, "hint.pick"))
            if param.kind is ParamKind.ID and not flow.search:
                lines.append(t(lang, "hint.pick_words"))
        elif pick_error:
            lines.append(t(lang, "hint.pick_failed", reason=detail_text(pick_error, lang)))
        if not param.required and param.kind is not ParamKind.JSON:
            lines.append(t(lang, "hint.optional"))
        lines.append(t(lang, "hint.cancel"))
        return "\n".join(lines)

    # -- forms (`bot.flow.form`) ------------------------------------------------------------

    async def _form(self, ctx: Ctx, flow: FlowData, action: Action, param: Param, *,
                    edit: int | None, note: str | None = None, page: int = 0) -> None:
        """Show the form where it stands: the field asked, the next required one, or the
        fields to pick from."""
        if flow.form is None:
            flow.form = {}
            flow.turn += 1
            if is_edit(action) and next_required(action, flow.form) is not None:
                seen = await read(self.client, kind_of(action).reader(action, flow.args))
                flow.form.update(prefill(action, seen.data if seen and seen.ok else None))
        if flow.field is None:
            needed = next_required(action, flow.form)
            flow.field = needed.name if needed is not None else None
        field = next((f for f in fillable(action) if f.name == flow.field), None)
        step = t(ctx.lang, "flow.step", n=len(flow.args) + 1,
                 total=len(flow.args) + remaining(action, flow))
        title = f"{action_title(action, ctx.lang, action.group, action.key)} · {step}"
        ref = share_key(field) if field is not None else None
        if field is not None and ref is not None:
            if field.name not in flow.form:  # the list as the tracker has it now
                seen = (await read(self.client, kind_of(action).reader(action, flow.args))
                        if is_edit(action) else None)
                now = seen.data.get(field.name) if seen and seen.ok and isinstance(
                    seen.data, dict) else None
                flow.form[field.name] = [i for i in now or [] if isinstance(i, dict)]
            listed = await self._field_picks(ref) or []
            text = shares_text(field, flow.form[field.name], dict(listed), ctx.lang, title,
                               adding=flow.adding, note=note)
            markup = shares_keyboard(flow.form[field.name], flow.nonce, flow.step, ctx.lang,
                                     picks=listed, adding=flow.adding)
        elif field is not None:
            now, known = None, False
            if is_edit(action) and not field.write_only:
                seen = await read(self.client, kind_of(action).reader(action, flow.args))
                if seen is not None and seen.ok and isinstance(seen.data, dict):
                    # shown, so scrubbed: what a change reads is the tracker's own data
                    now, known = self.client.redactor.value(seen.data.get(field.name)), True
            picks = await self._field_picks(field) if field.type is FieldType.REF else None
            picked = flow.form.get(field.name) or []
            text = field_text(action, field, ctx.lang, title, now=now, known=known,
                              picked=picked, note=note)
            markup = field_keyboard(field, flow.nonce, flow.step, ctx.lang, picks=picks,
                                    picked=picked)
        else:
            flow.field = None
            text = menu_text(action, flow.form, ctx.lang, title, note)
            markup = menu_keyboard(action, flow.form, flow.nonce, flow.step, ctx.lang, page,
                                   optional=not param.required)
        if ctx.chat_id < 0:
            text += "\n" + t(ctx.lang, "chat.reply_hint")
        flow.prompt_id = await ctx.show(text, markup, edit=edit, private=True)
        await self._save(ctx, flow)

    async def _field_picks(self, field: BodyField) -> list[tuple[int, str]] | None:
        """The entities a reference field may name, by name (None: not listed)."""
        lister = CATALOG.get(field.ref) if field.ref else None
        if lister is None:
            return None
        envelope = await self.client.execute(lister, dict(field.ref_args))
        items = envelope.data if envelope.success and isinstance(envelope.data, list) else []
        return [(int(i["id"]), item_label(i, 30)) for i in items
                if isinstance(i, dict) and isinstance(i.get("id"), int)] or None

    async def _form_button(self, ctx: Ctx, flow: FlowData, action: Action, param: Param,
                           kind: StepKind, value: str, message_id: int) -> str | None:
        assert flow.form is not None
        field = next((f for f in fillable(action) if f.name == flow.field), None)
        if kind is StepKind.FORM and field is None:
            await self._form(ctx, flow, action, param, edit=message_id, page=_int(value))
            return None
        if kind is StepKind.FIELD and field is None:
            picked = field_at(action, value)
            if picked is None:
                return t(ctx.lang, "flow.stale")
            flow.field = picked.name
            flow.turn += 1
            await self._form(ctx, flow, action, param, edit=message_id)
            return None
        if kind is StepKind.DONE and field is None:
            await self._submit(ctx, flow, action, param, edit=message_id)
            return None
        if field is None:
            return t(ctx.lang, "flow.stale")
        ref = share_key(field)
        if ref is not None and kind in (StepKind.SHARE, StepKind.VALUE, StepKind.DONE):
            return await self._shares_button(ctx, flow, action, param, field, ref, kind, value,
                                             message_id)
        if kind is StepKind.TOGGLE:
            try:
                choice = field.choices[int(value)]
            except (ValueError, IndexError):
                return t(ctx.lang, "flow.stale")
            tags = [v for v in flow.form.get(field.name) or [] if v != choice]
            if len(tags) == len(flow.form.get(field.name) or []):
                tags.append(choice)
            flow.form[field.name] = tags
            flow.turn += 1
            await self._form(ctx, flow, action, param, edit=message_id)
            return None
        if kind is StepKind.DONE:  # the toggles are set
            if not flow.form.get(field.name):
                flow.form.pop(field.name, None)
                if _required(action, field.name):
                    return t(ctx.lang, "form.pick_one")
            await self._after_field(ctx, flow, action, param, edit=message_id)
            return None
        if kind is not StepKind.VALUE:
            return t(ctx.lang, "flow.stale")
        answer = button_value(field, value)
        if answer is None:
            return t(ctx.lang, "flow.stale")
        flow.form[field.name] = answer
        await self._after_field(ctx, flow, action, param, edit=message_id)
        return None

    async def _shares_button(self, ctx: Ctx, flow: FlowData, action: Action, param: Param,
                             field: BodyField, ref: BodyField, kind: StepKind, value: str,
                             message_id: int) -> str | None:
        """The shares editor: ±10, remove, add from the list, split evenly, done at 100 %."""
        assert flow.form is not None
        items = list(flow.form.get(field.name) or [])
        if kind is StepKind.DONE:
            if items and total(items) != 100:
                return t(ctx.lang, "form.shares_not_100_alert", total=total(items))
            await self._after_field(ctx, flow, action, param, edit=message_id)
            return None
        if kind is StepKind.VALUE:
            if not flow.adding:
                return t(ctx.lang, "flow.stale")
            flow.adding = False
            flow.form[field.name] = added(items, ref.name, _int(value))
        elif value == "add":
            flow.adding = True
        else:
            flow.form[field.name] = change_shares(items, value, ref.name)
        flow.turn += 1
        await self._form(ctx, flow, action, param, edit=message_id)
        return None

    async def _form_text(self, ctx: Ctx, flow: FlowData, action: Action, param: Param,
                         text: str) -> None:
        """A typed answer: the field's value; or, at the fields, JSON or `field=value`
        pairs, merged into the form."""
        assert flow.form is not None
        await self._drop_keyboard(ctx, flow.prompt_id)
        field = next((f for f in fillable(action) if f.name == flow.field), None)
        if field is not None and whole_data(action, field, text):
            field = flow.field = None  # JSON or pairs typed at a field: the expert path
        try:
            if field is not None:
                flow.form[field.name] = parse_field(field, text)
            else:
                flow.form.update(parse_part(action, param, text, self.today()))
        except InputError as exc:
            await self._form(ctx, flow, action, param, edit=None,
                             note=input_error_text(ctx.lang, exc.code, exc.details))
            return
        if field is not None:
            await self._after_field(ctx, flow, action, param, edit=None)
        elif next_required(action, flow.form) is None:
            await self._submit(ctx, flow, action, param, edit=None)
        else:
            flow.turn += 1
            await self._form(ctx, flow, action, param, edit=None)

    async def _after_field(self, ctx: Ctx, flow: FlowData, action: Action, param: Param, *,
                           edit: int | None) -> None:
        """A field is given: an edit goes to its preview; a create to what is still needed."""
        flow.field = None
        flow.turn += 1
        complete = next_required(action, flow.form or {}) is None
        if complete and (is_edit(action) or all(f.name in (flow.form or {})
                                               for f in fillable(action))):
            await self._submit(ctx, flow, action, param, edit=edit)
            return
        await self._form(ctx, flow, action, param, edit=edit)

    async def _submit(self, ctx: Ctx, flow: FlowData, action: Action, param: Param, *,
                      edit: int | None) -> None:
        """The form as the action's data, checked, and on to the preview."""
        data = dict(flow.form or {})
        try:
            if not data:
                raise InputError("json_empty")
            check_data(action, param, data)
        except InputError as exc:
            await self._form(ctx, flow, action, param, edit=edit,
                             note=input_error_text(ctx.lang, exc.code, exc.details))
            return
        flow.args[param.name] = data
        flow.asked.append(param.name)
        await self._advance(ctx, flow, action, edit=edit)

    def _scope_param(self, param: Param, flow: FlowData) -> Param | None:
        """What `param`'s pick-list is listed under and is not known yet (the campaign of a
        stream, the kind of a group): it is picked first."""
        lister = CATALOG.get(param.pick) if param.pick else None
        if lister is None:
            return None
        known = {*(k for k in flow.args if k != param.name), *flow.pick_scope}
        return next((p for p in lister.params if p.required and p.name not in known
                     and (p.pick is not None or p.kind is ParamKind.ENUM)), None)

    async def _picks(
        self, param: Param, flow: FlowData
    ) -> tuple[list[tuple[int | str, str]] | None, ErrorInfo | None]:
        """Existing entities to pick from (narrowed by the words typed, if any), or why they
        could not be listed. A list that needs something first (the streams of a campaign)
        lists that first: the campaigns, to pick from (`StepKind.SCOPE`)."""
        assert param.pick is not None
        lister = CATALOG[param.pick]
        names = {p.name for p in lister.params}
        args = {k: v for k, v in flow.args.items() if k in names and k != param.name}
        args.update({k: v for k, v in flow.pick_scope.items() if k in names})
        for p in lister.params:  # a log to pick from: its recent rows
            if p.kind is ParamKind.RANGE and p.name not in args:
                args[p.name] = parse_range(PICK_PERIOD, self.today())
        scope = self._scope_param(param, flow)
        if scope is not None:
            return await self._scope_picks(scope, flow)
        if any(p.required and p.name not in args for p in lister.params):
            return None, None
        envelope = await self.client.execute(lister, args)
        if not envelope.success:
            return None, envelope.error or ErrorInfo(kind=ErrorKind.HTTP_ERROR, message="?")
        items = envelope.data if isinstance(envelope.data, list) else []
        if isinstance(envelope.data, dict) and isinstance(envelope.data.get("rows"), list):
            items = envelope.data["rows"]
        key = f"{lister.group.rstrip('s')}_id"  # a log's rows: conversion_id
        picks: list[tuple[int | str, str]] = [
            (ident, pick_label(i, key)) for i in items if isinstance(i, dict)
            and isinstance(ident := i.get("id", i.get(key)), int) and i.get("state") != "deleted"]
        if flow.search:
            picks = [p for p in picks if matches(p[1], flow.search)]
        return picks[:PICK_ROWS] or None, None

    async def _scope_picks(self, scope: Param, flow: FlowData
                           ) -> tuple[list[tuple[int | str, str]] | None, ErrorInfo | None]:
        """What a pick-list is listed under, to pick first: the entities of `scope`'s own
        pick-list (campaigns), or the values of an enum (a group's kind)."""
        if scope.kind is ParamKind.ENUM:
            choices = await self.client.choices(scope)
            picks: list[tuple[int | str, str]] = [(c, c) for c in choices]
        else:
            found, error = await self._picks(scope, FlowData(action=flow.action,
                                                             search=flow.search))
            if found is None:
                return None, error
            picks = found
        if flow.search and scope.kind is ParamKind.ENUM:
            picks = [p for p in picks if matches(p[1], flow.search)]
        return picks or None, None

    async def _finish(self, ctx: Ctx, flow: FlowData, action: Action, edit: int | None, *,
                      note: str | None = None, undoing: AuditEntry | None = None) -> None:
        """Every param is known: run a read now, preview a write and wait for confirmation."""
        try:
            self.client.prepare(action, flow.args, tracker_values=flow.undo_of is not None)
            if await self._refused(ctx, action, flow.args, edit=edit):  # before any read
                await self._clear(ctx)
                return
            preview = None
            if action.danger is not Danger.READ:
                if undoing is None and flow.undo_of is not None:
                    undoing = await self.audit.get(flow.undo_of)
                expected = self.client.redactor.unseal(
                    undoing.undo.expect) if undoing and undoing.undo else None
                preview = await self.previewer.build(
                    action, flow.args, ctx.lang, undo_of=undoing, expected=expected)
        except InputError as exc:
            note = input_error_text(ctx.lang, exc.code, exc.details)
            if exc.code in FINAL_REFUSALS or not action.params or flow.undo_of is not None:
                await self._clear(ctx)
                await ctx.show("⚠️ " + note, edit=edit)
                return
            name = _culprit(action, flow, exc)
            given = flow.args.pop(name, None)
            if name == getattr(form_param(action), "name", None) and isinstance(given, dict):
                flow.form, flow.field = dict(given), None  # the form keeps what was given
                flow.turn += 1
            if name in flow.asked:
                flow.asked.remove(name)
            await self._ask(ctx, flow, action, action.param(name), edit=edit, note=note)
            return
        if action.danger is Danger.READ:
            await self._clear(ctx)
            if edit is not None and edit < 0:  # the last step was this person's alone: the
                await self._drop_keyboard(ctx, edit)  # answer is posted for the chat
                edit = None
            progress = edit
            if action.view in SLOW_VIEWS:
                key = "flow.building" if action.view is View.REPORT else "flow.loading"
                progress = await ctx.show(t(ctx.lang, key), edit=edit)
            elif edit is not None:
                await self._drop_keyboard(ctx, edit)
                progress = None
            await self._run(ctx, action, flow.args, replace=progress)
            return
        assert preview is not None
        await self._show_preview(ctx, flow, action, preview, edit=edit, note=note)

    async def _show_preview(self, ctx: Ctx, flow: FlowData, action: Action, preview: Preview,
                            *, edit: int | None, note: str | None) -> None:
        """Show the change and wait: a button, or the period typed (a clean of everything)."""
        if await self._refused(ctx, action, preview.args, edit=edit, change=preview.change):
            await self._clear(ctx)
            return
        flow.args, flow.expect, flow.retype = preview.args, preview.expect, preview.retype
        flow.danger = preview.danger.value
        text = (f"⚠️ {note}\n\n" if note else "") + preview.text
        if preview.retype:
            markup = retype_keyboard(flow.nonce, flow.step, ctx.lang)
        else:
            markup = confirm_keyboard(action, flow.nonce, flow.step, ctx.lang, preview.danger,
                                      undo=flow.undo_of is not None)
        flow.prompt_id = await ctx.show(text, markup, edit=edit, private=True)
        if preview.file is not None:
            name, content = preview.file
            await ctx.bot.send_document(ctx.chat_id, BufferedInputFile(content, filename=name))
        await self._save(ctx, flow, confirming=True)

    async def _run(
        self, ctx: Ctx, action: Action, args: dict[str, Any], replace: int | None
    ) -> None:
        """Run a read and deliver its answer."""
        # "typing…" at once for reports and logs; for other calls only if the tracker takes
        # a while, since a quick answer needs no indicator
        wait = 0.0 if action.view in SLOW_VIEWS else TYPING_AFTER
        async with ChatActionSender.typing(bot=ctx.bot, chat_id=ctx.chat_id,
                                           initial_sleep=wait):
            envelope = await self.runner.run(
                action, args, user_id=ctx.user.id, user_name=ctx.user.full_name,
                chat_id=ctx.chat_id,
            )
            if self.explorer is not None:
                await self.explorer.deliver_run(ctx, action, args, envelope, replace)
                return
        await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang, role=ctx.role,
                      results=self.results, replace=replace, args=args, replies=ctx.replies)

    async def export_all(self, ctx: Ctx, action: Action, args: dict[str, Any]) -> None:
        """Every row of a grid query (run again with `args`) to the chat as CSV files."""
        await export_to_chat(ctx.bot, ctx.chat_id, self.client, action, args, ctx.lang)


def _culprit(action: Action, flow: FlowData, exc: InputError) -> str:
    """The param to ask again when the whole request is refused: the JSON data when the
    problem is in it (it may have come from the command line, before other answers), else
    the last answer."""
    data = next((p.name for p in action.params if p.kind is ParamKind.JSON), None)
    if data is not None and exc.code.startswith(("json_", "postback_", "field_")):
        return data
    if flow.asked:
        return flow.asked[-1]
    return data or action.params[-1].name


def _scope_title(scope: Param, lang: str) -> str:
    """What is picked first: a group's title (`🎯 Campaigns`), or an enum's question."""
    if scope.pick is not None:
        return CATALOG.group_title(scope.pick.split(".")[0], lang)
    return scope.prompt.get(lang) if scope.prompt else scope.name


def _required(action: Action, name: str) -> bool:
    return name in required_names(action)


def _q(text: str) -> str:
    return html.quote(text)


def _int(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def _example(param: Param) -> Any:
    return json.loads(param.example) if param.example else {}
