"""The Bot API methods the fake implements, looked up case-insensitively as Telegram does."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from telegram_fake import api_bot, api_messages
from telegram_fake.errors import ApiError
from telegram_fake.state import Handler

METHODS: Mapping[str, Handler] = MappingProxyType(
    {
        "getMe": api_bot.get_me,
        "logOut": api_bot.log_out,
        "close": api_bot.log_out,
        "getUpdates": api_bot.get_updates,
        "setWebhook": api_bot.set_webhook,
        "deleteWebhook": api_bot.delete_webhook,
        "getWebhookInfo": api_bot.get_webhook_info,
        "setMyCommands": api_bot.set_my_commands,
        "getMyCommands": api_bot.get_my_commands,
        "deleteMyCommands": api_bot.delete_my_commands,
        "setMyName": api_bot.set_profile("name"),
        "getMyName": api_bot.get_profile("name"),
        "setMyDescription": api_bot.set_profile("description"),
        "getMyDescription": api_bot.get_profile("description"),
        "setMyShortDescription": api_bot.set_profile("short_description"),
        "getMyShortDescription": api_bot.get_profile("short_description"),
        "setChatMenuButton": api_bot.set_chat_menu_button,
        "getChatMenuButton": api_bot.get_chat_menu_button,
        "sendMessage": api_messages.send_message,
        "sendRichMessage": api_messages.send_rich_message,
        "editMessageText": api_messages.edit_message_text,
        "editEphemeralMessageText": api_messages.edit_ephemeral_message_text,
        "editEphemeralMessageCaption": api_messages.edit_ephemeral_message_caption,
        "editEphemeralMessageReplyMarkup": api_messages.edit_ephemeral_message_reply_markup,
        "deleteEphemeralMessage": api_messages.delete_ephemeral_message,
        "editMessageReplyMarkup": api_messages.edit_message_reply_markup,
        "editMessageCaption": api_messages.edit_message_caption,
        "deleteMessage": api_messages.delete_message,
        "deleteMessages": api_messages.delete_messages,
        "answerCallbackQuery": api_bot.answer_callback_query,
        "answerInlineQuery": api_bot.answer_inline_query,
        "sendChatAction": api_messages.send_chat_action,
        "sendDocument": api_messages.send_document,
        "sendPhoto": api_messages.send_photo,
        "sendMediaGroup": api_messages.send_media_group,
        "getChat": api_bot.get_chat,
        "getChatMember": api_bot.get_chat_member,
        "leaveChat": api_bot.leave_chat,
        "getFile": api_bot.get_file,
    }
)
_BY_LOWER_NAME = MappingProxyType({name.lower(): name for name in METHODS})

# Calls that put something in front of the user in a chat (what UserSim waits for).
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendRichMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "editEphemeralMessageText",
        "editEphemeralMessageCaption",
        "editEphemeralMessageReplyMarkup",
    }
)
# What a Bot API server older than 10.1 (rich messages) or 10.2 (ephemeral messages) does not
# know: methods it answers 404, and parameters it ignores.
RICH_METHODS = frozenset({"sendRichMessage"})
EPHEMERAL_METHODS = frozenset({"editEphemeralMessageText", "editEphemeralMessageCaption",
                               "editEphemeralMessageReplyMarkup", "deleteEphemeralMessage"})
RICH_PARAMS = frozenset({"rich_message"})
EPHEMERAL_PARAMS = frozenset({"ephemeral_message_parameters"})


def canonical_name(method: str) -> str | None:
    """The documented spelling of `method`, or None when the fake does not implement it."""
    return _BY_LOWER_NAME.get(method.lower())


def method_not_found() -> ApiError:
    return ApiError(404, "Not Found: method not found")
