"""Delivering results: first page now; later pages, other views of a report, the full request
and files from the result store."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import BaseModel, Field, ValidationError

from bot.access import Role
from bot.callbacks import RequestCB, ResultFile
from bot.changes.outcome import Outcome
from bot.explore.keyboards import explore_rows, row_links
from bot.explore.model import Explore
from bot.flow.filters import add_filter_row
from bot.flow.keyboards import result_keyboard
from bot.flow.ref_names import RefNames, with_names
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action, View
from bot.keitaro.envelope import Envelope, RowLimit
from bot.keitaro.errors import ErrorKind
from bot.keitaro.masking import Redactor, holds_secret_key, mask_fields
from bot.render.data import csv_bytes, json_bytes
from bot.render.envelope import (
    Rendered,
    render_envelope,
    request_text,
    result_doc,
    spilled_files,
)
from bot.render.figures_rich import NumbersTable
from bot.render.figures_rich import blocks as figure_blocks
from bot.render.labels import field_label
from bot.render.report import Floors, ReportShape, ReportView, report_page
from bot.render.report_table import TableSort, filter_words, report_blocks, table_sorts
from bot.render.rich import Heading, Markup, doc
from bot.reply import Replies, Reply
from bot.storage.kv import KeyValue
from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.results")
RESULT_TTL = 24 * 3600.0
MAX_STORED_DATA = 4_000_000  # bytes of JSON kept for the export buttons


class StoredResult(BaseModel):
    """A reply kept for its buttons: the rendered pages, the data, the envelope it summarises
    (for the ℹ️ Request answer and the JSON file) and a report's shape (for its views)."""

    action: str | None = None  # the catalog action's id
    lang: str = "en"
    header: str
    pages: list[str]
    items: list[list[tuple[int, str]]] = Field(default_factory=list)  # per page: id, label
    exports: list[str] = Field(default_factory=list)  # file buttons offered: json, csv, all
    entity_id: int | None = None
    entity_state: str | None = None
    stem: str = "result"  # file names: <stem>.json, <stem>.csv
    data: Any = None  # the envelope's data, when small enough to keep
    args: dict[str, Any] = Field(default_factory=dict)  # to run the query again ("all")
    undo: int | None = None  # the journal entry whose Undo the result offers
    envelope: dict[str, Any] | None = None  # the envelope without its data (Envelope.public)
    shape: ReportShape | None = None  # a report's grouping and metrics
    buttons: list[list[InlineKeyboardButton]] = Field(default_factory=list)  # `extra` rows
    explore: Explore | None = None  # where a report or card stands (`bot.explore`)
    card: bool = False  # the data is one entity: a rich message shows it as a table
    names: dict[str, str] = Field(default_factory=dict)  # its ids' names (`bot.flow.ref_names`)
    tables: list[NumbersTable] = Field(default_factory=list)  # a card's numbers, rich
    rich_header: str | None = None  # the header without what `tables` show

    def request(self) -> Envelope | None:
        """The envelope this result summarises (without its data)."""
        if self.envelope is None:
            return None
        try:
            return Envelope.model_validate(self.envelope)
        except ValidationError:
            return None


class ResultStore:
    """Rendered pages (and the data, for exports) of recent results, kept for a day.

    Everything is scrubbed of secrets before it is stored (button labels too; a secret field
    such as a password sent in the arguments is masked whole). The arguments of a query
    offered as "All rows" are kept as they are, to run it again: `deliver` offers it only
    when they hold no secret.
    """

    def __init__(self, kv: KeyValue, ttl: float = RESULT_TTL,
                 redactor: Redactor | None = None, floors: Floors | None = None,
                 names: RefNames | None = None) -> None:
        self.kv = kv
        self.ttl = ttl
        self.redactor = redactor or Redactor()
        self.floors = floors or Floors()  # what a row needs to be ranked by a ratio
        self.names = names  # reads the names of what a card refers to by id

    async def save(self, result: StoredResult) -> str:
        rid = secrets.token_urlsafe(6)
        text = result.model_dump_json()
        if not holds_secret_key(text) and self.redactor.clean_own_json(text):
            await self.kv.set(f"result:{rid}", text, self.ttl)  # nothing to mask or scrub
            return rid
        record = result.model_dump(mode="json")
        kept = mask_fields(record)
        if "all" in result.exports:
            kept["args"] = record["args"]
        text = json.dumps(kept, ensure_ascii=False)
        if not self.redactor.clean_own_json(text):  # one search: scrubbed only when needed
            kept = self.redactor.value(kept)
            if "all" in result.exports:
                kept["args"] = record["args"]
            text = json.dumps(kept, ensure_ascii=False)
        await self.kv.set(f"result:{rid}", text, self.ttl)
        return rid

    async def load(self, rid: str) -> StoredResult | None:
        """The stored result, or None when it expired (or cannot be read)."""
        raw = await self.kv.get(f"result:{rid}")
        if not raw:
            return None
        try:
            return StoredResult.model_validate_json(raw)
        except ValidationError:
            log.info("stored result %s cannot be read", rid)
            return None


def _keyboard(
    rendered: Rendered, action: Action | None, lang: str, role: Role, rid: str | None, page: int,
    extra: Sequence[list[InlineKeyboardButton]] = (),
    undo: int | None = None,
    explore: Explore | None = None,
    request: bool = True,
    table: tuple[TableSort, ...] | None = None,
) -> InlineKeyboardMarkup:
    items = rendered.page_items[page] if page < len(rendered.page_items) else []
    links = None
    if explore is not None and rid:
        links = row_links(rid, explore, rendered.report, lang)
        extra = [*explore_rows(rid, explore, lang), *extra]
    return result_keyboard(
        action=action, lang=lang, role=role, rid=rid, page=page, pages=len(rendered.pages),
        items=items, exports=rendered.exports if rid else (), entity_id=rendered.entity_id,
        entity_state=rendered.entity_state, report=rendered.report, extra=extra, undo=undo,
        row_links=links, request=request, table=table,
    )


REQUEST_BUTTON = f"{RequestCB.__prefix__}{RequestCB.__separator__}"


def without_request(markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """A result's keyboard under its rich form, which shows the request itself: without the
    ℹ️ Request button."""
    rows = [[b for b in row if not (b.callback_data or "").startswith(REQUEST_BUTTON)]
            for row in markup.inline_keyboard]
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def result_reply(rendered: Rendered, record: StoredResult, rid: str | None, page: int,
                 lang: str, role: Role, redactor: Redactor) -> Reply:
    """Page `page` of a result in both forms: the rich message (the entity as a table, the
    envelope in a closed details block; its monospace text scrubbed by `redactor` before it
    is wrapped) and the plain one (its ℹ️ Request button instead)."""
    action = CATALOG.get(record.action) if record.action else None
    page = max(0, min(page, len(rendered.pages) - 1))
    card = (with_names(record.data, record.names)
            if record.card and isinstance(record.data, dict) else None)
    report = rendered.report if record.shape is not None else None
    body = (report_blocks(report, record.shape, lang, report_filters(record, lang))
            if report is not None and record.shape is not None else None)
    if record.tables and record.envelope is None:  # a reply of the bot's own: its tables
        body = []
    document = result_doc(record.rich_header or rendered.header,
                          rendered.pages[page] if rendered.pages else "", lang,
                          envelope=record.request(), card=card,
                          group=action.group if action else None, redact=redactor, body=body,
                          figures=figure_blocks(record.tables))
    plain = _keyboard(rendered, action, lang, role, rid, page, record.buttons, record.undo,
                      record.explore, record.envelope is not None)
    rich = plain
    if report is not None and record.shape is not None:  # sorts by the table's columns
        rich = _keyboard(rendered, action, lang, role, rid, page, record.buttons, record.undo,
                         record.explore, record.envelope is not None,
                         table=table_sorts(report, record.shape, lang))
    return Reply(html=rendered.message(page), doc=document, markup=without_request(rich),
                 plain_markup=plain)


def report_filters(record: StoredResult, lang: str) -> list[str]:
    """A report's filters, worded for its heading: what the person filtered on by name
    (an explored report's scope), else the body's own filters."""
    explore = record.explore
    if explore is not None and explore.scope:
        own = filter_words((explore.body or {}).get("filters") or [], lang)
        return [*own, *(f"{field_label(None, s.dim, lang)}: {s.label}" for s in explore.scope)]
    return filter_words(record.shape.filters if record.shape is not None else [], lang)


async def deliver(
    bot: Bot,
    chat_id: int,
    envelope: Envelope,
    action: Action | None,
    *,
    lang: str,
    role: Role,
    results: ResultStore,
    replace: int | None = None,
    args: dict[str, Any] | None = None,
    outcome: Outcome | None = None,
    undo: int | None = None,
    mark: str | None = None,
    extra: Sequence[str] = (),
    buttons: Sequence[list[InlineKeyboardButton]] = (),
    explore: Explore | None = None,
    title: str | None = None,
    replies: Replies | None = None,
    tables: Sequence[NumbersTable] = (),
) -> Rendered:
    """Send the summary of an envelope (replacing a progress message if given) and its files.
    Every result is kept (scrubbed) for its buttons: pages, views, ℹ️ Request, files.

    `outcome`: what a write's read back showed (its mark heads the reply, its lines follow
    the request line); `undo`: the journal entry whose Undo the reply offers. `mark`
    replaces the title's ✅/❌ (`title` its words) and `extra` (HTML lines) follows the
    request line; `buttons` are rows of the caller's own (above the files), kept for every
    page; `explore` is where a report or card stands, whose buttons it adds. `replies`: how
    the bot replies (rich or plain; plain when not given); `tables`: what the `extra` lines
    show, as a rich message's tables (a card's numbers)."""
    own = "\n".join(extra)
    if outcome is not None:
        mark = mark or outcome.mark
        extra = (*outcome.lines, *extra)
    buttons = [*add_filter_row(action, args, role, lang), *buttons]
    data = envelope.data
    names: dict[str, str] = {}
    if (results.names is not None and action is not None and envelope.success
            and isinstance(data, dict) and isinstance(data.get("id"), int)):
        names = await results.names.of(action.group, data)  # a card: its references named
    shown = envelope.model_copy(update={"data": with_names(data, names)}) if isinstance(
        data, dict) else envelope
    rendered = render_envelope(shown, action, lang, args, mark=mark, extra=extra,
                               title=title)
    rich_header = None
    if tables and own and rendered.header.endswith(own):
        rich_header = rendered.header[:-len(own)].rstrip("\n")
    every_row = action is not None and action.view is View.GRID and (
        _more_rows(envelope.data) or envelope.row_limit is not None
        or envelope.kind is ErrorKind.TOO_LARGE)
    if (every_row and results.redactor.value(args or {}) == (args or {})
            and mask_fields(args or {}) == (args or {})):
        # "All rows" runs the query again, so its arguments are kept as they are: only
        # when they hold no secret, since everything stored is scrubbed
        rendered.exports = (*rendered.exports, "all")
    if envelope.row_limit is not None:
        rendered.header += "\n" + row_limit_note(envelope.row_limit, lang,
                                                  "all" in rendered.exports)
    data = envelope.data
    encoded = json.dumps(data, ensure_ascii=False, default=str)
    kept = len(encoded) <= MAX_STORED_DATA
    summary = envelope.model_dump(mode="json", exclude_none=True, exclude={"content", "data"})
    record = StoredResult(
        action=action.id if action else None,
        lang=lang,
        header=rendered.header,
        pages=rendered.pages,
        items=rendered.page_items,
        exports=list(rendered.exports) if kept else [e for e in rendered.exports
                                                        if e == "all"],
        entity_id=rendered.entity_id,
        entity_state=rendered.entity_state,
        stem=f"{envelope.resource}-{envelope.operation}",
        data=data if kept else None,
        args=args or {},
        envelope=summary,
        shape=rendered.shape if kept else None,
        buttons=[list(row) for row in buttons],
        undo=undo,
        explore=explore,
        card=rendered.card is not None,
        names=names,
        tables=list(tables),
        rich_header=rich_header,
    )
    rendered.exports = tuple(record.exports)
    if rendered.cut and not kept:  # no file buttons for data this big: the files come now
        rendered.files = spilled_files(envelope)
    if record.data is None:
        rendered.report = None  # its other views need the data
    try:
        rid: str | None = await results.save(record)
    except StorageBusy:  # the reply (a write's outcome) still goes out, without the buttons
        rid = None  # that need it kept (pages, views, files)
    reply = result_reply(rendered, record, rid, 0, lang, role, results.redactor)
    await (replies or Replies("off")).show(bot, chat_id, reply, edit=replace)
    for name, content in rendered.files:
        await bot.send_document(chat_id, BufferedInputFile(content, filename=name))
    return rendered


def row_limit_note(limit: RowLimit, lang: str, every_row: bool) -> str:
    """What a reply held to `limit.cap` rows says: the cap, what was asked or sent, and
    the way to every row when there is one."""
    cap = limit.cap
    if limit.received is not None:
        note = t(lang, "result.capped_sent", cap=cap, received=limit.received)
    elif limit.asked is not None and limit.asked > 0:
        note = t(lang, "result.capped", cap=cap, asked=limit.asked)
    else:
        note = t(lang, "result.capped_every", cap=cap)
    return note + (" " + t(lang, "result.capped_all") if every_row else "")


def _more_rows(data: Any) -> bool:
    """A grid page that does not hold every row of the query."""
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        return False
    total = data.get("total")
    return isinstance(total, int) and total > len(data["rows"])


def restore(record: StoredResult) -> tuple[Rendered, Action | None]:
    rendered = Rendered(
        header=record.header,
        pages=record.pages,
        page_items=record.items,
        exports=tuple(record.exports),
        entity_id=record.entity_id,
        entity_state=record.entity_state,
    )
    action = CATALOG.get(record.action) if record.action else None
    return rendered, action


def page_reply(record: StoredResult, rid: str, page: int, lang: str, role: Role,
               redactor: Redactor) -> Reply:
    """Page `page` of a stored result (rich and plain); a report's first page as it opened."""
    rendered, _ = restore(record)
    page = max(0, min(page, len(rendered.pages) - 1))
    if record.shape is not None and isinstance(record.data, dict) and page == 0:
        rendered.report = report_page(record.data, record.shape, ReportView(), record.lang)
    return result_reply(rendered, record, rid, page, lang, role, redactor)


def report_reply(
    record: StoredResult, rid: str, view: ReportView, lang: str, role: Role,
    redactor: Redactor, floors: Floors | None = None,
) -> Reply | None:
    """A stored report shown as `view` asks (metric set, sort, page; a ratio sort leaves out
    the rows under `floors`); None when the result kept no report data."""
    if record.shape is None or not isinstance(record.data, dict):
        return None
    rendered, _ = restore(record)
    rendered.report = report_page(record.data, record.shape, view, record.lang, floors)
    rendered.pages = [rendered.report.text]
    return result_reply(rendered, record, rid, 0, lang, role, redactor)


async def deliver_text(
    bot: Bot, chat_id: int, header: str, text: str, *, lang: str, role: Role,
    results: ResultStore, explore: Explore | None = None, replace: int | None = None,
    buttons: Sequence[list[InlineKeyboardButton]] = (),
    replies: Replies | None = None, tables: Sequence[NumbersTable] = (),
) -> str:
    """A reply of the bot's own (a glance, a slice's card, a menu of a result) kept like a
    tracker result, so that its buttons work for a day; returns its id. With `replies` and
    `tables` (what `text` shows), a rich message of its header and the tables."""
    record = StoredResult(lang=lang, header=header, pages=[text], explore=explore,
                          buttons=[list(row) for row in buttons], tables=list(tables))
    rid = await results.save(record)
    rendered, _ = restore(record)
    markup = _keyboard(rendered, None, lang, role, rid, 0, record.buttons, None, explore,
                       request=False)
    document = doc(Heading(Markup(header)), figure_blocks(tables)) if tables else None
    await (replies or Replies("off")).show(
        bot, chat_id, Reply(rendered.message(0), doc=document, markup=markup), edit=replace)
    return rid


def request_answer(record: StoredResult, lang: str) -> str | None:
    """The ℹ️ Request answer of a stored result: its full request, masked."""
    envelope = record.request()
    return request_text(envelope, lang) if envelope is not None else None


def export_file(record: StoredResult, kind: ResultFile) -> BufferedInputFile | None:
    """The stored result as a file: CSV of its rows, or JSON of the whole envelope."""
    data = record.data
    if data is None:
        return None
    stem = record.stem
    if kind is ResultFile.CSV:
        rows = data.get("rows") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            return None
        return BufferedInputFile(csv_bytes(rows), filename=f"{stem}.csv")
    whole = {**(record.envelope or {}), "data": data}
    return BufferedInputFile(json_bytes(whole), filename=f"{stem}.json")
