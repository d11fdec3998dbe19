"""Reply markup validation (inline and reply keyboards) with the Bot API's error wording."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from telegram_fake.errors import ApiError, bad_request

MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_BUTTON_TEXT = 4096
# Fields of InlineKeyboardButton of which exactly one must be used.
INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# An empty string is a valid value only for these (it means "empty query").
_EMPTY_ALLOWED = frozenset({"switch_inline_query", "switch_inline_query_current_chat"})
_URL_SCHEMES = frozenset({"http", "https", "tg", "ton"})


def _button_error(detail: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def _check_url(url: Any) -> None:
    if not isinstance(url, str):
        raise _button_error('Field "url" must be of type String')
    parts = urlsplit(url)
    if parts.scheme.lower() not in _URL_SCHEMES or (parts.scheme != "tg" and not parts.netloc):
        raise bad_request("BUTTON_URL_INVALID")


def _check_text(button: dict[str, Any]) -> None:
    if "text" not in button:
        raise _button_error('Can\'t find field "text"')
    text = button["text"]
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY: button text must be non-empty")
    if len(text) > MAX_BUTTON_TEXT:
        raise bad_request("BUTTON_TEXT_INVALID: button text is too long")


def check_inline_button(button: Any) -> None:
    """One InlineKeyboardButton: non-empty text and exactly one action field."""
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    _check_text(button)
    used = [
        name
        for name in INLINE_ACTIONS
        if name in button
        and button[name] is not None
        and (button[name] != "" or name in _EMPTY_ALLOWED)
    ]
    if not used:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(used) > 1:
        raise _button_error(f"exactly one of the optional fields must be used, got {used}")
    action = used[0]
    if action == "callback_data":
        data = button["callback_data"]
        if not isinstance(data, str):
            raise _button_error('Field "callback_data" must be of type String')
        if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        _check_url(button["url"])


def _rows(markup: dict[str, Any], field: str, kind: str) -> list[list[Any]]:
    rows = markup[field]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{field}" of the {kind} must be an Array of Arrays')
    return rows


def check_reply_markup(markup: Any) -> dict[str, Any]:
    """Validate a decoded `reply_markup`; return it unchanged when Telegram would accept it."""
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                check_inline_button(button)
    elif "keyboard" in markup:
        rows = _rows(markup, "keyboard", "ReplyKeyboardMarkup")
        for row in rows:
            for button in row:
                if isinstance(button, str):
                    if not button.strip():
                        raise bad_request("BUTTON_TEXT_EMPTY: button text must be non-empty")
                elif isinstance(button, dict):
                    _check_text(button)
                else:
                    raise bad_request(
                        "can't parse keyboard button: KeyboardButton must be an Object"
                    )
    elif markup.get("remove_keyboard") is not True and markup.get("force_reply") is not True:
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def check_inline_markup(markup: Any) -> dict[str, Any]:
    """Edits and media groups accept only inline keyboards."""
    checked = check_reply_markup(markup)
    if "inline_keyboard" not in checked:
        raise bad_request("inline keyboard expected")
    return checked


def button_rows(markup: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    """The inline (or reply) keyboard buttons of `markup`, as dicts, row by row."""
    if not markup:
        return []
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [
        [button if isinstance(button, dict) else {"text": str(button)} for button in row]
        for row in rows
    ]
