"""The filter editor: the form of `filters.add` and `filters.update`, by taps from the
tracker's dictionary (`bot.flow.filters`; screens: `bot.flow.filter_screen`). Stages
(`FlowData.editor["stage"]`): group, filter (or typed by name), mode, values, and — the
stream has a filter of that name — how: add to it (default), replace it, keep both. Adding
to or replacing it is `filters.update` of it: the flow's action becomes that (and back, a
step back from its preview)."""

from __future__ import annotations

from typing import Any

from bot.callbacks import StepKind
from bot.flow.filter_screen import (
    FILTER,
    GROUP,
    HOW,
    MODE,
    VALUE,
    Screen,
    nav,
    stream_name,
    values_of,
)
from bot.flow.filters import (
    Dictionary,
    FilterType,
    at_index,
    filter_data,
    find_types,
    groups,
    options,
    read_stream,
    resolve,
    toggled,
    typed_payload,
)
from bot.flow.form import whole_data
from bot.flow.steps.param import number
from bot.flow.turn import Alert, Turn, Wizard
from bot.i18n import t
from bot.keitaro import rmw
from bot.keitaro.body_check import parse_part
from bot.keitaro.catalog import CATALOG, Param
from bot.keitaro.filter_payload import split_values
from bot.keitaro.params import InputError
from bot.render.inputs import input_error_text
from bot.render.text import shorten

EDITED = ("filters.add", "filters.update")
ADD, UPDATE = EDITED


def handles(turn: Turn) -> bool:
    """The flow's data is a stream filter: the editor asks it."""
    return turn.flow.action in EDITED


class FilterStep:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard
        self.dictionary = Dictionary()  # the tracker's filters, kept a while

    async def types(self) -> list[FilterType]:
        return await self.dictionary.types(self.wizard.client)

    async def _type(self, name: Any) -> FilterType | None:
        return next((f for f in await self.types() if f.name == name), None)

    async def enter(self, turn: Turn, param: Param, *, note: str | None = None) -> None:
        flow = turn.flow
        editor = flow.editor
        if flow.action == UPDATE and editor.get("origin") == ADD:  # back from its preview
            turn = self._switch(turn, ADD)
            flow.args.pop("filter_id", None)
            editor.pop("origin", None)
        if flow.form is None:
            flow.form, flow.turn = {}, flow.turn + 1
            editor.clear()
            editor["stage"] = GROUP
            stream = await read_stream(self.wizard.client, flow.args.get("stream_id"))
            item = next((i for i in rmw.items_of(stream, "filters") or []
                         if str(i.get("id")) == str(flow.args.get("filter_id"))), None)
            why = ("fedit.unread" if stream is None else "fedit.default_stream"
                   if stream.get("type") == "default"  # the tracker empties its filters
                   else "fedit.gone" if flow.action == UPDATE and item is None else None)
            if why is not None or stream is None:
                await turn.prompt("⚠️ " + t(turn.lang, why or "fedit.unread"),
                                  nav(flow, turn.lang))
                return
            editor["stream"] = stream_name(stream)
            if flow.action == UPDATE and item is not None:  # its mode and values to change
                flow.form.update({k: item.get(k) for k in ("name", "mode", "payload")})
                editor["stage"] = MODE
        await self._show(turn, note)

    async def on_text(self, turn: Turn, param: Param, text: str) -> None:
        flow, lang = turn.flow, turn.lang
        assert flow.form is not None
        await turn.drop_prompt()
        stage = flow.editor.get("stage")
        flow.turn += 1
        if whole_data(turn.action, turn.action.fields[0], text):  # JSON, pairs: the expert's
            try:
                flow.form.update(parse_part(turn.action, param, text, self.wizard.today()))
            except InputError as exc:
                await self._show(turn, input_error_text(lang, exc.code, exc.details))
                return
            if flow.form.get("name") and flow.form.get("mode"):  # asked how, if one is there
                await self._values_given(turn)
                return
            await self._show(turn, t(lang, "fedit.tap"))
            return
        if stage in (GROUP, FILTER):
            found = find_types(await self.types(), text, lang)
            if len(found) == 1:
                await self._named(turn, found[0])
                return
            if found:
                flow.editor.update(stage=FILTER, group=None, found=[f.name for f in found])
                await self._show(turn, None)
                return
            await self._show(turn, t(lang, "fedit.unknown", text=shorten(text, 30)))
            return
        item = await self._type(flow.form.get("name"))
        if stage != VALUE or item is None:
            await self._show(turn, t(lang, "fedit.tap"))
            return
        if item.shape == "list" and options(item.name, lang):
            await self._typed_from_list(turn, item, text)
            return
        try:
            flow.form["payload"] = typed_payload(item, text)
        except ValueError:
            await self._show(turn, t(lang, "fedit.bad_json"))
            return
        if flow.form["payload"] in ([], ""):
            await self._show(turn, t(lang, "fedit.pick_one"))
            return
        await self._values_given(turn)

    async def on_button(self, turn: Turn, param: Param, kind: StepKind,
                        value: str) -> Alert | None:
        flow, lang = turn.flow, turn.lang
        assert flow.form is not None
        if kind is not StepKind.FILTER or not value:
            return Alert(t(lang, "flow.stale"))
        what, arg = value[:1], value[1:]
        editor = flow.editor
        types = await self.types()
        flow.turn += 1
        item = await self._type(flow.form.get("name"))
        if what == "g" and (group := at_index(groups(types), arg)) is not None:
            members = [f for f in types if f.group == group]
            if len(members) == 1:
                await self._named(turn, members[0])
                return None
            editor.update(stage=FILTER, group=group, found=None)
        elif what == "n" and (picked := at_index(types, arg)) is not None:
            await self._named(turn, picked)
            return None
        elif what == "m" and item is not None and (mode := at_index(item.modes, arg)) is not None:
            flow.form["mode"] = mode
            await self._moded(turn, item)
            return None
        elif what == "t" and item is not None and (
                code := at_index([v for v, _ in options(item.name, lang)], arg)) is not None:
            flow.form["payload"] = toggled(values_of(flow.form.get("payload")), code)
        elif what == "p":
            editor["page"] = number(arg)
        elif what == "c":
            editor.pop("search", None)
            editor.pop("hits", None)
            editor["page"] = 0
        elif what == "b":
            flow.form["payload"] = arg == "1"
            await self._values_given(turn)
            return None
        elif what == "o":
            if not values_of(flow.form.get("payload")):
                return Alert(t(lang, "fedit.pick_one"))
            await self._values_given(turn)
            return None
        elif what == "h" and editor.get("stage") == HOW:
            await self._submit(turn, param, how=arg)
            return None
        else:
            return Alert(t(lang, "flow.stale"))
        await self._show(turn, None)
        return None

    async def back(self, turn: Turn, param: Param) -> bool:
        """One stage back; False from the first (the form is left)."""
        flow = turn.flow
        assert flow.form is not None
        editor = flow.editor
        stage = editor.get("stage")
        flow.turn += 1
        if stage == HOW:
            editor["stage"] = VALUE
        elif stage == VALUE:
            editor.update(stage=MODE, search=None, hits=None, page=0)
        elif stage == MODE and flow.action == ADD:
            editor["stage"] = FILTER if editor.get("group") or editor.get("found") else GROUP
            flow.form.pop("mode", None)
        elif stage == FILTER:
            editor.update(stage=GROUP, group=None, found=None)
        else:
            flow.form, flow.editor = None, {}
            return False
        await self._show(turn, None)
        return True

    async def _named(self, turn: Turn, item: FilterType) -> None:
        """A filter picked: its mode next (the only one, if it has one)."""
        flow = turn.flow
        flow.form = {"name": item.name}
        flow.editor.update(stage=MODE, page=0, search=None, hits=None)
        if len(item.modes) == 1:
            flow.form["mode"] = item.modes[0]
            await self._moded(turn, item)
            return
        await self._show(turn, None)

    async def _moded(self, turn: Turn, item: FilterType) -> None:
        """A mode picked: the values next (none for a filter the mode says all of)."""
        flow = turn.flow
        assert flow.form is not None
        if item.shape == "none":
            flow.form.pop("payload", None)
            await self._values_given(turn)
            return
        if item.shape == "list" and not isinstance(flow.form.get("payload"), list):
            flow.form["payload"] = []
        flow.editor.update(stage=VALUE, page=0)
        await self._show(turn, None)

    async def _typed_from_list(self, turn: Turn, item: FilterType, text: str) -> None:
        """Words typed at a list: codes and names picked; a word that finds several narrows
        the list to them; one that finds none is said."""
        flow, lang = turn.flow, turn.lang
        assert flow.form is not None
        found = resolve(item.name, split_values(text), lang)
        flow.form["payload"] = list(dict.fromkeys([*values_of(flow.form.get("payload")),
                                                   *found.values]))
        note = t(lang, "fedit.not_found", values=", ".join(found.unknown)) if (
            found.unknown) else None
        if found.several:
            word, hits = next(iter(found.several.items()))
            flow.editor.update(search=word, hits=hits, page=0)
            await self._show(turn, note)
            return
        if found.values and note is None:
            await self._values_given(turn)
            return
        await self._show(turn, note)

    async def _values_given(self, turn: Turn) -> None:
        """The values are in: when the stream has a filter of that name already, ask how;
        else on to the preview."""
        flow = turn.flow
        assert flow.form is not None
        stream = await read_stream(self.wizard.client, flow.args.get("stream_id"))
        filters = rmw.items_of(stream, "filters") or []
        same = [i for i in filters if i.get("name") == flow.form.get("name")
                and str(i.get("id")) != str(flow.args.get("filter_id"))]
        if same and flow.action == ADD:
            first = same[0]
            flow.editor.update(stage=HOW, existing={k: first.get(k) for k in (
                "id", "name", "mode", "payload")})
            await self._show(turn, None)
            return
        await self._submit(turn, None, how="add" if flow.action == ADD else "edit")

    async def _submit(self, turn: Turn, param: Param | None, *, how: str) -> None:
        """The filter as the action's data: added (`add`, `both`), or the existing one
        changed (`merge`: its values and these; `replace`: these)."""
        flow = turn.flow
        existing = flow.editor.get("existing") or {}
        data = filter_data(flow.form or {}, existing, how)
        if how in ("merge", "replace") and existing.get("id") is not None:
            flow.args["filter_id"] = existing["id"]
            flow.editor["origin"] = ADD
            turn = self._switch(turn, UPDATE)
        elif flow.action == UPDATE:
            data.pop("name", None)
        elif how not in ("add", "both"):
            return
        flow.args["data"] = data
        if "data" not in flow.asked:
            flow.asked.append("data")
        await self.wizard.advance(turn)

    def _switch(self, turn: Turn, action_id: str) -> Turn:
        turn.flow.action = action_id
        return Turn(turn.ctx, turn.slot, turn.flow, CATALOG[action_id], edit=turn.edit)

    async def _show(self, turn: Turn, note: str | None) -> None:
        screen = Screen(turn.flow, turn.action, turn.lang, await self.types())
        await turn.prompt(*screen.draw(note))
