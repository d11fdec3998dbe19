"""Inline keyboards of menus, flow steps, confirmations and results."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import (
    AuditCB,
    ConfirmCB,
    MenuCB,
    PageCB,
    ReportCB,
    RequestCB,
    ResultFile,
    RunCB,
    StepCB,
    StepKind,
    UndoCB,
)
from bot.changes.permission import may_start
from bot.i18n import has, t
from bot.keitaro.catalog import CATALOG, Action, ChangeKind, Danger, Param, ParamKind
from bot.keitaro.params import RANGE_PRESETS
from bot.render.labels import choice_label, metric_label
from bot.render.report import ReportPage
from bot.render.report_table import TableSort
from bot.render.text import shorten
from bot.storage.audit import AuditEntry

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
        lock = "" if may_start(role, action) else "🔒 "
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
    picks: Sequence[tuple[int | str, str]] | None = None,
    pick_page: int = 0,
    choices: Sequence[str] | None = None,
    scoped: bool = False,
    rescope: bool = False,
) -> InlineKeyboardMarkup:
    """Buttons for one question: choices, presets or a page of a pick-list, then navigation.
    A `scoped` pick-list lists what to pick first (the campaigns of streams); `rescope`
    offers to go back to it."""
    rows: list[list[InlineKeyboardButton]] = []
    pick_kind = StepKind.SCOPE if scoped else StepKind.VALUE

    def value_button(text: str, value: str, kind: StepKind = StepKind.VALUE
                     ) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=StepCB(
            nonce=nonce, step=step, kind=kind, value=value).pack())

    if param.kind is ParamKind.ENUM:
        buttons = [value_button(choice_label(param.name, c, lang), c)
                   for c in (param.choices if choices is None else choices)]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    elif param.kind is ParamKind.RANGE:
        buttons = [value_button(t(lang, f"range.{p}"), p) for p in RANGE_PRESETS]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    elif picks:
        start = pick_page * PICK_PAGE
        chunk = picks[start:start + PICK_PAGE]
        buttons = [value_button(shorten(label, 32), str(ident), pick_kind)
                   for ident, label in chunk]
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
    if rescope:
        rows.append([value_button(t(lang, "button.rescope"), "", StepKind.SCOPE)])
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


def journal_keyboard(entries: Sequence[AuditEntry], open_ids: Sequence[int], lang: str,
                     limit: int = 8) -> InlineKeyboardMarkup | None:
    """The journal's buttons: "↩️ Undo #12" for entries whose Undo is open, then "🧾 #12" for
    each entry shown whole (its request), two to a row."""
    undo = undo_keyboard(open_ids, lang)
    rows = list(undo.inline_keyboard) if undo is not None else []
    shown = [InlineKeyboardButton(text=t(lang, "button.audit_entry", id=e.id),
                                  callback_data=AuditCB(entry=e.id).pack())
             for e in entries[:limit] if e.id is not None]
    rows += [shown[i:i + 2] for i in range(0, len(shown), 2)]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def quick_actions(source: Action, role: Role) -> list[Action]:
    """Actions that take this entity's id first: its own group's, and reads of other groups."""
    return [CATALOG[action_id] for action_id in _quick_action_ids(source.id, role)]


@lru_cache(maxsize=1024)
def _quick_action_ids(source_id: str, role: Role) -> tuple[str, ...]:
    source = CATALOG[source_id]
    found: list[str] = []
    for action in CATALOG:
        if action.id == source.id or not action.params or not may_start(role, action):
            continue
        first = action.params[0]
        if first.kind is not ParamKind.ID or not first.required:
            continue
        own = (action.group == source.group and first.name == "id"
               and (first.pick is None or first.pick.startswith(f"{action.group}.")))
        related = (action.group != source.group and first.pick == f"{source.group}.list"
                   and action.danger is Danger.READ)
        if own or related:
            found.append(action.id)
    return tuple(found[:9])


ROW = 2  # buttons on a row of a result's keyboard: what a phone shows without cutting
SHORT_LABEL = 16  # characters of a quick action's label
STATE_HIDES = {"active": "enable", "disabled": "disable"}  # a state and the op it makes moot
ARCHIVED_STATES = frozenset({"deleted", "archived"})  # the tracker's archive: `deleted`


def applies(action: Action, state: str | None) -> bool:
    """A quick action makes sense for an entity in `state`: Restore only from the archive;
    Archive, Delete, Enable and Disable only outside it."""
    archived = state in ARCHIVED_STATES
    if action.change is ChangeKind.RESTORE:
        return archived
    return not (archived and action.change in (ChangeKind.ARCHIVE, ChangeKind.DELETE,
                                               ChangeKind.STATE))


def in_rows(buttons: Sequence[InlineKeyboardButton],
            size: int = ROW) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i:i + size]) for i in range(0, len(buttons), size)]


def quick_label(action: Action, lang: str, source: str | None = None) -> str:
    """A quick action's short label, marked as the menus mark changes ("✏️ Disable",
    "⚠️ Archive"): its own, else its operation's (on an entity of its own group, `source`:
    another group's "get" is no 🔄 Reload), else its name cut short."""
    return _quick_label(action.id, lang, source in (None, action.group))


@lru_cache(maxsize=1024)
def _quick_label(action_id: str, lang: str, own: bool = True) -> str:
    action = CATALOG[action_id]
    mark = DANGER_MARK[action.danger]
    for key in (f"quick.{action.id}", *((f"quick.{action.key}",) if own else ())):
        if has(key):
            return mark + t(lang, key)
    return shorten(mark + action.label.get(lang), SHORT_LABEL)


def _report_rows(rid: str, report: ReportPage, lang: str,
                 row_links: Sequence[InlineKeyboardButton] | None = None,
                 table: tuple[TableSort, ...] | None = None,
                 ) -> list[list[InlineKeyboardButton]]:
    """Sort by each metric shown (again: the other way), switch the metric set, turn pages;
    then a button a row (`row_links`, else the row's entity card). `table`: the columns of
    a rich message's table, which shows every set at once (no set to switch)."""
    view = report.view

    def button(text: str, **change: Any) -> InlineKeyboardButton:
        target = view.model_copy(update=change)
        return InlineKeyboardButton(text=text, callback_data=ReportCB(
            rid=rid, metrics=target.metrics, sort=target.sort, desc=target.desc,
            page=target.page).pack())

    buttons: list[InlineKeyboardButton] = []
    sorts = [(s, view.metrics, view.desc if s is view.sort else None)
             for s in report.sorts] if table is None else table
    for sort, holder, down in sorts:
        label = metric_label(sort.value, lang)
        if down is not None:  # the order shown: pressed again, the other way
            buttons.append(button(f"{label} {'↓' if down else '↑'}", sort=sort, desc=not down,
                                  page=0, metrics=holder))
        else:
            buttons.append(button(f"↕ {label}", sort=sort, desc=True, page=0, metrics=holder))
    for other in report.sets if table is None else ():
        if other is not view.metrics:
            buttons.append(button(t(lang, f"report.set_{other.value}"), metrics=other, page=0))
    rows = in_rows(buttons)
    nav: list[InlineKeyboardButton] = []
    if view.page > 0:
        nav.append(button(f"‹ {view.page}/{report.pages}", page=view.page - 1))
    if view.page + 1 < report.pages:
        nav.append(button(f"{view.page + 2}/{report.pages} ›", page=view.page + 1))
    if nav:
        rows.append(nav)
    if row_links is not None:
        return rows + in_rows(row_links)
    rows += in_rows([InlineKeyboardButton(text=label, callback_data=RunCB(
        group=group, op="get", id=ident).pack()) for group, ident, label in report.links])
    return rows


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
    entity_state: str | None = None,
    report: ReportPage | None = None,
    extra: Sequence[list[InlineKeyboardButton]] = (),
    row_links: Sequence[InlineKeyboardButton] | None = None,
    request: bool = True,
    table: tuple[TableSort, ...] | None = None,
) -> InlineKeyboardMarkup:
    """A result's buttons, at most two a row: the change's "↩️ Undo" (`undo`: its journal
    entry) first, a report's views and rows, the items of a list, pages, an entity's quick
    actions (only the applicable Enable/Disable), `extra` rows, files and ℹ️ Request, then
    back to the group and the menu."""
    rows: list[list[InlineKeyboardButton]] = []
    if undo is not None:
        rows.append([InlineKeyboardButton(text=t(lang, "button.undo"),
                                          callback_data=UndoCB(entry=undo).pack())])
    if rid and report is not None:
        rows += _report_rows(rid, report, lang, row_links, table)
    if action is not None and items:
        rows += in_rows([InlineKeyboardButton(text=label, callback_data=RunCB(
            group=action.group, op="get", id=ident).pack()) for ident, label in items])
    if rid and pages > 1:
        nav = []
        if page > 0:
            nav.append(InlineKeyboardButton(text=f"‹ {page}/{pages}", callback_data=PageCB(
                rid=rid, page=page - 1).pack()))
        if page + 1 < pages:
            nav.append(InlineKeyboardButton(text=f"{page + 2}/{pages} ›", callback_data=PageCB(
                rid=rid, page=page + 1).pack()))
        rows.append(nav)
    if action is not None and entity_id is not None:
        moot = STATE_HIDES.get(entity_state or "")
        rows += in_rows([InlineKeyboardButton(
            text=quick_label(a, lang, action.group),
            callback_data=RunCB(group=a.group, op=a.key, id=entity_id).pack())
            for a in quick_actions(action, role)
            if not (a.group == action.group and a.key == moot) and applies(a, entity_state)])
    rows += list(extra)
    if rid:
        files = [InlineKeyboardButton(
            text=t(lang, "button.export_all") if kind == "all" else f"📎 {kind.upper()}",
            callback_data=PageCB(rid=rid, page=page, file=ResultFile(kind)).pack())
            for kind in exports]
        if request:  # a reply of the bot's own (a glance) has no request to show
            files.append(InlineKeyboardButton(text=t(lang, "button.request"),
                                              callback_data=RequestCB(rid=rid).pack()))
        rows += in_rows(files)
    if action is not None:
        label = f"◀ {CATALOG.group_title(action.group, lang)}"
        rows.append([InlineKeyboardButton(text=label, callback_data=MenuCB(
            group=action.group).pack()),
            InlineKeyboardButton(text=t(lang, "button.menu"), callback_data=MenuCB().pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)
