"""/digest: scheduled reports with a chart, subscribed per chat."""

from __future__ import annotations

import contextlib
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import DigestCB
from bot.chat_gate import may_manage
from bot.i18n import Html, t
from bot.keitaro.client import KeitaroClient
from bot.keitaro.params import InputError, parse_id
from bot.notify.commands import LineError, parse_digest
from bot.notify.models import REPORTS, WEEKDAYS, Digest, Schedule, now_utc
from bot.notify.schedule import next_slot
from bot.notify.service import Notifier
from bot.notify.store import RecordStore

TIMES = ("0800", "0900", "1000", "1800")
ZONES = ("", "UTC", "Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Singapore")


def describe(digest: Digest, lang: str) -> dict[str, str]:
    schedule = digest.schedule
    every = t(lang, "digest.every_day") if schedule.every == "day" else t(
        lang, "digest.every_week", day=WEEKDAYS[schedule.weekday].title())
    return {
        "every": every,
        "at": schedule.at,
        "zone": schedule.timezone,
        "report": t(lang, f"digest.report_{digest.report}"),
        "period": t(lang, f"digest.period_{digest.period}"),
        "next": next_slot(schedule, now_utc()).strftime("%Y-%m-%d %H:%M %Z"),
    }


async def chat_digests(records: RecordStore, chat_id: int) -> list[Digest]:
    return [Digest.model_validate({**d, "id": i}) for i, d in (await records.all("digests")).items()
            if d.get("chat_id") == chat_id]


async def listing(records: RecordStore, chat: Chat, role: Role, lang: str
                  ) -> tuple[str, InlineKeyboardMarkup]:
    digests = await chat_digests(records, chat.id)
    lines = [t(lang, "digest.list_title")]
    builder = InlineKeyboardBuilder()
    if not digests:
        lines.append(t(lang, "digest.list_empty"))
    for digest in digests:
        info = describe(digest, lang)
        paused = "" if digest.enabled else t(lang, "digest.paused")
        lines.append(t(lang, "digest.item", id=digest.id, paused=Html(paused), **info))
        builder.button(text=t(lang, "digest.button_now", id=digest.id),
                       callback_data=DigestCB(step="now", id=digest.id))
        if may_manage(chat, role):
            builder.button(text=t(lang, "digest.button_remove", id=digest.id),
                           callback_data=DigestCB(step="rm", id=digest.id))
    if may_manage(chat, role):
        builder.button(text=t(lang, "digest.button_new"), callback_data=DigestCB(step="new"))
    builder.adjust(2)
    lines.append("\n" + t(lang, "digest.help"))
    return "\n".join(lines), builder.as_markup()


async def save(records: RecordStore, digest: Digest) -> Digest:
    digest.id = await records.new_id("digests")
    await records.put("digests", digest.id, digest.model_dump(exclude={"id"}, mode="json"))
    return digest


def wizard_step(data: DigestCB, lang: str, tracker_zone: str
                ) -> tuple[str, InlineKeyboardMarkup]:
    """The next question of the digest wizard, with every earlier choice in its buttons."""
    builder = InlineKeyboardBuilder()
    known = {"report": t(lang, f"digest.report_{data.report}") if data.report else "",
             "period": t(lang, f"digest.period_{data.period}") if data.period else "",
             "every": (t(lang, "digest.every_day") if data.every == "day" else t(
                 lang, "digest.every_week", day=data.every.title())) if data.every else "",
             "at": f"{data.at[:2]}:{data.at[2:]}" if data.at else ""}
    if data.step == "new":
        text = t(lang, "digest.ask_report")
        for report in REPORTS:
            builder.button(text=t(lang, f"digest.report_{report}"),
                           callback_data=DigestCB(step="period", report=report))
    elif data.step == "period":
        text = t(lang, "digest.ask_period", report=known["report"])
        for period in ("yesterday", "7d", "mtd"):
            builder.button(text=t(lang, f"digest.period_{period}"), callback_data=DigestCB(
                step="every", report=data.report, period=period))
    elif data.step == "every":
        text = t(lang, "digest.ask_every", report=known["report"], period=known["period"])
        for every in ("day", "mon", "fri"):
            label = t(lang, "digest.every_day") if every == "day" else t(
                lang, "digest.every_week", day=every.title())
            builder.button(text=label, callback_data=DigestCB(
                step="at", report=data.report, period=data.period, every=every))
    elif data.step == "at":
        text = t(lang, "digest.ask_at", report=known["report"], period=known["period"],
                 every=known["every"])
        for at in TIMES:
            builder.button(text=f"{at[:2]}:{at[2:]}", callback_data=DigestCB(
                step="zone", report=data.report, period=data.period, every=data.every, at=at))
    else:
        text = t(lang, "digest.ask_zone", report=known["report"], period=known["period"],
                 every=known["every"], at=known["at"])
        for index, zone in enumerate(ZONES):
            builder.button(text=zone or tracker_zone, callback_data=DigestCB(
                step="save", report=data.report, period=data.period, every=data.every,
                at=data.at, zone=index))
    builder.adjust(2)
    return text, builder.as_markup()


def build_router() -> Router:
    router = Router(name="digests")

    @router.message(Command("digest"))
    async def digest(message: Message, command: CommandObject, records: RecordStore,
                     notifier: Notifier, keitaro: KeitaroClient, bot: Bot,
                     event_from_user: User, role: Role, lang: str) -> None:
        sub, _, rest = (command.args or "").strip().partition(" ")
        sub = sub.lower()
        chat = message.chat
        if sub in ("", "list"):
            text, markup = await listing(records, chat, role, lang)
            await message.answer(text, reply_markup=markup)
            return
        if sub in ("add", "off", "remove", "delete") and not may_manage(chat, role):
            await message.answer(t(lang, "notify.not_allowed"))
            return
        if sub == "add":
            try:
                fields = parse_digest(rest, keitaro.settings.timezone)
            except LineError as exc:
                problem = Html(t(lang, exc.key, **exc.details))
                await message.answer(t(lang, "digest.bad_line", problem=problem))
                return
            created = await save(records, Digest(chat_id=chat.id, created_by=event_from_user.id,
                                                 lang=lang, **fields))
            await message.answer(t(lang, "digest.saved", id=created.id,
                                   **describe(created, lang)))
            return
        try:
            ident = parse_id(rest)
        except InputError:
            text, markup = await listing(records, chat, role, lang)
            await message.answer(text, reply_markup=markup)
            return
        found = await records.get("digests", ident)
        if found is None or found.get("chat_id") != chat.id:
            await message.answer(t(lang, "digest.not_found", id=ident))
            return
        if sub in ("off", "remove", "delete"):
            await records.delete("digests", ident)
            await message.answer(t(lang, "digest.removed", id=ident))
        elif sub == "now":
            await send_now(bot, notifier, Digest.model_validate({**found, "id": ident}), lang)

    @router.callback_query(DigestCB.filter())
    async def wizard(query: CallbackQuery, callback_data: DigestCB, records: RecordStore,
                     notifier: Notifier, keitaro: KeitaroClient, bot: Bot,
                     event_from_user: User, role: Role, lang: str,
                     callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        chat, message_id = query.message.chat, query.message.message_id
        if callback_data.step == "now":
            found = await records.get("digests", callback_data.id)
            if found is None or found.get("chat_id") != chat.id:
                callback_answer.text = t(lang, "digest.not_found", id=callback_data.id)
                return
            await send_now(bot, notifier, Digest.model_validate({**found, "id": callback_data.id}),
                           lang)
            return
        if not may_manage(chat, role):
            callback_answer.text = t(lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        if callback_data.step == "rm":
            found = await records.get("digests", callback_data.id)
            if found is not None and found.get("chat_id") == chat.id:
                await records.delete("digests", callback_data.id)
            text, markup = await listing(records, chat, role, lang)
        elif callback_data.step == "save":
            zone = ZONES[callback_data.zone] if 0 <= callback_data.zone < len(ZONES) else ""
            every = callback_data.every
            schedule = Schedule(every="day" if every == "day" else "week",
                                weekday=WEEKDAYS.index(every) if every in WEEKDAYS else 0,
                                at=f"{callback_data.at[:2]}:{callback_data.at[2:]}",
                                timezone=zone or keitaro.settings.timezone)
            created = await save(records, Digest(
                chat_id=chat.id, created_by=event_from_user.id, lang=lang,
                report=callback_data.report, period=callback_data.period, schedule=schedule))
            text, markup = t(lang, "digest.saved", id=created.id, **describe(created, lang)), None
        else:
            text, markup = wizard_step(callback_data, lang, keitaro.settings.timezone)
        try:
            await bot.edit_message_text(text, chat_id=chat.id, message_id=message_id,
                                        reply_markup=markup)
        except TelegramBadRequest:
            await bot.send_message(chat.id, text, reply_markup=markup)

    return router


async def send_now(bot: Bot, notifier: Notifier, digest: Digest, lang: str) -> None:
    """Build and send a digest now, for the period as of today in its time zone."""
    progress = await bot.send_message(digest.chat_id, t(lang, "digest.sending", id=digest.id))
    now = now_utc().astimezone(ZoneInfo(digest.schedule.timezone))
    await notifier.send_digest(bot, digest, now)
    with contextlib.suppress(TelegramBadRequest):
        await bot.delete_message(digest.chat_id, progress.message_id)
