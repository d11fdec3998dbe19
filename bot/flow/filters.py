"""The filter editor's knowledge: the tracker's filter dictionary (`GET /stream_filters`),
what each filter's value is and how it is given, and how a filter reads on a line.

A filter of the dictionary has a name (`value`), a group, its modes and its defaults; the
shape of its default payload is the shape it takes (a list stays a list; no payload: the
mode says it all; an object: typed as JSON). Where a list of values exists it is offered by
taps: countries by name in the person's language with their codes (babel's CLDR names),
languages, device types, operating systems, browsers, connection types. Everything else
(IPs, sub_id values, regexes) is typed, comma- or line-separated.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeVar

from aiogram.types import InlineKeyboardButton
from babel import Locale, UnknownLocaleError

from bot.access import Role
from bot.callbacks import RunCB
from bot.changes.permission import may_start
from bot.changes.read import Reader, read
from bot.explore.search import matches
from bot.i18n import has, t
from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.client import KeitaroClient
from bot.keitaro.filter_payload import in_shape, split_values

T = TypeVar("T")
Shape = Literal["list", "none", "text", "bool", "object"]

# the geos buyers run most, offered first (then every country A–Z in the person's language)
TOP_GEOS = ("US", "GB", "DE", "FR", "IT", "ES", "CA", "AU", "NL", "PL", "BR", "MX", "IN",
            "ID", "TR", "JP")
TOP_GEOS_BY_LANG = {"ru": ("RU", "KZ", "UA", "BY")}
TOP_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "ru", "pl", "nl", "tr", "ar", "hi", "id",
                 "ja", "ko", "zh")
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# the values trackers store for these (DeviceDetector's and the geo database's names); a
# value not listed is typed and sent as it is
KNOWN_VALUES: dict[str, tuple[str, ...]] = {
    "device_type": ("desktop", "smartphone", "tablet", "phablet", "feature phone", "tv",
                    "console", "wearable"),
    "os": ("Android", "iOS", "Windows", "Mac", "GNU/Linux", "Chrome OS", "iPadOS", "Ubuntu",
           "KaiOS", "HarmonyOS", "Tizen"),
    "browser": ("Chrome", "Chrome Mobile", "Safari", "Mobile Safari", "Firefox", "Microsoft Edge",
                "Opera", "Samsung Browser", "Yandex Browser", "UC Browser", "Facebook",
                "Instagram", "TikTok", "Chrome Webview", "Android Browser", "Opera Mini"),
    "connection_type": ("Cable/DSL", "Cellular", "Corporate", "Dialup", "Satellite"),
}
LOCALIZED_VALUES = frozenset({"device_type"})  # values with a name in each language
PAGE = 16  # value buttons on a page (two a row)


@dataclass(frozen=True)
class FilterType:
    """One filter of the tracker's dictionary."""

    name: str
    tooltip: str
    group: str
    modes: tuple[str, ...]
    mode: str  # the default mode
    payload: Any  # the default payload: its shape is the filter's

    @property
    def shape(self) -> Shape:
        if self.payload is None:
            return "none"
        if isinstance(self.payload, bool):
            return "bool"
        if isinstance(self.payload, list):
            return "list"
        if isinstance(self.payload, dict):
            return "object"
        return "text"


def dictionary(data: Any) -> list[FilterType]:
    """The tracker's answer to `GET /stream_filters` as filter types (in its order)."""
    found: list[FilterType] = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            continue
        modes = item.get("modes")
        names = tuple(str(m) for m in modes) if isinstance(modes, dict | list) and modes else (
            "accept", "reject")
        given = item.get("defaults")
        defaults: dict[str, Any] = given if isinstance(given, dict) else {}
        mode = str(defaults.get("mode") or names[0])
        found.append(FilterType(
            name=item["value"], tooltip=str(item.get("tooltip") or item["value"]),
            group=str(item.get("group") or "other"), modes=names,
            mode=mode if mode in names else names[0], payload=defaults.get("payload", [])))
    return found


class Dictionary:
    """The tracker's filter dictionary (`GET /stream_filters`), read once and kept a while."""

    ttl = 600.0  # seconds

    def __init__(self) -> None:
        self._kept: tuple[float, list[FilterType]] | None = None

    async def types(self, client: KeitaroClient) -> list[FilterType]:
        now = time.monotonic()
        if self._kept is not None and now - self._kept[0] < self.ttl:
            return self._kept[1]
        envelope = await client.execute(CATALOG["filters.types"], {})
        found = dictionary(envelope.data) if envelope.success else []
        if found:  # an answer without filters is asked again next time
            self._kept = (now, found)
        return found


async def read_stream(client: KeitaroClient, ident: Any) -> dict[str, Any] | None:
    """The stream as the tracker has it now (its name, its filters), or None."""
    if ident is None:
        return None
    seen = await read(client, Reader(path=f"/streams/{ident}", field="filters"))
    return seen.data if seen is not None and seen.ok and isinstance(seen.data, dict) else None


def groups(types: Sequence[FilterType]) -> list[str]:
    """The dictionary's groups, in the order it lists them."""
    seen: list[str] = []
    for item in types:
        if item.group not in seen:
            seen.append(item.group)
    return seen


def filter_label(name: str, lang: str, tooltip: str | None = None) -> str:
    """A filter's name as a person reads it: ours, else the tracker's tooltip, else its key."""
    key = f"filter.type.{name}"
    if has(key):
        return t(lang, key)
    sub = re.fullmatch(r"sub_id_(\d+)", name)
    if sub:
        return t(lang, "filter.type.sub_id", n=sub.group(1))
    return tooltip or name


def group_label(group: str, lang: str) -> str:
    key = f"filter.group.{group}"
    return t(lang, key) if has(key) else group.replace("_", " ").capitalize()


def find_types(types: Sequence[FilterType], text: str, lang: str) -> list[FilterType]:
    """The filters whose key or name (in any language we speak) the typed words begin."""
    typed = text.strip().lower()
    exact = [f for f in types if typed in (f.name.lower(), filter_label(f.name, lang).lower(),
                                           filter_label(f.name, "en").lower(),
                                           filter_label(f.name, "ru").lower())]
    if exact:
        return exact
    return [f for f in types if any(matches(n, typed) for n in (
        f.name.replace("_", " "), f.tooltip, filter_label(f.name, lang),
        filter_label(f.name, "en"), filter_label(f.name, "ru")))]


# -- values ---------------------------------------------------------------------------------


def flag(code: str) -> str:
    """🇩🇪 for DE (regional indicator letters)."""
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Locale("en")


@lru_cache(maxsize=32)
def options(name: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(value sent, label shown) of a filter whose values can be listed, most used first;
    () when they cannot (typed)."""
    if name == "country":
        names: dict[str, str] = {str(k): str(v) for k, v in _locale(lang).territories.items()}
        codes = [c for c in names if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES]
        top = [c for c in (*TOP_GEOS_BY_LANG.get(lang, ()), *TOP_GEOS) if c in codes]
        rest = sorted((c for c in codes if c not in top), key=lambda c: names[c].casefold())
        return tuple((c, f"{flag(c)} {names[c]} {c}") for c in dict.fromkeys([*top, *rest]))
    if name == "language":
        languages = {str(k): str(v) for k, v in _locale(lang).languages.items()}
        codes = [c for c in languages if len(c) == 2 and c.isalpha() and c.islower()]
        top = [c for c in TOP_LANGUAGES if c in codes]
        rest = sorted((c for c in codes if c not in top), key=lambda c: languages[c].casefold())
        return tuple((c, f"{languages[c]} {c}") for c in [*top, *rest])
    values = KNOWN_VALUES.get(name, ())
    if name in LOCALIZED_VALUES:
        return tuple((v, t(lang, f"filter.value.{v.replace(' ', '_')}")) for v in values)
    return tuple((v, v) for v in values)


def value_label(name: str, value: Any, lang: str) -> str:
    """A value as a list shows it (a country by its name and code)."""
    for sent, shown in options(name, lang):
        if sent == value:
            return shown
    return str(value)


@dataclass
class Resolved:
    """Typed words held against a filter's list: the values found, the words that found
    several (to pick from), and the words that found none."""

    values: list[str]
    several: dict[str, list[str]]
    unknown: list[str]


def resolve(name: str, words: Sequence[str], lang: str) -> Resolved:
    """Each word as a value of the list: its code, its name in any language we speak, or
    the beginning of one name (`germ`, `герм`)."""
    listed = options(name, lang)
    by_code = {v.lower(): v for v, _ in listed}
    names: dict[str, str] = {}
    for other in dict.fromkeys((lang, "en", "ru")):
        for code, label in options(name, other):
            names.setdefault(_bare(label, code).lower(), code)
    found = Resolved([], {}, [])
    for word in words:
        key = word.strip().lower()
        value: str | None = by_code.get(key) or names.get(key)
        if value is not None:
            found.values.append(value)
            continue
        hits = list(dict.fromkeys(v for n, v in names.items() if matches(n, key)))
        if len(hits) == 1:
            found.values.append(hits[0])
        elif hits:
            found.several[word] = hits
        else:
            found.unknown.append(word)
    found.values = list(dict.fromkeys(found.values))
    return found


def _bare(label: str, value: str) -> str:
    """A label without its flag and code: `🇩🇪 Germany DE` → `Germany`."""
    words = label.split()
    if words and flag(value) == words[0]:
        words = words[1:]
    if words and words[-1] == value:
        words = words[:-1]
    return " ".join(words) or label


def typed_payload(item: FilterType, text: str) -> Any:
    """A typed value in the shape the filter takes (a list stays a list); raises ValueError
    for an object that is not JSON."""
    if item.shape == "list":
        return split_values(text)
    if item.shape == "bool":
        return text.strip().lower() in ("1", "yes", "да", "true", "y")
    if item.shape == "object":
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError("not an object")
        return value
    return text.strip()


def add_filter_row(action: Action | None, args: dict[str, Any] | None, role: Role,
                   lang: str) -> list[list[InlineKeyboardButton]]:
    """Under a stream's filters (listed, or one just changed): ➕ Add a filter to it."""
    adder = CATALOG["filters.add"]
    stream = (args or {}).get("stream_id")
    if action is None or action.group != "filters" or stream is None or not may_start(
            role, adder):
        return []
    return [[InlineKeyboardButton(text=t(lang, "fedit.add_button"), callback_data=RunCB(
        group=adder.group, op=adder.key, id=int(stream)).pack())]]


def filter_data(form: dict[str, Any], existing: dict[str, Any], how: str) -> dict[str, Any]:
    """The data sent for the filter the editor holds (`form`): the new filter (`add`,
    `both`), or the change of the one there (`existing`): its values and these (`merge`),
    these instead (`replace`); values typed as text, as the list the filter takes."""
    if "payload" in form:
        form = {**form, "payload": in_shape(form.get("name"), form["payload"])}
    if how == "merge" and existing:
        values = [*_values(existing.get("payload")), *_values(form.get("payload"))]
        return {"payload": list(dict.fromkeys(values))}
    if how == "replace" and existing:
        return {"mode": form.get("mode"), "payload": form.get("payload")}
    return {k: form[k] for k in ("name", "mode", "payload") if k in form}


def at_index(items: Sequence[T], index: str) -> T | None:
    """The item a button's index stands for (None: not one: a stale or forged button)."""
    return items[int(index)] if index.isdigit() and int(index) < len(items) else None


def toggled(values: list[Any], value: Any) -> list[Any]:
    return [v for v in values if v != value] if value in values else [*values, value]


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
