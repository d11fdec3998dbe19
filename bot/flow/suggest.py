""""Did you mean": the commands, groups and operations closest to what someone typed.

Matched with `difflib` over every name a thing has: a command's own name, a group's key and its
English and Russian names (`кампании`, `statistics`), an operation's key and its labels in both
languages, whole and word by word.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from bot.keitaro.catalog import CATALOG, Action

# the bot's own commands, besides one per catalog group
COMMANDS = ("start", "menu", "help", "cancel", "lang", "digest", "alerts", "audit",
            "enable_chat", "disable_chat", "today", "find")
# words people use for a command (Russian ones: Telegram commands are Latin only)
ALIASES = {"помощь": "help", "справка": "help", "меню": "menu", "отмена": "cancel",
           "язык": "lang", "language": "lang", "сводка": "digest", "сводки": "digest",
           "оповещения": "alerts", "алерты": "alerts", "журнал": "audit", "stats": "reports",
           "стата": "reports", "отчеты": "reports", "отчет": "reports", "сегодня": "today",
           "сводка дня": "today", "найти": "find", "поиск": "find", "search": "find"}
CUTOFF = 0.6  # how alike a word must be (difflib's ratio) to be suggested
WORD_CUTOFF = 0.75  # for one word of a multi-word label: stricter, words are short
LIMIT = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A command (`/digest`) or a group (`campaigns`) someone may have meant."""

    command: str  # without the slash
    group: str | None = None  # the catalog group, when the command is one


def _normal(word: str) -> str:
    return word.strip().lower().replace("ё", "е").lstrip("/").split("@", 1)[0]


@lru_cache(maxsize=1)
def _command_names() -> dict[str, Suggestion]:
    names: dict[str, Suggestion] = {c: Suggestion(c) for c in COMMANDS}
    groups = {g.key for g in CATALOG.groups}
    for alias, command in ALIASES.items():
        names[alias] = Suggestion(command, command if command in groups else None)
    for group in CATALOG.groups:
        target = Suggestion(group.key, group.key)
        for name in (group.key, *group.label.every(), *group.description.every()):
            names.setdefault(_normal(name), target)
    return names


def suggest_commands(word: str, limit: int = LIMIT) -> list[Suggestion]:
    """Commands and groups whose names are closest to `word` (best first, no repeats)."""
    names = _command_names()
    key = _normal(word)
    if not key:
        return []
    if key in names:
        return [names[key]]
    found: list[Suggestion] = []
    for match in difflib.get_close_matches(key, list(names), n=limit * 3, cutoff=CUTOFF):
        if names[match] not in found:
            found.append(names[match])
    return found[:limit]


@lru_cache(maxsize=64)
def _operation_names(group: str) -> tuple[dict[str, str], dict[str, str]]:
    """(whole names → action id, single label words → action id) of a group's operations."""
    whole: dict[str, str] = {}
    words: dict[str, str] = {}
    for action in CATALOG.in_group(group):
        for name in (action.key, action.key.replace("_", " "), *action.label.every()):
            whole.setdefault(_normal(name), action.id)
        for label in action.label.every():
            for part in _normal(label).split():
                if len(part) >= 4:
                    words.setdefault(part, action.id)
    return whole, words


def suggest_operations(group: str, typed: str, limit: int = LIMIT) -> list[Action]:
    """The group's operations closest to `typed` (a key, or words of a label)."""
    whole, words = _operation_names(group)
    key = _normal(typed)
    if not key:
        return []
    if key in whole:
        return [CATALOG[whole[key]]]
    ids = [whole[m] for m in difflib.get_close_matches(key, list(whole), n=limit * 3,
                                                       cutoff=CUTOFF)]
    for part in key.split():
        ids += [words[m] for m in difflib.get_close_matches(part, list(words), n=limit,
                                                            cutoff=WORD_CUTOFF)]
    found: list[Action] = []
    for action_id in ids:
        action = CATALOG[action_id]
        if action not in found:
            found.append(action)
    return found[:limit]
