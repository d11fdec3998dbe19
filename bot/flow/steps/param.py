"""The param step: one of the action's params asked, answered by text or a button.

`enter` asks (the question, its pick-list or choices), `on_text` and `on_button` take the
answer (checked on the spot: a bad one is asked again with the reason), `back` steps back to
the param before. An answer moves the flow on (`Wizard.advance`).
"""

from __future__ import annotations

import json
from typing import Any

from aiogram import html

from bot.callbacks import StepKind
from bot.flow.keyboards import group_keyboard, step_keyboard
from bot.flow.model import FlowData, remaining
from bot.flow.picks import scope_of
from bot.flow.turn import Alert, Turn, Wizard
from bot.i18n import Html, t
from bot.i18n.details import detail_text
from bot.keitaro.body_check import parse_answer, required_names
from bot.keitaro.catalog import CATALOG, Action, Param, ParamKind
from bot.keitaro.errors import ErrorInfo
from bot.keitaro.params import InputError
from bot.render.envelope import action_title
from bot.render.inputs import input_error_text
from bot.render.text import fit_pre, pretty_json


class ParamStep:
    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard

    async def enter(self, turn: Turn, param: Param, *, note: str | None = None,
                    page: int = 0) -> None:
        """Ask for `param` (`page`: of its pick-list)."""
        lang, flow = turn.lang, turn.flow
        listed = param.pick and param.kind is not ParamKind.ENUM
        picks, pick_error = (await self.wizard.picks.of_param(param, flow, turn.lang) if listed
                             else (None, None))
        scope = scope_of(param, flow) if listed else None
        text = question(lang, flow, turn.action, param, note, picks, pick_error, scope)
        if turn.chat_id < 0:  # a group: only replies to the bot's messages reach it
            text += "\n" + t(lang, "chat.reply_hint")
        choices = (await self.wizard.client.choices(param) if param.kind is ParamKind.ENUM
                   else None)
        markup = step_keyboard(param, flow.nonce, flow.step, lang, picks=picks,
                               pick_page=page, choices=choices, scoped=scope is not None,
                               rescope=bool(flow.pick_scope) and scope is None)
        await turn.prompt(text, markup)

    async def on_text(self, turn: Turn, param: Param, text: str) -> None:
        await self.accept(turn, param, text)

    async def on_button(self, turn: Turn, param: Param, kind: StepKind,
                        value: str) -> Alert | None:
        flow = turn.flow
        flow.form, flow.field = None, None
        if kind is StepKind.PICK:
            await self.wizard.ask(turn, param, page=number(value))
            return None
        if kind is StepKind.SCOPE:
            scope = scope_of(param, flow)
            if value and scope is None:
                return Alert(t(turn.lang, "flow.stale"))
            if value and scope is not None:
                flow.pick_scope[scope.name] = number(value) if scope.kind is ParamKind.ID else value
            else:  # another campaign (kind): the list it is picked from again
                flow.pick_scope = {}
            flow.search = None
            flow.turn += 1
            await self.wizard.ask(turn, param)
            return None
        if kind is StepKind.SKIP:
            if param.required:
                return Alert(t(turn.lang, "flow.stale"))
            flow.args[param.name] = None
            flow.asked.append(param.name)
            await self.wizard.advance(turn)
            return None
        await self.accept(turn, param, value)
        return None

    async def accept(self, turn: Turn, param: Param, text: str) -> None:
        """An answer, typed (this turn edits nothing) or by button: kept and on, or asked
        again with the reason."""
        typed = turn.edit is None
        try:
            value = parse_answer(turn.action, param, text, self.wizard.today())
        except InputError as exc:
            note: str | None = input_error_text(turn.lang, exc.code, exc.details)
            if typed:
                await turn.drop_prompt()
            if exc.code == "id_not_number" and param.pick and any(c.isalnum() for c in text):
                turn.flow.search, note = " ".join(text.split())[:60], None  # words: a name
                turn.flow.turn += 1
            await self.wizard.ask(turn, param, note=note)
            return
        turn.flow.args[param.name] = value
        turn.flow.asked.append(param.name)
        if typed:
            await turn.drop_prompt()
        await self.wizard.advance(turn)

    async def back(self, turn: Turn, current: Param | None) -> None:
        """Back to the param before `current`, even if the command line gave it; from the
        first, to the group's menu."""
        flow, action = turn.flow, turn.action
        names = [p.name for p in action.params]
        stop = names.index(current.name) if current is not None else len(names)
        given = [n for n in names[:stop] if n in flow.args]
        if not given:
            await turn.clear()
            await turn.show(t(turn.lang, "menu.group",
                              group=CATALOG.group_title(action.group, turn.lang)),
                            group_keyboard(action.group, turn.lang, turn.role))
            return
        name = given[-1]
        flow.args.pop(name, None)
        if name in flow.asked:
            flow.asked.remove(name)
        flow.mode = "buttons"  # from here on, ask like the button flow
        await self.wizard.advance(turn)


def question(
    lang: str, flow: FlowData, action: Action, param: Param, note: str | None,
    picks: list[tuple[int | str, str]] | None, pick_error: ErrorInfo | None,
    scope: Param | None = None,
) -> str:
    """The question of `param`: the step, the prompt, how to answer, what can be picked
    (first, what the list is listed under: `scope`)."""
    title = action_title(action, lang, action.group, action.key)
    done = len(flow.args) + 1
    total = len(flow.args) + remaining(action, flow)
    lines = [f"<b>{html.quote(title)}</b> · {t(lang, 'flow.step', n=done, total=total)}"]
    if note:
        lines.append(f"⚠️ {note}")
    prompt = param.prompt.get(lang) if param.prompt else t(lang, f"ask.{param.kind.value}")
    lines.append(f"\n{html.quote(prompt)}")
    if param.kind is ParamKind.JSON:
        needed = required_names(action)
        if needed:
            lines.append(t(lang, "hint.json_required", fields=Html(", ".join(
                f"<code>{html.quote(name)}</code>" for name in needed))))
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
            lines.append(t(lang, "hint.example") + f" <code>{html.quote(param.example)}</code>")
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


def _scope_title(scope: Param, lang: str) -> str:
    """What is picked first: a group's title (`🎯 Campaigns`), or an enum's question."""
    if scope.pick is not None:
        return CATALOG.group_title(scope.pick.split(".")[0], lang)
    return scope.prompt.get(lang) if scope.prompt else scope.name


def number(value: str) -> int:
    """A button's page or index (0 when it is not one)."""
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def _example(param: Param) -> Any:
    return json.loads(param.example) if param.example else {}
