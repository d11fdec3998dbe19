"""Inline keyboards of menus, flow steps, confirmations and results."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import ConfirmCB, MenuCB, PageCB, RunCB, StepCB, StepKind, UndoCB
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action, Danger, Param, ParamKind
from bot.keitaro.params import RANGE_PRESETS
from bot.render.text import shorten

DANGER_MARK = {Danger.READ: "", Danger.WRITE: "✏️ ", Danger.DESTRUCTIVE: "⚠️ "}
PICK_PAGE = 8


def groups_keyboard(lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for group in CATALOG.groups:
        builder.button(text=group.title(lang),
                       callback_data=MenuCB(group=group.key))
    builder.adjust(2)
    return builder.as_markup()


def group_keyboard(group: str, lang: str, role: Role) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in CATALOG.in_group(group):
        lock = "" if role.may(action.danger) else "🔒 "
        builder.button(text=f"{lock}{DANGER_MARK[action.danger]}{action.label.get(lang)}",
                       callback_data=RunCB(group=group, op=action.key))
    builder.button(text=t(lang, "button.groups"), callback_data=MenuCB(group=""))
    builder.adjust(2)
    return builder.as_markup()


def _nav(nonce: str, step: int, lang: str, *, back: bool = True) -> list[InlineKeyboardButton]:
    row = []
    if back:
        row.append(InlineKeyboardButton(
            text=t(lang, "button.back"),
            callback_data=StepCB(nonce=nonce, step=step, kind=StepKind.BACK).pack()))
    row.append(InlineKeyboardButton(
        text=t(lang, "button.cancel"),
        callback_data=StepCB(nonce=nonce, step=step, kind=StepKind.CANCEL).pack()))
    return row


def step_keyboard(
    param: Param,
    nonce: str,
    step: int,
    lang: str,
    *,
    picks: list[tuple[int, str]] | None = None,
    pick_page: int = 0,
    choices: Sequence[str] | None = None,
) -> InlineKeyboardMarkup:
    """Buttons for one question: choices, presets or a page of a pick-list, then navigation."""
    rows: list[list[InlineKeyboardButton]] = []

    def value_button(text: str, value: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=StepCB(
            nonce=nonce, step=step, kind=StepKind.VALUE, value=value).pack())

    if param.kind is ParamKind.ENUM:
        buttons = [value_button(c, c) for c in (param.choices if choices is None else choices)]
        rows += [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    elif param.kind is ParamKind.RANGE:
        buttons = [value_button(t(lang, f"range.{p}"), p) for p in RANGE_PRESETS]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    elif picks:
        start = pick_page * PICK_PAGE
        chunk = picks[start:start + PICK_PAGE]
        buttons = [value_button(shorten(label, 32), str(ident)) for ident, label in chunk]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        pages = (len(picks) + PICK_PAGE - 1) // PICK_PAGE
        if pages > 1:
            nav = []
            if pick_page > 0:
                nav.append(InlineKeyboardButton(text="‹", callback_data=StepCB(
                    nonce=nonce, step=step, kind=StepKind.PICK, value=str(pick_page - 1)).pack()))
            nav.append(InlineKeyboardButton(text=f"{pick_page + 1}/{pages}", callback_data=StepCB(
                nonce=nonce, step=step, kind=StepKind.PICK, value=str(pick_page)).pack()))
            if pick_page + 1 < pages:
                nav.append(InlineKeyboardButton(text="›", callback_data=StepCB(
                    nonce=nonce, step=step, kind=StepKind.PICK, value=str(pick_page + 1)).pack()))
            rows.append(nav)
    if not param.required:
        key = "button.defaults" if param.kind is ParamKind.JSON else "button.skip"
        rows.append([InlineKeyboardButton(text=t(lang, key), callback_data=StepCB(
            nonce=nonce, step=step, kind=StepKind.SKIP).pack())])
    rows.append(_nav(nonce, step, lang))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def confirm_keyboard(
    action: Action, nonce: str, step: int, lang: str, danger: Danger | None = None, *,
    undo: bool = False,
) -> InlineKeyboardMarkup:
    """Confirm (⚠️ for what deletes or replaces: `danger`, the action's own when not given;
    ↩️ for an Undo) or go back."""
    destructive = (danger or action.danger) is Danger.DESTRUCTIVE
    key = "button.confirm_destructive" if destructive else "button.confirm"
    if undo:
        key = "button.confirm_undo"
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t(lang, key, action=action.label.get(lang)),
                              callback_data=ConfirmCB(nonce=nonce, yes=True).pack())],
        _nav(nonce, step, lang),
    ])


def retype_keyboard(nonce: str, step: int, lang: str) -> InlineKeyboardMarkup:
    """Under a preview confirmed by typing (a clean of every campaign): no confirm button."""
    return InlineKeyboardMarkup(inline_keyboard=[_nav(nonce, step, lang)])


def undo_keyboard(entry_ids: Sequence[int], lang: str) -> InlineKeyboardMarkup | None:
    """"↩️ Undo #12" for journal entries whose Undo is open, two to a row."""
    buttons = [InlineKeyboardButton(text=t(lang, "button.undo_entry", id=i),
                                    callback_data=UndoCB(entry=i).pack()) for i in entry_ids]
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i:i + 2]
                                                 for i in range(0, len(buttons), 2)])


def quick_actions(source: Action, role: Role) -> list[Action]:
    """Actions that take this entity's id first: its own group's, and reads of other groups."""
    return [CATALOG[action_id] for action_id in _quick_action_ids(source.id, role)]


@lru_cache(maxsize=1024)
def _quick_action_ids(source_id: str, role: Role) -> tuple[str, ...]:
    source = CATALOG[source_id]
    found: list[str] = []
    for action in CATALOG:
        if action.id == source.id or not action.params or not role.may(action.danger):
            continue
        first = action.params[0]
        if first.kind is not ParamKind.ID or not first.required:
            continue
        own = (action.group == source.group and first.name == "id"
               and first.pick in (None, f"{action.group}.list"))
        related = (action.group != source.group and first.pick == f"{source.group}.list"
                   and action.danger is Danger.READ)
        if own or related:
            found.append(action.id)
    return tuple(found[:9])


def result_keyboard(
    *,
    action: Action | None,
    lang: str,
    role: Role,
    rid: str | None,
    page: int,
    pages: int,
    items: list[tuple[int, str]],
    exports: tuple[str, ...],
    entity_id: int | None,
    undo: int | None = None,
) -> InlineKeyboardMarkup:
    """`undo`: the journal entry of the change shown, offered as "↩️ Undo" first."""
    rows: list[list[InlineKeyboardButton]] = []
    if undo is not None:
        rows.append([InlineKeyboardButton(text=t(lang, "button.undo"),
                                          callback_data=UndoCB(entry=undo).pack())])
    if rid and pages > 1:
        nav = []
        if page > 0:
            nav.append(InlineKeyboardButton(text="‹", callback_data=PageCB(
                rid=rid, page=page - 1).pack()))
        nav.append(InlineKeyboardButton(text=f"{page + 1}/{pages}", callback_data=PageCB(
            rid=rid, page=page).pack()))
        if page + 1 < pages:
            nav.append(InlineKeyboardButton(text="›", callback_data=PageCB(
                rid=rid, page=page + 1).pack()))
        rows.append(nav)
    if action is not None and items:
        buttons = [InlineKeyboardButton(text=label, callback_data=RunCB(
            group=action.group, op="get", id=ident).pack()) for ident, label in items]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    if rid and exports:
        rows.append([InlineKeyboardButton(
            text=t(lang, "button.export_all") if kind == "all" else f"📎 {kind.upper()}",
            callback_data=PageCB(rid=rid, page=page, file=kind).pack()) for kind in exports])
    if action is not None and entity_id is not None:
        buttons = [InlineKeyboardButton(
            text=f"{DANGER_MARK[a.danger]}{shorten(a.label.get(lang), 24)}",
            callback_data=RunCB(group=a.group, op=a.key, id=entity_id).pack())
            for a in quick_actions(action, role)]
        rows += [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    if action is not None:
        label = f"◀ {CATALOG.group_title(action.group, lang)}"
        rows.append([InlineKeyboardButton(text=label, callback_data=MenuCB(
            group=action.group).pack()),
            InlineKeyboardButton(text=t(lang, "button.menu"), callback_data=MenuCB().pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)
