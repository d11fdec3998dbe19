"""/digest: scheduled reports with a chart, subscribed per chat."""

from __future__ import annotations

import contextlib
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import (
    DIGEST_TIMES,
    DIGEST_ZONES,
    DigestCB,
    DigestEvery,
    DigestPeriod,
    DigestReport,
    DigestStep,
)
from bot.chat_gate import is_group, may_manage
from bot.context import Ctx
from bot.i18n import Html, t
from bot.keitaro.params import InputError, parse_id
from bot.notify.commands import LineError, parse_digest
from bot.notify.gate import pause_note
from bot.notify.models import WEEKDAYS, Digest, Schedule
from bot.notify.schedule import next_slot
from bot.notify.service import Notifier
from bot.notify.subscriptions import Subscriptions, Unreadable
from bot.timezones import now_utc

REMOVE_WORDS = ("off", "remove", "delete")


def every_text(every: str, lang: str) -> str:
    """"daily", or "weekly on Monday" for a weekday."""
    if every == "day":
        return t(lang, "digest.every_day")
    return t(lang, f"digest.every_{every}")


def describe(digest: Digest, lang: str) -> dict[str, str]:
    schedule = digest.schedule
    return {
        "every": every_text("day" if schedule.every == "day" else WEEKDAYS[schedule.weekday],
                            lang),
        "at": schedule.at,
        "zone": schedule.timezone,
        "report": t(lang, f"digest.report_{digest.report}"),
        "period": t(lang, f"digest.period_{digest.period}"),
        "next": next_slot(schedule, now_utc()).strftime("%Y-%m-%d %H:%M %Z"),
    }


def sees_paused(ctx: Ctx) -> bool:
    """An admin, in their private chat, also sees (and may remove) other chats' paused
    digests: a removed person's own, which no one else could reach."""
    return ctx.role is Role.ADMIN and not is_group(ctx.chat)


async def shown(ctx: Ctx, subscriptions: Subscriptions) -> list[Digest | Unreadable]:
    """The chat's digests, then (for an admin in private) the paused ones of other chats."""
    found = await subscriptions.chat_digests(ctx.chat_id)
    if sees_paused(ctx):
        found += await subscriptions.paused_digests(besides=ctx.chat_id)
    return found


def _item(digest: Digest, lang: str, here: int | None = None) -> str:
    """A digest's line (paused or off says so); one of another chat than `here` says which."""
    paused = t(lang, "digest.paused") if not digest.enabled else pause_note(digest, lang)
    line = t(lang, "digest.item", id=digest.id, paused=Html(paused), **describe(digest, lang))
    return line + (t(lang, "notify.in_chat", chat=digest.chat_id)
                   if here is not None and digest.chat_id != here else "")


def _same(a: Digest, b: Digest) -> bool:
    """Whether two digests of a chat would send the same thing at the same time."""
    fields = {"report", "query", "period", "rank_by", "schedule"}
    return a.model_dump(include=fields) == b.model_dump(include=fields)


def _button(text: str, data: DigestCB) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _nav(lang: str, back: DigestCB) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "button.back"), back),
            _button(t(lang, "button.cancel"), DigestCB(step=DigestStep.CANCEL))]


def listing(digests: list[Digest | Unreadable], ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    """The chat's digests. Adding and removing sit together on the first row, and every
    screen after them puts other buttons there (navigation, or nothing that writes), so a
    tap that lands twice never adds and then removes."""
    lang, manage = ctx.lang, may_manage(ctx.chat, ctx.role)
    lines = [t(lang, "digest.list_title")]
    rows: list[list[InlineKeyboardButton]] = []
    if manage:
        first = [_button(t(lang, "digest.button_new"), DigestCB(step=DigestStep.NEW))]
        if digests:
            first.append(_button(t(lang, "digest.button_remove_menu"),
                                 DigestCB(step=DigestStep.REMOVE)))
        rows.append(first)
    own = [d for d in digests if d.chat_id in (ctx.chat_id, None)]
    elsewhere = [d for d in digests if isinstance(d, Digest) and d.chat_id != ctx.chat_id]
    if not own:
        lines.append(t(lang, "digest.list_empty"))
    now_buttons = []
    for digest in own:
        if isinstance(digest, Unreadable):
            lines.append(t(lang, "digest.unreadable", id=digest.id))
            continue
        lines.append(_item(digest, lang))
        now_buttons.append(_button(t(lang, "digest.button_now", id=digest.id),
                                   DigestCB(step=DigestStep.NOW, id=digest.id)))
    if elsewhere:
        lines.append(t(lang, "digest.paused_elsewhere"))
        lines += [_item(digest, lang, ctx.chat_id) for digest in elsewhere]
    rows += [now_buttons[i:i + 2] for i in range(0, len(now_buttons), 2)]
    lines.append("\n" + t(lang, "digest.help"))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def removal_menu(digests: list[Digest | Unreadable], lang: str
                 ) -> tuple[str, InlineKeyboardMarkup]:
    """Which digest to remove: navigation first, one digest a row below it."""
    rows = [_nav(lang, DigestCB(step=DigestStep.LIST))]
    for digest in digests:
        label = (f"#{digest.id} ⚠️" if isinstance(digest, Unreadable) else
                 "#{id} · {every} {at}".format(id=digest.id, **describe(digest, lang)))
        rows.append([_button(f"🗑 {label}", DigestCB(step=DigestStep.ASK, id=digest.id))])
    text = t(lang, "digest.remove_which") if digests else t(lang, "digest.list_empty")
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def removal_question(digest: Digest | Unreadable, lang: str, here: int | None = None
                     ) -> tuple[str, InlineKeyboardMarkup]:
    """"Remove digest #3 …?": the only button that removes, on a row of its own at the top,
    where the removal menu has its navigation."""
    if isinstance(digest, Unreadable):
        what = t(lang, "digest.unreadable", id=digest.id)
    else:
        what = _item(digest, lang, here)
    rows = [[_button(t(lang, "digest.button_remove_yes", id=digest.id),
                     DigestCB(step=DigestStep.RM, id=digest.id))],
            _nav(lang, DigestCB(step=DigestStep.REMOVE))]
    return (t(lang, "digest.remove_ask", id=digest.id, what=Html(what)),
            InlineKeyboardMarkup(inline_keyboard=rows))


def zone_choices(tracker_zone: str) -> list[tuple[int, str]]:
    """(index into DIGEST_ZONES, time zone) offered by the wizard: the tracker's own first,
    each zone once (the tracker's may be one of the others)."""
    seen: set[str] = set()
    choices: list[tuple[int, str]] = []
    for index, zone in enumerate(DIGEST_ZONES):
        name = zone or tracker_zone
        if name not in seen:
            seen.add(name)
            choices.append((index, name))
    return choices


def wizard_step(data: DigestCB, lang: str, tracker_zone: str
                ) -> tuple[str, InlineKeyboardMarkup]:
    """The next question of the digest wizard, with every earlier choice in its buttons,
    and Back (to the question before) and Cancel under it."""
    builder = InlineKeyboardBuilder()
    known = {"report": t(lang, f"digest.report_{data.report}") if data.report else "",
             "period": t(lang, f"digest.period_{data.period}") if data.period else "",
             "every": every_text(data.every, lang) if data.every else "",
             "at": f"{data.at[:2]}:{data.at[2:]}" if data.at else ""}
    if data.step is DigestStep.NEW:
        text = t(lang, "digest.ask_report")
        back = DigestCB(step=DigestStep.LIST)
        for report in DigestReport:
            builder.button(text=t(lang, f"digest.report_{report}"),
                           callback_data=DigestCB(step=DigestStep.PERIOD, report=report))
    elif data.step is DigestStep.PERIOD:
        text = t(lang, "digest.ask_period", report=known["report"])
        back = DigestCB(step=DigestStep.NEW)
        for period in DigestPeriod:
            builder.button(text=t(lang, f"digest.period_{period}"), callback_data=DigestCB(
                step=DigestStep.EVERY, report=data.report, period=period))
    elif data.step is DigestStep.EVERY:
        text = t(lang, "digest.ask_every", report=known["report"], period=known["period"])
        back = DigestCB(step=DigestStep.PERIOD, report=data.report)
        for every in (DigestEvery.DAY, DigestEvery.MON, DigestEvery.FRI):
            builder.button(text=every_text(every, lang), callback_data=DigestCB(
                step=DigestStep.AT, report=data.report, period=data.period, every=every))
    elif data.step is DigestStep.AT:
        text = t(lang, "digest.ask_at", report=known["report"], period=known["period"],
                 every=known["every"])
        back = DigestCB(step=DigestStep.EVERY, report=data.report, period=data.period)
        for at in DIGEST_TIMES:
            builder.button(text=f"{at[:2]}:{at[2:]}", callback_data=DigestCB(
                step=DigestStep.ZONE, report=data.report, period=data.period, every=data.every,
                at=at))
    else:
        text = t(lang, "digest.ask_zone", report=known["report"], period=known["period"],
                 every=known["every"], at=known["at"])
        back = DigestCB(step=DigestStep.AT, report=data.report, period=data.period,
                        every=data.every)
        for index, zone in zone_choices(tracker_zone):
            label = t(lang, "digest.zone_tracker", zone=zone) if index == 0 else zone
            builder.button(text=label, callback_data=DigestCB(
                step=DigestStep.SAVE, report=data.report, period=data.period, every=data.every,
                at=data.at, zone=index))
    builder.adjust(2)
    builder.row(*_nav(lang, back))
    return text, builder.as_markup()


def wizard_digest(data: DigestCB, ctx: Ctx, tracker_zone: str) -> Digest:
    """The digest the wizard's last button describes (its payload holds every choice)."""
    assert data.report and data.period and data.every  # checked when the payload was parsed
    schedule = Schedule(every="day" if data.every is DigestEvery.DAY else "week",
                        weekday=WEEKDAYS.index(data.every) if data.every in WEEKDAYS else 0,
                        at=f"{data.at[:2]}:{data.at[2:]}",
                        timezone=DIGEST_ZONES[data.zone] or tracker_zone)
    return Digest(chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang,
                  report=data.report.value, period=data.period.value, schedule=schedule)


async def add(ctx: Ctx, subscriptions: Subscriptions, digest: Digest) -> str:
    """Save a digest, unless the chat has the same one already (a second tap on the same
    button, or the same line twice); the sentence that says which."""
    for existing in await subscriptions.chat_digests(ctx.chat_id):
        if isinstance(existing, Digest) and _same(existing, digest):
            return t(ctx.lang, "digest.exists", id=existing.id, **describe(existing, ctx.lang))
    created = await subscriptions.add_digest(digest)
    return t(ctx.lang, "digest.saved", id=created.id, **describe(created, ctx.lang))


def back_to_list(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        _button(t(lang, "digest.button_list"), DigestCB(step=DigestStep.LIST))]])


async def send_now(ctx: Ctx, notifier: Notifier, digest: Digest) -> None:
    """Build and send a digest now, for the period as of today in its time zone (a paused
    one is not: the person is told why)."""
    if await notifier.gate.check(digest) is None:
        await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "digest.paused_now", id=digest.id))
        return
    progress = await ctx.bot.send_message(digest.chat_id,
                                          t(ctx.lang, "digest.sending", id=digest.id))
    now = now_utc().astimezone(ZoneInfo(digest.schedule.timezone))
    await notifier.send_digest(ctx.bot, digest, now)
    with contextlib.suppress(TelegramBadRequest):
        await ctx.bot.delete_message(digest.chat_id, progress.message_id)


def build_router() -> Router:
    router = Router(name="digests")

    @router.message(Command("digest"))
    async def digest(message: Message, command: CommandObject, ctx: Ctx,
                     subscriptions: Subscriptions, notifier: Notifier) -> None:
        sub, _, rest = (command.args or "").strip().partition(" ")
        sub = sub.lower()
        if sub in ("add", *REMOVE_WORDS) and not may_manage(ctx.chat, ctx.role):
            await message.answer(t(ctx.lang, "notify.not_allowed"))
            return
        if sub == "add":
            try:
                fields = parse_digest(rest, notifier.timezone)
            except LineError as exc:
                problem = Html(t(ctx.lang, exc.key, **exc.details))
                await message.answer(t(ctx.lang, "digest.bad_line", problem=problem))
                return
            await message.answer(await add(ctx, subscriptions, Digest(
                chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang, **fields)))
            return
        try:
            ident = parse_id(rest) if sub in ("now", *REMOVE_WORDS) else None
        except InputError:
            ident = None
        if ident is None:
            text, markup = listing(await shown(ctx, subscriptions), ctx)
            await message.answer(text, reply_markup=markup)
            return
        if sub in REMOVE_WORDS:
            removed = await subscriptions.remove_digest(ctx.chat_id, ident,
                                                        paused_anywhere=sees_paused(ctx))
            await message.answer(t(ctx.lang, "digest.removed" if removed else "digest.not_found",
                                   id=ident))
            return
        found = await subscriptions.digest(ctx.chat_id, ident)
        if found is None:
            await message.answer(t(ctx.lang, "digest.not_found", id=ident))
        elif isinstance(found, Unreadable):
            await message.answer(t(ctx.lang, "digest.unreadable", id=ident))
        else:
            await send_now(ctx, notifier, found)

    @router.callback_query(DigestCB.filter())
    async def wizard(query: CallbackQuery, callback_data: DigestCB, ctx: Ctx,
                     subscriptions: Subscriptions, notifier: Notifier,
                     callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        step = callback_data.step
        if step is DigestStep.NOW:
            found = await subscriptions.digest(ctx.chat_id, callback_data.id)
            if not isinstance(found, Digest):
                callback_answer.text = t(ctx.lang, "digest.not_found", id=callback_data.id)
                return
            await send_now(ctx, notifier, found)
            return
        if step is not DigestStep.LIST and not may_manage(ctx.chat, ctx.role):
            callback_answer.text = t(ctx.lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        markup: InlineKeyboardMarkup | None
        if step is DigestStep.LIST:
            text, markup = listing(await shown(ctx, subscriptions), ctx)
        elif step is DigestStep.CANCEL:
            text, markup = t(ctx.lang, "digest.cancelled"), back_to_list(ctx.lang)
        elif step is DigestStep.REMOVE:
            text, markup = removal_menu(await shown(ctx, subscriptions), ctx.lang)
        elif step is DigestStep.ASK:
            found = next((d for d in await shown(ctx, subscriptions)
                          if d.id == callback_data.id), None)
            if found is None:
                text, markup = (t(ctx.lang, "digest.not_found", id=callback_data.id),
                                back_to_list(ctx.lang))
            else:
                text, markup = removal_question(found, ctx.lang, ctx.chat_id)
        elif step is DigestStep.RM:
            removed = await subscriptions.remove_digest(ctx.chat_id, callback_data.id,
                                                        paused_anywhere=sees_paused(ctx))
            callback_answer.text = t(ctx.lang, "digest.removed" if removed
                                     else "digest.not_found", id=callback_data.id)
            text, markup = listing(await shown(ctx, subscriptions), ctx)
        elif step is DigestStep.SAVE:
            text = await add(ctx, subscriptions,
                             wizard_digest(callback_data, ctx, notifier.timezone))
            markup = back_to_list(ctx.lang)
        else:
            text, markup = wizard_step(callback_data, ctx.lang, notifier.timezone)
        await ctx.show(text, markup, edit=query.message.message_id)

    return router
