"""Bot API methods about the bot itself, updates, webhooks, commands, queries, chats and files."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from aiogram.types import InlineQueryResultUnion
from pydantic import TypeAdapter, ValidationError

from telegram_fake.api_messages import int_param
from telegram_fake.errors import QUERY_TOO_OLD, ApiError, bad_request
from telegram_fake.files import MAX_DOWNLOAD_BYTES
from telegram_fake.formatting import message_text
from telegram_fake.keyboards import check_inline_markup
from telegram_fake.rich import check_rich_message, only_uploaded
from telegram_fake.state import Handler, QueryRecord, TelegramState, WebhookConfig, scope_key

MAX_CALLBACK_ANSWER = 200
MAX_INLINE_RESULTS = 50
MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PROFILE_LIMITS = MappingProxyType({"name": 64, "description": 512, "short_description": 120})
_INLINE_RESULT: TypeAdapter[Any] = TypeAdapter(InlineQueryResultUnion)


async def get_me(state: TelegramState, params: dict[str, Any]) -> Any:
    return {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
        **state.bot_user,
    }


async def log_out(state: TelegramState, params: dict[str, Any]) -> Any:
    return True


async def get_updates(state: TelegramState, params: dict[str, Any]) -> Any:
    allowed = params.get("allowed_updates")
    timeout = params.get("timeout")
    offset, limit = params.get("offset"), params.get("limit")
    return await state.updates.get_updates(
        offset=offset if isinstance(offset, int) else None,
        limit=limit if isinstance(limit, int) else None,
        timeout=float(timeout) if isinstance(timeout, int | float) else None,
        allowed_updates=allowed if isinstance(allowed, list) else None,
    )


async def set_webhook(state: TelegramState, params: dict[str, Any]) -> Any:
    url = str(params.get("url") or "")
    if params.get("drop_pending_updates"):
        state.updates.pending.clear()
    if not url:
        state.set_webhook(None)
        return True
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list):
        state.updates.allowed_updates = [str(kind) for kind in allowed]
    max_connections = params.get("max_connections")
    state.set_webhook(
        WebhookConfig(
            url=url,
            secret_token=str(secret) if secret is not None else None,
            allowed_updates=allowed if isinstance(allowed, list) else None,
            max_connections=max_connections if isinstance(max_connections, int) else 40,
        )
    )
    return True


async def delete_webhook(state: TelegramState, params: dict[str, Any]) -> Any:
    if params.get("drop_pending_updates"):
        state.updates.pending.clear()
    state.set_webhook(None)
    return True


async def get_webhook_info(state: TelegramState, params: dict[str, Any]) -> Any:
    webhook = state.webhook
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates.pending),
    }
    if webhook is not None:
        info["max_connections"] = webhook.max_connections
        info["ip_address"] = "127.0.0.1"
        if webhook.allowed_updates is not None:
            info["allowed_updates"] = webhook.allowed_updates
        if webhook.last_error_date is not None:
            info["last_error_date"] = webhook.last_error_date
            info["last_error_message"] = webhook.last_error_message
    return info


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    language = str(params.get("language_code") or "")
    if language and not _LANGUAGE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return scope_key(params.get("scope")), language


async def set_my_commands(state: TelegramState, params: dict[str, Any]) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    checked: list[dict[str, Any]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name, "description": description})
    state.commands[_commands_key(params)] = checked
    return True


async def get_my_commands(state: TelegramState, params: dict[str, Any]) -> Any:
    return list(state.commands.get(_commands_key(params), []))


async def delete_my_commands(state: TelegramState, params: dict[str, Any]) -> Any:
    state.commands.pop(_commands_key(params), None)
    return True


def set_profile(field: str) -> Handler:
    """setMyName / setMyDescription / setMyShortDescription."""

    async def handler(state: TelegramState, params: dict[str, Any]) -> Any:
        value = str(params.get(field) or "")
        if len(value) > _PROFILE_LIMITS[field]:
            raise bad_request(f"bot {field.replace('_', ' ')} is too long")
        state.profile[(field, str(params.get("language_code") or ""))] = value
        return True

    return handler


def get_profile(field: str) -> Handler:
    """getMyName / getMyDescription / getMyShortDescription."""

    async def handler(state: TelegramState, params: dict[str, Any]) -> Any:
        language = str(params.get("language_code") or "")
        value = state.profile.get((field, language), state.profile.get((field, ""), ""))
        if field == "name" and not value:
            value = str(state.bot_user.get("first_name", ""))
        return {field: value}

    return handler


async def set_chat_menu_button(state: TelegramState, params: dict[str, Any]) -> Any:
    button = params.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse MenuButton JSON object")
    chat_id = params.get("chat_id")
    state.menu_buttons[chat_id if isinstance(chat_id, int) else None] = button
    return True


async def get_chat_menu_button(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = params.get("chat_id")
    key = chat_id if isinstance(chat_id, int) else None
    return state.menu_buttons.get(key) or state.menu_buttons.get(None) or {"type": "default"}


def _open_query(state: TelegramState, query_id: Any, kind: str) -> QueryRecord:
    record = state.queries.get(str(query_id)) if query_id else None
    if record is None or record.kind != kind or record.answer is not None:
        raise ApiError(400, QUERY_TOO_OLD)
    return record


async def answer_callback_query(state: TelegramState, params: dict[str, Any]) -> Any:
    record = _open_query(state, params.get("callback_query_id"), "callback_query")
    text = params.get("text")
    if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answer = dict(params)
    return True


async def answer_inline_query(state: TelegramState, params: dict[str, Any]) -> Any:
    record = _open_query(state, params.get("inline_query_id"), "inline_query")
    results = params.get("results")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict) or not isinstance(result.get("type"), str):
            raise bad_request("can't parse InlineQueryResult JSON object")
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode()) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        _check_inline_result(state, result)
    record.answer = dict(params)
    return True


def _check_inline_result(state: TelegramState, result: dict[str, Any]) -> None:
    """One result checked against aiogram's types; its message content as a message would be
    (text and parse mode, or a rich message, which may use only files uploaded before), and
    its keyboard. A server older than Bot API 10.1 does not know rich content: to it such a
    content has no text."""
    try:
        _INLINE_RESULT.validate_python(result)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise bad_request(f"can't parse InlineQueryResult JSON object: {where}: "
                          f"{first['msg']}") from None
    content = result.get("input_message_content")
    if isinstance(content, dict):
        if "rich_message" in content and state.rich_methods:
            check_rich_message(content["rich_message"], only_uploaded(state.files.get),
                               refused_blocks=state.refused_rich_blocks)
        else:
            message_text(content if "message_text" not in content else
                         {**content, "text": content["message_text"]},
                         strict_ampersand=state.strict_html_ampersand)
    if result.get("reply_markup") is not None:
        check_inline_markup(result["reply_markup"])


async def get_chat(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params, sending=False)
    return {
        **state.chats.chat(chat_id),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


_ADMIN_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
)


async def get_chat_member(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params, sending=False)
    user_id = int_param(params, "user_id")
    status = state.chat_members.get((chat_id, user_id), "member")
    member: dict[str, Any] = {"status": status, "user": state.user(user_id)}
    if status == "administrator":
        member.update(dict.fromkeys(_ADMIN_RIGHTS, False))
        member["can_manage_chat"] = True
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in {"member", "left"}:
        raise bad_request(f"the fake does not model chat member status {status!r}")
    return member


async def leave_chat(state: TelegramState, params: dict[str, Any]) -> Any:
    state.target_chat(params, sending=False)
    return True


async def get_file(state: TelegramState, params: dict[str, Any]) -> Any:
    file_id = params.get("file_id")
    stored = state.files.get(str(file_id)) if file_id else None
    if stored is None:
        raise bad_request("wrong file_id or the file is temporarily unavailable")
    if stored.file_size > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return stored.file_json()
