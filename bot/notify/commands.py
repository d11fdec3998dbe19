"""One-line `/digest add …` and `/alerts add …` parsed into subscriptions."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from bot import bounded_json
from bot.bounded_json import JSONRefused
from bot.keitaro.params import MAX_JSON_DEPTH, MAX_JSON_LENGTH
from bot.keitaro.periods import LONGEST, preset_of
from bot.notify.models import PERIODS, REPORTS, STATUSES, WEEKDAYS
from bot.timezones import check_timezone

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
REPORT_ALIASES = {"source": "ts", "sources": "ts", "campaigns": "campaign", "offers": "offer",
                  "countries": "country", "geo": "country", "кампании": "campaign",
                  "кампаниям": "campaign", "офферы": "offer", "офферам": "offer",
                  "страны": "country", "странам": "country", "гео": "country",
                  "источники": "ts", "источникам": "ts"}
# a digest's period is relative to when it is sent: yesterday, the last 7 days, month to date
PERIOD_ALIASES = {"week": "7d", "7days": "7d", "month": "mtd", "mtd": "mtd", "day": "yesterday",
                  "this_month": "mtd"}
PERIOD_PRESETS = {"yesterday": "yesterday", "7d": "7d", "week": "7d", "month": "mtd"}
EVERY_WORDS = {"daily": "day", "day": "day", "every_day": "day", "ежедневно": "day",
               "каждый_день": "day", "weekly": "week", "week": "week", "еженедельно": "week"}
RUSSIAN_DAYS = {"пн": "mon", "понедельник": "mon", "вт": "tue", "вторник": "tue",
                "ср": "wed", "среда": "wed", "среду": "wed", "чт": "thu", "четверг": "thu",
                "пт": "fri", "пятница": "fri", "пятницу": "fri", "сб": "sat", "суббота": "sat",
                "субботу": "sat", "вс": "sun", "воскресенье": "sun"}
ALERT_WORDS = {"конверсии": "conversions", "продажи": "sales", "расход": "spend",
               "клики": "clicks", "недоступен": "down", "падение": "down",
               "стоп": "stopped", "остановка": "stopped"}
RANKS = {"revenue": "revenue", "profit": "profit", "доход": "revenue", "прибыль": "profit"}


class LineError(ValueError):
    """A word of the line that cannot be used; `key` names the text that explains it."""

    def __init__(self, key: str, **details: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = details


def _zone(word: str) -> str | None:
    if "/" not in word and word.upper() != "UTC":
        return None
    try:
        return check_timezone("UTC" if word.upper() == "UTC" else word)
    except ValueError:
        raise LineError("digest.bad_zone", zone=word) from None


def parse_digest(line: str, default_zone: str) -> dict[str, Any]:
    """`daily 09:00 Europe/Berlin campaign yesterday` → the fields of a Digest."""
    text = line.strip()
    query: dict[str, Any] | None = None
    if "{" in text:
        cut = text.index("{")
        try:
            query = bounded_json.loads(text[cut:], max_length=MAX_JSON_LENGTH,
                                       max_depth=MAX_JSON_DEPTH)
        except json.JSONDecodeError as exc:
            raise LineError("digest.bad_json", line=exc.lineno, column=exc.colno) from None
        except JSONRefused as exc:
            raise LineError(f"input.json_{exc.code}", **exc.details) from None
        if not isinstance(query, dict):
            raise LineError("digest.bad_json", line=1, column=1)
        text = text[:cut]
    fields: dict[str, Any] = {"schedule": {"every": "day", "at": "09:00", "weekday": 0,
                                           "timezone": default_zone},
                              "report": "custom" if query is not None else "campaign",
                              "period": "yesterday", "rank_by": "revenue", "query": query}
    schedule = fields["schedule"]
    for raw in _phrases(text):
        word = raw.lower()
        preset = preset_of(word) if " " in word or not word.isascii() else None
        if word in EVERY_WORDS:
            schedule["every"] = EVERY_WORDS[word]
        elif (word[:3] in WEEKDAYS and word.isalpha()) or word in RUSSIAN_DAYS:
            schedule["every"] = "week"
            schedule["weekday"] = WEEKDAYS.index(RUSSIAN_DAYS.get(word, word[:3]))
        elif TIME.match(word):
            hour, minute = word.split(":")
            schedule["at"] = f"{int(hour):02d}:{minute}"
        elif ":" in word and word[0].isdigit():
            raise LineError("digest.bad_time")
        elif (zone := _zone(raw)) is not None:
            schedule["timezone"] = zone
        elif REPORT_ALIASES.get(word, word) in REPORTS and query is None:
            fields["report"] = REPORT_ALIASES.get(word, word)
        elif PERIOD_ALIASES.get(word, word) in PERIODS:
            fields["period"] = PERIOD_ALIASES.get(word, word)
        elif preset is not None:
            if preset not in PERIOD_PRESETS:
                raise LineError("digest.bad_period", word=raw)
            fields["period"] = PERIOD_PRESETS[preset]
        elif word in RANKS:
            fields["rank_by"] = RANKS[word]
        else:
            raise LineError("digest.bad_word", word=raw)
    return fields


def _phrases(text: str) -> list[str]:
    """The words of a line, with several words that say one thing kept as one: a period
    (`last week`, `этот месяц`) as typed, `каждый день` as `каждый_день`."""
    words = text.split()
    found: list[str] = []
    index = 0
    while index < len(words):
        count = next((n for n in range(min(LONGEST, len(words) - index), 1, -1)
                      if _one_thing(" ".join(words[index:index + n]))), 1)
        phrase = " ".join(words[index:index + count])
        joined = phrase.lower().replace(" ", "_")
        found.append(joined if joined in EVERY_WORDS else phrase)
        index += count
    return found


def _one_thing(phrase: str) -> bool:
    return preset_of(phrase) is not None or phrase.lower().replace(" ", "_") in EVERY_WORDS


def _ids(value: str) -> list[int]:
    try:
        return [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise LineError("digest.bad_word", word=value) from None


def _number(value: str) -> float:
    """A threshold: a finite number (`nan` would never fire, `inf` cannot be compared)."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise LineError("digest.bad_word", word=value) from None
    if not math.isfinite(number):
        raise LineError("alerts.bad_number", word=value)
    return number


def parse_alert(line: str) -> tuple[str, dict[str, Any]]:
    """`conversions sale,lead campaign=1,2` / `spend 50` / `roi -20 6 min=50` / `cr 40` /
    `epc 40` / `stopped 2` / `clicks 50` / `down`, rules with `campaign=1,2` and
    `cooldown=60` (minutes) → ("conversions" | "rule", fields)."""
    words = line.split()
    if not words:
        raise LineError("digest.bad_word", word="")
    kind, rest = ALERT_WORDS.get(words[0].lower(), words[0].lower()), words[1:]
    if kind in ("conversions", "conversion", "conv", "sales"):
        fields: dict[str, Any] = {"statuses": ["sale"] if kind == "sales" else []}
        for raw in rest:
            word = raw.lower()
            if word.startswith(("campaign=", "campaigns=", "кампания=", "кампании=")):
                fields["campaign_ids"] = _ids(word.split("=", 1)[1])
            elif word.startswith(("offer=", "offers=", "оффер=", "офферы=")):
                fields["offer_ids"] = _ids(word.split("=", 1)[1])
            elif all(s in STATUSES for s in word.split(",")):
                fields["statuses"] = word.split(",")
            else:
                raise LineError("digest.bad_word", word=raw)
        return "conversions", fields
    rules = {"spend": "spend_no_conversion", "roi": "roi_below", "clicks": "clicks_drop",
             "down": "tracker_down", "cr": "cr_change", "epc": "epc_change",
             "stopped": "clicks_stopped"}
    if kind not in rules:
        raise LineError("digest.bad_word", word=words[0])
    fields = {"kind": rules[kind]}
    if kind == "down":
        if rest:
            raise LineError("digest.bad_word", word=rest[0])
        return "rule", fields
    plain: list[str] = []
    for raw in rest:  # campaign=1,2 · min=50 · cooldown=60 (minutes)
        name, sep, value = raw.lower().partition("=")
        if sep and name in ("campaign", "campaigns", "кампания", "кампании"):
            fields["campaign_ids"] = _ids(value)
        elif sep and name in ("min", "min_spend", "мин"):
            fields["min_spend"] = _number(value)
        elif sep and name in ("cooldown", "пауза"):
            minutes = _number(value)
            if not 1 <= minutes <= 7 * 1440:
                raise LineError("digest.bad_word", word=raw)
            fields["cooldown"] = int(minutes)
        else:
            plain.append(raw)
    if kind == "stopped":
        fields["hours"] = int(_number(plain[0])) if plain else 1
        if not 1 <= fields["hours"] <= 24 or len(plain) > 1:
            raise LineError("digest.bad_word", word=plain[-1])
        return "rule", fields
    if not plain:
        raise LineError("digest.bad_word", word=kind + " ?")
    fields["threshold"] = _number(plain[0])
    if kind == "roi" and len(plain) > 1:
        fields["hours"] = int(_number(plain[1]))
        if not 0 <= fields["hours"] <= 168:
            raise LineError("digest.bad_word", word=plain[1])
    if len(plain) > (2 if kind == "roi" else 1):
        raise LineError("digest.bad_word", word=plain[-1])
    return "rule", fields
