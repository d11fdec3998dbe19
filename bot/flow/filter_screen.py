"""The filter editor's screens (`bot.flow.steps.filter` moves through them): the groups and
the usual filters, a group's filters, the two modes, the values (a page of a list, found by a
typed word, or how to type them), and — a filter of that name already there — how to add it.
"""

from __future__ import annotations

import json
from typing import Any

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import StepCB, StepKind
from bot.flow.filters import (
    PAGE,
    FilterType,
    filter_label,
    group_label,
    groups,
    options,
    value_label,
)
from bot.flow.model import FlowData
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action
from bot.render.filters import filter_line, mode_word, payload_text
from bot.render.text import shorten

BUTTON = 30
GROUP, FILTER, MODE, VALUE, HOW = "group", "filter", "mode", "value", "how"
USUAL = ("country", "device_type", "os", "ip")  # offered first, before the tracker's groups


class Screen:
    """One screen of the editor for `flow` (its form and place), in `lang`, from the
    tracker's filter dictionary `types`."""

    def __init__(self, flow: FlowData, action: Action, lang: str,
                 types: list[FilterType]) -> None:
        self.flow, self.action, self.lang, self.types = flow, action, lang, types

    def draw(self, note: str | None) -> tuple[str, InlineKeyboardMarkup]:
        """The editor where it stands: its text and buttons."""
        flow, lang, types, action = self.flow, self.lang, self.types, self.action
        form = flow.form or {}
        editor = flow.editor
        stage = editor.get("stage")
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
            rows += _pairs([self.button("⭐ " + filter_label(f.name, lang, f.tooltip),
                                         f"n{types.index(f)}") for f in usual])
            rows += _pairs([self.button(group_label(g, lang), f"g{n}")
                            for n, g in enumerate(groups(types))])
        elif stage == FILTER:
            found = editor.get("found")
            group = editor.get("group")
            members = [f for f in types if (f.name in found if found else f.group == group)]
            lines.append(t(lang, "fedit.pick_filter", group=group_label(group, lang)) if group
                         else t(lang, "fedit.pick_found"))
            rows += _pairs([self.button(filter_label(f.name, lang, f.tooltip),
                                         f"n{types.index(f)}") for f in members])
        elif item is not None and stage == MODE:
            lines.append(t(lang, "fedit.pick_mode",
                           filter=filter_label(item.name, lang, item.tooltip)))
            rows += _pairs([self.button(t(lang, f"fedit.mode_button.{m}")
                                         if m in ("accept", "reject") else m, f"m{n}")
                            for n, m in enumerate(item.modes)])
        elif item is not None and stage == VALUE:
            lines += self.value_lines(item)
            rows += self.value_rows(item)
        elif item is not None and stage == HOW:
            existing = editor.get("existing") or {}
            values = payload_text(item.name, form.get("payload"), lang, 30) or "—"
            lines.append(t(lang, "fedit.exists", now=filter_line(existing, lang)))
            same_mode = existing.get("mode") == form.get("mode")
            merge = self.button(t(lang, "fedit.how_merge", values=values, filter=(
                filter_label(item.name, lang, item.tooltip).lower())), "hmerge")
            replace = self.button(t(lang, "fedit.how_replace"), "hreplace")
            both = self.button(t(lang, "fedit.how_both"), "hboth")
            if same_mode and item.shape == "list":
                lines.append(t(lang, "fedit.how_default", values=values))
                rows += [[merge], [replace]]
            else:
                lines.append(t(lang, "fedit.how_same" if same_mode else "fedit.how_modes"))
                rows += [[replace], [both]]
        rows.append(nav(flow, lang).inline_keyboard[0])
        return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)

    def value_lines(self, item: FilterType) -> list[str]:
        flow, lang = self.flow, self.lang
        form = flow.form or {}
        name = filter_label(item.name, lang, item.tooltip)
        mode = mode_word(str(form.get("mode")), lang)
        lines = [f"<b>{html.quote(name)}</b> · {html.quote(mode)}"]
        if item.shape == "list" and options(item.name, lang):
            picked = values_of(form.get("payload"))
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

    def value_rows(self, item: FilterType) -> list[list[InlineKeyboardButton]]:
        flow, lang = self.flow, self.lang
        form = flow.form or {}
        editor = flow.editor
        if item.shape == "bool":
            return [[self.button(t(lang, "value.yes").capitalize(), "b1"),
                     self.button(t(lang, "value.no").capitalize(), "b0")]]
        listed = options(item.name, lang) if item.shape == "list" else ()
        if not listed:
            return []
        picked = values_of(form.get("payload"))
        index = {v: n for n, (v, _) in enumerate(listed)}
        hits = editor.get("hits")
        order = [v for v in hits if v in index] if hits else [
            *[v for v in picked if v in index], *[v for v, _ in listed if v not in picked]]
        pages = max(1, (len(order) + PAGE - 1) // PAGE)
        page = min(int(editor.get("page") or 0), pages - 1)
        chunk = order[page * PAGE:(page + 1) * PAGE]
        rows = _pairs([self.button(("✅ " if v in picked else "") + listed[index[v]][1],
                                    f"t{index[v]}") for v in chunk])
        nav = []
        if page > 0:
            nav.append(self.button(f"‹ {page}/{pages}", f"p{page - 1}"))
        if page + 1 < pages:
            nav.append(self.button(f"{page + 2}/{pages} ›", f"p{page + 1}"))
        if nav:
            rows.append(nav)
        last = [self.button(t(lang, "fedit.done", count=len(picked)), "o")]
        if hits:
            last.append(self.button(t(lang, "fedit.all"), "c"))
        rows.append(last)
        return rows

    def button(self, text: str, value: str) -> InlineKeyboardButton:
        flow = self.flow
        return InlineKeyboardButton(text=shorten(text, BUTTON), callback_data=StepCB(
            nonce=flow.nonce, step=flow.step, kind=StepKind.FILTER, value=value).pack())

def stream_name(stream: dict[str, Any]) -> str:
    name = stream.get("name")
    ident = stream.get("id")
    return f"«{shorten(str(name), 40)}» #{ident}" if name else f"#{ident}"


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def nav(flow: FlowData, lang: str) -> InlineKeyboardMarkup:
    """Back and Cancel under every screen of the editor."""
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t(lang, "button.back"), callback_data=StepCB(
            nonce=flow.nonce, step=flow.step, kind=StepKind.BACK).pack()),
        InlineKeyboardButton(text=t(lang, "button.cancel"), callback_data=StepCB(
            nonce=flow.nonce, step=flow.step, kind=StepKind.CANCEL).pack())]])


def values_of(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
