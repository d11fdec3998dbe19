"""Readable forms of tracker data on a phone: one entity as a card, list lines, grid and log
rows as short lines, files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from aiogram import html

from bot.i18n import t
from bot.keitaro.masking import mask_fields, mask_top
from bot.render.csv_cells import csv_cell
from bot.render.labels import field_label, meaning, settable
from bot.render.rich import Block, Heading, Markup, Paragraph, Row, Table, cells, plain
from bot.render.text import PHONE_WIDTH, scalar, shorten, strip_invisible, wrap_line

TITLE_KEYS = ("name", "login", "alias", "value", "url", "message")
KEY_ORDER = (
    "id", "conversion_id", "click_id", "name", "alias", "login", "state", "type", "status",
    "schema", "action_type",
    "action_payload", "url", "method", "statuses", "landing_type", "offer_type",
    "network_status", "domain", "default_campaign", "campaign_id", "stream_id", "position",
    "weight", "cost_type", "cost_value", "cost_currency", "payout_value", "payout_currency",
    "payout_type", "country", "group", "group_id", "traffic_source_id", "affiliate_network",
    "postback_url", "offer_param", "sub_id", "revenue", "tid",
    "postback_datetime", "count", "success", "mode", "payload", "notes", "created_at",
    "updated_at",
)
MAX_FIELDS = 16


def is_entity_list(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(i, dict) for i in data)


def _title_text(value: str) -> str:
    """Tracker text as a title: without bidi and invisible controls, which can make it
    read as something else (`#1 gpj.exe` shown as `#1 exe.jpg`)."""
    return shorten(strip_invisible(value).strip(), 60)


def item_title(item: dict[str, Any]) -> str:
    for key in TITLE_KEYS:
        value = item.get(key)
        if isinstance(value, str) and _title_text(value):
            return _title_text(value)
    return ""


def item_label(item: dict[str, Any], limit: int = 40) -> str:
    """`#12 FB US iOS`: a short plain-text label for a button or a line."""
    ident = item.get("id")
    title = item_title(item)
    label = f"#{ident} {title}".strip() if ident is not None else title or scalar(item, limit)
    return shorten(label, limit)


def pick_label(item: dict[str, Any], key: str, limit: int = 32, lang: str | None = None) -> str:
    """A pick-list button: an entity's `#12 name`; a log row, which has no `id` but `key`
    (`conversion_id`), as `#12 sale 45 3f2a9c…` (its status by meaning in `lang`)."""
    if "id" in item or key not in item:
        return item_label(item, limit)
    revenue = item.get("revenue")
    money = f"{revenue:g}" if isinstance(revenue, int | float) else str(revenue or "")
    status = item.get("status") or ""
    word = card_value(status, lang, key="status") if lang and status else str(status)
    parts = [f"#{item[key]}", word, money, str(item.get("sub_id") or "")]
    return shorten(" ".join(p for p in parts if p), limit)


def _ordered_keys(entity: dict[str, Any]) -> list[str]:
    known = [k for k in KEY_ORDER if k in entity]
    rest = [k for k in entity if k not in KEY_ORDER]
    return known + rest


def card_value(value: Any, lang: str, limit: int = 64, *, key: str = "",
               group: str | None = None) -> str:
    """A field's value on a card (plain text, not escaped): booleans in `lang`, the tracker's
    codes by their meaning (`key`'s; `group`: whose)."""
    if isinstance(value, bool):
        return t(lang, "value.yes" if value else "value.no")
    if value == []:
        return "—"
    read = meaning(key, value, lang, group) if key else None
    return shorten(read, limit) if read is not None else scalar(value, limit)


CardFields = tuple[tuple[tuple[str, str, bool], ...], tuple[tuple[str, str], ...], int]


def card_fields(entity: dict[str, Any], lang: str, group: str | None) -> CardFields:
    """What a card shows of a masked entity, for both of its forms (`entity_lines`,
    `card_blocks`): the fields as (label, text, whether the text is the bot's own HTML), the
    nested lists and objects as (label, count), and how many fields were left out. Decided
    once for an entity as the tracker gave it (its JSON), a language and a group: a card is
    drawn in both forms, and opened again and again."""
    try:
        text = json.dumps(entity, ensure_ascii=False)
    except (TypeError, ValueError):  # not the tracker's JSON: decided each time
        return _card_fields(entity, lang, group)
    return _kept_card_fields(text, lang, group)


@lru_cache(maxsize=512)
def _kept_card_fields(text: str, lang: str, group: str | None) -> CardFields:
    return _card_fields(json.loads(text), lang, group)


def _card_fields(entity: dict[str, Any], lang: str, group: str | None) -> CardFields:
    name = item_title(entity)
    fields: list[tuple[str, str, bool]] = []
    nested: list[tuple[str, str]] = []
    shown = hidden = 0
    for key in _ordered_keys(entity):
        value = entity[key]
        if key == "id" or (key in TITLE_KEYS and name and isinstance(value, str)
                           and _title_text(value) == name):
            continue
        if key.endswith("_id") and key[:-3] in entity:
            continue  # shown with its name: "Group: Nutra (#1)"
        if value in (None, "") and not settable(group, key):
            continue  # nothing to read, nothing to set: a line that says nothing
        label = field_label(group, key, lang)
        if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            nested.append((label, str(len(value))))
        elif isinstance(value, dict):
            nested.append((label, str(len(value)) if value else "—"))
        elif isinstance(value, str) and "\n" in value:
            fields.append((label, t(lang, "card.lines", count=value.count("\n") + 1), True))
        elif shown >= MAX_FIELDS:
            hidden += 1
        else:
            text = card_value(value, lang, key=key, group=group)
            if key.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
                text = f"#{value}"
            ident = entity.get(f"{key}_id")
            if isinstance(ident, int) and not isinstance(ident, bool) and ident:
                text += f" (#{ident})"
            fields.append((label, text, False))
            shown += 1
    return tuple(fields), tuple(nested), hidden


def entity_lines(entity: dict[str, Any], lang: str = "en", group: str | None = None,
                 *, title: bool = True) -> list[str]:
    """One entity as a vertical card: short `Label: value` lines (labels from the catalog's
    fields of `group`), nested lists and objects as counts, long texts as line counts."""
    entity = mask_top(entity)  # nested values show as counts only
    lines: list[str] = []
    name = item_title(entity)
    if title and ("id" in entity or name):
        head = f"#{entity['id']}" if "id" in entity else ""
        lines.append(f"<b>{html.quote(' · '.join(x for x in (head, name) if x))}</b>")
    fields, nested, hidden = card_fields(entity, lang, group)
    lines += [html.quote(f"{label}: ") + (text if own else html.quote(text))
              for label, text, own in fields]
    if nested:
        lines.append(html.quote(" · ".join(f"{label}: {count}" for label, count in nested)))
    if hidden:
        lines.append(t(lang, "card.more", count=hidden))
    return lines


def multiline_value(entity: dict[str, Any]) -> tuple[str, str] | None:
    """The one long text field of an entity (file content, IP list), if any."""
    for key, value in entity.items():
        if isinstance(value, str) and ("\n" in value or len(value) > 200):
            return key, value
    return None


def list_line(index: int, item: Any) -> str:
    if isinstance(item, dict):
        item = mask_fields(item)
        label = html.quote(item_label(item, 60))
        extra = [scalar(item[k], 24) for k in ("state", "type", "status", "method") if k in item]
        if isinstance(item.get("weight"), int | float) and not isinstance(item["weight"], bool):
            extra.append(f"⚖ {item['weight']:g}")  # a stream's weight among its campaign's
        tail = f" · {html.quote(' · '.join(extra))}" if extra else ""
        return f"{index}. {label}{tail}"
    return f"{index}. {html.quote(scalar(item, 120))}"


def _short_time(value: Any) -> str:
    """`2026-11-30 23:58:51` → `11-30 23:58`."""
    text = str(value or "")
    return text[5:16] if len(text) >= 16 and text[4] == "-" else shorten(text, 16)


GRID_FIRST = ("datetime", "postback_datetime", "click_datetime")
GRID_IDS = ("conversion_id", "click_id")
GRID_NAMES = ("campaign", "offer")
GRID_FLAGS = {"is_bot": "🤖", "is_lead": "lead", "is_sale": "sale", "is_rejected": "rejected"}
GRID_PLAIN = ("country", "ip", "sub_id")  # shown as they are; other columns with their name
GRID_DONE = frozenset({*GRID_FIRST, *GRID_IDS, *GRID_NAMES, *GRID_FLAGS, *GRID_PLAIN,
                       "status", "previous_status", "stream", "revenue"})


def _pack(tokens: list[str], lines: list[str], limit: int) -> list[str]:
    """Add `tokens` to the last line, joined with " · " while it stays within the phone's
    width, then on new lines up to `limit` lines; returns what did not fit (the CSV and
    JSON files have every column)."""
    left: list[str] = []
    for token in (shorten(word, PHONE_WIDTH) for word in tokens):
        if lines and len(lines[-1]) + 3 + len(token) <= PHONE_WIDTH:
            lines[-1] += " · " + token
        elif len(lines) < limit:
            lines.append(token)
        else:
            left.append(token)
    return left


def _joined(names: list[str], sep: str) -> str:
    """Names joined within the phone's width: the longest is cut first."""
    room = PHONE_WIDTH - len(sep) * (len(names) - 1)
    names = list(names)
    while sum(len(n) for n in names) > room:
        longest = max(range(len(names)), key=lambda n: len(names[n]))
        excess = sum(len(n) for n in names) - room
        names[longest] = shorten(names[longest], max(4, len(names[longest]) - excess))
        if all(len(n) <= 4 for n in names):
            break
    return shorten(sep.join(names), PHONE_WIDTH)


def row_line(index: int, row: dict[str, Any], lang: str = "en") -> str:
    """One row of a click or conversion log in two or three short lines: when and which
    (time, id, status), where (campaign → offer), then country, IP, flags and revenue."""
    row = mask_fields(row)
    stamp = next((row[k] for k in GRID_FIRST if row.get(k)), None)
    head = f"{index}." + (f" {_short_time(stamp)}" if stamp is not None else "")
    lines = [head]
    ident = next((k for k in GRID_IDS if k in row), None)
    status = card_value(row["status"], lang, 12, key="status") if row.get("status") else ""
    if status and row.get("previous_status"):
        status += f" ← {card_value(row['previous_status'], lang, 10, key='status')}"
    late = _pack([x for x in (f"#{scalar(row[ident], 14)}" if ident else "", status) if x],
                 lines, 1)
    names = [_title_text(str(row[k])) or "—" for k in GRID_NAMES if k in row]
    if names:
        lines.append(_joined(names, " → "))
    rest = late + [card_value(row[k], lang, 20, key=k) for k in GRID_PLAIN
                   if row.get(k) not in (None, "")]
    rest += [card_value(word, lang, key="status") if key != "is_bot" else word
             for key, word in GRID_FLAGS.items() if str(row.get(key)) in ("1", "True")]
    revenue = row.get("revenue")
    if revenue not in (None, "", 0, "0"):
        rest.append(f"💰 {scalar(revenue, 12)}")
    rest += [f"{key} {scalar(value, 20)}" for key, value in row.items()
             if key not in GRID_DONE and value not in (None, "", 0, "0")]
    if rest:
        lines.append(shorten(rest.pop(0), PHONE_WIDTH))
        _pack(rest, lines, len(lines))
    return html.quote("\n".join(lines))


def log_line(row: Any) -> str:
    """One row of a tracker log: its time, then the message on at most two short lines."""
    if not isinstance(row, dict):
        return html.quote(scalar(row, 2 * PHONE_WIDTH))
    stamp = scalar(row.get("datetime"), 19)
    stamp = stamp[5:] if len(stamp) == 19 and stamp[4] == "-" else stamp
    message = " ".join(strip_invisible(str(row.get("message", ""))).split())
    wrapped = wrap_line(message, PHONE_WIDTH, hang=0)[:3]
    if len(wrapped) > 2:
        wrapped = [wrapped[0], wrapped[1][:PHONE_WIDTH - 1] + "…"]
    text = "\n".join(wrapped)
    return f"<code>{html.quote(stamp)}</code>\n{html.quote(text)}"


def csv_bytes(rows: Iterable[Any]) -> bytes:
    """Rows (dicts) as UTF-8 CSV with a BOM so spreadsheets read Cyrillic correctly; text
    that a spreadsheet would run as a formula is neutralised (`csv_cell`)."""
    buffer = io.StringIO()
    records = [mask_fields(row) if isinstance(row, dict) else {"value": row} for row in rows]
    columns = list(dict.fromkeys(k for record in records for k in record))  # every row's
    if records:
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writerow({k: csv_cell(k) for k in columns})  # the header, names as cells
        for record in records:
            writer.writerow({k: csv_cell(v) for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def json_bytes(value: Any) -> bytes:
    return json.dumps(mask_fields(value), ensure_ascii=False, indent=2, default=str).encode()


# --- rich messages (bot/render/rich.py): the same card as a two-column table ---------------------


def card_blocks(entity: dict[str, Any], lang: str = "en", group: str | None = None
                ) -> list[Block]:
    """One entity as a two-column table (field, value), the rich form of `entity_lines`
    (title left out: a heading or the result's title names the entity): the same fields,
    labels and values, nested lists and objects as counts, long texts as line counts; the
    fields left out are counted under it."""
    fields, nested, hidden = card_fields(mask_top(entity), lang, group)
    rows: list[Row] = [cells(label, plain(Markup(text)) if own else text)
                       for label, text, own in fields]
    rows += [cells(label, count) for label, count in nested]
    table = Table(rows=tuple(rows), row_headers=True)
    return [table, *([Paragraph(Markup(t(lang, "card.more", count=hidden)))] if hidden else [])]


def card_doc(entity: dict[str, Any], lang: str = "en", group: str | None = None) -> list[Block]:
    """A card on its own: the entity's name (`#12 · name`) as a heading over its table."""
    head = " · ".join(x for x in (f"#{entity['id']}" if "id" in entity else "",
                                  item_title(entity)) if x)
    return [*([Heading(head)] if head else []), *card_blocks(entity, lang, group)]
