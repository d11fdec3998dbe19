"""The filter editor: a stream's filter added (or changed) by taps, from the tracker's own
dictionary (`bot.flow.filters`), as the form of `filters.add` and `filters.update`.

Stages (`FlowData.editor["stage"]`): the group, the filter (or typed: `country`, `страна`),
the mode (two buttons), the values (taps where a list exists, paged, searched by a typed
word; typed where none does), then — when the stream already has a filter of that name —
how: add the values to it (the default), replace it, or keep both. Adding to or replacing
the existing filter is `filters.update` of that filter: the flow's action changes to it (and
back, when the person steps back from its preview).
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import StepCB, StepKind
from bot.changes.read import Reader, read
from bot.flow.filters import (
    PAGE,
    FilterType,
    dictionary,
    filter_label,
    find_types,
    group_label,
    groups,
    options,
    resolve,
    split_values,
    typed_payload,
    value_label,
)
from bot.flow.turn import Alert, Turn, Wizard
from bot.i18n import t
from bot.keitaro import rmw
from bot.keitaro.catalog import CATALOG, Param
from bot.render.filters import filter_line, mode_word, payload_text
from bot.render.text import shorten

EDITED = ("filters.add", "filters.update")
ADD, UPDATE = EDITED
DICTIONARY_TTL = 600.0  # seconds the tracker's filter dictionary is kept
BUTTON = 30
GROUP, FILTER, MODE, VALUE, HOW = "group", "filter", "mode", "value", "how"
USUAL = ("country", "device_type", "os", "ip")  # offered first, before the tracker's groups


def handles(turn: Turn) -> bool:
    """The flow's data is a stream filter: the editor asks it."""
    return turn.flow.action in EDITED


class FilterStep:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard
        self._types: tuple[float, list[FilterType]] | None = None

    # -- the tracker's dictionary -----------------------------------------------------------

    async def types(self) -> list[FilterType]:
        """The filters the tracker offers (`GET /stream_filters`), kept a while."""
        now = time.monotonic()
        if self._types is not None and now - self._types[0] < DICTIONARY_TTL:
            return self._types[1]
        envelope = await self.wizard.client.execute(CATALOG["filters.types"], {})
        found = dictionary(envelope.data) if envelope.success else []
        if found:
            self._types = (now, found)
        return found

    async def _type(self, name: Any) -> FilterType | None:
        return next((f for f in await self.types() if f.name == name), None)

    # -- the step ---------------------------------------------------------------------------

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
            stream = await self._stream(turn)
            if stream is None:
                await turn.prompt("⚠️ " + t(turn.lang, "fedit.unread"), self._nav(turn))
                return
            editor["stream"] = _stream_name(stream)
            if stream.get("type") == "default":  # the tracker empties its filters (§12.3)
                await turn.prompt("⚠️ " + t(turn.lang, "fedit.default_stream"),
                                  self._nav(turn))
                return
            if flow.action == UPDATE:  # the filter as it is: its mode and values to change
                item = next((i for i in rmw.items_of(stream, "filters") or []
                             if str(i.get("id")) == str(flow.args.get("filter_id"))), None)
                if item is None:
                    await turn.prompt("⚠️ " + t(turn.lang, "fedit.gone"), self._nav(turn))
                    return
                flow.form.update({"name": item.get("name"), "mode": item.get("mode"),
                                  "payload": item.get("payload")})
                editor["stage"] = MODE
        await self._show(turn, note)

    async def on_text(self, turn: Turn, param: Param, text: str) -> None:
        flow, lang = turn.flow, turn.lang
        assert flow.form is not None
        await turn.drop_prompt()
        stage = flow.editor.get("stage")
        flow.turn += 1
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
        if what == "g":
            names = groups(types)
            index = _int(arg)
            if index is None or index >= len(names):
                return Alert(t(lang, "flow.stale"))
            members = [f for f in types if f.group == names[index]]
            if len(members) == 1:
                await self._named(turn, members[0])
                return None
            editor.update(stage=FILTER, group=names[index], found=None)
        elif what == "n":
            index = _int(arg)
            if index is None or index >= len(types):
                return Alert(t(lang, "flow.stale"))
            await self._named(turn, types[index])
            return None
        elif what == "m":
            item = await self._type(flow.form.get("name"))
            index = _int(arg)
            if item is None or index is None or index >= len(item.modes):
                return Alert(t(lang, "flow.stale"))
            flow.form["mode"] = item.modes[index]
            await self._moded(turn, item)
            return None
        elif what == "t":
            item = await self._type(flow.form.get("name"))
            listed = options(item.name, lang) if item is not None else ()
            index = _int(arg)
            if index is None or index >= len(listed):
                return Alert(t(lang, "flow.stale"))
            picked = _list(flow.form.get("payload"))
            code = listed[index][0]
            flow.form["payload"] = [v for v in picked if v != code] if code in picked else [
                *picked, code]
        elif what == "p":
            editor["page"] = max(0, _int(arg) or 0)
        elif what == "c":
            editor.pop("search", None)
            editor.pop("hits", None)
            editor["page"] = 0
        elif what == "b":
            flow.form["payload"] = arg == "1"
            await self._values_given(turn)
            return None
        elif what == "o":
            if not _list(flow.form.get("payload")):
                flow.turn -= 1
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

    # -- stages -----------------------------------------------------------------------------

    async def _named(self, turn: Turn, item: FilterType) -> None:
        """A filter picked: its mode next (the only one, if it has one)."""
        flow = turn.flow
        assert flow.form is not None
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
        picked = _list(flow.form.get("payload"))
        flow.form["payload"] = list(dict.fromkeys([*picked, *found.values]))
        note = None
        if found.unknown:
            note = t(lang, "fedit.not_found", values=", ".join(found.unknown))
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
        stream = await self._stream(turn)
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
        form = dict(flow.form or {})
        data: dict[str, Any] = {k: form[k] for k in ("name", "mode", "payload") if k in form}
        existing = flow.editor.get("existing") or {}
        if how in ("merge", "replace") and existing.get("id") is not None:
            if how == "merge":
                before = _list(existing.get("payload"))
                merged = list(dict.fromkeys([*before, *_list(form.get("payload"))]))
                data = {"payload": merged}
            else:
                data = {"mode": form.get("mode"), "payload": form.get("payload")}
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

    # -- parts -----------------------------------------------------------------------------

    def _switch(self, turn: Turn, action_id: str) -> Turn:
        turn.flow.action = action_id
        return Turn(turn.ctx, turn.slot, turn.flow, CATALOG[action_id], edit=turn.edit)

    async def _stream(self, turn: Turn) -> dict[str, Any] | None:
        """The stream as the tracker has it now (its name, its filters)."""
        ident = turn.flow.args.get("stream_id")
        if ident is None:
            return None
        seen = await read(self.wizard.client, Reader(path=f"/streams/{ident}",
                                                      field="filters"))
        return seen.data if seen is not None and seen.ok and isinstance(seen.data, dict) else (
            None)

    async def _show(self, turn: Turn, note: str | None) -> None:
        flow, lang = turn.flow, turn.lang
        form = flow.form or {}
        editor = flow.editor
        stage = editor.get("stage")
        types = await self.types()
        action = turn.action
        title = f"{CATALOG.group_title(action.group, lang)} · {action.label.get(lang)}"
        lines = [f"<b>{html.quote(title)}</b>"]
        if editor.get("stream"):
            lines.append(f"📌 {html.quote(t(lang, 'target.filters'))} "
                         f"{html.quote(editor['stream'])}")
        if note:
            lines.append(f"⚠️ {note}")
        lines.append("")
        item = next((f for f in types if f.name == form.get("name")), None)
        rows: list[list[InlineKeyboardButton]] = []
        if not types:
            lines.append(t(lang, "fedit.no_dictionary"))
        elif stage == GROUP:
            lines.append(t(lang, "fedit.pick_group"))
            usual = [f for name in USUAL for f in types if f.name == name]
            rows += _pairs([self._button(turn, "⭐ " + filter_label(f.name, lang, f.tooltip),
                                         f"n{types.index(f)}") for f in usual])
            rows += _pairs([self._button(turn, group_label(g, lang), f"g{n}")
                            for n, g in enumerate(groups(types))])
        elif stage == FILTER:
            found = editor.get("found")
            group = editor.get("group")
            members = [f for f in types if (f.name in found if found else f.group == group)]
            lines.append(t(lang, "fedit.pick_filter", group=group_label(group, lang)) if group
                         else t(lang, "fedit.pick_found"))
            rows += _pairs([self._button(turn, filter_label(f.name, lang, f.tooltip),
                                         f"n{types.index(f)}") for f in members])
        elif item is not None and stage == MODE:
            lines.append(t(lang, "fedit.pick_mode",
                           filter=filter_label(item.name, lang, item.tooltip)))
            rows += _pairs([self._button(turn, t(lang, f"fedit.mode_button.{m}")
                                         if m in ("accept", "reject") else m, f"m{n}")
                            for n, m in enumerate(item.modes)])
        elif item is not None and stage == VALUE:
            lines += self._value_lines(turn, item)
            rows += self._value_rows(turn, item)
        elif item is not None and stage == HOW:
            existing = editor.get("existing") or {}
            values = payload_text(item.name, form.get("payload"), lang, 30) or "—"
            lines.append(t(lang, "fedit.exists", now=filter_line(existing, lang)))
            same_mode = existing.get("mode") == form.get("mode")
            merge = self._button(turn, t(lang, "fedit.how_merge", values=values, filter=(
                filter_label(item.name, lang, item.tooltip).lower())), "hmerge")
            replace = self._button(turn, t(lang, "fedit.how_replace"), "hreplace")
            both = self._button(turn, t(lang, "fedit.how_both"), "hboth")
            if same_mode and item.shape == "list":
                lines.append(t(lang, "fedit.how_default", values=values))
                rows += [[merge], [replace]]
            else:
                lines.append(t(lang, "fedit.how_modes"))
                rows += [[replace], [both]]
        rows.append(self._nav(turn).inline_keyboard[0])
        await turn.prompt("\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))

    def _value_lines(self, turn: Turn, item: FilterType) -> list[str]:
        flow, lang = turn.flow, turn.lang
        form = flow.form or {}
        name = filter_label(item.name, lang, item.tooltip)
        mode = mode_word(str(form.get("mode")), lang)
        lines = [f"<b>{html.quote(name)}</b> · {html.quote(mode)}"]
        if item.shape == "list" and options(item.name, lang):
            picked = _list(form.get("payload"))
            shown = ", ".join(value_label(item.name, v, lang) for v in picked) or "—"
            lines.append(t(lang, "fedit.picked", values=shorten(shown, 300)))
            search = flow.editor.get("search")
            if search:
                lines.append(t(lang, "fedit.found", text=shorten(str(search), 30),
                               count=len(flow.editor.get("hits") or [])))
            lines.append(t(lang, "fedit.value_list"))
        elif item.shape == "bool":
            lines.append(t(lang, "fedit.value_bool"))
        elif item.shape == "object":
            example = json.dumps(item.payload, ensure_ascii=False)
            lines.append(t(lang, "fedit.value_object", example=shorten(example, 200)))
        else:
            lines.append(t(lang, "fedit.value_text"))
        return lines

    def _value_rows(self, turn: Turn, item: FilterType) -> list[list[InlineKeyboardButton]]:
        flow, lang = turn.flow, turn.lang
        form = flow.form or {}
        editor = flow.editor
        if item.shape == "bool":
            return [[self._button(turn, t(lang, "value.yes").capitalize(), "b1"),
                     self._button(turn, t(lang, "value.no").capitalize(), "b0")]]
        listed = options(item.name, lang) if item.shape == "list" else ()
        if not listed:
            return []
        picked = _list(form.get("payload"))
        index = {v: n for n, (v, _) in enumerate(listed)}
        hits = editor.get("hits")
        order = [v for v in hits if v in index] if hits else [
            *[v for v in picked if v in index], *[v for v, _ in listed if v not in picked]]
        pages = max(1, (len(order) + PAGE - 1) // PAGE)
        page = min(int(editor.get("page") or 0), pages - 1)
        chunk = order[page * PAGE:(page + 1) * PAGE]
        rows = _pairs([self._button(turn, ("✅ " if v in picked else "") + listed[index[v]][1],
                                    f"t{index[v]}") for v in chunk])
        nav = []
        if page > 0:
            nav.append(self._button(turn, f"‹ {page}/{pages}", f"p{page - 1}"))
        if page + 1 < pages:
            nav.append(self._button(turn, f"{page + 2}/{pages} ›", f"p{page + 1}"))
        if nav:
            rows.append(nav)
        last = [self._button(turn, t(lang, "fedit.done", count=len(picked)), "o")]
        if hits:
            last.append(self._button(turn, t(lang, "fedit.all"), "c"))
        rows.append(last)
        return rows

    def _button(self, turn: Turn, text: str, value: str) -> InlineKeyboardButton:
        flow = turn.flow
        return InlineKeyboardButton(text=shorten(text, BUTTON), callback_data=StepCB(
            nonce=flow.nonce, step=flow.step, kind=StepKind.FILTER, value=value).pack())

    def _nav(self, turn: Turn) -> InlineKeyboardMarkup:
        flow, lang = turn.flow, turn.lang
        return InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text=t(lang, "button.back"), callback_data=StepCB(
                nonce=flow.nonce, step=flow.step, kind=StepKind.BACK).pack()),
            InlineKeyboardButton(text=t(lang, "button.cancel"), callback_data=StepCB(
                nonce=flow.nonce, step=flow.step, kind=StepKind.CANCEL).pack())]])


def _stream_name(stream: dict[str, Any]) -> str:
    name = stream.get("name")
    ident = stream.get("id")
    return f"«{shorten(str(name), 40)}» #{ident}" if name else f"#{ident}"


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
