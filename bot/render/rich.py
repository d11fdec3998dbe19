"""Rich replies (Bot API 10.1): one small document model, rendered to aiogram's rich blocks
and, for servers and replies that cannot take them, to the HTML of a plain message.

A `Doc` is a list of blocks: `Heading`, `Paragraph`, `Table` (header row, row headers, totals
row), `Details` (collapsible, closed by default), `ListBlock`, `Divider`, `Pre`, `Photo`. Text
inside them is either plain (escaped wherever it goes) or `Markup`: HTML the bot built itself
(texts from `t()`, escaped values), which becomes rich text spans (bold, italic, code, links…).

`rich_message(doc)` is the `InputRichMessage`; `html(doc)` the plain message's HTML (tables as
`Label: value` lines or a monospace grid a phone shows); `measure(doc)` counts what Telegram
limits (32,768 characters, 500 blocks, 16 levels, 50 media, 20 columns) and `fits(doc)` says
whether it may be sent; `paged(table, rows)` splits a long table into tables that fit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from html import escape
from html.parser import HTMLParser
from typing import Any, Literal

from aiogram.types import InputFile, InputRichMessage

from bot.bounded_json import nests_past
from bot.render.text import PHONE_WIDTH, phone_text

MAX_CHARS = 32_768
MAX_BLOCKS = 500
MAX_DEPTH = 16
MAX_MEDIA = 50
MAX_COLUMNS = 20
Align = Literal["left", "center", "right"]


# --- text ----------------------------------------------------------------------------------------


class Markup(str):
    """HTML the bot made itself (escaped values, `<b>`, `<i>`, `<code>`, `<pre>`, `<a>`…):
    kept as it is in a plain message, turned into rich text spans in a rich one."""

    __slots__ = ()


Text = str | Markup  # plain text is escaped in HTML and shown as it is in a rich message


def _span(kind: str, text: Any, **extra: str) -> dict[str, Any]:
    return {"type": kind, "text": text, **extra}


SPANS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
         "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
         "del": "strikethrough", "code": "code", "tg-spoiler": "spoiler"}


def _spans(node: list[Any]) -> Any:
    """A parsed run (strings and (tag, attrs, children)) as a RichText: a string, a typed
    text (`{"type": "bold", "text": …}`) or a list of them, as the Bot API takes it."""
    out: list[Any] = []
    for item in node:
        if isinstance(item, str):
            if item:
                out.append(item)
            continue
        tag, attrs, children = item
        inner = _spans(children)
        if inner == "":
            continue
        if tag == "span" and attrs.get("class") == "tg-spoiler":
            tag = "tg-spoiler"
        if tag in SPANS:
            out.append(_span(SPANS[tag], inner))
        elif tag == "a" and attrs.get("href"):
            out.append(_span("url", inner, url=attrs["href"]))
        else:
            out.extend(inner if isinstance(inner, list) else [inner])
    if not out:
        return ""
    merged: list[Any] = []
    for part in out:  # neighbouring strings as one
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged[0] if len(merged) == 1 else merged


@dataclass
class _Segment:
    """A piece of parsed HTML: running text, or a `<pre>` / `<blockquote>` block."""

    kind: Literal["text", "pre", "quote"]
    nodes: list[Any] = field(default_factory=list)
    expandable: bool = False


class _Parser(HTMLParser):
    """Our own HTML as segments of nested (tag, attrs, children) runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[_Segment] = [_Segment("text")]
        self.stack: list[list[Any]] = [self.segments[0].nodes]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("pre", "blockquote"):
            kind: Literal["pre", "quote"] = "pre" if tag == "pre" else "quote"
            segment = _Segment(kind, expandable=any(name == "expandable" for name, _ in attrs))
            self.segments.append(segment)
            self.stack = [segment.nodes]
            return
        if tag == "br":
            self.stack[-1].append("\n")
            return
        children: list[Any] = []
        self.stack[-1].append((tag, {k: v or "" for k, v in attrs}, children))
        self.stack.append(children)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "blockquote"):
            segment = _Segment("text")
            self.segments.append(segment)
            self.stack = [segment.nodes]
            return
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].append(data)


def _plain(nodes: list[Any]) -> str:
    return "".join(n if isinstance(n, str) else _plain(n[2]) for n in nodes)


def _trim(nodes: list[Any]) -> list[Any]:
    """Runs without the line breaks around them (a block starts and ends with its text)."""
    nodes = list(nodes)
    while nodes and isinstance(nodes[0], str) and not nodes[0].strip("\n"):
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], str) and not nodes[-1].strip("\n"):
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip("\n")
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip("\n")
    return nodes


def rich_text(text: Text) -> Any:
    """Plain text as it is; `Markup` as rich text spans (a `<pre>` inside becomes code).
    What is returned is shared between calls and must not be changed."""
    if not isinstance(text, Markup):
        return str(text)
    return _markup_text(str(text))


@functools.lru_cache(maxsize=4096)
def _markup_text(text: str) -> Any:
    """`rich_text` of HTML (labels and titles recur: parsed once)."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    nodes: list[Any] = []
    for segment in parser.segments:
        nodes += segment.nodes if segment.kind == "text" else [("code", {}, segment.nodes)]
    return _spans(_trim(nodes))


def _markup_blocks(text: Markup) -> list[Block]:
    """HTML made of paragraphs, `<pre>` and `<blockquote>` blocks, as document blocks."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    blocks: list[Block] = []
    for segment in parser.segments:
        nodes = _trim(segment.nodes)
        if not nodes:
            continue
        if segment.kind == "pre":
            blocks.append(Pre(_plain(nodes)))
        elif segment.kind == "quote":
            blocks.append(Quote(Markup(_html_of(nodes)), expandable=segment.expandable))
        else:
            blocks.append(Paragraph(Markup(_html_of(nodes))))
    return blocks


def _html_of(nodes: list[Any]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node, quote=False))
            continue
        tag, attrs, children = node
        shown = "".join(f' {k}="{escape(v)}"' if v else f" {k}" for k, v in attrs.items())
        out.append(f"<{tag}{shown}>{_html_of(children)}</{tag}>")
    return "".join(out)


def to_html(text: Text) -> str:
    """Text for a plain message: `Markup` as it is, plain text escaped."""
    return str(text) if isinstance(text, Markup) else escape(text, quote=False)


def plain(text: Text) -> str:
    """What a text shows, without markup."""
    if not isinstance(text, Markup):
        return text
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return "".join(_plain(s.nodes) for s in parser.segments)


# --- blocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: Text
    size: int = 3  # 1 (largest) … 6


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Pre:
    """Monospace text, its lines wrapped to what a phone shows (`PHONE_WIDTH`)."""

    text: str


@dataclass(frozen=True)
class Quote:
    text: Text
    expandable: bool = False


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Cell:
    text: Text
    align: Align | None = None  # None: numbers right, the rest left


Row = tuple[Cell, ...]


def cells(*values: Text) -> Row:
    return tuple(Cell(v) for v in values)


@dataclass(frozen=True)
class Table:
    """Rows of cells. `header`: the column names (a header row); `row_headers`: the first
    cell of each row names the row (a card's field); `totals`: a last row set apart."""

    rows: tuple[Row, ...]
    header: Row | None = None
    totals: Row | None = None
    row_headers: bool = False
    caption: Text | None = None

    @property
    def columns(self) -> int:
        every = [*self.rows, *(r for r in (self.header, self.totals) if r is not None)]
        return max((len(r) for r in every), default=0)


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Text, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Photo:
    """A picture: an upload (`InputFile`), a file_id or an HTTP URL."""

    file: InputFile | str
    caption: Text | None = None


@dataclass(frozen=True)
class Details:
    """A collapsible block: `summary` always shown, `blocks` one tap away (closed unless
    `open`). In a plain message it is left out unless `in_html` (then an expandable quote)."""

    summary: Text
    blocks: tuple[Block, ...]
    open: bool = False
    in_html: bool = False


Block = Heading | Paragraph | Pre | Quote | Divider | Table | ListBlock | Photo | Details


@dataclass(frozen=True)
class Doc:
    blocks: tuple[Block, ...]

    def __add__(self, other: Doc) -> Doc:
        return Doc(self.blocks + other.blocks)


def doc(*parts: Block | Sequence[Block] | None) -> Doc:
    """A document of blocks (lists of blocks are spliced in; None is skipped)."""
    blocks: list[Block] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, Sequence):
            blocks += list(part)
        else:
            blocks.append(part)
    return Doc(tuple(blocks))


def from_markup(text: Markup | str) -> list[Block]:
    """Blocks of HTML the bot built (paragraphs, `<pre>` and quotes): a reply's page as it is
    today, inside a rich message."""
    return _markup_blocks(Markup(text))


# --- to aiogram's rich blocks --------------------------------------------------------------------


def _numeric(text: str) -> bool:
    core = text.strip().replace(" ", "").replace("\u202f", "").replace(",", "").replace(".", "")
    core = core.lstrip("+-−$€").rstrip("%")
    return bool(core) and core.isdigit()


def _align(cell: Cell, table: Table) -> Align:
    """A cell's alignment: its own, else numbers right in a table with a header row (columns
    of figures) and everything left in a card (field, value)."""
    if cell.align is not None:
        return cell.align
    return "right" if table.header is not None and _numeric(plain(cell.text)) else "left"


def _cell(cell: Cell, table: Table, header: bool) -> dict[str, Any]:
    made = {"text": rich_text(cell.text), "valign": "top",
            "align": _align(cell, table) if not header or table.header is not None else "left"}
    if header:
        made["is_header"] = True
    return made


def _table(table: Table) -> dict[str, Any]:
    rows = []
    if table.header is not None:
        rows.append([_cell(c, table, True) for c in table.header])
    for row in table.rows:
        rows.append([_cell(c, table, table.row_headers and n == 0) for n, c in enumerate(row)])
    if table.totals is not None:
        rows.append([_cell(c, table, True) for c in table.totals])
    made: dict[str, Any] = {"type": "table", "cells": rows}
    if table.header is not None:
        made["is_striped"] = True
    if table.caption:
        made["caption"] = rich_text(table.caption)
    return made


def _block(block: Block) -> dict[str, Any]:
    """One block as the Bot API's InputRichBlock (JSON-ready; an upload stays an InputFile,
    which aiogram sends as an attachment)."""
    if isinstance(block, Heading):
        return {"type": "heading", "text": rich_text(block.text), "size": block.size}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": rich_text(block.text)}
    if isinstance(block, Pre):  # monospace: lines wrapped to what a phone shows
        return {"type": "pre", "text": phone_text(block.text)}
    if isinstance(block, Quote):
        return {"type": "blockquote",
                "blocks": [{"type": "paragraph", "text": rich_text(block.text)}]}
    if isinstance(block, Divider):
        return {"type": "divider"}
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, ListBlock):
        return {"type": "list", "items": [
            {"blocks": [{"type": "paragraph", "text": rich_text(item)}],
             **({"type": "1"} if block.ordered else {})} for item in block.items]}
    if isinstance(block, Photo):
        photo: dict[str, Any] = {"type": "photo", "photo": {"type": "photo", "media": block.file}}
        if block.caption:
            photo["caption"] = {"text": rich_text(block.caption)}
        return photo
    details: dict[str, Any] = {"type": "details", "summary": rich_text(block.summary),
                               "blocks": [_block(b) for b in block.blocks]}
    if block.open:
        details["is_open"] = True
    return details


def rich_blocks(document: Doc) -> list[dict[str, Any]]:
    """The document's blocks as the Bot API takes them (`InputRichMessage.blocks`)."""
    return [_block(b) for b in document.blocks]


def rich_message(document: Doc) -> InputRichMessage:
    """The document as aiogram's `InputRichMessage`. Its blocks are the Bot API's JSON
    (`rich_blocks`), not validated into aiogram's models one by one: a rich message holds
    dozens of them, and validating each was most of the cost of a reply. They are of aiogram's
    types by construction; the fake Bot API checks every one the tests send with them."""
    blocks: Any = rich_blocks(document)  # the JSON of aiogram's block types
    return InputRichMessage.model_construct(blocks=blocks)


# --- to a plain message's HTML --------------------------------------------------------------------


def _grid(table: Table, width: int = PHONE_WIDTH) -> str:
    """A table as a monospace grid within `width` (the widest column is cut first)."""
    rows = [r for r in (table.header, *table.rows, table.totals) if r is not None]
    texts = [[plain(c.text) for c in row] for row in rows]
    columns = max((len(r) for r in texts), default=0)
    sizes = [max((len(r[i]) for r in texts if i < len(r)), default=0) for i in range(columns)]
    while sum(sizes) + max(columns - 1, 0) > width and max(sizes, default=0) > 3:
        widest = sizes.index(max(sizes))
        sizes[widest] -= 1
    lines = []
    for row, text_row in zip(rows, texts, strict=True):
        shown = []
        for i, (cell, full) in enumerate(zip(row, text_row, strict=True)):
            text = full if len(full) <= sizes[i] else full[:max(sizes[i] - 1, 0)] + "…"
            right = _align(cell, table) == "right"
            shown.append(text.rjust(sizes[i]) if right else text.ljust(sizes[i]))
        lines.append(" ".join(shown).rstrip())
    return f"<pre>{escape(chr(10).join(lines), quote=False)}</pre>"


def _table_html(table: Table) -> str:
    if table.row_headers and table.columns == 2 and table.header is None:
        lines = [f"{to_html(row[0].text)}: {to_html(row[1].text)}" for row in table.rows
                 if len(row) == 2]
        lines += [to_html(row[0].text) for row in table.rows if len(row) == 1]
        return "\n".join(lines)
    grid = _grid(table)
    return f"{to_html(table.caption)}\n{grid}" if table.caption else grid


def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<b>{to_html(block.text)}</b>"
    if isinstance(block, Paragraph):
        return to_html(block.text)
    if isinstance(block, Pre):
        return f"<pre>{escape(phone_text(block.text), quote=False)}</pre>"
    if isinstance(block, Quote):
        return (f"<blockquote{' expandable' if block.expandable else ''}>"
                f"{to_html(block.text)}</blockquote>")
    if isinstance(block, Divider):
        return ""
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, ListBlock):
        return "\n".join(f"{f'{n}.' if block.ordered else '•'} {to_html(item)}"
                         for n, item in enumerate(block.items, 1))
    if isinstance(block, Photo):
        return ""
    if not block.in_html:
        return ""
    inner = "\n".join(b for b in (_block_html(x) for x in block.blocks) if b)
    return f"<b>{to_html(block.summary)}</b>\n<blockquote expandable>{inner}</blockquote>"


def html(document: Doc) -> str:
    """The document as a plain message's HTML: blocks one under another, a divider as a
    blank line; photos and details (unless `in_html`) left out."""
    parts: list[str] = []
    for block in document.blocks:
        shown = _block_html(block)
        if isinstance(block, Divider):
            if parts and parts[-1] != "":
                parts.append("")
        elif shown:
            parts.append(shown)
    return "\n".join(parts).strip("\n")


# --- limits ------------------------------------------------------------------------------------


@dataclass
class Size:
    """What Telegram counts of a rich message."""

    chars: int = 0
    blocks: int = 0
    depth: int = 0
    media: int = 0
    columns: int = 0

    def fits(self) -> bool:
        return (self.chars <= MAX_CHARS and self.blocks <= MAX_BLOCKS
                and self.depth <= MAX_DEPTH and self.media <= MAX_MEDIA
                and self.columns <= MAX_COLUMNS)


def _text_size(value: Any, depth: int, size: Size) -> None:
    if isinstance(value, str):
        size.chars += len(value)
        size.depth = max(size.depth, depth)
    elif isinstance(value, list):
        for item in value:
            _text_size(item, depth, size)
    elif isinstance(value, dict):
        size.depth = max(size.depth, depth + 1)
        for key in ("text", "alternative_text", "expression"):
            if key in value:
                _text_size(value[key], depth + 1, size)


def _blocks_size(blocks: list[Any], depth: int, size: Size) -> None:
    for block in blocks:
        size.blocks += 1
        size.depth = max(size.depth, depth)
        kind = block.get("type")
        if kind in ("photo", "video", "animation", "audio", "document", "voice_note"):
            size.media += 1
        for key in ("text", "summary", "expression"):
            if key in block:
                _text_size(block[key], depth, size)
        caption = block.get("caption")
        if isinstance(caption, dict) and "type" not in caption:
            _text_size(caption.get("text"), depth, size)
        elif caption is not None:
            _text_size(caption, depth, size)
        for row in block.get("cells") or []:
            size.blocks += 1
            size.columns = max(size.columns, sum(int(c.get("colspan") or 1) for c in row))
            for cell in row:
                _text_size(cell.get("text"), depth + 1, size)
        for item in block.get("items") or []:
            size.blocks += 1
            _blocks_size(item.get("blocks") or [], depth + 1, size)
        if isinstance(block.get("blocks"), list):
            _blocks_size(block["blocks"], depth + 1, size)


def measure_message(message: InputRichMessage) -> Size:
    """Characters, blocks (nested blocks, list items and table rows included), nesting,
    media and the widest table of a message `rich_message` made, as Telegram's rich message
    limits count them."""
    size = Size()
    _blocks_size(list(message.blocks or []), 1, size)
    return size


MEDIA = ("photo", "video", "animation", "audio", "document", "voice_note")


def _widest(blocks: Any) -> int:
    """The most cells of a row in any table of `blocks` (nested ones too)."""
    widest = 0
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        widest = max(widest, *(len(row) for row in block.get("cells") or [[]]))
        for item in block.get("items") or []:
            widest = max(widest, _widest(item.get("blocks")))
        widest = max(widest, _widest(block.get("blocks")))
    return widest


def fits_json(message: InputRichMessage, text: str) -> bool:
    """Whether Telegram takes `message`, whose JSON (`bot.reply.rich_json`) is `text`. The
    text bounds what Telegram counts: it holds every character counted, a bracket for every
    block, row and item, and nests at least as deep; so a message well within the limits
    (no media, no column spans) is known from its length, two counts and its tables' rows,
    and only one near a limit is measured block by block (`measure_message`)."""
    quick = (len(text) <= MAX_CHARS and text.count("{") + text.count("[") <= MAX_BLOCKS
             and "colspan" not in text and not any(f'"{m}"' in text for m in MEDIA)
             and not nests_past(text, MAX_DEPTH)
             and _widest(list(message.blocks or [])) <= MAX_COLUMNS)
    return quick or measure_message(message).fits()


def measure(document: Doc) -> Size:
    """`measure_message` of the document."""
    return measure_message(rich_message(document))


def fits(document: Doc) -> bool:
    """Whether Telegram takes the document as one rich message."""
    return measure(document).fits()


def paged(table: Table, rows: int) -> list[Table]:
    """A table as tables of at most `rows` rows each, every one with the header; the totals
    row on the last."""
    rows = max(rows, 1)
    chunks = [table.rows[i:i + rows] for i in range(0, len(table.rows), rows)] or [()]
    return [replace(table, rows=chunk, totals=table.totals if n == len(chunks) - 1 else None)
            for n, chunk in enumerate(chunks)]
