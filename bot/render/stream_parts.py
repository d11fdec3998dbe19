"""What a stream sends traffic to and whom it lets in, on its card: its offers and landings
by name with their shares, its filters with mode and values (`country · accept · CA, US`)."""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.shares import SHARE_LISTS, named
from bot.render.figures_rich import NumbersTable
from bot.render.labels import field_label
from bot.render.text import scalar, shorten

SHOWN = 12  # items of one list on a card; the JSON file has every one


def _values(payload: Any) -> str:
    if isinstance(payload, list):
        return ", ".join(scalar(v, 24) for v in payload) or "—"
    return scalar(payload, 48) if payload not in (None, "") else "—"


def filter_line(item: dict[str, Any]) -> str:
    """`country · accept · CA, US` (plain text)."""
    parts = [str(item.get("name") or "?"), str(item.get("mode") or ""),
             _values(item.get("payload"))]
    return shorten(" · ".join(p for p in parts if p), 96)


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
            state = item.get("state")
            tail = f" · {state}" if state not in (None, "active") else ""
            lines.append(html.quote(f"• {named(item.get(key), names.get(array, {}))} — "
                                    f"{item.get('share')} %{tail}"))
        if len(items) > SHOWN:
            lines.append(f"… +{len(items) - SHOWN}")
    filters = [i for i in stream.get("filters") or [] if isinstance(i, dict)]
    if filters:
        lines.append(f"<b>{html.quote(field_label('streams', 'filters', lang))}</b>")
        lines += [html.quote(f"• {filter_line(i)}") for i in filters[:SHOWN]]
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
            rows = [[named(i.get(key), names.get(array, {})) + (
                f" · {i.get('state')}" if i.get("state") not in (None, "active") else ""),
                f"{i.get('share')} %"] for i in items[:SHOWN]]
            tables.append(NumbersTable(
                title=f"<b>{html.quote(field_label('streams', array, lang))}</b>",
                header=["", "%"], rows=rows))
    filters = [i for i in stream.get("filters") or [] if isinstance(i, dict)]
    if filters:
        tables.append(NumbersTable(
            title=f"<b>{html.quote(field_label('streams', 'filters', lang))}</b>",
            note="\n".join(html.quote(f"• {filter_line(i)}") for i in filters[:SHOWN])))
    return tables

