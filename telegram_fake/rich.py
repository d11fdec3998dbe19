"""Rich messages (Bot API 10.1): what the fake accepts, what it answers, and how it reads.

`check_rich_message` validates an `InputRichMessage` against aiogram's own types (so the fake
accepts exactly the shapes the installed aiogram can send) and against the documented limits
(32,768 characters, 500 blocks counting nested blocks, list items and table rows, 16 levels of
nesting of blocks and rich texts, 50 media, 20 columns a table), resolves its media to stored
files and returns the `RichMessage` a sent message carries. `rich_plain_text` is a readable
rendering of it (headings, table rows with their cells, details as `▸ summary` with the content
indented), which tests read as the message's text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from aiogram.types import InputRichMessage
from pydantic import ValidationError

from telegram_fake.errors import bad_request
from telegram_fake.files import StoredFile, UploadedFile

MAX_CHARS = 32_768
MAX_BLOCKS = 500
MAX_DEPTH = 16
MAX_MEDIA = 50
MAX_COLUMNS = 20
NOT_ALLOWED = "RICH_VALIDATE_CTOR_NOT_ALLOWED"  # how Telegram refuses a construct bots may not send
# block type → the field holding its media and the kind of file it is
MEDIA_BLOCKS = {"photo": "photo", "video": "video", "animation": "animation", "audio": "audio",
                "document": "document", "voice_note": "voice_note"}
_TEXT_FIELDS = ("text", "summary", "credit", "caption", "expression")
_TAG = re.compile(r"<[^>]*>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}


@dataclass
class RichStats:
    """How big a rich message is, in the units its limits count."""

    chars: int = 0
    blocks: int = 0
    depth: int = 0
    media: int = 0
    columns: int = 0

    def problem(self) -> str | None:
        """The first limit exceeded, worded as the fake refuses it; None within limits."""
        if self.chars > MAX_CHARS:
            return f"rich message is too long: {self.chars} characters (at most {MAX_CHARS})"
        if self.blocks > MAX_BLOCKS:
            return f"rich message has too many blocks: {self.blocks} (at most {MAX_BLOCKS})"
        if self.depth > MAX_DEPTH:
            return f"rich message is nested too deeply: {self.depth} levels (at most {MAX_DEPTH})"
        if self.media > MAX_MEDIA:
            return f"rich message has too many media: {self.media} (at most {MAX_MEDIA})"
        if self.columns > MAX_COLUMNS:
            return f"rich table has too many columns: {self.columns} (at most {MAX_COLUMNS})"
        return None


def _text_stats(value: Any, depth: int, stats: RichStats) -> None:
    """Characters and nesting of a RichText (a string, a list, or a typed text)."""
    if isinstance(value, str):
        stats.chars += len(value)
        stats.depth = max(stats.depth, depth)
    elif isinstance(value, list):
        for item in value:
            _text_stats(item, depth, stats)
    elif isinstance(value, dict):
        stats.depth = max(stats.depth, depth + 1)
        for key in ("text", "alternative_text", "expression"):
            if key in value:
                _text_stats(value[key], depth + 1, stats)


def _blocks_stats(blocks: Any, depth: int, stats: RichStats) -> None:
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        stats.blocks += 1
        stats.depth = max(stats.depth, depth)
        kind = block.get("type")
        if kind in MEDIA_BLOCKS:
            stats.media += 1
        for key in _TEXT_FIELDS:
            field = block.get(key)
            if key == "caption" and isinstance(field, dict) and "type" not in field:
                _text_stats(field.get("text"), depth, stats)  # a block's caption and credit
                _text_stats(field.get("credit"), depth, stats)
            elif field is not None:
                _text_stats(field, depth, stats)
        if kind == "table":
            for row in block.get("cells") or []:
                stats.blocks += 1
                cells = [c for c in row if isinstance(c, dict)] if isinstance(row, list) else []
                stats.columns = max(stats.columns, sum(int(c.get("colspan") or 1) for c in cells))
                for cell in cells:
                    _text_stats(cell.get("text"), depth + 1, stats)
        if kind == "list":
            for item in block.get("items") or []:
                stats.blocks += 1
                if isinstance(item, dict):
                    _blocks_stats(item.get("blocks"), depth + 1, stats)
        if kind == "buttons":
            for button in block.get("buttons") or []:
                if isinstance(button, dict):
                    _text_stats(button.get("text"), depth + 1, stats)
        if isinstance(block.get("blocks"), list):
            _blocks_stats(block["blocks"], depth + 1, stats)


def measure(rich: dict[str, Any]) -> RichStats:
    """The size of an InputRichMessage (or a RichMessage) as its limits count it."""
    stats = RichStats()
    if isinstance(rich.get("blocks"), list):
        _blocks_stats(rich["blocks"], 1, stats)
    for key in ("html", "markdown"):
        if isinstance(rich.get(key), str):
            stats.chars += len(_TAG.sub("", rich[key]))
            stats.blocks += 1
            stats.depth = max(stats.depth, 1)
    stats.media += len(rich.get("media") or [])
    return stats


def _as_attachments(value: Any) -> Any:
    """A copy of `value` in which uploaded files stand as `attach://` references again, so
    aiogram's types (which know file ids, URLs and references, not bytes) can check it."""
    if isinstance(value, UploadedFile):
        return f"attach://{value.filename or 'file'}"
    if isinstance(value, list):
        return [_as_attachments(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_attachments(item) for key, item in value.items()}
    return value


def block_types(rich: dict[str, Any]) -> Iterator[str]:
    """Every block type in a rich message, nested ones included."""

    def walk(blocks: Any) -> Iterator[str]:
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, dict):
                continue
            yield str(block.get("type"))
            yield from walk(block.get("blocks"))
            for item in block.get("items") or []:
                if isinstance(item, dict):
                    yield from walk(item.get("blocks"))

    yield from walk(rich.get("blocks"))


MediaResolver = Callable[[Any, str], StoredFile]
"""Turns a block's media (an upload, a file_id or a URL) into a stored file of a kind."""


def _list_label(item: dict[str, Any], number: int) -> str:
    kind = item.get("type")
    value = item.get("value")
    number = value if isinstance(value, int) else number
    if kind == "a":
        return f"{chr(ord('a') + (number - 1) % 26)}."
    if kind == "A":
        return f"{chr(ord('A') + (number - 1) % 26)}."
    if kind in ("i", "I", "1"):
        return f"{number}."
    return "•"


def _media_json(kind: str, stored: StoredFile, spoiler: Any) -> tuple[str, Any]:
    """The output field of a media block: PhotoSize list, or the file's object."""
    if kind == "photo":
        return "photo", stored.photo_json()
    base: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                            "file_size": stored.file_size}
    if kind in ("video", "animation"):
        base.update(width=stored.width or 640, height=stored.height or 360, duration=0)
    elif kind in ("audio", "voice_note"):
        base.update(duration=0)
    else:
        base = stored.document_json()
    return kind, base


def _output_blocks(blocks: list[Any], resolve: MediaResolver) -> list[Any]:
    """Input blocks as a sent message carries them: list items labelled, media as files."""
    out: list[Any] = []
    for given in blocks:
        block = dict(given)
        kind = block.get("type")
        if kind in MEDIA_BLOCKS:
            field = MEDIA_BLOCKS[str(kind)]
            media = block.get(field) or {}
            stored = resolve(media.get("media"), "photo" if kind == "photo" else str(kind))
            name, value = _media_json(str(kind), stored, media.get("has_spoiler"))
            block[name] = value
            if media.get("has_spoiler") and kind in ("photo", "video", "animation"):
                block["has_spoiler"] = True
        if isinstance(block.get("blocks"), list):
            block["blocks"] = _output_blocks(block["blocks"], resolve)
        if kind == "list":
            items = []
            for number, listed in enumerate(block.get("items") or [], 1):
                item = dict(listed)
                item["label"] = _list_label(item, number)
                item["blocks"] = _output_blocks(item.get("blocks") or [], resolve)
                items.append(item)
            block["items"] = items
        out.append(block)
    return out


def _strip_markup(text: str) -> str:
    plain = _TAG.sub("", text)
    for entity, char in _ENTITIES.items():
        plain = plain.replace(entity, char)
    return plain.strip()


def check_rich_message(
    value: Any,
    resolve: MediaResolver,
    *,
    refused_blocks: frozenset[str] | None = None,
    field: str = "rich_message",
) -> dict[str, Any]:
    """Validate an InputRichMessage; returns the RichMessage JSON a sent message carries.

    `refused_blocks`: block types this server refuses (`RICH_VALIDATE_CTOR_NOT_ALLOWED`);
    an empty set refuses every rich message, None accepts all that aiogram's types know.
    """
    if not isinstance(value, dict):
        raise bad_request(f"can't parse {field} JSON object")
    sources = [key for key in ("html", "markdown", "blocks") if value.get(key) not in (None, "")]
    if len(sources) != 1:
        raise bad_request("exactly one of html, markdown or blocks must be specified")
    try:
        InputRichMessage.model_validate(_as_attachments(value))
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise bad_request(f"can't parse {field}: {where}: {first['msg']}") from None
    if refused_blocks is not None and (
            not refused_blocks or refused_blocks & set(block_types(value))):
        raise bad_request(NOT_ALLOWED)
    problem = measure(value).problem()
    if problem is not None:
        raise bad_request(problem)
    if sources == ["blocks"]:
        blocks = _output_blocks(copy.deepcopy(value["blocks"]), resolve)
    else:
        text = _strip_markup(str(value[sources[0]]))
        blocks = [{"type": "paragraph", "text": text}]
    message: dict[str, Any] = {"blocks": blocks}  # aiogram reads it back: a test does
    if value.get("is_rtl"):
        message["is_rtl"] = True
    return message


def only_uploaded(stored_get: Callable[[str], StoredFile | None]) -> MediaResolver:
    """Media of an inline result: "only previously uploaded files may be used"."""

    def resolve(media: Any, kind: str) -> StoredFile:
        stored = stored_get(media) if isinstance(media, str) else None
        if stored is None:
            raise bad_request("only previously uploaded files may be used in an inline "
                              "rich message")
        return stored

    return resolve


def is_url(value: Any) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in {"http", "https"}


# --- reading a rich message as text -------------------------------------------------------------


def rich_text_plain(value: Any) -> str:
    """A RichText as the characters it shows."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(rich_text_plain(item) for item in value)
    if isinstance(value, dict):
        if "alternative_text" in value:
            return str(value["alternative_text"])
        if "expression" in value:
            return str(value["expression"])
        if "button" in value and isinstance(value["button"], dict):
            return f"[{rich_text_plain(value['button'].get('text'))}]"
        return rich_text_plain(value.get("text"))
    return ""


def _cell(cell: Any) -> str:
    return rich_text_plain(cell.get("text")).strip() if isinstance(cell, dict) else ""


def _row(row: list[Any]) -> str:
    """A table row: `Field: value` when only its first cell is a header (a row header),
    else the cells joined with ` | `."""
    cells = [c for c in row if isinstance(c, dict)]
    texts = [_cell(c) for c in cells]
    headers = [bool(c.get("is_header")) for c in cells]
    if len(cells) > 1 and headers[0] and not any(headers[1:]):
        return f"{texts[0]}: {' | '.join(texts[1:])}"
    return " | ".join(texts)


def _aligned(rows: list[list[Any]], width: int) -> list[str]:
    """Rows as columns padded to line up, each cell aligned as it says, within `width`:
    the widest column of words is cut first, columns of figures last."""
    given = [[c for c in row if isinstance(c, dict)] for row in rows]
    table = [[_cell(c) for c in row] for row in given]
    columns = max((len(r) for r in table), default=0)
    sizes = [max((len(r[i]) for r in table if i < len(r)), default=0) for i in range(columns)]
    figures = [all(c.get("align") == "right" or c.get("is_header") for c in
                   (r[i] for r in given if i < len(r))) for i in range(columns)]
    gap = 2 if sum(sizes) + 2 * max(columns - 1, 0) <= width else 1
    room = width - gap * max(columns - 1, 0)
    while sum(sizes) > room:
        words = [n for n in range(columns) if not figures[n] and sizes[n] > 6]
        cut = words or [n for n in range(columns) if sizes[n] > 4]
        if not cut:
            break
        widest = max(cut, key=lambda n: sizes[n])
        sizes[widest] -= 1
    lines = []
    for row, texts in zip(given, table, strict=True):
        shown = []
        for i, (cell, full) in enumerate(zip(row, texts, strict=True)):
            text = full if len(full) <= sizes[i] else full[:max(sizes[i] - 1, 0)] + "…"
            right = cell.get("align") == "right"
            shown.append(text.rjust(sizes[i]) if right else text.ljust(sizes[i]))
        lines.append((" " * gap).join(shown).rstrip())
    return lines


def _media_line(block: dict[str, Any]) -> str:
    kind = str(block.get("type"))
    media = block.get(MEDIA_BLOCKS.get(kind, kind))
    if isinstance(media, list) and media and isinstance(media[-1], dict):
        size = f" {media[-1].get('width', '?')}×{media[-1].get('height', '?')}"
    else:
        size = ""
    caption = block.get("caption")
    text = rich_text_plain(caption.get("text")) if isinstance(caption, dict) else ""
    if kind == "photo":
        return f"🖼 picture{size}" + (f" {text}" if text else "")
    return f"📎 {kind}{size}" + (f" · {text}" if text else "")


def _block_lines(block: Any, aligned: bool, width: int) -> list[str]:
    if not isinstance(block, dict):
        return []
    kind = block.get("type")
    if kind in ("paragraph", "heading", "pre", "footer", "thinking", "expandable_blockquote",
                "pullquote"):
        return rich_text_plain(block.get("text")).split("\n")
    if kind == "mathematical_expression":
        return [str(block.get("expression", ""))]
    if kind == "divider":
        return [""]
    if kind == "anchor":
        return []
    if kind == "table":
        lines = []
        if block.get("caption") is not None:
            lines.append(rich_text_plain(block["caption"]))
        rows = [r for r in block.get("cells") or [] if isinstance(r, list)]
        lines += _aligned(rows, width) if aligned else [_row(r) for r in rows]
        return lines
    if kind == "details":
        inner = _lines(block.get("blocks") or [], aligned, width - 2)
        return [f"▸ {rich_text_plain(block.get('summary'))}"] + [f"  {line}" if line else ""
                                                               for line in inner]
    if kind == "list":
        lines = []
        for number, item in enumerate(block.get("items") or [], 1):
            if not isinstance(item, dict):
                continue
            label = str(item.get("label") or _list_label(item, number))
            if item.get("has_checkbox"):
                label = "☑" if item.get("is_checked") else "☐"
            inner = _lines(item.get("blocks") or [], aligned, width - len(label) - 1) or [""]
            lines.append(f"{label} {inner[0]}")
            lines += [" " * (len(label) + 1) + line for line in inner[1:]]
        return lines
    if kind in ("blockquote", "collage", "slideshow"):
        return _lines(block.get("blocks") or [], aligned, width)
    if kind == "buttons":
        return ["   ".join(f"[{rich_text_plain(b.get('text'))}]" for b in block.get("buttons") or []
                           if isinstance(b, dict))]
    if kind == "map":
        return ["📍 map"]
    if kind in MEDIA_BLOCKS:
        return [_media_line(block)]
    return []


def _lines(blocks: list[Any], aligned: bool, width: int) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        lines += _block_lines(block, aligned, width)
    return lines


def rich_plain_text(rich: dict[str, Any], *, aligned: bool = False, width: int = 34) -> str:
    """A readable text of a rich message: one line a heading, paragraph or table row, a
    blank line a divider, details as `▸ summary` with the content indented. With `aligned`,
    table cells line up in columns within `width` characters (the terminal demo)."""
    if isinstance(rich.get("blocks"), list):
        return "\n".join(_lines(rich["blocks"], aligned, width)).strip("\n")
    for key in ("html", "markdown"):
        if isinstance(rich.get(key), str):
            return _strip_markup(rich[key])
    return ""
