"""Secrets kept out of every Bot API call: the redactor run over what the bot sends.

`Scrubber.scrub` visits every string of a call (texts, captions, button labels and URLs,
media, command descriptions, file names) and replaces secrets; button labels also lose bidi
and invisible controls. `Scrubber.clean_form` is the cheap question asked first, on the form
the session is about to send (`bot.telegram_session`): one search of each field's final text.
"""

from __future__ import annotations

import re
from typing import Any

from aiogram.methods import TelegramMethod
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InputFile,
    KeyboardButton,
    TelegramObject,
)

from bot.keitaro.masking import Redactor
from bot.render.text import INVISIBLE, strip_invisible

TEXT_FILES = (".json", ".csv", ".txt")
# setWebhook hands Telegram the secret it must send back; nothing else is exempt
UNSCRUBBED_METHODS = frozenset({"SetWebhook"})
BUTTONS = (InlineKeyboardButton, KeyboardButton)
_SCALARS = frozenset({int, float, bool})
# what an invisible control looks like in a JSON text: itself, or a C0 control's escape
# (`\u0001`, `\b`, `\f`, `\r`; `\n` and `\t` stay in a label)
_INVISIBLE_IN_JSON = re.compile(rf"{INVISIBLE.pattern}|\\u00[01][0-9a-fA-F]|\\[bfr]")


class Scrubber:
    """The redactor applied to outgoing Bot API calls."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def clean_form(self, method: TelegramMethod[Any], fields: list[tuple[str, str]],
                   json_fields: frozenset[str]) -> bool:
        """Whether the form `fields` of `method` needs no scrubbing: no secret nor URL login
        in any field's text, no invisible control in a JSON field (where button labels are),
        and no secret JSON would write escaped. False sends the call the long way
        (`scrub`, then a new form): a false alarm costs time, never a leak."""
        if type(method).__name__ in UNSCRUBBED_METHODS:
            return True
        if json_fields and self.redactor.json_escaped:  # not found as it is in JSON
            return False
        for key, text in fields:
            if self.redactor.touches(text):
                return False
            if key in json_fields and _INVISIBLE_IN_JSON.search(text):
                return False
        return True

    def scrub(self, method: TelegramMethod[Any]) -> None:
        """Every string of the call, at any depth, scrubbed of secrets; button labels also of
        bidi and invisible controls. Files are scrubbed where they are made; small text files
        in memory are checked once more here."""
        if type(method).__name__ in UNSCRUBBED_METHODS:
            return
        for name, value in method:
            cleaned = self._clean(value)
            if cleaned is not value:
                setattr(method, name, cleaned)

    def _clean(self, value: Any, *, label: bool = False) -> Any:
        """`value` scrubbed: the same object when nothing changed, else a changed copy."""
        if value is None or type(value) in _SCALARS:  # most fields of a button: nothing to do
            return value
        if isinstance(value, str):
            cleaned = self.redactor(value)
            if label:
                cleaned = strip_invisible(cleaned)
            return value if cleaned == value else cleaned
        if isinstance(value, TelegramObject):
            button = isinstance(value, BUTTONS)
            changes = {}
            for name, item in value:
                cleaned = self._clean(item, label=button and name == "text")
                if cleaned is not item:
                    changes[name] = cleaned
            return value.model_copy(update=changes) if changes else value
        if isinstance(value, list | dict) and not label and self._untouched(value):
            return value  # a rich message's JSON blocks: one search, not a visit to each string
        if isinstance(value, list | tuple):
            items = [self._clean(item) for item in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                return value
            return type(value)(items)
        if isinstance(value, dict):
            cleaned_dict = {k: self._clean(v) for k, v in value.items()}
            if all(cleaned_dict[k] is v for k, v in value.items()):
                return value
            return cleaned_dict
        if isinstance(value, InputFile):
            self._clean_file(value)
        return value

    def _untouched(self, value: list[Any] | dict[Any, Any]) -> bool:
        """Whether a list or dict needs no scrubbing: no secret in its JSON text, and no file
        (files are scrubbed where they are, `_clean_file`) nor object of aiogram's inside."""
        plain = True

        def other(item: Any) -> str:
            nonlocal plain
            plain = False  # a file or a TelegramObject: visited one by one
            return ""

        return self.redactor.untouched(value, default=other) and plain

    def _clean_file(self, file: InputFile) -> None:
        if file.filename:
            file.filename = self.redactor(file.filename)
        if isinstance(file, BufferedInputFile) and (file.filename or "").endswith(TEXT_FILES):
            text = file.data.decode("utf-8", errors="replace")
            cleaned = self.redactor(text)
            if cleaned != text:
                file.data = cleaned.encode("utf-8")
