"""The Bot API session: aiogram's aiohttp session with a faster form, checked for secrets.

aiogram sends a call without files as an `application/x-www-form-urlencoded` form: every
field through its `prepare_value`, a recursive visit of every value of a rich message's
blocks and a keyboard's buttons, then `urllib.parse.urlencode`, a Python step for every
byte. Here the same fields are made from one `model_dump` (Nones left out, as aiogram leaves
them out), each object or list written by one `json.dumps` (UTF-8 as it is: the same JSON
value as aiogram's), and the form url-encoded by yarl's quoter (aiohttp's own URL library,
in C). A value only `prepare_value` knows (a bot default, a file, a date) goes through it;
a call with files is left to aiogram (multipart).

The secrets check (`Scrubber`) is made here, on the text that is sent: one search of each
field; only a call where something is found is scrubbed value by value and made again.
"""

from __future__ import annotations

import json
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.types import InputFile
from aiohttp import FormData
from aiohttp.payload import BytesPayload, Payload
from yarl import URL

from bot.telegram_scrub import Scrubber

FORM = "application/x-www-form-urlencoded"


class UrlEncodedForm(FormData):
    """A form of text fields, url-encoded by yarl when aiohttp asks for its body."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        super().__init__(quote_fields=False)
        self.fields = fields

    def __call__(self) -> Payload:
        body = URL.build(query=self.fields).raw_query_string if self.fields else ""
        return BytesPayload(body.encode(), content_type=FORM)


class _Unusual(Exception):
    """A value inside an object that plain JSON does not hold (a bot default, a file)."""


def _unusual(value: Any) -> Any:
    raise _Unusual


class BotSession(AiohttpSession):
    """`AiohttpSession` whose calls without files are sent as `UrlEncodedForm`; with a
    `scrubber`, every call is checked for secrets here (the guard leaves it to the session)."""

    def __init__(self, *args: Any, scrubber: Scrubber | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scrubber = scrubber

    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> FormData:
        form = self._fields(bot, method)
        if self.scrubber is not None and (
                form is None or form[1] is None
                or not self.scrubber.clean_form(method, form[0], form[1])):
            self.scrubber.scrub(method)
            form = self._fields(bot, method)
        if form is None:
            return super().build_form_data(bot, method)
        return UrlEncodedForm(form[0])

    def _fields(self, bot: Bot, method: TelegramMethod[Any]
                ) -> tuple[list[tuple[str, str]], frozenset[str] | None] | None:
        """The form's text fields and the names of those written as JSON here (None when
        aiogram wrote one: its JSON escapes every character past ASCII, so what is in it is
        not known from one search), or None when the call carries files."""
        files: dict[str, InputFile] = {}
        fields: list[tuple[str, str]] = []
        json_fields: set[str] | None = set()
        plain_json = self.json_dumps is json.dumps
        for key, value in method.model_dump(warnings=False, exclude_none=True).items():
            prepared: Any = None
            if plain_json and isinstance(value, dict | list):
                try:
                    prepared = json.dumps(value, ensure_ascii=False, default=_unusual)
                    if json_fields is not None:
                        json_fields.add(key)
                except _Unusual:
                    json_fields = None
            elif not isinstance(value, str | int | float | bool | Default):
                json_fields = None  # a file, a date: left to aiogram, and checked the long way
            if prepared is None:
                prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:  # as aiogram: nothing sent for None or an empty value
                # the text itself, also of a str enum (`ParseMode.HTML` → "HTML")
                text = str.__str__(prepared) if isinstance(prepared, str) else str(prepared)
                fields.append((key, text))
        if files:
            return None
        return fields, None if json_fields is None else frozenset(json_fields)
