"""Delivering results: first page now, later pages and files from the result store."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from pydantic import BaseModel, Field, ValidationError

from bot.access import Role
from bot.changes.outcome import Outcome
from bot.flow.keyboards import result_keyboard
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action, View
from bot.keitaro.envelope import Envelope, RowLimit
from bot.keitaro.errors import ErrorKind
from bot.keitaro.masking import Redactor, mask_fields
from bot.render.data import csv_bytes, json_bytes
from bot.render.envelope import Rendered, render_envelope
from bot.reply import show
from bot.storage.kv import KeyValue

log = logging.getLogger("bot.results")
RESULT_TTL = 24 * 3600.0
MAX_STORED_DATA = 4_000_000  # bytes of JSON kept for the export buttons


class StoredResult(BaseModel):
    """A reply kept for its page buttons and files: the rendered pages and the data."""

    action: str | None = None  # the catalog action's id
    lang: str = "en"
    header: str
    pages: list[str]
    items: list[list[tuple[int, str]]] = Field(default_factory=list)  # per page: id, label
    exports: list[str] = Field(default_factory=list)  # file buttons offered: json, csv, all
    entity_id: int | None = None
    stem: str = "result"  # file names: <stem>.json, <stem>.csv
    data: Any = None  # the envelope's data, when small enough to keep
    args: dict[str, Any] = Field(default_factory=dict)  # to run the query again ("all")
    undo: int | None = None  # the journal entry whose Undo the result offers


class ResultStore:
    """Rendered pages (and the data, for exports) of recent results, kept for a day.

    Everything is scrubbed of secrets before it is stored (button labels too; a secret field
    such as a password sent in the arguments is masked whole). The arguments of a query
    offered as "All rows" are kept as they are, to run it again: `deliver` offers it only
    when they hold no secret.
    """

    def __init__(self, kv: KeyValue, ttl: float = RESULT_TTL,
                 redactor: Redactor | None = None) -> None:
        self.kv = kv
        self.ttl = ttl
        self.redactor = redactor or Redactor()

    async def save(self, result: StoredResult) -> str:
        rid = secrets.token_urlsafe(6)
        record = result.model_dump(mode="json")
        kept = self.redactor.value(mask_fields(record))
        if "all" in result.exports:
            kept["args"] = record["args"]
        await self.kv.set(f"result:{rid}", json.dumps(kept, ensure_ascii=False), self.ttl)
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
    undo: int | None = None,
) -> InlineKeyboardMarkup:
    items = rendered.page_items[page] if page < len(rendered.page_items) else []
    return result_keyboard(
        action=action, lang=lang, role=role, rid=rid, page=page, pages=len(rendered.pages),
        items=items, exports=rendered.exports if rid else (), entity_id=rendered.entity_id,
        undo=undo,
    )


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
) -> Rendered:
    """Send the summary of an envelope (replacing a progress message if given) and its files.

    `outcome`: what a write's read back showed (its mark heads the reply, its lines come
    first); `undo`: the journal entry whose Undo the reply offers."""
    rendered = render_envelope(envelope, action, lang,
                               mark=outcome.mark if outcome is not None else None)
    if outcome is not None and outcome.lines:
        first = rendered.pages[0] if rendered.pages else ""
        rendered.pages = [outcome.text() + ("\n\n" + first if first else ""),
                          *rendered.pages[1:]]
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
    rid: str | None = None
    if len(rendered.pages) > 1 or rendered.exports:
        data = envelope.data
        encoded = json.dumps(data, ensure_ascii=False, default=str)
        kept = len(encoded) <= MAX_STORED_DATA
        record = StoredResult(
            action=action.id if action else None,
            lang=lang,
            header=rendered.header,
            pages=rendered.pages,
            items=rendered.page_items,
            exports=list(rendered.exports) if kept else [e for e in rendered.exports
                                                            if e == "all"],
            entity_id=rendered.entity_id,
            stem=f"{envelope.resource}-{envelope.operation}",
            data=data if kept else None,
            args=args or {},
            undo=undo,
        )
        rendered.exports = tuple(record.exports)
        rid = await results.save(record)
    markup = _keyboard(rendered, action, lang, role, rid, 0, undo)
    await show(bot, chat_id, rendered.message(0), markup, edit=replace)
    for name, content in rendered.files:
        await bot.send_document(chat_id, BufferedInputFile(content, filename=name))
    return rendered


def _number(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "ru" else text


def row_limit_note(limit: RowLimit, lang: str, every_row: bool) -> str:
    """What a reply held to `limit.cap` rows says: the cap, what was asked or sent, and
    the way to every row when there is one."""
    cap = _number(limit.cap, lang)
    if limit.received is not None:
        note = t(lang, "result.capped_sent", cap=cap, received=_number(limit.received, lang))
    elif limit.asked is not None and limit.asked > 0:
        note = t(lang, "result.capped", cap=cap, asked=_number(limit.asked, lang))
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
    )
    action = CATALOG.get(record.action) if record.action else None
    return rendered, action


def page_markup(
    record: StoredResult, rid: str, page: int, lang: str, role: Role
) -> tuple[str, InlineKeyboardMarkup]:
    rendered, action = restore(record)
    page = max(0, min(page, len(rendered.pages) - 1))
    return rendered.message(page), _keyboard(rendered, action, lang, role, rid, page,
                                             record.undo)


def export_file(record: StoredResult, kind: str) -> BufferedInputFile | None:
    data = record.data
    if data is None:
        return None
    stem = record.stem
    if kind == "csv":
        rows = data.get("rows") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            return None
        return BufferedInputFile(csv_bytes(rows), filename=f"{stem}.csv")
    return BufferedInputFile(json_bytes(data), filename=f"{stem}.json")
