"""/alerts: new conversions and threshold rules, posted to the chat that subscribed."""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import AlertCB
from bot.chat_gate import may_manage
from bot.i18n import Html, t
from bot.keitaro.client import KeitaroClient
from bot.keitaro.params import InputError, parse_id
from bot.notify.alerts import latest_conversion_id
from bot.notify.commands import LineError, parse_alert
from bot.notify.models import ConversionAlert, Rule, now_utc
from bot.notify.store import RecordStore

PRESETS = {"spend": "50", "roi": "-20", "clicks": "50"}
KINDS = ("conversion_alerts", "rules")


def describe(kind: str, data: dict[str, Any], lang: str) -> str:
    if kind == "conversion_alerts":
        parts = []
        if data.get("statuses"):
            parts.append(",".join(data["statuses"]))
        if data.get("campaign_ids"):
            parts.append("campaign=" + ",".join(str(i) for i in data["campaign_ids"]))
        if data.get("offer_ids"):
            parts.append("offer=" + ",".join(str(i) for i in data["offer_ids"]))
        filters = f" ({'; '.join(parts)})" if parts else ""
        return t(lang, "alerts.item_conversions", id=data["id"], filters=filters, paused="")
    rule = t(lang, f"alerts.rule_{data['kind']}", threshold=f"{data.get('threshold', 0):g}",
             hours=data.get("hours", 6))
    return t(lang, "alerts.item_rule", id=data["id"], rule=Html(rule), paused="")


async def chat_alerts(records: RecordStore, chat_id: int) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for kind in KINDS:
        for record_id, data in (await records.all(kind)).items():
            if data.get("chat_id") == chat_id:
                found.append((kind, {**data, "id": record_id}))
    return sorted(found, key=lambda item: item[1]["id"])


async def listing(records: RecordStore, chat: Chat, role: Role, lang: str
                  ) -> tuple[str, InlineKeyboardMarkup]:
    alerts = await chat_alerts(records, chat.id)
    lines = [t(lang, "alerts.list_title")]
    if not alerts:
        lines.append(t(lang, "alerts.list_empty"))
    builder = InlineKeyboardBuilder()
    for kind, data in alerts:
        prefix = "" if data.get("enabled", True) else "⏸ "
        lines.append(prefix + describe(kind, data, lang))
        if may_manage(chat, role):
            builder.button(text=t(lang, "alerts.button_remove", id=data["id"]),
                           callback_data=AlertCB(action="rm", value=f"{kind[0]}{data['id']}"))
    if may_manage(chat, role):
        builder.button(text=t(lang, "alerts.button_conversions"),
                       callback_data=AlertCB(action="conv"))
        builder.button(text=t(lang, "alerts.button_sales"), callback_data=AlertCB(action="sales"))
        for action, value in PRESETS.items():
            builder.button(text=t(lang, f"alerts.button_{action}", value=value),
                           callback_data=AlertCB(action=action, value=value))
        builder.button(text=t(lang, "alerts.button_down"), callback_data=AlertCB(action="down"))
    builder.adjust(2)
    lines.append("\n" + t(lang, "alerts.help"))
    return "\n".join(lines), builder.as_markup()


async def create(records: RecordStore, client: KeitaroClient, chat_id: int, user_id: int,
                 lang: str, line: str) -> str:
    """Save the alert a line describes; returns the confirmation text."""
    kind, fields = parse_alert(line)
    if kind == "conversions":
        alert = ConversionAlert(chat_id=chat_id, created_by=user_id, lang=lang, **fields)
        alert.last_seen = await latest_conversion_id(client, now_utc())
        store, data = "conversion_alerts", alert.model_dump(exclude={"id"}, mode="json")
    else:
        rule = Rule(chat_id=chat_id, created_by=user_id, lang=lang, **fields)
        store, data = "rules", rule.model_dump(exclude={"id"}, mode="json")
    record_id = await records.new_id("alerts")  # one numbering for both kinds
    await records.put(store, record_id, data)
    return t(lang, "alerts.saved", id=record_id,
             what=Html(describe(store, {**data, "id": record_id}, lang).split(" · ", 1)[-1]))


def build_router() -> Router:
    router = Router(name="alerts")

    @router.message(Command("alerts"))
    async def alerts(message: Message, command: CommandObject, records: RecordStore,
                     keitaro: KeitaroClient, event_from_user: User, role: Role,
                     lang: str) -> None:
        sub, _, rest = (command.args or "").strip().partition(" ")
        sub = sub.lower()
        chat = message.chat
        if sub in ("", "list"):
            text, markup = await listing(records, chat, role, lang)
            await message.answer(text, reply_markup=markup)
            return
        if not may_manage(chat, role):
            await message.answer(t(lang, "notify.not_allowed"))
            return
        if sub == "add":
            try:
                text = await create(records, keitaro, chat.id, event_from_user.id, lang, rest)
            except (LineError, ValueError) as exc:
                key = exc.key if isinstance(exc, LineError) else "digest.bad_word"
                details = exc.details if isinstance(exc, LineError) else {"word": rest}
                await message.answer(t(lang, "alerts.bad_line",
                                       problem=Html(t(lang, key, **details))))
                return
            await message.answer(text)
            return
        if sub in ("off", "remove", "delete"):
            try:
                ident = parse_id(rest)
            except InputError:
                await message.answer(t(lang, "alerts.help"))
                return
            await message.answer(await remove(records, chat.id, ident, lang))
            return
        text, markup = await listing(records, chat, role, lang)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(AlertCB.filter())
    async def buttons(query: CallbackQuery, callback_data: AlertCB, records: RecordStore,
                      keitaro: KeitaroClient, bot: Bot, event_from_user: User, role: Role,
                      lang: str, callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        chat = query.message.chat
        if not may_manage(chat, role):
            callback_answer.text = t(lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        action, value = callback_data.action, callback_data.value
        if action == "rm":
            try:
                callback_answer.text = await remove(records, chat.id, int(value[1:]), lang)
            except ValueError:
                return
        else:
            line = {"conv": "conversions", "sales": "sales", "down": "down"}.get(
                action, f"{action} {value}")
            await bot.send_message(chat.id, await create(records, keitaro, chat.id,
                                                         event_from_user.id, lang, line))
        text, markup = await listing(records, chat, role, lang)
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(text, chat_id=chat.id,
                                        message_id=query.message.message_id, reply_markup=markup)

    return router


async def remove(records: RecordStore, chat_id: int, ident: int, lang: str) -> str:
    for kind in KINDS:
        found = await records.get(kind, ident)
        if found is not None and found.get("chat_id") == chat_id:
            await records.delete(kind, ident)
            return t(lang, "alerts.removed", id=ident)
    return t(lang, "alerts.not_found", id=ident)
