"""A text in both languages the bot speaks."""

from __future__ import annotations

from typing import NamedTuple


class L(NamedTuple):
    """A text in English and Russian."""

    en: str
    ru: str

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en
