"""The confirm step: every param is known. A read runs now; a write is previewed and waits.

`enter` runs the read, or plans the write and shows its preview (the change, the request
built once, the level it amounts to: the permission); an Undo's preview is entered the same
way, with its journal entry. `on_button` is Confirm or Cancel, `on_text` the period typed to
confirm a clean of everything; `send` makes the write through the runner with the request the
preview showed, and delivers the outcome.
"""

from __future__ import annotations

from typing import Any

from aiogram import html
from aiogram.types import BufferedInputFile
from aiogram.utils.chat_action import ChatActionSender

from bot.changes import undo_gate
from bot.changes.permission import decide
from bot.changes.preview import Preview
from bot.flow.form import form_param
from bot.flow.keyboards import confirm_keyboard, retype_keyboard
from bot.flow.model import FlowData
from bot.flow.results import deliver
from bot.flow.turn import Turn, Wizard
from bot.i18n import Html, t
from bot.keitaro.catalog import Action, Danger, ParamKind, View
from bot.keitaro.errors import ErrorKind
from bot.keitaro.params import InputError
from bot.keitaro.request import PreparedRequest
from bot.render.inputs import input_error_text
from bot.render.rich import Divider, Markup, Paragraph, doc
from bot.reply import Reply
from bot.storage.audit import AuditEntry

# refusals that end the flow instead of asking again (nothing the person typed can fix them)
FINAL_REFUSALS = frozenset({"postback_key_missing", "rmw_unread", "array_missing",
                            "conversion_unread"})
SLOW_VIEWS = (View.REPORT, View.GRID, View.LOG)
TYPING_AFTER = 0.5  # seconds


class ConfirmStep:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard

    async def enter(self, turn: Turn, *, note: str | None = None,
                    undoing: AuditEntry | None = None) -> None:
        """Run a read now; preview a write and wait for confirmation. A refusal of what was
        given asks for it again, with the reason (or ends the flow when nothing typed can
        fix it)."""
        flow, action, wizard = turn.flow, turn.action, self.wizard
        trusted = flow.undo_of is not None
        request = None
        try:
            if action.danger is Danger.READ:  # built once, sent as it is
                request = wizard.client.prepare(action, flow.args, tracker_values=trusted)
            else:  # a change's request is built by its plan, from the arguments it completes
                wizard.client.check(action, flow.args, tracker_values=trusted)
            if await turn.refused(decide(turn.role, action, flow.args)):  # before any read
                await turn.clear()
                return
            preview = None
            if action.danger is not Danger.READ:
                if undoing is None and flow.undo_of is not None:
                    undoing = await wizard.audit.get(flow.undo_of)
                expected = wizard.client.redactor.unseal(
                    undoing.undo.expect) if undoing and undoing.undo else None
                preview = await wizard.previewer.build(
                    action, flow.args, turn.lang, undo_of=undoing, expected=expected)
        except InputError as exc:
            await self._refused_input(turn, exc)
            return
        if action.danger is Danger.READ:
            await turn.clear()
            await self._run(turn, request)
            return
        assert preview is not None
        await self._show(turn, preview, note=note)

    async def on_button(self, turn: Turn, *, yes: bool) -> None:
        if not yes:
            await self.wizard.cancelled(turn)
            return
        await self.send(turn)

    async def on_text(self, turn: Turn, text: str) -> None:
        """The period typed to confirm a clean of everything (or not quite that)."""
        flow = turn.flow
        assert flow.retype is not None
        if " ".join(text.split()).replace(" .. ", "..") != flow.retype:
            await turn.ctx.bot.send_message(turn.chat_id, t(
                turn.lang, "flow.retype_wrong",
                period=Html(f"<code>{html.quote(flow.retype)}</code>")))
            return
        await self.send(turn)

    async def send(self, turn: Turn) -> None:
        """Send a confirmed write: the flow is cleared first, so nothing is sent twice."""
        flow, action, ctx, wizard = turn.flow, turn.action, turn.ctx, self.wizard
        await turn.clear()  # a second tap finds no flow: nothing is sent twice
        permit = decide(turn.role, action, flow.args,
                        shown=Danger(flow.danger) if flow.danger else None)
        if await turn.refused(permit):
            return
        if flow.undo_of is not None:  # still the author's or an admin's, still unspent
            entry = await wizard.audit.get(flow.undo_of)
            why = undo_gate.why_not(entry, user_id=ctx.user.id, role=turn.role,
                                    hours=wizard.undo_hours, lang=turn.lang)
            if why is not None:
                await turn.show("⚠️ " + html.quote(why))
                return
        await turn.drop_keyboard(turn.edit if turn.edit is not None else flow.prompt_id)
        progress = await ctx.bot.send_message(turn.chat_id, t(turn.lang, "flow.sending"))
        request = PreparedRequest.from_json(flow.request) if flow.request else None
        async with ChatActionSender.typing(bot=ctx.bot, chat_id=turn.chat_id,
                                           initial_sleep=TYPING_AFTER):
            done = await wizard.runner.change(
                action, flow.args, user_id=ctx.user.id, user_name=ctx.user.full_name,
                chat_id=turn.chat_id, lang=turn.lang, expect=flow.expect, undo_of=flow.undo_of,
                request=request, permit=permit)
        error = done.envelope.error
        if error is not None and error.kind is ErrorKind.CHANGED:
            fresh = FlowData(action=action.id, args=flow.args, mode=flow.mode,
                             undo_of=flow.undo_of, asked=flow.asked)
            await self.enter(Turn(ctx, turn.slot, fresh, action, edit=progress.message_id),
                             note=t(turn.lang, "preview.changed_since"))
            return
        await deliver(ctx.bot, turn.chat_id, done.envelope, action, lang=turn.lang,
                      role=turn.role, results=wizard.results, replace=progress.message_id,
                      args=flow.args, outcome=done.said(action, turn.lang, wizard.undo_hours),
                      undo=done.undo_entry(wizard.undo_hours), replies=ctx.replies)

    # -- parts -----------------------------------------------------------------------------

    async def _refused_input(self, turn: Turn, exc: InputError) -> None:
        """What was given is refused: asked again with the reason, or the flow ends."""
        flow, action = turn.flow, turn.action
        note = input_error_text(turn.lang, exc.code, exc.details)
        if exc.code in FINAL_REFUSALS or not action.params or flow.undo_of is not None:
            await turn.clear()
            await turn.show("⚠️ " + note)
            return
        name = _culprit(action, flow, exc)
        given = flow.args.pop(name, None)
        if name == getattr(form_param(action), "name", None) and isinstance(given, dict):
            flow.form, flow.field = dict(given), None  # the form keeps what was given
            flow.turn += 1
        if name in flow.asked:
            flow.asked.remove(name)
        await self.wizard.ask(turn, action.param(name), note=note)

    async def _show(self, turn: Turn, preview: Preview, *, note: str | None) -> None:
        """Show the change and wait: a button, or the period typed (a clean of everything)."""
        flow, action, lang = turn.flow, turn.action, turn.lang
        if await turn.refused(decide(turn.role, action, change=preview.change)):
            await turn.clear()
            return
        flow.args, flow.expect, flow.retype = preview.args, preview.expect, preview.retype
        flow.danger = preview.danger.value
        flow.request = preview.request.as_json() if preview.request is not None else None
        text = (f"⚠️ {note}\n\n" if note else "") + preview.text
        if preview.retype:
            markup = retype_keyboard(flow.nonce, flow.step, lang)
        else:
            markup = confirm_keyboard(action, flow.nonce, flow.step, lang, preview.danger,
                                      undo=flow.undo_of is not None)
        document = preview.doc
        if document is not None and note:
            document = doc(Paragraph(Markup(f"⚠️ {note}")), Divider()) + document
        flow.prompt_id = await turn.show(Reply(text, doc=document, markup=markup), markup,
                                         private=True)
        if preview.file is not None:
            name, content = preview.file
            await turn.ctx.bot.send_document(turn.chat_id,
                                             BufferedInputFile(content, filename=name))
        await turn.save(confirming=True)

    async def _run(self, turn: Turn, request: PreparedRequest | None) -> None:
        """Run a read and deliver its answer: "typing…" at once for reports and logs; for
        other calls only if the tracker takes a while, since a quick answer needs none."""
        action, ctx, wizard = turn.action, turn.ctx, self.wizard
        if turn.edit is not None and turn.edit < 0:  # the last step was this person's alone:
            await turn.drop_keyboard(turn.edit)  # the answer is posted for the chat
            turn.edit = None
        progress = turn.edit
        if action.view in SLOW_VIEWS:
            key = "flow.building" if action.view is View.REPORT else "flow.loading"
            progress = await turn.show(t(turn.lang, key))
        elif turn.edit is not None:
            await turn.drop_keyboard(turn.edit)
            progress = None
        args: dict[str, Any] = turn.flow.args
        wait = 0.0 if action.view in SLOW_VIEWS else TYPING_AFTER
        async with ChatActionSender.typing(bot=ctx.bot, chat_id=turn.chat_id,
                                           initial_sleep=wait):
            envelope = await wizard.runner.run(
                action, args, user_id=ctx.user.id, user_name=ctx.user.full_name,
                chat_id=turn.chat_id, request=request,
            )
            if wizard.explorer is not None:  # reports to move through, cards with numbers
                await wizard.explorer.deliver_run(ctx, action, args, envelope, progress)
                return
        await deliver(ctx.bot, turn.chat_id, envelope, action, lang=turn.lang, role=turn.role,
                      results=wizard.results, replace=progress, args=args,
                      replies=ctx.replies)


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
