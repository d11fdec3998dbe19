"""Bot API methods that send, edit and delete messages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from telegram_fake.chats import ChatMessage
from telegram_fake.errors import MESSAGE_NOT_MODIFIED, ApiError, bad_request
from telegram_fake.files import MAX_UPLOAD_BYTES, StoredFile, UploadedFile
from telegram_fake.formatting import caption_text, message_text
from telegram_fake.keyboards import check_inline_markup, check_reply_markup
from telegram_fake.rich import check_rich_message, is_url
from telegram_fake.state import TelegramState

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MEDIA_GROUP_SIZE = range(2, 11)


def int_param(params: dict[str, Any], name: str, missing: str | None = None) -> int:
    """A required integer parameter."""
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(missing or f"{name} is empty")
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"invalid {name} specified")
    return value


def reply_markup_param(
    params: dict[str, Any], *, inline_only: bool = False
) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if markup is None or markup == "":
        return None
    return check_inline_markup(markup) if inline_only else check_reply_markup(markup)


def _inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


def _reply_to(state: TelegramState, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
    """The replied message (reply_parameters or reply_to_message_id), checked to exist."""
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        message_id, allow = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
        other_chat = reply.get("chat_id")
        if isinstance(other_chat, int):
            chat_id = other_chat
    else:
        message_id = params.get("reply_to_message_id")
        allow = bool(params.get("allow_sending_without_reply"))
    if message_id is None:
        return None
    if not isinstance(message_id, int):
        raise bad_request("invalid reply_parameters specified")
    replied = state.chats.message_json(chat_id, message_id)
    if replied is None and not allow:
        raise bad_request("message to be replied not found")
    return replied


def _receiver(state: TelegramState, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
    """The only reader of an ephemeral message (`ephemeral_message_parameters`), checked:
    group chats only, a member who is not a bot, a callback query of theirs if one is named."""
    given = params.get("ephemeral_message_parameters")
    if given is None or given == "":
        return None
    if state.ephemeral_refused:
        raise bad_request("ephemeral messages can't be sent in this chat")
    if not isinstance(given, dict) or not isinstance(given.get("receiver_user_id"), int):
        raise bad_request("can't parse ephemeral message parameters JSON object")
    if state.chats.chat(chat_id).get("type") not in ("group", "supergroup"):
        raise bad_request("ephemeral messages can be sent only to group and supergroup chats")
    user_id = int(given["receiver_user_id"])
    if user_id == state.bot_id or state.chat_members.get((chat_id, user_id)) in ("left", "kicked"):
        raise bad_request("receiver of the ephemeral message is not a member of the chat")
    query_id = given.get("callback_query_id")
    if query_id is not None:
        record = state.queries.get(str(query_id))
        if record is None or record.kind != "callback_query" or record.user_id != user_id:
            raise bad_request("callback query of the ephemeral message not found")
        if given.get("replace_callback_query_message") and record.from_ephemeral:
            raise bad_request("an ephemeral message can't replace an ephemeral message; "
                              "edit it with editEphemeralMessage… methods")
    return state.user(user_id)


def _new_message(state: TelegramState, chat_id: int, params: dict[str, Any]) -> ChatMessage:
    receiver = _receiver(state, chat_id, params)
    reply_to = _reply_to(state, chat_id, params)
    return ChatMessage(
        message_id=0 if receiver else state.chats.next_message_id(chat_id),
        chat=state.chats.chat(chat_id),
        sender=state.bot_user,
        date=state.chats.now(),
        parse_mode=params.get("parse_mode") or None,
        reply_to=reply_to,
        receiver=receiver,
        ephemeral_id=state.chats.next_ephemeral_id(chat_id) if receiver else None,
    )


def _file_name_of_url(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1] or "file"


def media_file(state: TelegramState, value: Any, kind: str, field: str) -> StoredFile:
    """An uploaded file, a known file_id, or an HTTP URL, stored as a Telegram file."""
    if isinstance(value, UploadedFile):
        if len(value.data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if not value.data:
            raise bad_request("file must be non-empty")
        content_type = (
            None if value.content_type == "application/octet-stream" else value.content_type
        )
        return state.files.add(
            value.data, kind=kind, file_name=value.filename, mime_type=content_type
        )
    if isinstance(value, str) and value:
        known = state.files.get(value)
        if known is not None:
            return known
        if urlsplit(value).scheme in {"http", "https"}:
            return state.files.add(b"", kind=kind, file_name=_file_name_of_url(value))
        raise bad_request("wrong file identifier/HTTP URL specified")
    raise bad_request(f"there is no {field} in the request")


def rich_content(state: TelegramState, params: dict[str, Any], *, editing: bool = False
                 ) -> dict[str, Any]:
    """`rich_message` checked (aiogram's types, the limits, what this server refuses) and
    turned into the RichMessage a message carries; its media become stored files."""

    def resolve(media: Any, kind: str) -> StoredFile:
        if editing and params.get("inline_message_id") and (
                not isinstance(media, str) or is_url(media)):
            raise bad_request("new files can't be uploaded when an inline message is edited")
        return media_file(state, media, kind, "media")

    return check_rich_message(params.get("rich_message"), resolve,
                              refused_blocks=state.refused_rich_blocks)


async def send_rich_message(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params)
    if params.get("rich_message") in (None, ""):
        raise bad_request("rich message is empty")
    rich = rich_content(state, params)
    markup = reply_markup_param(params)
    message = _new_message(state, chat_id, params)
    message.rich, message.reply_markup = rich, markup
    state.chats.add(message)
    return message.to_json()


async def send_message(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params)
    formatted = message_text(params, strict_ampersand=state.strict_html_ampersand)
    markup = reply_markup_param(params)
    message = _new_message(state, chat_id, params)
    message.text, message.raw, message.entities = (
        formatted.text,
        str(params["text"]),
        formatted.entities,
    )
    message.reply_markup = markup
    state.chats.add(message)
    return message.to_json()


async def _send_media(state: TelegramState, params: dict[str, Any], kind: str) -> Any:
    chat_id = state.target_chat(params)
    stored = media_file(state, params.get(kind), kind, kind)
    caption = caption_text(params, strict_ampersand=state.strict_html_ampersand)
    markup = reply_markup_param(params)
    message = _new_message(state, chat_id, params)
    if kind == "photo":
        message.photo = stored
    else:
        message.document = stored
    if caption is not None:
        message.caption, message.raw, message.entities = (
            caption.text,
            str(params["caption"]),
            caption.entities,
        )
    message.reply_markup = markup
    state.chats.add(message)
    return message.to_json()


async def send_document(state: TelegramState, params: dict[str, Any]) -> Any:
    return await _send_media(state, params, "document")


async def send_photo(state: TelegramState, params: dict[str, Any]) -> Any:
    return await _send_media(state, params, "photo")


async def send_media_group(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params)
    media = params.get("media")
    if not isinstance(media, list):
        raise bad_request("can't parse media JSON object")
    if len(media) not in MEDIA_GROUP_SIZE:
        raise bad_request("wrong number of media in the media group: must include 2-10 items")
    kinds = {item.get("type") if isinstance(item, dict) else None for item in media}
    if not kinds <= {"photo", "video", "document", "audio"}:
        raise bad_request("can't parse InputMedia JSON object")
    for alone in ("document", "audio"):
        if alone in kinds and len(kinds) > 1:
            raise bad_request(f"{alone} can't be mixed with other media types")
    group_id = str(10_000_000_000 + state.new_id())
    prepared: list[tuple[dict[str, Any], StoredFile, Any]] = []
    for item in media:
        kind = str(item["type"])
        stored = media_file(state, item.get("media"), "photo" if kind == "photo" else kind, "media")
        caption = caption_text(item, strict_ampersand=state.strict_html_ampersand)
        prepared.append((item, stored, caption))
    results = []
    for item, stored, caption in prepared:
        message = _new_message(state, chat_id, params)
        message.media_group_id = group_id
        if item["type"] == "photo":
            message.photo = stored
        else:
            message.document = stored
        if caption is not None:
            message.caption, message.raw, message.entities = (
                caption.text,
                str(item["caption"]),
                caption.entities,
            )
        state.chats.add(message)
        results.append(message.to_json())
    return results


def _edited_message(state: TelegramState, params: dict[str, Any]) -> ChatMessage | None:
    """The bot message an edit targets; None for inline messages (the fake does not keep them)."""
    if params.get("inline_message_id"):
        return None
    chat_id = state.target_chat(params, sending=False)
    message_id = int_param(params, "message_id", "message identifier is not specified")
    message = state.chats.bot_message(chat_id, message_id)
    if message is None:
        if state.chats.user_message(chat_id, message_id) is not None:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return message


def _touch(state: TelegramState, message: ChatMessage) -> Any:
    message.edit_date = state.chats.now()
    message.edits += 1
    return message.to_json()


def _edit_text(state: TelegramState, message: ChatMessage | None, params: dict[str, Any]) -> Any:
    """editMessageText and editEphemeralMessageText: new text or rich content (either may
    replace the other), and the keyboard."""
    if params.get("rich_message") not in (None, "") and params.get("text") not in (None, ""):
        raise bad_request("only one of text and rich_message can be specified")
    rich = None
    if params.get("rich_message") not in (None, ""):
        rich = rich_content(state, params, editing=True)
        formatted = None
    else:
        formatted = message_text(params, strict_ampersand=state.strict_html_ampersand)
    markup = reply_markup_param(params, inline_only=True)
    if message is None:
        return True
    if message.text is None and message.rich is None:
        raise bad_request("there is no text in the message to edit")
    same_content = (message.rich == rich if rich is not None else formatted is not None and (
        message.rich is None and message.text == formatted.text
        and message.entities == formatted.entities))
    if same_content and _inline_markup(message.reply_markup) == markup:
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    if rich is not None:
        message.rich, message.text, message.raw, message.entities = rich, None, None, ()
    elif formatted is not None:
        message.rich = None
        message.text, message.raw, message.entities = (
            formatted.text,
            str(params["text"]),
            formatted.entities,
        )
    message.parse_mode = params.get("parse_mode") or None
    message.reply_markup = markup
    return _touch(state, message)


async def edit_message_text(state: TelegramState, params: dict[str, Any]) -> Any:
    return _edit_text(state, _edited_message(state, params), params)


async def edit_message_caption(state: TelegramState, params: dict[str, Any]) -> Any:
    message = _edited_message(state, params)
    caption = caption_text(params, strict_ampersand=state.strict_html_ampersand)
    markup = reply_markup_param(params, inline_only=True)
    if message is None:
        return True
    if message.document is None and message.photo is None:
        raise bad_request("there is no caption in the message to edit")
    new_text = caption.text if caption else None
    new_entities = caption.entities if caption else ()
    if (
        message.caption == new_text
        and message.entities == new_entities
        and _inline_markup(message.reply_markup) == markup
    ):
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    message.caption, message.entities = new_text, new_entities
    message.raw = str(params["caption"]) if caption else None
    message.parse_mode = params.get("parse_mode") or None
    message.reply_markup = markup
    return _touch(state, message)


async def edit_message_reply_markup(state: TelegramState, params: dict[str, Any]) -> Any:
    message = _edited_message(state, params)
    markup = reply_markup_param(params, inline_only=True)
    if message is None:
        return True
    if _inline_markup(message.reply_markup) == markup:
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    message.reply_markup = markup
    return _touch(state, message)


async def delete_message(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params, sending=False)
    message_id = int_param(params, "message_id", "message identifier is not specified")
    if not state.chats.delete(chat_id, message_id):
        raise bad_request("message to delete not found")
    return True


async def delete_messages(state: TelegramState, params: dict[str, Any]) -> Any:
    chat_id = state.target_chat(params, sending=False)
    message_ids = params.get("message_ids")
    if not isinstance(message_ids, list) or not 1 <= len(message_ids) <= 100:
        raise bad_request("message_ids must be a non-empty Array of at most 100 identifiers")
    for message_id in message_ids:
        if isinstance(message_id, int):
            state.chats.delete(chat_id, message_id)
    return True


async def send_chat_action(state: TelegramState, params: dict[str, Any]) -> Any:
    state.target_chat(params)
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


# --- ephemeral messages (Bot API 10.2) -----------------------------------------------------------


def _ephemeral_target(state: TelegramState, params: dict[str, Any]) -> ChatMessage:
    """The ephemeral message an editEphemeralMessage…/deleteEphemeralMessage call names."""
    chat_id = state.target_chat(params, sending=False)
    receiver = int_param(params, "receiver_user_id")
    ephemeral_id = int_param(params, "ephemeral_message_id",
                             "ephemeral message identifier is not specified")
    message = state.chats.ephemeral(chat_id, ephemeral_id, receiver)
    if message is None:
        raise bad_request("ephemeral message not found")
    return message


async def edit_ephemeral_message_text(state: TelegramState, params: dict[str, Any]) -> Any:
    _edit_text(state, _ephemeral_target(state, params), params)
    return True


async def edit_ephemeral_message_caption(state: TelegramState, params: dict[str, Any]) -> Any:
    message = _ephemeral_target(state, params)
    caption = caption_text(params, strict_ampersand=state.strict_html_ampersand)
    markup = reply_markup_param(params, inline_only=True)
    if message.document is None and message.photo is None:
        raise bad_request("there is no caption in the message to edit")
    message.caption = caption.text if caption else None
    message.entities = caption.entities if caption else ()
    message.reply_markup = markup
    _touch(state, message)
    return True


async def edit_ephemeral_message_reply_markup(state: TelegramState,
                                              params: dict[str, Any]) -> Any:
    message = _ephemeral_target(state, params)
    markup = reply_markup_param(params, inline_only=True)
    if _inline_markup(message.reply_markup) == markup:
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    message.reply_markup = markup
    _touch(state, message)
    return True


async def delete_ephemeral_message(state: TelegramState, params: dict[str, Any]) -> Any:
    message = _ephemeral_target(state, params)
    assert message.ephemeral_id is not None and message.receiver is not None
    state.chats.delete_ephemeral(message.chat_id, message.ephemeral_id, message.receiver["id"])
    return True
