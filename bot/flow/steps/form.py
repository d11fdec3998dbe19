"""The form step: an action's JSON data asked field by field (`bot.flow.form` draws it).

`enter` shows the form where it stands (the field asked, the next required one, or the
fields to pick from; the shares editor for a list of shares), `on_text` takes a field's value
or the expert's JSON / `field=value` pairs, `on_button` the field picked, a value, a toggle, a
share, done; `back` goes to the fields or the answer before. A complete form is checked and
becomes the param's value (`Wizard.advance`).
"""

from __future__ import annotations

from bot.callbacks import StepKind
from bot.changes.kinds import kind_of
from bot.changes.permission import may_remove
from bot.changes.read import read
from bot.flow.form import (
    added,
    button_value,
    change_shares,
    field_at,
    field_keyboard,
    field_text,
    fillable,
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
from bot.flow.model import remaining
from bot.flow.steps.filter import FilterStep, handles
from bot.flow.steps.param import number
from bot.flow.turn import Alert, Turn, Wizard
from bot.i18n import t
from bot.keitaro.body_check import check_data, parse_field, parse_part, required_names
from bot.keitaro.catalog import Param
from bot.keitaro.catalog.effects import BUILT
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.params import InputError
from bot.render.envelope import action_title
from bot.render.inputs import input_error_text


class FormStep:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard
        self.filters = FilterStep(wizard)  # a stream filter's form: its own editor

    async def enter(self, turn: Turn, param: Param, *, note: str | None = None,
                    page: int = 0) -> None:
        """Show the form where it stands: the field asked, the next required one, or the
        fields to pick from."""
        if handles(turn):
            await self.filters.enter(turn, param, note=note)
            return
        flow, action, lang, client = turn.flow, turn.action, turn.lang, self.wizard.client
        if flow.form is None:
            flow.form = {}
            flow.turn += 1
            if is_edit(action) and next_required(action, flow.form) is not None:
                seen = await read(client, kind_of(action).reader(action, flow.args))
                flow.form.update(prefill(action, seen.data if seen and seen.ok else None))
        if flow.field is None:
            needed = next_required(action, flow.form)
            flow.field = needed.name if needed is not None else None
        field = self._field(turn)
        step = t(lang, "flow.step", n=len(flow.args) + 1,
                 total=len(flow.args) + remaining(action, flow))
        title = f"{action_title(action, lang, action.group, action.key)} · {step}"
        ref = share_key(field) if field is not None else None
        if field is not None and ref is not None:
            if field.name not in flow.form:  # the list as the tracker has it now
                seen = (await read(client, kind_of(action).reader(action, flow.args))
                        if is_edit(action) else None)
                now = seen.data.get(field.name) if seen and seen.ok and isinstance(
                    seen.data, dict) else None
                flow.form[field.name] = [i for i in now or [] if isinstance(i, dict)]
            listed = await self.wizard.picks.of_field(ref) or []
            text = shares_text(field, flow.form[field.name], dict(listed), lang, title,
                               adding=flow.adding, note=note)
            markup = shares_keyboard(flow.form[field.name], flow.nonce, flow.step, lang,
                                     picks=listed, adding=flow.adding)
            if not may_remove(turn.role):  # said before the first tap, not at Done
                text += "\n" + t(lang, "form.shares_role")
        elif field is not None:
            now, known = None, False
            if is_edit(action) and not field.write_only:
                seen = await read(client, kind_of(action).reader(action, flow.args))
                if seen is not None and seen.ok and isinstance(seen.data, dict):
                    # shown, so scrubbed: what a change reads is the tracker's own data
                    now, known = client.redactor.value(seen.data.get(field.name)), True
            picks = await self.wizard.picks.of_field(field) if field.type is FieldType.REF else None
            picked = flow.form.get(field.name) or []
            text = field_text(action, field, lang, title, now=now, known=known,
                              picked=picked, note=note)
            markup = field_keyboard(field, flow.nonce, flow.step, lang, picks=picks,
                                    picked=picked)
        else:
            flow.field = None
            text = menu_text(action, flow.form, lang, title, note, optional=not param.required)
            markup = menu_keyboard(action, flow.form, flow.nonce, flow.step, lang, page,
                                   optional=not param.required)
        if turn.chat_id < 0:
            text += "\n" + t(lang, "chat.reply_hint")
        await turn.prompt(text, markup)

    async def on_text(self, turn: Turn, param: Param, text: str) -> None:
        """A typed answer: the field's value; or, at the fields, JSON or `field=value`
        pairs, merged into the form."""
        if handles(turn):
            await self.filters.on_text(turn, param, text)
            return
        flow, action = turn.flow, turn.action
        assert flow.form is not None
        await turn.drop_prompt()
        field = self._field(turn)
        if field is not None and whole_data(action, field, text):
            field = flow.field = None  # JSON or pairs typed at a field: the expert path
            flow.built = []  # an array typed as JSON is not the editor's
        if field is not None and share_key(field) is not None:  # shares as a buyer writes them
            raw = text.lstrip().startswith(("[", "{"))  # are the editor's; a JSON array is not
            flow.built = [n for n in flow.built if n != field.name] + ([] if raw else [field.name])
        try:
            if field is not None:
                flow.form[field.name] = parse_field(field, text)
            else:
                typed = parse_part(action, param, text, self.wizard.today())
                flow.form.update(typed)
                flow.built = [n for n in flow.built if n not in typed]  # typed: not built
        except InputError as exc:
            await self.enter(turn, param, note=input_error_text(turn.lang, exc.code,
                                                                exc.details))
            return
        if field is not None:
            await self._after_field(turn, param)
        elif next_required(action, flow.form) is None:
            await self._submit(turn, param)
        else:
            flow.turn += 1
            await self.enter(turn, param)

    async def on_button(self, turn: Turn, param: Param, kind: StepKind,
                        value: str) -> Alert | None:
        if handles(turn):
            return await self.filters.on_button(turn, param, kind, value)
        flow, action = turn.flow, turn.action
        assert flow.form is not None
        field = self._field(turn)
        if kind is StepKind.FORM and field is None:
            await self.enter(turn, param, page=number(value))
            return None
        if kind is StepKind.FIELD and field is None:
            picked = field_at(action, value)
            if picked is None:
                return Alert(t(turn.lang, "flow.stale"))
            flow.field = picked.name
            flow.turn += 1
            await self.enter(turn, param)
            return None
        if kind is StepKind.DONE and field is None:
            await self._submit(turn, param)
            return None
        if field is None:
            return Alert(t(turn.lang, "flow.stale"))
        ref = share_key(field)
        if ref is not None and kind in (StepKind.SHARE, StepKind.VALUE, StepKind.DONE):
            return await self._share(turn, param, field, ref, kind, value)
        if kind is StepKind.TOGGLE:
            try:
                choice = field.choices[int(value)]
            except (ValueError, IndexError):
                return Alert(t(turn.lang, "flow.stale"))
            tags = [v for v in flow.form.get(field.name) or [] if v != choice]
            if len(tags) == len(flow.form.get(field.name) or []):
                tags.append(choice)
            flow.form[field.name] = tags
            flow.turn += 1
            await self.enter(turn, param)
            return None
        if kind is StepKind.DONE:  # the toggles are set
            if not flow.form.get(field.name):
                flow.form.pop(field.name, None)
                if field.name in required_names(action):
                    return Alert(t(turn.lang, "form.pick_one"))
            await self._after_field(turn, param)
            return None
        if kind is not StepKind.VALUE:
            return Alert(t(turn.lang, "flow.stale"))
        answer = button_value(field, value)
        if answer is None:
            return Alert(t(turn.lang, "flow.stale"))
        flow.form[field.name] = answer
        await self._after_field(turn, param)
        return None

    async def back(self, turn: Turn, param: Param) -> bool:
        """Back inside the form: from the list to the shares, from an optional field (or one
        given) to the fields, from a required one to the answer before. False: the form is
        left (back to the param before it)."""
        if handles(turn):
            return await self.filters.back(turn, param)
        flow, action = turn.flow, turn.action
        assert flow.form is not None
        flow.turn += 1
        asked = flow.field
        if flow.adding:  # back from the list to the shares
            flow.adding = False
        elif asked is not None and (asked in flow.form
                                    or asked not in required_names(action)):
            flow.field = None  # back to the fields
        elif asked is not None and flow.form:  # a required one: the answer before it
            flow.field = list(flow.form)[-1]
            flow.form.pop(flow.field)
        else:
            flow.form, flow.field = None, None
            return False
        await self.enter(turn, param)
        return True

    # -- parts -----------------------------------------------------------------------------

    def _field(self, turn: Turn) -> BodyField | None:
        """The field being asked, if any."""
        return next((f for f in fillable(turn.action) if f.name == turn.flow.field), None)

    async def _share(self, turn: Turn, param: Param, field: BodyField, ref: BodyField,
                     kind: StepKind, value: str) -> Alert | None:
        """The shares editor: ±10, remove, add from the list, split evenly, done at 100 %."""
        flow = turn.flow
        assert flow.form is not None
        items = list(flow.form.get(field.name) or [])
        if kind is StepKind.DONE:
            if items and total(items) != 100:
                return Alert(t(turn.lang, "form.shares_not_100_alert", total=total(items)))
            await self._after_field(turn, param)
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
        await self.enter(turn, param)
        return None

    async def _after_field(self, turn: Turn, param: Param) -> None:
        """A field is given: an edit goes to its preview; a create to what is still needed."""
        flow, action = turn.flow, turn.action
        flow.field = None
        flow.turn += 1
        complete = next_required(action, flow.form or {}) is None
        if complete and (is_edit(action) or all(f.name in (flow.form or {})
                                               for f in fillable(action))):
            await self._submit(turn, param)
            return
        await self.enter(turn, param)

    async def _submit(self, turn: Turn, param: Param) -> None:
        """The form as the action's data, checked, and on to the preview."""
        flow = turn.flow
        data = dict(flow.form or {})
        try:
            if not data:
                raise InputError("json_empty")
            check_data(turn.action, param, data)
        except InputError as exc:
            await self.enter(turn, param, note=input_error_text(turn.lang, exc.code,
                                                                exc.details))
            return
        flow.args[param.name] = data
        built = [name for name in flow.built if name in data]
        if built:  # arrays the editor built from the list as read (their role: by effect)
            flow.args[BUILT] = built
        else:
            flow.args.pop(BUILT, None)
        flow.asked.append(param.name)
        await self.wizard.advance(turn)
