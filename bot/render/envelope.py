"""The reply to a tracker call: a status line, the masked request, and the data made readable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiogram import html

from bot.i18n import Html, t
from bot.i18n.details import detail_text
from bot.i18n.fields import column_label, field_label
from bot.keitaro.catalog import CATALOG, Action, View
from bot.keitaro.envelope import Envelope
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.render.data import (
    csv_bytes,
    entity_lines,
    is_entity_list,
    item_label,
    json_bytes,
    list_line,
    log_line,
    multiline_value,
    report_columns,
    report_table,
    report_totals,
    row_line,
)
from bot.render.inputs import input_error_text
from bot.render.text import BUDGET, fit_pre, pretty_json, scalar, shorten, utf16_len

LIST_PAGE = 10
GRID_PAGE = 10
REPORT_PAGE = 15
LOG_PAGE = 15
SHOWN_HEADERS = ("Api-Key", "Content-Type")
URL_SHOWN = 300  # characters of a request URL shown in a reply or preview


@dataclass
class Rendered:
    """A reply split into pages that each fit one message, plus files for the full data."""

    header: str
    pages: list[str]
    page_items: list[list[tuple[int, str]]] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    exports: tuple[str, ...] = ()  # file kinds offered by buttons: "json", "csv"
    entity_id: int | None = None  # the one entity shown, for quick-action buttons
    success: bool = True

    def message(self, page: int = 0) -> str:
        page = max(0, min(page, len(self.pages) - 1))
        body = self.pages[page] if self.pages else ""
        return f"{self.header}\n\n{body}".rstrip()


def action_title(action: Action | None, lang: str, resource: str, operation: str) -> str:
    if action is None:
        return f"{resource} · {operation}"
    return f"{CATALOG.group_title(action.group, lang)} · {action.label.get(lang)}"


def request_lines(method: str, url: str, headers: dict[str, str], status: str = "") -> str:
    shown = " · ".join(f"{k}: {v}" for k, v in headers.items() if k in SHOWN_HEADERS)
    url = shorten(url, URL_SHOWN)  # a query can carry a whole file: the reply must still fit
    lines = [f"<code>{html.quote(method)} {html.quote(url)}</code>{status}"]
    if shown:
        lines.append(f"<code>{html.quote(shown)}</code>")
    return "\n".join(lines)


def header(envelope: Envelope, action: Action | None, lang: str, mark: str | None = None) -> str:
    """The title line (its mark: what a write's read back showed, when given) and the
    request line."""
    mark = mark or ("✅" if envelope.success else "❌")
    title = action_title(action, lang, envelope.resource, envelope.operation)
    status = ""
    if envelope.status is not None:
        reason = envelope.error.status_text if envelope.error and envelope.error.status_text else ""
        status = f" → {envelope.status}" + (f" {html.quote(reason)}" if reason else "")
    req = envelope.request
    return f"{mark} <b>{html.quote(title)}</b>\n" + request_lines(
        req.method, req.url, req.headers, status
    )


ARRAY_KINDS = frozenset({ErrorKind.MISSING_ARRAY, ErrorKind.BUSY, ErrorKind.CHANGED,
                         ErrorKind.CONFLICT})


def conflict_lines(details: dict[str, Any], lang: str) -> list[str]:
    """What a read-back after a write found wrong, item by item (ids as `#12`)."""
    lines = []
    missing = [f"#{i}" for i in details.get("missing") or []]
    if missing:
        lines.append(t(lang, "conflict.missing", items=", ".join(missing[:20])))
    if details.get("kept") is not None:
        lines.append(t(lang, "conflict.kept", item=f"#{details['kept']}"))
    if details.get("unlike") == "new":
        lines.append(t(lang, "conflict.unlike_new"))
    elif details.get("unlike") is not None:
        lines.append(t(lang, "conflict.unlike", item=f"#{details['unlike']}"))
    return lines


def error_text(error: ErrorInfo, lang: str, action: Action | None = None) -> str:
    """What happened in one sentence, the tracker's own words, and what to try."""
    body = error.body
    if error.kind is ErrorKind.INVALID_INPUT and isinstance(body, dict) and "code" in body:
        details = {k: v for k, v in body.items() if k != "code"}
        return "⚠️ " + input_error_text(lang, str(body["code"]), details)
    details = body if isinstance(body, dict) else {}
    lines = [f"<b>{t(lang, f'error.{error.kind.value}', field=str(details.get('field', '')))}</b>"]
    if error.kind in ARRAY_KINDS:  # their own words, in the person's language
        lines.extend(conflict_lines(details, lang))
    elif error.message and error.kind not in (ErrorKind.TIMEOUT,):
        lines.append(f"<i>{html.quote(scalar(detail_text(error.message, lang), 300))}</i>")
    for name, messages in list(error.fields.items())[:10]:
        lines.append(f"• <code>{html.quote(scalar(name, 60))}</code>: "
                     f"{html.quote(scalar('; '.join(messages), 200))}")
    if error.note:
        lines.append("ℹ️ " + t(lang, f"note.{error.note}"))
    if error.uncertain:
        lines.append(t(lang, "error.uncertain"))
    lines.append("💡 " + t(lang, f"advice.{error.kind.value}",
                          group=Html(f"/{action.group}") if action else "/menu"))
    return "\n".join(lines)


def _paged(lines: list[str], per_page: int, prefix: str = "", suffix: str = "") -> list[str]:
    pages: list[str] = []
    current: list[str] = []
    for line in lines:
        candidate = "\n".join([*current, line])
        if current and (len(current) >= per_page or utf16_len(candidate) > BUDGET - 400):
            pages.append(prefix + "\n".join(current) + suffix)
            current = []
        current.append(line)
    if current or not pages:
        pages.append(prefix + "\n".join(current) + suffix)
    return pages


PageItems = list[list[tuple[int, str]]]


def _list_pages(items: list[Any], group: str, lang: str) -> tuple[list[str], PageItems]:
    lines = [list_line(n, item) for n, item in enumerate(items, 1)]
    count = t(lang, "result.count", count=len(items))
    pages = _paged(lines, LIST_PAGE)
    pages = [f"{count}\n{p}" for p in pages]
    ids: PageItems = []
    getter = CATALOG.get(f"{group}.get")
    has_get = getter is not None and [p.name for p in getter.params if p.required] == ["id"]
    for start in range(0, len(items), LIST_PAGE):
        chunk = items[start:start + LIST_PAGE]
        ids.append([(int(i["id"]), item_label(i, 30)) for i in chunk
                    if has_get and isinstance(i, dict) and isinstance(i.get("id"), int)])
    return pages, ids


def _grid_pages(data: dict[str, Any], action: Action | None, body: Any, lang: str) -> list[str]:
    rows = [r for r in data.get("rows") or [] if isinstance(r, dict)]
    total = data.get("total", len(rows))
    if not rows:
        return [t(lang, "result.no_rows")]
    view = action.view if action else View.GRID
    if view is View.REPORT:
        dims, metrics = report_columns(rows, body)
        totals = report_totals(rows, data.get("summary"), metrics)
        tables: list[str] = []
        for start in range(0, len(rows), REPORT_PAGE):
            chunk = rows[start:start + REPORT_PAGE]
            last = start + REPORT_PAGE >= len(rows)
            table = report_table(chunk, dims, metrics, totals if last else None, lang)
            span = t(lang, "result.rows", first=start + 1, last=start + len(chunk), total=total)
            tables.append(f"{span}\n{table}")
        return tables
    columns = list(rows[0])
    lines = [row_line(n, r, columns) for n, r in enumerate(rows, 1)]
    head = t(lang, "result.columns", columns=" · ".join(column_label(c, lang) for c in columns))
    chunks = _paged(lines, GRID_PAGE)
    pages: list[str] = []
    shown = 0
    for block in chunks:
        count = block.count("\n") + 1
        span = t(lang, "result.rows", first=shown + 1, last=shown + count, total=total)
        pages.append(f"{span}\n{head}\n{block}")
        shown += count
    return pages


def _entity_pages(entity: dict[str, Any], lang: str, action: Action | None = None
                  ) -> list[str]:
    lines = entity_lines(entity, lang, action)
    text = "\n".join(lines)
    long = multiline_value(entity)
    if long is not None:
        key, value = long
        block, _ = fit_pre(value, BUDGET - utf16_len(text) - 200)
        text += f"\n<b>{field_label(key, lang, action)}</b>:\n{block}"
    return [text]


def render_envelope(envelope: Envelope, action: Action | None, lang: str,
                    mark: str | None = None) -> Rendered:
    """Summarise an envelope for chat: header + readable data, paged, with file fallback."""
    head = header(envelope, action, lang, mark)
    if not envelope.success:
        assert envelope.error is not None
        return Rendered(header=head, pages=[error_text(envelope.error, lang, action)],
                        success=False)
    data = envelope.data
    view = action.view if action else View.AUTO
    group = action.group if action else envelope.resource
    rendered = Rendered(header=head, pages=[])
    if view is View.BINARY and envelope.content is not None:
        name = envelope.filename or "download.zip"
        rendered.pages = [t(lang, "result.binary", name=name, size=len(envelope.content))]
        rendered.files = [(name, envelope.content)]
        return rendered
    if data is None or data in ([], {}):
        rendered.pages = [t(lang, "result.empty" if data is None else "result.none")]
        return rendered
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        rendered.pages = _grid_pages(data, action, envelope.request.body, lang)
        rendered.exports = ("json", "csv")
        csv_rows: Any = data["rows"]
    elif view is View.LOG and isinstance(data, list):
        rendered.pages = _paged([log_line(r) for r in data], LOG_PAGE)
        rendered.exports = ("json", "csv")
        csv_rows = data
    elif is_entity_list(data) or (isinstance(data, list) and data):
        rendered.pages, rendered.page_items = _list_pages(data, group, lang)
        rendered.exports = ("json",)
        csv_rows = None
    elif isinstance(data, dict):
        rendered.pages = _entity_pages(data, lang, action)
        if isinstance(data.get("id"), int) and action is not None:
            rendered.entity_id = data["id"]
        rendered.exports = ("json",)
        csv_rows = None
    else:
        block, _ = fit_pre(pretty_json(data), BUDGET)
        rendered.pages = [block]
        csv_rows = None
    overflow = len(rendered.pages) > 1 and sum(utf16_len(p) for p in rendered.pages) > BUDGET
    cut = any("…</pre>" in p for p in rendered.pages)
    if overflow or cut:
        stem = f"{envelope.resource}-{envelope.operation}"
        rendered.files.append((f"{stem}.json", json_bytes(data)))
        if csv_rows is not None:
            rendered.files.append((f"{stem}.csv", csv_bytes(csv_rows)))
        rendered.exports = ()
    return rendered
