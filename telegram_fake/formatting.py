"""Turn `text`/`caption` with `parse_mode` or entities into what the user sees, within limits."""

from __future__ import annotations

from typing import Any

from telegram_fake.errors import bad_request
from telegram_fake.formatted_text import (
    EntityParseError,
    FormattedText,
    check_explicit_entities,
)
from telegram_fake.html_markup import parse_html
from telegram_fake.markdown_markup import parse_markdown, parse_markdown_v2

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def render(
    text: str, parse_mode: Any, entities: Any, *, strict_ampersand: bool = True
) -> FormattedText:
    """Parse `text` as Telegram would (explicit entities win over `parse_mode`), then trim it."""
    try:
        if entities:
            parsed = check_explicit_entities(text, entities)
        elif not parse_mode:
            parsed = FormattedText(text)
        else:
            mode = str(parse_mode).lower()
            if mode == "html":
                parsed = parse_html(text, strict_ampersand=strict_ampersand)
            elif mode == "markdownv2":
                parsed = parse_markdown_v2(text)
            elif mode == "markdown":
                parsed = parse_markdown(text)
            else:
                raise bad_request("unsupported parse_mode")
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from error
    return parsed.trimmed()


def message_text(params: dict[str, Any], *, strict_ampersand: bool = True) -> FormattedText:
    """The `text` of sendMessage/editMessageText: 1-4096 UTF-16 units after parsing."""
    raw = params.get("text")
    if raw is None or raw == "":
        raise bad_request("message text is empty")
    parsed = render(
        str(raw),
        params.get("parse_mode"),
        params.get("entities"),
        strict_ampersand=strict_ampersand,
    )
    if not parsed.text:
        raise bad_request("message text is empty")
    if parsed.length > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return parsed


def caption_text(params: dict[str, Any], *, strict_ampersand: bool = True) -> FormattedText | None:
    """The optional `caption` of a media message: at most 1024 UTF-16 units after parsing."""
    raw = params.get("caption")
    if raw is None or raw == "":
        return None
    parsed = render(
        str(raw),
        params.get("parse_mode"),
        params.get("caption_entities"),
        strict_ampersand=strict_ampersand,
    )
    if parsed.length > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed if parsed.text else None
