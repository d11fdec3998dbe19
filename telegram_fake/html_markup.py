"""Telegram's HTML parse mode: the tags it accepts, its error messages, and the visible text.

Rules follow the Bot API "HTML style" section and the server's observed behaviour:
tag and attribute names are case-insensitive, unknown attributes are ignored, tags may nest but
must be closed in order (`</>` closes the innermost tag), and error positions are UTF-8 byte
offsets into the markup. One deliberate difference: by default a `&` that does not start
`&lt;` `&gt;` `&amp;` `&quot;` or a numeric reference is refused (Telegram would keep it
literally), so unescaped dynamic text fails a test instead of rendering wrong in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from telegram_fake.formatted_text import (
    EntityParseError,
    FormattedText,
    sort_entities,
    utf16_len,
)

# tag -> entity type; span, blockquote and pre/code get special handling below
_TAG_ENTITIES = MappingProxyType(
    {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "span": "spoiler",
        "tg-spoiler": "spoiler",
        "a": "text_link",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
        "tg-time": "date_time",
    }
)
_NAMED_ENTITIES = MappingProxyType({"lt": "<", "gt": ">", "amp": "&", "quot": '"'})
_SPACES = frozenset(" \t\n\r\v\f")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_PLAIN_RUN = re.compile(r"[^<&]+")
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
_NAMED_REF = re.compile(r"&([A-Za-z]+);?")
_REFERENCE_SNIPPET = re.compile(r"&[^\s&<;]{0,12};?")


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the output
    language: str = ""  # set on <pre> by a nested <code class="language-x">
    text_start: int = 0  # index into the visible text, for <a> without href


def _byte_offset(markup: str, index: int) -> int:
    return len(markup[:index].encode("utf-8"))


def _decode_reference(markup: str, index: int, *, strict: bool) -> tuple[str, int] | None:
    """Decode the character reference at `markup[index] == "&"`: (character, end) or None."""
    numeric = _NUMERIC_REF.match(markup, index)
    if numeric and (strict is False or numeric.group(0).endswith(";")):
        code = int(numeric.group(1), 16) if numeric.group(1) else int(numeric.group(2))
        if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
            return chr(code), numeric.end()
        return None
    named = _NAMED_REF.match(markup, index)
    if named and named.group(1) in _NAMED_ENTITIES:
        if strict and not named.group(0).endswith(";"):
            return None
        return _NAMED_ENTITIES[named.group(1)], named.end()
    return None


class _HtmlParser:
    def __init__(self, markup: str, *, strict_ampersand: bool) -> None:
        self.markup = markup
        self.strict = strict_ampersand
        self.pos = 0
        self.out: list[str] = []
        self.offset = 0  # UTF-16 units emitted so far
        self.chars = 0  # Python characters emitted so far
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def fail(self, message: str) -> EntityParseError:
        return EntityParseError(message)

    def at(self, index: int) -> str:
        return self.markup[index] if index < len(self.markup) else ""

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.offset += utf16_len(text)
        self.chars += len(text)

    def parse(self) -> FormattedText:
        markup = self.markup
        while self.pos < len(markup):
            char = markup[self.pos]
            if char == "&":
                self.reference()
            elif char == "<":
                if self.at(self.pos + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                run = _PLAIN_RUN.match(markup, self.pos)
                assert run is not None
                self.emit(run.group(0))
                self.pos = run.end()
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return FormattedText("".join(self.out), sort_entities(self.entities))

    def reference(self) -> None:
        decoded = _decode_reference(self.markup, self.pos, strict=self.strict)
        if decoded is None:
            if self.strict:
                snippet = _REFERENCE_SNIPPET.match(self.markup, self.pos)
                assert snippet is not None
                raise self.fail(
                    f'Unsupported HTML entity "{snippet.group(0)}" at byte offset '
                    f'{_byte_offset(self.markup, self.pos)}; escape "&" as "&amp;"'
                )
            self.emit("&")
            self.pos += 1
            return
        char, self.pos = decoded
        self.emit(char)

    def skip_spaces(self, index: int) -> int:
        while self.at(index) in _SPACES:
            index += 1
        return index

    def start_tag(self) -> None:
        markup, begin = self.markup, self.pos
        where = f"at byte offset {_byte_offset(markup, begin)}"
        index = begin + 1
        while index < len(markup) and markup[index] not in _SPACES and markup[index] != ">":
            index += 1
        if index >= len(markup):
            raise self.fail(f"Unclosed start tag {where}")
        name = markup[begin + 1 : index].lower()
        if name not in _TAG_ENTITIES:
            raise self.fail(f'Unsupported start tag "{name}" {where}')
        attrs: dict[str, str] = {}
        while True:
            index = self.skip_spaces(index)
            if index >= len(markup):
                raise self.fail(f"Unclosed start tag {where}")
            if markup[index] == ">":
                break
            attr_begin = index
            while (
                index < len(markup) and markup[index] not in _SPACES and markup[index] not in "=>"
            ):
                index += 1
            attr_name = markup[attr_begin:index].lower()
            if not attr_name:
                raise self.fail(
                    "Expected equal sign in declaration of an attribute "
                    f'of the tag "{name}" {where}'
                )
            index = self.skip_spaces(index)
            if self.at(index) != "=":  # a flag such as <blockquote expandable>
                attrs[attr_name] = ""
                continue
            index = self.skip_spaces(index + 1)
            if index >= len(markup):
                raise self.fail(f"Unclosed start tag {where}")
            value, index = self.attribute_value(index, where)
            attrs[attr_name] = value
        self.pos = index + 1
        self.open_tag(name, attrs, where)

    def attribute_value(self, index: int, where: str) -> tuple[str, int]:
        markup = self.markup
        quote = markup[index]
        if quote not in "'\"":
            token = _NAME_TOKEN.match(markup, index)
            assert token is not None
            end = token.end()
            if self.at(end) not in _SPACES and self.at(end) != ">":
                raise self.fail(
                    f"Unexpected end of name token at byte offset {_byte_offset(markup, index)}"
                )
            return token.group(0).lower(), end
        index += 1
        value: list[str] = []
        while index < len(markup) and markup[index] != quote:
            if markup[index] == "&":
                decoded = _decode_reference(markup, index, strict=False)
                if decoded is not None:
                    value.append(decoded[0])
                    index = decoded[1]
                    continue
            value.append(markup[index])
            index += 1
        if index >= len(markup):
            raise self.fail(f"Unclosed start tag {where}")
        return "".join(value), index + 1

    def open_tag(self, name: str, attrs: dict[str, str], where: str) -> None:
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self.fail(f'Tag "span" must have class "tg-spoiler" {where}')
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise self.fail(f'Custom emoji entity must have a valid "emoji-id" {where}')
        if name == "tg-time" and not attrs.get("unix", "").isdigit():
            raise self.fail(f'Tag "tg-time" must have a valid "unix" attribute {where}')
        self.stack.append(_OpenTag(name, attrs, self.offset, text_start=self.chars))

    def end_tag(self) -> None:
        markup, begin = self.markup, self.pos
        where = f"at byte offset {_byte_offset(markup, begin)}"
        index = begin + 2
        while index < len(markup) and markup[index] not in _SPACES and markup[index] != ">":
            index += 1
        name = markup[begin + 2 : index].lower()
        index = self.skip_spaces(index)
        if self.at(index) != ">":
            raise self.fail(f"Unclosed end tag {where}")
        if not self.stack:
            raise self.fail(f"Unexpected end tag {where}")
        top = self.stack[-1]
        if name and name != top.name:
            raise self.fail(
                f'Unmatched end tag {where}, expected "</{top.name}>", found "</{name}>"'
            )
        self.stack.pop()
        self.pos = index + 1
        self.close(top)

    def close(self, tag: _OpenTag) -> None:
        length = self.offset - tag.start
        parent = self.stack[-1] if self.stack else None
        language = tag.attrs.get("class", "")
        if (
            tag.name == "code"
            and parent is not None
            and parent.name == "pre"
            and parent.start == tag.start
            and language.startswith("language-")
        ):
            parent.language = language.removeprefix("language-")
            return
        if length == 0:
            return
        entity: dict[str, Any] = {
            "type": _TAG_ENTITIES[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            entity["url"] = tag.attrs.get("href") or "".join(self.out)[tag.text_start :]
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attrs["emoji-id"]
        elif tag.name == "tg-time":
            entity["unix_time"] = int(tag.attrs["unix"])
            if tag.attrs.get("format"):
                entity["date_time_format"] = tag.attrs["format"]
        self.entities.append(entity)


def parse_html(markup: str, *, strict_ampersand: bool = True) -> FormattedText:
    """Parse Telegram HTML into visible text and entities; raise `EntityParseError` if refused."""
    return _HtmlParser(markup, strict_ampersand=strict_ampersand).parse()


def strip_html(markup: str) -> str:
    """What the user sees for `markup`: tags removed and character references decoded."""
    return parse_html(markup, strict_ampersand=False).text
