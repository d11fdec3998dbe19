"""What a stream sends traffic to and whom it lets in, on its card: its offers and landings
by name with their shares (and states, by meaning), its filters as `/filters list` words them
(`country · accept · CA, US`; in Russian `страна · принимать · …`)."""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.shares import SHARE_LISTS, named
from bot.render.figures_rich import NumbersTable
from bot.render.filters import filter_line
from bot.render.labels import field_label, value_word
from bot.render.text import shorten

SHOWN = 12  # items of one list on a card; the JSON file has every one


def _state(item: dict[str, Any], array: str, lang: str) -> str:
    """` · Paused` (`· остановлен`) for an item that is not active, else nothing."""
    state = item.get("state")
    if state in (None, "", "active"):
        return ""
    return f" · {value_word('state', state, lang, array)}"


def _filter(item: dict[str, Any], lang: str) -> str:
    """`country · accept · CA, US` (`страна · принимать · …`), as `/filters list` says it."""
    return shorten(filter_line(item, lang), 96)


def stream_lines(stream: dict[str, Any], names: dict[str, dict[int, str]],
                 lang: str) -> list[str]:
    """HTML lines: a title a list, an item a line; `names`: by list (`offers`), by id."""
    lines: list[str] = []
    for array, (key, _) in SHARE_LISTS.items():
        items = [i for i in stream.get(array) or [] if isinstance(i, dict)]
        if not items:
            continue
        lines.append(f"<b>{html.quote(field_label('streams', array, lang))}</b>")
        for item in items[:SHOWN]:
            lines.append(html.quote(f"• {named(item.get(key), names.get(array, {}))} — "
                                    f"{item.get('share')} %{_state(item, array, lang)}"))
        if len(items) > SHOWN:
            lines.append(f"… +{len(items) - SHOWN}")
    filters = [i for i in stream.get("filters") or [] if isinstance(i, dict)]
    if filters:
        lines.append(f"<b>{html.quote(field_label('streams', 'filters', lang))}</b>")
        lines += [html.quote(f"• {_filter(i, lang)}") for i in filters[:SHOWN]]
        if len(filters) > SHOWN:
            lines.append(f"… +{len(filters) - SHOWN}")
    return lines


def stream_tables(stream: dict[str, Any], names: dict[str, dict[int, str]],
                  lang: str) -> list[NumbersTable]:
    """The same as a rich message's tables: offers and landings (name, share), filters."""
    tables: list[NumbersTable] = []
    for array, (key, _) in SHARE_LISTS.items():
        items = [i for i in stream.get(array) or [] if isinstance(i, dict)]
        if items:
            rows = [[named(i.get(key), names.get(array, {})) + _state(i, array, lang),
                     f"{i.get('share')} %"] for i in items[:SHOWN]]
            tables.append(NumbersTable(
                title=f"<b>{html.quote(field_label('streams', array, lang))}</b>",
                header=["", "%"], rows=rows))
    filters = [i for i in stream.get("filters") or [] if isinstance(i, dict)]
    if filters:
        tables.append(NumbersTable(
            title=f"<b>{html.quote(field_label('streams', 'filters', lang))}</b>",
            note="\n".join(html.quote(f"• {_filter(i, lang)}") for i in filters[:SHOWN])))
    return tables

