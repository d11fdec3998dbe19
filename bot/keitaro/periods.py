"""Periods as people type them, in every language the bot speaks: the preset names, the words
for them (`words-period-<preset>` in `bot/locales/*/words.ftl`), and the dates each one means
(counted from "today" in the tracker's time zone)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.i18n.texts import words

# in the order the period buttons show them
PRESETS = ("today", "yesterday", "7d", "30d", "week", "last_week", "month", "last_month")

_SPACES = re.compile(r"[\s_]+")


def normalize(text: str) -> str:
    """Lower case, `ё` as `е`, underscores and runs of spaces as one space."""
    return _SPACES.sub(" ", text.strip().lower().replace("ё", "е")).strip(" .,;")


WORDS: dict[str, str] = {normalize(word): preset for preset in PRESETS
                         for word in words(f"words-period-{preset}")}
LONGEST = max(len(word.split()) for word in [*WORDS, *PRESETS])  # words in the longest phrase


def preset_of(text: str) -> str | None:
    """The preset a typed period names (`вчера`, `last week`, `7д`), or None."""
    raw = normalize(text)
    return raw if raw in PRESETS else WORDS.get(raw)


def preset_dates(preset: str, today: date) -> tuple[date, date]:
    """The first and last day (both inclusive) of a preset, as of `today`."""
    if preset == "today":
        return today, today
    if preset == "yesterday":
        day = today - timedelta(days=1)
        return day, day
    if preset == "7d":
        return today - timedelta(days=6), today
    if preset == "30d":
        return today - timedelta(days=29), today
    monday = today - timedelta(days=today.weekday())
    if preset == "week":
        return monday, today
    if preset == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    first = today.replace(day=1)
    if preset == "month":
        return first, today
    if preset == "last_month":
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    raise KeyError(preset)


# one day as people type it: the words for today and yesterday (the presets'), the day before
# yesterday (`words-day-before_yesterday`), `-3d` / `3 days ago` / `3 дня назад`, a date
DAYS_BACK = {"today": 0, "yesterday": 1}
BEFORE_YESTERDAY = frozenset(normalize(w) for w in words("words-day-before_yesterday"))
_AGO = re.compile(r"^(?:-\s*(\d{1,4})\s*(?:d|д|days?|дн[а-яё]*)?|(\d{1,4})\s*"
                  r"(?:d|д|days?|дн[а-яё]*)\s*(?:ago|назад))$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ t](\d{2}:\d{2}(?::\d{2})?))?$")


def day_of(text: str, today: date) -> str | None:
    """The day (`YYYY-MM-DD`, with the time when one was typed: `YYYY-MM-DD HH:MM`) a typed
    answer names, counted from `today`; None when it names none."""
    raw = normalize(text)
    preset = preset_of(raw)
    if preset in DAYS_BACK:
        return (today - timedelta(days=DAYS_BACK[preset])).isoformat()
    if raw in BEFORE_YESTERDAY:
        return (today - timedelta(days=2)).isoformat()
    if match := _AGO.match(raw):
        back = int(match.group(1) or match.group(2))
        return (today - timedelta(days=back)).isoformat() if back < 3660 else None
    if match := _DAY_FIRST.match(raw):
        raw = f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    match = _MOMENT.match(raw)
    if match is None:
        return None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return day.isoformat() + (f" {match.group(2)}" if match.group(2) else "")

