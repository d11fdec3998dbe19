"""One-line commands: `/<group> <operation> [id] [JSON]` parsed into action arguments."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.flow.form import form_param, is_url, url_answer
from bot.keitaro.body_check import parse_answer
from bot.keitaro.catalog import Action, Param, ParamKind
from bot.keitaro.params import InputError, parse_param, parse_range
from bot.keitaro.periods import LONGEST

PERIOD_TOKENS = max(LONGEST, 3)  # `2026-11-01 .. 2026-11-07` is three


def parse_line(
    action: Action, rest: str, today: date
) -> tuple[dict[str, Any], list[tuple[Param | None, InputError]]]:
    """Arguments given on the line, and the problems found (param, error).

    The JSON part starts at the first `{` or `[`; before it, `name=value` tokens go to that
    param and other tokens fill the remaining params in catalog order. A text param (or an IP
    list) that comes last takes the rest of the line; a period may be several words (`last
    week`, `прошлая неделя`). Words left over are a `too_many_args` problem, with everything
    understood before them kept in the arguments. The JSON's fields are checked once every
    argument is known (the flow then asks for the data again, saying what is wrong).
    """
    args: dict[str, Any] = {}
    problems: list[tuple[Param | None, InputError]] = []
    text = rest.strip()
    json_param = next((p for p in action.params if p.kind is ParamKind.JSON), None)
    text = _url_taken(action, text, args)
    if json_param is not None and json_param.name not in args:
        starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
        if starts:
            cut = min(starts)
            raw, text = text[cut:], text[:cut]
            try:
                args[json_param.name] = parse_param(json_param, raw, today)
            except InputError as exc:
                problems.append((json_param, exc))
    positional = [p for p in action.params if p.kind is not ParamKind.JSON]
    by_name = {p.name: p for p in positional}
    loose: list[str] = []
    tokens = text.split()
    for at, token in enumerate(tokens):
        name, sep, value = token.partition("=")
        if sep and name in by_name:
            _take(by_name[name], value, args, problems, today)
        elif sep and json_param is not None and json_param.name not in args and name:
            # `name=Keto PL state=active`: the rest of the line is the data, as pairs
            try:
                args[json_param.name] = parse_answer(action, json_param,
                                                     " ".join(tokens[at:]), today)
            except InputError as exc:
                problems.append((json_param, exc))
            break
        else:
            loose.append(token)
    failed = {q.name for q, _ in problems if q is not None}
    queue = [p for p in positional if p.name not in args and p.name not in failed]
    index = 0
    while index < len(loose):
        if not queue:
            problems.append((None, InputError("too_many_args", extra=" ".join(loose[index:]))))
            break
        param = queue.pop(0)
        if param.kind in (ParamKind.TEXT, ParamKind.IPS) and not queue:
            _take(param, " ".join(loose[index:]), args, problems, today)
            break
        taken = _period_words(loose, index, today) if param.kind is ParamKind.RANGE else 1
        _take(param, " ".join(loose[index:index + taken]), args, problems, today)
        index += taken
    return args, problems


def _url_taken(action: Action, text: str, args: dict[str, Any]) -> str:
    """A URL on the line of an action whose form takes one (`/offers create Keto DE
    https://…`): the data it fills, with the words around it as the name of what a create
    makes; returns the rest of the line."""
    param = form_param(action)
    urls = [w for w in text.split() if is_url(w)]
    answer = url_answer(action, urls[0]) if param is not None and len(urls) == 1 else None
    if param is None or answer is None:
        return text
    words = [w for w in text.split() if w != urls[0]]
    rest = " ".join(words)
    if any(c in rest for c in "{[="):
        return text  # JSON or pairs: the expert's line, as it is
    names = {f.name for f in action.fields}
    if rest and "name" in names and not any(p.kind is not ParamKind.JSON
                                            for p in action.params):
        answer["name"], rest = rest, ""
    args[param.name] = answer
    return rest


def _period_words(tokens: list[str], index: int, today: date) -> int:
    """How many tokens from `index` make one period: `last week`, `прошлый месяц`,
    `2026-11-01 .. 2026-11-07` are several words; anything else is one."""
    for count in range(min(PERIOD_TOKENS, len(tokens) - index), 1, -1):
        try:
            parse_range(" ".join(tokens[index:index + count]), today)
        except InputError:
            continue
        return count
    return 1


def _take(
    param: Param,
    text: str,
    args: dict[str, Any],
    problems: list[tuple[Param | None, InputError]],
    today: date,
) -> None:
    try:
        args[param.name] = parse_param(param, text, today)
    except InputError as exc:
        problems.append((param, exc))


def usage(action: Action) -> str:
    """`/campaigns update <id> <JSON>`: the line a user types, with optional parts in []."""
    parts = [f"/{action.group}", action.key]
    for p in action.params:
        token = "JSON" if p.kind is ParamKind.JSON else (
            "|".join(p.choices) if p.kind is ParamKind.ENUM and len(p.choices) <= 4 else p.name)
        parts.append(f"<{token}>" if p.required else f"[{token}]")
    return " ".join(parts)
