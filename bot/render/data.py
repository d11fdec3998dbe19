"""Readable forms of tracker data: one entity, a list, a report table, grid and log rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from aiogram import html

from bot.i18n import Html, t
from bot.i18n.fields import column_label, field_label
from bot.keitaro.catalog import Action
from bot.keitaro.masking import mask_fields
from bot.render.csv_cells import csv_cell
from bot.render.text import pre, scalar, shorten, strip_invisible

TITLE_KEYS = ("name", "login", "alias", "value", "url", "message")
KEY_ORDER = (
    "id", "conversion_id", "click_id", "name", "alias", "login", "state", "type", "status",
    "schema", "action_type",
    "action_payload", "url", "method", "statuses", "landing_type", "offer_type",
    "network_status", "domain", "default_campaign", "campaign_id", "stream_id", "position",
    "weight", "cost_type", "cost_value", "cost_currency", "payout_value", "payout_currency",
    "payout_type", "country", "group", "group_id", "traffic_source_id", "affiliate_network",
    "postback_url", "offer_param", "sub_id", "revenue", "tid", "conversion_id",
    "postback_datetime", "count", "success", "mode", "payload", "notes", "created_at",
    "updated_at",
)
MAX_FIELDS = 16
REPORT_METRICS = ("clicks", "conversions", "revenue", "profit", "roi", "cost", "sales", "leads",
                  "campaign_unique_clicks")
PHONE_METRICS = 5
NON_ADDITIVE = frozenset({"roi", "cr", "crs", "crl", "epc", "cpc", "cpa", "cps", "ecpc", "ecpm",
                          "approve", "bot_share", "lp_ctr", "profitability", "roi_confirmed"})


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


def _ordered_keys(entity: dict[str, Any]) -> list[str]:
    known = [k for k in KEY_ORDER if k in entity]
    rest = [k for k in entity if k not in KEY_ORDER]
    return known + rest


def entity_lines(entity: dict[str, Any], lang: str = "en",
                 action: Action | None = None) -> list[str]:
    """Key fields of one entity as HTML lines, named in `lang`; nested lists and objects
    become counts."""
    entity = mask_fields(entity)
    lines: list[str] = []
    title = item_title(entity)
    if "id" in entity or title:
        head = f"#{entity['id']}" if "id" in entity else ""
        lines.append(f"<b>{html.quote(' · '.join(x for x in (head, title) if x))}</b>")
    nested: list[str] = []
    shown = 0
    for key in _ordered_keys(entity):
        value = entity[key]
        if key == "id" or (key in TITLE_KEYS and title and isinstance(value, str)
                           and _title_text(value) == title):
            continue
        name = field_label(key, lang, action)
        if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            nested.append(f"{name}: {len(value)}")
            continue
        if isinstance(value, dict):
            nested.append(t(lang, "card.keys", name=Html(name), count=len(value)) if value
                          else f"{name}: —")
            continue
        if isinstance(value, str) and "\n" in value:
            lines.append(t(lang, "card.lines", name=Html(name), count=value.count("\n") + 1))
            continue
        if shown >= MAX_FIELDS:
            continue
        shown_value = t(lang, "value.yes" if value else "value.no") if isinstance(
            value, bool) else scalar(value)
        lines.append(f"{name}: <code>{html.quote(shown_value)}</code>")
        shown += 1
    hidden = sum(1 for k in entity if k != "id") - shown - len(nested)
    if nested:
        lines.append(" · ".join(nested))
    if hidden > 1:
        lines.append(t(lang, "card.more_fields", count=hidden))
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
        tail = f" · {html.quote(' · '.join(extra))}" if extra else ""
        return f"{index}. {label}{tail}"
    return f"{index}. {html.quote(scalar(item, 120))}"


def row_line(index: int, row: dict[str, Any], columns: Sequence[str]) -> str:
    values = [scalar(row.get(c), 28) for c in columns if c in row]
    return f"{index}. {html.quote(shorten(' · '.join(values), 160))}"


def log_line(row: Any) -> str:
    if not isinstance(row, dict):
        return html.quote(scalar(row, 300))
    stamp = scalar(row.get("datetime"), 19)
    message = shorten(str(row.get("message", "")), 300)
    return f"<code>{html.quote(stamp)}</code> {html.quote(message)}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _fmt(value: Any) -> str:
    number = _number(value)
    if number is None:
        return shorten(str(value if value is not None else "—"), 18)
    if number.is_integer() and abs(number) < 1e12:
        return f"{int(number):,}".replace(",", " ")
    return f"{number:,.2f}".replace(",", " ")


def report_columns(rows: list[dict[str, Any]], body: Any) -> tuple[list[str], list[str]]:
    """(dimensions, metrics shown on a phone) of a report."""
    grouping: list[str] = []
    metrics: list[str] = []
    if isinstance(body, dict):
        grouping = [str(g) for g in body.get("grouping") or body.get("dimensions") or []]
        metrics = [str(m) for m in body.get("metrics") or body.get("measures") or []]
    keys = list(rows[0]) if rows else []
    if not grouping:
        grouping = [k for k in keys if _number(rows[0].get(k)) is None]
    if not metrics:
        metrics = [k for k in keys if k not in grouping]
    preferred = [m for m in REPORT_METRICS if m in metrics]
    shown = (preferred + [m for m in metrics if m not in preferred])[:PHONE_METRICS]
    return [g for g in grouping if not rows or g in rows[0]], shown


def report_totals(rows: list[dict[str, Any]], summary: Any, metrics: list[str]) -> dict[str, Any]:
    if isinstance(summary, dict) and summary:
        return {m: summary.get(m) for m in metrics}
    totals: dict[str, Any] = {}
    for metric in metrics:
        if metric in NON_ADDITIVE:
            totals[metric] = None
            continue
        values = [_number(r.get(metric)) for r in rows]
        totals[metric] = sum(v for v in values if v is not None)
    if "roi" in metrics and totals.get("cost"):
        profit = totals.get("profit")
        if profit is None and totals.get("revenue") is not None:
            profit = totals["revenue"] - totals["cost"]
        if profit is not None:
            totals["roi"] = round(profit / totals["cost"] * 100, 2)
    return totals


def report_table(
    rows: list[dict[str, Any]], dims: list[str], metrics: list[str], totals: dict[str, Any] | None,
    lang: str = "en",
) -> str:
    """An aligned monospace table (inside <pre>) with an optional totals row; the column
    headers in `lang`."""
    header = ([column_label(d, lang)[:14] for d in dims]
              + [column_label(m, lang)[:9] for m in metrics])
    body = [[shorten(strip_invisible(str(r.get(d, "—"))), 18) for d in dims]
            + [_fmt(r.get(m)) for m in metrics] for r in rows]
    total_row: list[str] | None = None
    if totals is not None:
        label = ["Σ", *([""] * (len(dims) - 1))] if dims else []
        total_row = label + [_fmt(totals[m]) if totals.get(m) is not None else ""
                             for m in metrics]
    table = [header, *body, *([total_row] if total_row else [])]
    widths = [max(len(cell) for cell in column) for column in zip(*table, strict=True)]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(
            cell.ljust(width) if n < len(dims) else cell.rjust(width)
            for n, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = line("─" * w for w in widths)
    text = [line(header), rule, *(line(r) for r in body)]
    if total_row is not None:
        text += [rule, line(total_row)]
    return pre("\n".join(text))


def csv_bytes(rows: Iterable[Any]) -> bytes:
    """Rows (dicts) as UTF-8 CSV with a BOM so spreadsheets read Cyrillic correctly; text
    that a spreadsheet would run as a formula is neutralised (`csv_cell`)."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        record = mask_fields(row) if isinstance(row, dict) else {"value": row}
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(record), extrasaction="ignore")
            writer.writerow({k: csv_cell(k) for k in record})  # the header, names as cells
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def json_bytes(value: Any) -> bytes:
    return json.dumps(mask_fields(value), ensure_ascii=False, indent=2, default=str).encode()
