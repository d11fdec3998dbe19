"""Text with message entities, measured the way Telegram measures it (UTF-16 code units)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Telegram trims these from both ends of a message text or caption.
_TRIMMED = " \t\n\r\v\f"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what Telegram's limits and entity offsets count."""
    return len(text.encode("utf-16-le")) // 2


class EntityParseError(ValueError):
    """Markup that Telegram refuses: `Bad Request: can't parse entities: <message>`."""


@dataclass(frozen=True)
class FormattedText:
    """Visible text plus its entities (dicts in Bot API shape, offsets in UTF-16 units)."""

    text: str
    entities: tuple[dict[str, Any], ...] = field(default=())

    @property
    def length(self) -> int:
        """UTF-16 length of the visible text."""
        return utf16_len(self.text)

    def trimmed(self) -> FormattedText:
        """Strip surrounding whitespace as Telegram does, shifting and clipping entities."""
        stripped = self.text.strip(_TRIMMED)
        if stripped == self.text:
            return self
        lead = utf16_len(self.text[: len(self.text) - len(self.text.lstrip(_TRIMMED))])
        size = utf16_len(stripped)
        entities: list[dict[str, Any]] = []
        for entity in self.entities:
            start = max(int(entity["offset"]) - lead, 0)
            end = min(int(entity["offset"]) + int(entity["length"]) - lead, size)
            if end > start:
                entities.append({**entity, "offset": start, "length": end - start})
        return FormattedText(stripped, tuple(entities))


def sort_entities(entities: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Telegram's order: by offset, longer (outer) entities first."""
    return tuple(sorted(entities, key=lambda e: (int(e["offset"]), -int(e["length"]))))


def check_explicit_entities(text: str, entities: Any) -> FormattedText:
    """Validate `entities`/`caption_entities` sent instead of a parse mode."""
    if not isinstance(entities, list):
        raise EntityParseError("entities must be an Array")
    size = utf16_len(text)
    checked: list[dict[str, Any]] = []
    for number, entity in enumerate(entities):
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise EntityParseError(f"entity {number} must be an object with a type")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise EntityParseError(f"entity {number} has a wrong offset or length")
        if offset + length > size:
            raise EntityParseError(f"entity {number} is beyond the end of the text")
        if length > 0:
            checked.append(dict(entity))
    return FormattedText(text, sort_entities(checked))
