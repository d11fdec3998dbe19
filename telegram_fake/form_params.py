"""Decode a Bot API request the way Telegram does: form, multipart, JSON body or query string.

aiogram posts every parameter as a form field: strings as they are, numbers as their digits,
booleans as ``true``, nested objects (reply_markup, entities, ...) as JSON text, and files as
multipart parts referenced by ``attach://<name>``. Only the known JSON fields are decoded and only
the known numeric/boolean fields are cast, so a text such as ``"77"`` stays a string.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, ClientResponse, MultipartReader, web

from telegram_fake.errors import ApiError, bad_request
from telegram_fake.files import MAX_UPLOAD_BYTES, UploadedFile

JSON_FIELDS = frozenset(
    {
        "allowed_updates",
        "button",
        "caption_entities",
        "commands",
        "entities",
        "ephemeral_message_parameters",
        "explanation_entities",
        "input_message_content",
        "link_preview_options",
        "media",
        "menu_button",
        "message_ids",
        "options",
        "permissions",
        "prices",
        "question_entities",
        "reaction",
        "reply_markup",
        "reply_parameters",
        "results",
        "rich_message",
        "rights",
        "scope",
        "shipping_options",
    }
)
INT_FIELDS = frozenset(
    {
        "cache_time",
        "chat_id",
        "direct_messages_topic_id",
        "duration",
        "ephemeral_message_id",
        "from_chat_id",
        "height",
        "limit",
        "max_connections",
        "message_id",
        "message_thread_id",
        "offset",
        "receiver_user_id",
        "reply_to_message_id",
        "sender_chat_id",
        "timeout",
        "until_date",
        "user_id",
        "width",
    }
)
BOOL_FIELDS = frozenset(
    {
        "allow_paid_broadcast",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "disable_notification",
        "disable_web_page_preview",
        "drop_pending_updates",
        "for_channels",
        "has_spoiler",
        "is_personal",
        "only_if_banned",
        "protect_content",
        "revoke_messages",
        "show_alert",
        "show_caption_above_media",
        "supports_streaming",
    }
)
# Whole request bodies above this are refused before any handler runs.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
_INTEGER = re.compile(r"-?\d+")
_ATTACH = "attach://"


def _too_large() -> ApiError:
    return ApiError(413, "Request Entity Too Large")


def _cast(name: str, value: Any) -> Any:
    if name in JSON_FIELDS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None
    if name in INT_FIELDS and isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    if name in BOOL_FIELDS and isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    return value


def _resolve_attachments(value: Any, files: dict[str, UploadedFile], used: set[str]) -> Any:
    """Replace ``attach://name`` strings (also inside JSON fields) by the uploaded file."""
    if isinstance(value, str) and value.startswith(_ATTACH):
        name = value.removeprefix(_ATTACH)
        if name not in files:
            raise bad_request(f"file attachment {name!r} not found")
        used.add(name)
        return files[name]
    if isinstance(value, list):
        return [_resolve_attachments(item, files, used) for item in value]
    if isinstance(value, dict):
        return {key: _resolve_attachments(item, files, used) for key, item in value.items()}
    return value


async def read_parts(reader: MultipartReader) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Text fields and file parts of a multipart body (bounded by `MAX_REQUEST_BYTES`)."""
    fields: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    total = 0
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            raise bad_request("can't parse multipart request")
        chunks: list[bytes] = []
        while chunk := await part.read_chunk():
            total += len(chunk)
            if total > MAX_REQUEST_BYTES:
                raise _too_large()
            chunks.append(chunk)
        data = b"".join(chunks)
        if part.filename is not None:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files[part.name] = UploadedFile(part.filename, data, content_type)
        else:
            fields[part.name] = data.decode(part.get_charset(default="utf-8"))
    return fields, files


async def _read_raw_fields(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    if request.content_type == "multipart/form-data":
        return await read_parts(await request.multipart())
    if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
        raise _too_large()
    fields: dict[str, Any] = dict(request.query)
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise _too_large() from None
    if not body:
        return fields, {}
    if request.content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(decoded, dict):
            raise bad_request("JSON request body must be an object")
        fields.update(decoded)
        return fields, {}
    charset = request.charset or "utf-8"
    fields.update(parse_qsl(body.decode(charset), keep_blank_values=True))
    return fields, {}


def decode_params(raw: dict[str, Any], files: dict[str, UploadedFile]) -> dict[str, Any]:
    """Cast known fields and resolve ``attach://`` references (files as `UploadedFile`)."""
    params = {name: _cast(name, value) for name, value in raw.items() if name not in files}
    used: set[str] = set()
    params = {name: _resolve_attachments(value, files, used) for name, value in params.items()}
    for name, upload in files.items():  # a file sent directly as the field value
        if name not in used:
            params[name] = upload
    return params


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a Bot API request, decoded."""
    raw, files = await _read_raw_fields(request)
    return decode_params(raw, files)


async def read_webhook_reply(response: ClientResponse) -> tuple[str | None, dict[str, Any]]:
    """The Bot API method a bot returned in its webhook response (multipart or JSON), if any."""
    if response.content_type == "multipart/form-data":
        raw, files = await read_parts(MultipartReader(response.headers, response.content))
    elif response.content_type == "application/json":
        body = await response.json()
        if not isinstance(body, dict):
            return None, {}
        raw, files = dict(body), {}
    else:
        return None, {}
    method = raw.pop("method", None)
    return (str(method) if method else None), decode_params(raw, files)
