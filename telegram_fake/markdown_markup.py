"""Telegram's MarkdownV2 and legacy Markdown parse modes: visible text, entities, refusals.

MarkdownV2 follows the Bot API "MarkdownV2 style" rules: the reserved characters
``_*[]()~`>#+-=|{}.!`` must be escaped with a backslash outside entity markers, only
backquote and backslash need escaping inside code, and every opened entity must be closed.
Legacy Markdown has no nesting and no reserved characters; only an unclosed marker is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from telegram_fake.formatted_text import (
    EntityParseError,
    FormattedText,
    sort_entities,
    utf16_len,
)

_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_NAMES = MappingProxyType(
    {
        "bold": "Bold",
        "italic": "Italic",
        "underline": "Underline",
        "strikethrough": "Strikethrough",
        "spoiler": "Spoiler",
        "code": "Code",
        "pre": "Pre",
        "text_link": "TextUrl",
        "custom_emoji": "CustomEmoji",
    }
)
_MARKERS = MappingProxyType(
    {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
)


@dataclass
class _Open:
    kind: str
    start: int  # UTF-16 offset in the output
    byte_offset: int  # where the marker is in the markup


class _Output:
    """Visible text being built, with its UTF-16 length."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[dict[str, Any]] = []

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.offset > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.offset - start, **extra}
            )

    def result(self) -> FormattedText:
        return FormattedText("".join(self.parts), sort_entities(self.entities))


def _byte_offset(markup: str, index: int) -> int:
    return len(markup[:index].encode("utf-8"))


class _MarkdownV2Parser:
    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.pos = 0
        self.out = _Output()
        self.stack: list[_Open] = []
        self.quote: _Open | None = None

    def at(self, index: int) -> str:
        return self.markup[index] if 0 <= index < len(self.markup) else ""

    def unclosed(self, opened: _Open) -> EntityParseError:
        return EntityParseError(
            f"Can't find end of {_NAMES[opened.kind]} entity at byte offset {opened.byte_offset}"
        )

    def parse(self) -> FormattedText:
        markup = self.markup
        while self.pos < len(markup):
            if self.pos == 0 or markup[self.pos - 1] == "\n":
                self.line_start()
                if self.pos >= len(markup):
                    break
            char = markup[self.pos]
            if char == "\\":
                self.escape()
            elif char == "`":
                self.code()
            elif char in "*_~|":
                self.marker()
            elif char == "[" or (char == "!" and self.at(self.pos + 1) == "["):
                self.link()
            elif char == "]" and any(o.kind in {"text_link", "custom_emoji"} for o in self.stack):
                self.link_end()
            elif char in _RESERVED:
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                self.out.emit(char)
                self.pos += 1
        if self.stack:
            raise self.unclosed(self.stack[-1])
        if self.quote is not None:
            self.close_quote()
        return self.out.result()

    def line_start(self) -> None:
        markup = self.markup
        expandable = markup.startswith("**>", self.pos)
        if markup.startswith(">", self.pos) or expandable:
            if self.quote is None:
                kind = "expandable_blockquote" if expandable else "blockquote"
                self.quote = _Open(kind, self.out.offset, _byte_offset(markup, self.pos))
            self.pos += 3 if expandable else 1
        elif self.quote is not None and self.pos > 0:
            self.close_quote(before_newline=True)

    def close_quote(self, *, before_newline: bool = False) -> None:
        assert self.quote is not None
        end = self.out.offset - (1 if before_newline else 0)
        if end > self.quote.start:
            self.out.entities.append(
                {
                    "type": self.quote.kind,
                    "offset": self.quote.start,
                    "length": end - self.quote.start,
                }
            )
        self.quote = None

    def escape(self) -> None:
        following = self.at(self.pos + 1)
        if following and 1 <= ord(following) <= 126:
            self.out.emit(following)
            self.pos += 2
        else:
            self.out.emit("\\")
            self.pos += 1

    def marker(self) -> None:
        markup, index = self.markup, self.pos
        two = markup[index : index + 2]
        if two in {"__", "||"}:
            marker = two
        elif markup[index] == "|":
            raise EntityParseError(
                "Character '|' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            marker = markup[index]
        if (
            marker == "||"
            and self.quote is not None
            and self.quote.kind == "expandable_blockquote"
            and self.at(index + 2) in {"", "\n"}
            and not any(o.kind == "spoiler" for o in self.stack)
        ):
            self.pos += 2  # the expandability mark ends the quote
            self.close_quote()
            return
        kind = _MARKERS[marker]
        self.pos += len(marker)
        if self.stack and self.stack[-1].kind == kind:
            opened = self.stack.pop()
            self.out.entity(kind, opened.start)
        elif any(o.kind == kind for o in self.stack):
            raise self.unclosed(self.stack[-1])
        else:
            self.stack.append(_Open(kind, self.out.offset, _byte_offset(markup, index)))

    def code(self) -> None:
        markup, begin = self.markup, self.pos
        is_pre = markup.startswith("```", begin)
        index = begin + (3 if is_pre else 1)
        language = ""
        if is_pre:
            newline = markup.find("\n", index)
            first_line = markup[index:newline] if newline >= 0 else ""
            if newline >= 0 and first_line and " " not in first_line and "`" not in first_line:
                language, index = first_line, newline + 1
        start = self.out.offset
        closer = "```" if is_pre else "`"
        while True:
            if index >= len(markup):
                kind = "pre" if is_pre else "code"
                raise self.unclosed(_Open(kind, start, _byte_offset(markup, begin)))
            if markup[index] == "\\" and self.at(index + 1) in {"`", "\\"}:
                self.out.emit(markup[index + 1])
                index += 2
            elif markup.startswith(closer, index):
                break
            else:
                self.out.emit(markup[index])
                index += 1
        self.pos = index + len(closer)
        if is_pre:
            self.out.entity("pre", start, **({"language": language} if language else {}))
        else:
            self.out.entity("code", start)

    def link(self) -> None:
        kind = "custom_emoji" if self.markup[self.pos] == "!" else "text_link"
        self.stack.append(_Open(kind, self.out.offset, _byte_offset(self.markup, self.pos)))
        self.pos += 2 if kind == "custom_emoji" else 1

    def link_end(self) -> None:
        opened = self.stack[-1]
        if opened.kind not in {"text_link", "custom_emoji"}:
            raise self.unclosed(opened)
        self.stack.pop()
        markup, index = self.markup, self.pos + 1
        if self.at(index) != "(":
            if opened.kind == "custom_emoji":
                raise self.unclosed(opened)
            self.pos = index
            return
        index += 1
        url: list[str] = []
        while index < len(markup) and markup[index] != ")":
            if markup[index] == "\\" and self.at(index + 1) in {")", "\\"}:
                index += 1
            url.append(markup[index])
            index += 1
        if index >= len(markup):
            raise self.unclosed(opened)
        self.pos = index + 1
        target = "".join(url)
        if opened.kind == "custom_emoji":
            emoji_id = target.removeprefix("tg://emoji?id=")
            if emoji_id == target or not emoji_id.isdigit():
                raise EntityParseError("Custom emoji entity must have a valid tg://emoji?id= link")
            self.out.entity("custom_emoji", opened.start, custom_emoji_id=emoji_id)
        elif target:
            self.out.entity("text_link", opened.start, url=target)


def parse_markdown_v2(markup: str) -> FormattedText:
    """Parse MarkdownV2 into visible text and entities; raise `EntityParseError` if refused."""
    return _MarkdownV2Parser(markup).parse()


_LEGACY = MappingProxyType({"*": "bold", "_": "italic", "`": "code"})


def parse_markdown(markup: str) -> FormattedText:
    """Parse legacy Markdown (`*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, links)."""
    out = _Output()
    index = 0
    while index < len(markup):
        char = markup[index]
        if char == "\\" and markup[index + 1 : index + 2] in {"_", "*", "`", "["}:
            out.emit(markup[index + 1])
            index += 2
            continue
        if char not in "*_`[":
            out.emit(char)
            index += 1
            continue
        begin = index
        if markup.startswith("```", index):
            end = markup.find("```", index + 3)
            body = markup[index + 3 : end]
            kind, closer_len = "pre", 3
        elif char == "[":
            end = markup.find("]", index + 1)
            body = markup[index + 1 : end]
            kind, closer_len = "text_link", 1
        else:
            end = markup.find(char, index + 1)
            body = markup[index + 1 : end]
            kind, closer_len = _LEGACY[char], 1
        if end < 0:
            offset = _byte_offset(markup, begin)
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {offset}")
        start = out.offset
        out.emit(body)
        index = end + closer_len
        if kind == "text_link":
            if markup[index : index + 1] == "(" and (close := markup.find(")", index)) >= 0:
                out.entity("text_link", start, url=markup[index + 1 : close])
                index = close + 1
            continue
        out.entity(kind, start)
    return out.result()
