"""The reply to a tracker call: a title line, a request line, and the data made readable.

The title names what the reply is about ("✅ Campaign #2 · Google DE Keto"), the request line
says what was sent and how it went (`POST /campaigns/2/disable · 200 · 84 ms`). The full
request (URL, masked headers, body) is one tap away (`request_text`, the ℹ️ Request button)
and in the JSON file (`envelope_json`), so nothing of the envelope is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiogram import html
from yarl import URL

from bot.i18n import Html, t
from bot.i18n.details import detail_text
from bot.keitaro.catalog import CATALOG, Action, ParamKind, View
from bot.keitaro.envelope import Envelope, RequestInfo
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.masking import mask_fields, mask_userinfo
from bot.render.data import (
    card_blocks,
    csv_bytes,
    entity_lines,
    is_entity_list,
    item_label,
    item_title,
    json_bytes,
    list_line,
    log_line,
    multiline_value,
    row_line,
)
from bot.render.filters import filter_line
from bot.render.inputs import input_error_text
from bot.render.labels import entity_noun, field_label
from bot.render.report import (
    ReportPage,
    ReportShape,
    ReportView,
    period_of,
    report_page,
    report_shape,
)
from bot.render.rich import (
    Block,
    Details,
    Divider,
    Doc,
    Heading,
    Markup,
    Paragraph,
    Pre,
    Table,
    cells,
    doc,
    from_markup,
)
from bot.render.text import BUDGET, PHONE_WIDTH, fit_pre, pretty_json, scalar, shorten, utf16_len

LIST_PAGE = 10
GRID_PAGE = 10
LOG_PAGE = 15
API_ROOT = "/admin_api/v1"
PATH_SHOWN = 60  # characters of a request's path on the request line
URL_SHOWN = 300  # characters of a request URL in the full request
TITLE_NAME = 40  # characters of an entity's name in a title


@dataclass
class Rendered:
    """A reply split into pages that each fit one message, plus files for the full data."""

    header: str
    pages: list[str]
    page_items: list[list[tuple[int, str]]] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    exports: tuple[str, ...] = ()  # file kinds offered by buttons: "json", "csv", "all"
    entity_id: int | None = None  # the one entity shown, for quick-action buttons
    entity_state: str | None = None  # its state: only the applicable Enable/Disable
    success: bool = True
    report: ReportPage | None = None  # a report's page, view and row buttons
    shape: ReportShape | None = None  # what switching a report's view needs
    card: dict[str, Any] | None = None  # the one entity shown: a table in a rich message
    cut: bool = False  # the pages do not hold the whole data (the file buttons do)

    def message(self, page: int = 0) -> str:
        page = max(0, min(page, len(self.pages) - 1))
        body = self.pages[page] if self.pages else ""
        return f"{self.header}\n\n{body}".rstrip()


def action_title(action: Action | None, lang: str, resource: str, operation: str) -> str:
    if action is None:
        return f"{resource} · {operation}"
    return f"{CATALOG.group_title(action.group, lang)} · {action.label.get(lang)}"


def api_path(url: str) -> str:
    """The path of a request URL without the host and the Admin API's root:
    `https://t.example/admin_api/v1/campaigns/2/disable?x=1` → `/campaigns/2/disable`."""
    try:
        path = URL(url).path
    except (ValueError, TypeError):
        path = url
    if API_ROOT in path:
        path = path.split(API_ROOT, 1)[1] or "/"
    return shorten(path, PATH_SHOWN)


def request_line(method: str, url: str, lang: str, envelope: Envelope | None = None) -> str:
    """`POST /campaigns/2/disable · 200 · 84 ms` (escaped HTML): what was sent, how it went."""
    parts = [f"{method} {api_path(url)}"]
    if envelope is not None:
        if envelope.status is not None:
            reason = envelope.error.status_text if envelope.error else ""
            parts.append(f"{envelope.status} {reason}".strip())
        elif envelope.attempts == 0:
            parts.append(t(lang, "result.not_sent"))
        else:
            parts.append(t(lang, "result.no_answer"))
        if envelope.attempts > 0:
            parts.append(f"{envelope.elapsed_ms:.0f} ms")
    return html.quote(" · ".join(parts))


def _id_param(action: Action, args: dict[str, Any]) -> tuple[str, int] | None:
    """(group, id) of the entity an action was asked about, from its first id argument."""
    for param in action.params:
        if param.kind is ParamKind.ID and isinstance(args.get(param.name), int):
            group = param.pick.split(".")[0] if param.pick else action.group
            return group, args[param.name]
    return None


def title_text(envelope: Envelope, action: Action | None, lang: str,
               args: dict[str, Any] | None = None) -> str:
    """What a reply is about, plain text: `Campaign #2 · Google DE Keto` for one entity,
    `Campaign #1 · Streams of a campaign` for an action on one, else the action's title."""
    if action is None:
        return action_title(action, lang, envelope.resource, envelope.operation)
    data = envelope.data if envelope.success else None
    noun = entity_noun(action.group, lang)
    if (noun and isinstance(data, dict) and isinstance(data.get("id"), int)
            and action.view is View.AUTO):
        name = item_title(data)  # title keys (name, login…) are never secret fields
        return f"{noun} #{data['id']} · {shorten(name, TITLE_NAME) or action.label.get(lang)}"
    target = _id_param(action, args or {})
    if target is not None and (noun := entity_noun(target[0], lang)):
        return f"{noun} #{target[1]} · {action.label.get(lang)}"
    return action_title(action, lang, envelope.resource, envelope.operation)


def header(envelope: Envelope, action: Action | None, lang: str,
           args: dict[str, Any] | None = None, *, mark: str | None = None,
           extra: Sequence[str] = (), title: str | None = None) -> str:
    """The title line (`mark`: ✅/❌ by default; `title` instead of the action's), the
    request line, and `extra` lines (already HTML) under them."""
    mark = mark or ("✅" if envelope.success else "❌")
    title = title or title_text(envelope, action, lang, args)
    req = envelope.request
    lines = [f"{mark} <b>{html.quote(title)}</b>",
             request_line(req.method, req.url, lang, envelope), *extra]
    return "\n".join(lines)


def request_text(envelope: Envelope, lang: str) -> str:
    """The full request behind a reply (URL, masked headers, body), the earlier calls of a
    composite action, and how it went: the ℹ️ Request answer."""
    lines = [t(lang, "request.title", resource=envelope.resource,
               operation=envelope.operation)]

    share = (BUDGET - 600) // (1 + len(envelope.steps))

    def one(info: RequestInfo) -> list[str]:
        block = [f"<b>{html.quote(info.method)}</b>",
                 fit_pre(shorten(shown_url(info.url), URL_SHOWN), share // 4)[0]]
        if info.headers:
            block.append(t(lang, "request.headers"))
            block.append(fit_pre("\n".join(f"{k}: {v}" for k, v in info.headers.items()),
                                 share // 4)[0])
        if info.body is not None:
            block.append(t(lang, "request.body"))
            block.append(fit_pre(pretty_json(mask_fields(info.body)), share // 2)[0])
        return block

    for n, step in enumerate(envelope.steps, 1):
        lines.append(t(lang, "request.step", n=n))
        lines += one(step)
    if envelope.steps:
        lines.append(t(lang, "request.final"))
    lines += one(envelope.request)
    outcome = request_line(envelope.request.method, envelope.request.url, lang, envelope)
    lines.append(t(lang, "request.answer", line=Html(outcome),
                   success=t(lang, "value.yes" if envelope.success else "value.no"),
                   attempts=envelope.attempts))
    return "\n".join(lines)


def envelope_json(envelope: Envelope, data: Any = None) -> bytes:
    """The whole envelope as a JSON file (secrets masked): request, resource, operation,
    success, status, data or error."""
    record = envelope.public()
    if data is not None:
        record["data"] = data
    return json_bytes(record)


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
    title = f"error.{error.kind.value}"
    if error.kind is ErrorKind.TRACKER_FAILED and isinstance(details.get("error"), str):
        title = "error.tracker_said"  # a 9.x refusal (every exception is a 402: §12.1)
    lines = [f"<b>{t(lang, title, field=str(details.get('field', '')))}</b>"]
    if error.kind in ARRAY_KINDS:  # their own words, in the person's language
        lines.extend(conflict_lines(details, lang))
    elif error.message and error.kind not in (ErrorKind.TIMEOUT,):
        lines.append(f"<i>{html.quote(scalar(detail_text(error, lang), 300))}</i>")
    for name, messages in list(error.fields.items())[:10]:
        lines.append(f"• <code>{html.quote(scalar(name, PHONE_WIDTH - 2))}</code>: "
                     f"{html.quote(scalar('; '.join(messages), 200))}")
    if error.note:
        lines.append("ℹ️ " + t(lang, f"note.{error.note}"))
    if error.uncertain:
        lines.append(t(lang, "error.uncertain"))
    lines.append("💡 " + t(lang, f"advice.{error.kind.value}",
                          group=Html(f"/{action.group}") if action else "/menu"))
    return "\n".join(lines)


def _chunks(lines: list[str], per_page: int) -> list[list[str]]:
    """Lines in pages of at most `per_page` that each fit one message."""
    pages: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and (len(current) >= per_page or size + utf16_len(line) > BUDGET - 400):
            pages.append(current)
            current, size = [], 0
        current.append(line)
        size += utf16_len(line) + 1
    if current or not pages:
        pages.append(current)
    return pages


def _paged(lines: list[str], per_page: int) -> list[str]:
    return ["\n".join(chunk) for chunk in _chunks(lines, per_page)]


PageItems = list[list[tuple[int, str]]]


def _list_pages(items: list[Any], group: str, lang: str) -> tuple[list[str], PageItems]:
    lines = [list_line(n, item) for n, item in enumerate(items, 1)]
    if group == "filters":  # a stream's filters: `country · accept · DE, AT`
        lines = [f"{n}. {html.quote(filter_line(i, lang))}" if isinstance(i, dict) else line
                 for n, (i, line) in enumerate(zip(items, lines, strict=True), 1)]
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


def _grid_pages(data: dict[str, Any], lang: str) -> list[str]:
    """Click and conversion log rows, each in two or three short lines."""
    rows = [r for r in data.get("rows") or [] if isinstance(r, dict)]
    total = data.get("total", len(rows))
    if not rows:
        return [t(lang, "result.no_rows")]
    lines = [row_line(n, r, lang) for n, r in enumerate(rows, 1)]
    pages: list[str] = []
    shown = 0
    for chunk in _chunks(lines, GRID_PAGE):
        span = t(lang, "result.rows", first=shown + 1, last=shown + len(chunk), total=total)
        pages.append(span + "\n" + "\n".join(chunk))
        shown += len(chunk)
    return pages


def _entity_pages(entity: dict[str, Any], group: str, lang: str) -> list[str]:
    lines = entity_lines(entity, lang, group, title=False)
    text = "\n".join(lines)
    long = multiline_value(entity)
    if long is not None:
        key, value = long
        block, _ = fit_pre(value, BUDGET - utf16_len(text) - 200)
        text += f"\n<b>{html.quote(field_label(group, key, lang))}</b>:\n{block}"
    return [text]


def _report(rendered: Rendered, envelope: Envelope, lang: str,
            view: ReportView | None = None) -> None:
    data = envelope.data if isinstance(envelope.data, dict) else {}
    rows = [r for r in data.get("rows") or [] if isinstance(r, dict)]
    body = envelope.request.body
    rendered.shape = report_shape(rows, body, period_of(body))
    rendered.report = report_page(data, rendered.shape, view or ReportView(), lang)
    rendered.pages = [rendered.report.text]


def render_envelope(
    envelope: Envelope,
    action: Action | None,
    lang: str,
    args: dict[str, Any] | None = None,
    *,
    mark: str | None = None,
    extra: Sequence[str] = (),
    title: str | None = None,
) -> Rendered:
    """Summarise an envelope for chat: header + readable data, paged, with file fallback.
    `mark`, `extra` (HTML lines) and `title` go into the header (see `header`)."""
    head = header(envelope, action, lang, args, mark=mark, extra=extra, title=title)
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
    if view is View.REPORT and isinstance(data, dict) and isinstance(data.get("rows"), list):
        _report(rendered, envelope, lang)
        rendered.exports = ("json", "csv")
    elif isinstance(data, dict) and isinstance(data.get("rows"), list):
        rendered.pages = _grid_pages(data, lang)
        rendered.exports = ("json", "csv")
    elif view is View.LOG and isinstance(data, list):
        rendered.pages = _paged([log_line(r) for r in data], LOG_PAGE)
        rendered.exports = ("json", "csv")
    elif is_entity_list(data) or (isinstance(data, list) and data):
        rendered.pages, rendered.page_items = _list_pages(data, group, lang)
        rendered.exports = ("json",)
    elif isinstance(data, dict):
        rendered.pages = _entity_pages(data, group, lang)
        rendered.card = data
        if isinstance(data.get("id"), int) and action is not None:
            rendered.entity_id = data["id"]
            state = data.get("state")
            rendered.entity_state = state if isinstance(state, str) else None
        rendered.exports = ("json",)
    else:
        block, _ = fit_pre(pretty_json(data), BUDGET)
        rendered.pages = [block]
    overflow = len(rendered.pages) > 1 and sum(utf16_len(p) for p in rendered.pages) > BUDGET
    cut = any("…</pre>" in p for p in rendered.pages)
    if overflow or cut:  # the whole data is a file away: by its button, sent when asked
        rendered.cut = True
        rendered.exports = rendered.exports or ("json",)
    return rendered


def spilled_files(envelope: Envelope) -> list[tuple[str, bytes]]:
    """The whole data of a cut reply as files (JSON, and CSV of its rows): sent with the reply
    only when the data is too big to keep for the file buttons."""
    stem = f"{envelope.resource}-{envelope.operation}"
    files = [(f"{stem}.json", envelope_json(envelope))]
    data = envelope.data
    rows = data.get("rows") if isinstance(data, dict) else data
    if isinstance(rows, list) and rows:
        files.append((f"{stem}.csv", csv_bytes(rows)))
    return files


# --- rich messages (bot/render/rich.py) -------------------------------------------------------

BODY_SHOWN = 3000  # characters of a request body in its details block (the JSON file has all)
LONG_SHOWN = 3000  # characters of an entity's long text (a file's content, an IP list)


def _code(text: str) -> Markup:
    return Markup(f"<code>{html.quote(text)}</code>")


Redact = Callable[[str], str]
"""Scrubs a text of secrets (`bot.keitaro.masking.Redactor`): monospace text is scrubbed
before it is wrapped to a phone's width, since a secret broken over two lines is no longer
found by the scrubbing of what is sent."""


def _keep(text: str) -> str:
    return mask_userinfo(text)


def shown_url(url: str, redact: Redact = _keep) -> str:
    """A request's URL as shown: as sent, unless a login or secret is in it percent-encoded
    (a URL in a query value: `?value=https%3A%2F%2Fuser%3Apass%40…`); then decoded and
    scrubbed, since the scrubbing of what is sent finds it only decoded."""
    decoded = unquote(url)
    scrubbed = redact(decoded)
    return scrubbed if scrubbed != decoded else url


def _request_blocks(info: RequestInfo, lang: str, redact: Redact) -> list[Block]:
    """One request: method, URL and headers (masked; names and the method, protocol words,
    as code; long values as text, which a table cell wraps) as a table, the body (masked)
    below."""
    rows = [cells(t(lang, "rich.method"), _code(info.method)),
            cells(t(lang, "rich.url"), shorten(shown_url(info.url, redact), URL_SHOWN)),
            *(cells(_code(name), value) for name, value in info.headers.items())]
    blocks: list[Block] = [Table(rows=tuple(rows), row_headers=True)]
    if info.body is not None:
        blocks += [Paragraph(Markup(t(lang, "request.body"))),
                   Pre(redact(shorten(pretty_json(mask_fields(info.body)), BODY_SHOWN)))]
    return blocks


def envelope_details(envelope: Envelope, lang: str, redact: Redact = _keep) -> Details:
    """The seed's envelope as a collapsible block, closed: the request (method, URL, headers
    with the key masked, body), the earlier calls of a composite action, then resource,
    operation, how it went and success."""
    blocks: list[Block] = []
    for n, step in enumerate(envelope.steps, 1):
        blocks += [Paragraph(Markup(t(lang, "request.step", n=n))),
                   *_request_blocks(step, lang, redact)]
    if envelope.steps:
        blocks.append(Paragraph(Markup(t(lang, "request.final"))))
    blocks += _request_blocks(envelope.request, lang, redact)
    outcome = request_line(envelope.request.method, envelope.request.url, lang, envelope)
    blocks.append(Table(rows=(
        cells(t(lang, "rich.resource"), _code(envelope.resource)),
        cells(t(lang, "rich.operation"), _code(envelope.operation)),
        cells(t(lang, "rich.answer"), Markup(outcome)),
        cells(t(lang, "rich.success"), t(lang, "value.yes" if envelope.success else "value.no")),
        cells(t(lang, "rich.attempts"), str(envelope.attempts)),
    ), row_headers=True))
    summary = Markup(t(lang, "request.title", resource=Html(_code(envelope.resource)),
                       operation=Html(_code(envelope.operation))))
    return Details(summary=summary, blocks=tuple(blocks))


def _entity_blocks(entity: dict[str, Any], group: str | None, lang: str,
                   redact: Redact) -> list[Block]:
    blocks = card_blocks(entity, lang, group)
    long = multiline_value(entity)
    if long is not None:
        key, value = long
        blocks += [Paragraph(field_label(group, key, lang)),
                   Pre(redact(shorten(value, LONG_SHOWN)))]
    return blocks


def result_doc(header_html: str, page_html: str, lang: str, *, envelope: Envelope | None,
               card: dict[str, Any] | None = None, group: str | None = None,
               redact: Redact = _keep, body: Sequence[Block] | None = None,
               figures: Sequence[Block] = ()) -> Doc:
    """A result as a rich message: its verdict line on top (a heading), the request line and
    notes under it, then the data (an entity as a table; lists, rows and errors as on the
    plain page), and at the end the envelope, one tap away in a closed details block.
    `redact` scrubs its monospace text before it is wrapped (URL logins at least); `body`
    replaces the data's blocks (a report's table); `figures` follow the notes (a card's
    numbers)."""
    title, _, notes = header_html.partition("\n")
    if body is None:
        body = (_entity_blocks(card, group, lang, redact) if card is not None
                else from_markup(page_html))
    return doc(Heading(Markup(title)), from_markup(notes), list(figures), Divider(), list(body),
               envelope_details(envelope, lang, redact) if envelope else None)
