"""A text of the catalog: a Fluent message id (and its values), said in any language.

The catalog's texts live in `bot/locales/<language>/catalog.ftl` and `fields.ftl`, found by
the entry they belong to (`bot.keitaro.catalog.texts` has the convention); a `Text` names one.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from bot.i18n.texts import LANGS, plain


class Text(NamedTuple):
    """A text by its Fluent id; a value that is a `Text` too is said in the same language."""

    id: str
    values: tuple[tuple[str, Any], ...] = ()

    def get(self, lang: str) -> str:
        """Plain text (not escaped) in `lang`."""
        return plain(lang, self.id, **{name: value.get(lang) if isinstance(value, Text)
                                        else value for name, value in self.values})

    def every(self) -> tuple[str, ...]:
        """The text in every language the bot speaks (to recognise what a person types)."""
        return tuple(self.get(lang) for lang in LANGS)


L = Text  # the name the catalog's texts had when they were English/Russian pairs
