"""/alerts: new conversions and threshold rules, posted to the chat that subscribed."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.access import Role
from bot.callbacks import RULE_KEYS, AlertAction, AlertCB
from bot.chat_gate import is_group, may_manage
from bot.context import Ctx
from bot.i18n import Html, t
from bot.keitaro.params import InputError, parse_id
from bot.notify.commands import LineError, parse_alert
from bot.notify.describe import muted_text, rule_text
from bot.notify.gate import pause_note
from bot.notify.models import ConversionAlert, Rule
from bot.notify.service import Notifier
from bot.notify.subscriptions import Alert, Subscriptions, Table, Unreadable
from bot.render.text import shorten

LINES = {AlertAction.CONVERSIONS: "conversions", AlertAction.SALES: "sales",
         AlertAction.DOWN: "down"}  # the `/alerts add` line a button stands for


def describe(alert: Alert, lang: str, now: datetime | None = None) -> str:
    """`#3 · ROI below -30% today…`, ` · ⏸ paused: …` while the access policy holds it
    back, and (with `now`) ` · 🔕 until …` while it is muted."""
    muted = muted_text(alert.muted_until, now, lang) if now is not None else ""
    note = Html(pause_note(alert, lang) + muted)
    if isinstance(alert, ConversionAlert):
        parts = []
        if alert.statuses:
            parts.append(",".join(alert.statuses))
        if alert.campaign_ids:
            parts.append("campaign=" + ",".join(str(i) for i in alert.campaign_ids))
        if alert.offer_ids:
            parts.append("offer=" + ",".join(str(i) for i in alert.offer_ids))
        filters = f" ({'; '.join(parts)})" if parts else ""
        return t(lang, "alerts.item_conversions", id=alert.id, filters=filters,
                 paused=note)
    return t(lang, "alerts.item_rule", id=alert.id, rule=Html(rule_text(alert, lang)),
             paused=note)


def sees_paused(ctx: Ctx) -> bool:
    """An admin, in their private chat, also sees (and may remove) other chats' paused
    alerts: a removed person's own, which no one else could reach."""
    return ctx.role is Role.ADMIN and not is_group(ctx.chat)


async def shown(ctx: Ctx, subscriptions: Subscriptions) -> list[Alert | Unreadable]:
    """The chat's alerts, then (for an admin in private) the paused ones of other chats."""
    found = await subscriptions.chat_alerts(ctx.chat_id)
    if sees_paused(ctx):
        found += await subscriptions.paused_alerts(besides=ctx.chat_id)
    return found


def alert_ref(alert: Alert | Unreadable) -> str:
    """`c3` (a conversion alert) or `r3` (a rule): the alert a button acts on."""
    table = alert.table if isinstance(alert, Unreadable) else (
        Table.CONVERSION_ALERTS if isinstance(alert, ConversionAlert) else Table.RULES)
    return f"{'c' if table is Table.CONVERSION_ALERTS else 'r'}{alert.id}"


def visible(markup: str) -> str:
    """A line of the bot's own HTML as the plain text a button shows."""
    return unescape(re.sub(r"<[^>]+>", "", markup))


def _button(text: str, data: AlertCB) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _nav(lang: str, back: AlertAction) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "button.back"), AlertCB(action=back)),
            _button(t(lang, "button.cancel"), AlertCB(action=AlertAction.CANCEL))]


def _line(alert: Alert | Unreadable, lang: str, here: int | None = None,
          now: datetime | None = None) -> str:
    """An alert's line; one of another chat than `here` says which."""
    if isinstance(alert, Unreadable):
        return t(lang, "alerts.unreadable", id=alert.id)
    line = ("" if alert.enabled else "⏸ ") + describe(alert, lang, now)
    return line + (t(lang, "notify.in_chat", chat=alert.chat_id)
                   if here is not None and alert.chat_id != here else "")


def listing(alerts: list[Alert | Unreadable], ctx: Ctx, now: datetime | None = None
            ) -> tuple[str, InlineKeyboardMarkup]:
    """The chat's alerts, with "New" and "Remove" on the first row. The screens they open put
    navigation there, so a tap that lands twice never adds and then removes. A muted alert
    (with `now`) has 🔔 to hear it again."""
    lang, manage = ctx.lang, may_manage(ctx.chat, ctx.role)
    lines = [t(lang, "alerts.list_title")]
    own = [a for a in alerts if a.chat_id in (ctx.chat_id, None)]
    elsewhere = [a for a in alerts if a.chat_id not in (ctx.chat_id, None)]
    if not own:
        lines.append(t(lang, "alerts.list_empty"))
    lines += [_line(alert, lang, now=now) for alert in own]
    if elsewhere:
        lines.append(t(lang, "alerts.paused_elsewhere"))
        lines += [_line(alert, lang, ctx.chat_id, now) for alert in elsewhere]
    rows: list[list[InlineKeyboardButton]] = []
    if manage:
        first = [_button(t(lang, "alerts.button_new"), AlertCB(action=AlertAction.NEW))]
        if alerts:
            first.append(_button(t(lang, "alerts.button_remove_menu"),
                                 AlertCB(action=AlertAction.REMOVE_MENU)))
        rows.append(first)
        rows += [[_button(t(lang, "alerts.unmute", id=a.id),
                          AlertCB(action=AlertAction.UNMUTE, value=alert_ref(a)))]
                 for a in alerts if now is not None and not isinstance(a, Unreadable)
                 and muted_text(a.muted_until, now, lang)]
    lines.append("\n" + t(lang, "alerts.help"))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def presets(lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The alerts one tap adds: navigation first, one preset a row below it."""
    rows = [_nav(lang, AlertAction.LIST),
            [_button(t(lang, "alerts.button_conversions"),
                     AlertCB(action=AlertAction.CONVERSIONS))],
            [_button(t(lang, "alerts.button_sales"), AlertCB(action=AlertAction.SALES))]]
    for key in RULE_KEYS:  # set up by taps, with the numbers typed
        rows.append([_button(t(lang, f"alerts.button_rule_{key}"),
                             AlertCB(action=AlertAction.RULE, value=key))])
    rows.append([_button(t(lang, "alerts.button_down"), AlertCB(action=AlertAction.DOWN))])
    return t(lang, "alerts.new_title"), InlineKeyboardMarkup(inline_keyboard=rows)


def removal_menu(alerts: list[Alert | Unreadable], lang: str, here: int | None = None
                 ) -> tuple[str, InlineKeyboardMarkup]:
    """Which alert to remove: navigation first, one alert a row below it."""
    rows = [_nav(lang, AlertAction.LIST)]
    for alert in alerts:
        label = (f"#{alert.id} ⚠️" if isinstance(alert, Unreadable)
                 else shorten(visible(_line(alert, lang, here)), 40))
        rows.append([_button(f"🗑 {label}", AlertCB(action=AlertAction.ASK,
                                                    value=alert_ref(alert)))])
    text = t(lang, "alerts.remove_which") if alerts else t(lang, "alerts.list_empty")
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def removal_question(alert: Alert | Unreadable, lang: str, here: int | None = None
                     ) -> tuple[str, InlineKeyboardMarkup]:
    """"Remove alert #3 …?": the only button that removes, alone on the top row, where the
    removal menu has its navigation."""
    rows = [[_button(t(lang, "alerts.button_remove_yes", id=alert.id),
                     AlertCB(action=AlertAction.REMOVE, value=alert_ref(alert)))],
            _nav(lang, AlertAction.REMOVE_MENU)]
    return (t(lang, "alerts.remove_ask", id=alert.id, what=Html(_line(alert, lang, here))),
            InlineKeyboardMarkup(inline_keyboard=rows))


def back_to_list(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        _button(t(lang, "alerts.button_list"), AlertCB(action=AlertAction.LIST))]])


def same(a: Alert, b: Alert) -> bool:
    """Whether two alerts of a chat watch the same thing the same way."""
    if type(a) is not type(b):
        return False
    fields = ({"statuses", "campaign_ids", "offer_ids"} if isinstance(a, ConversionAlert)
              else {"kind", "threshold", "hours", "min_spend", "campaign_ids"})
    return a.model_dump(include=fields) == b.model_dump(include=fields)


async def create(ctx: Ctx, subscriptions: Subscriptions, notifier: Notifier, line: str) -> str:
    """Save the alert a line describes, unless the chat has the same one already (a second
    tap, or the same line twice); returns the sentence that says which."""
    kind, fields = parse_alert(line)
    alert: Alert
    if kind == "conversions":
        alert = ConversionAlert(chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang,
                                **fields)
    else:
        alert = Rule(chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang, **fields)
    for existing in await subscriptions.chat_alerts(ctx.chat_id):
        if not isinstance(existing, Unreadable) and same(existing, alert):
            return t(ctx.lang, "alerts.exists", id=existing.id,
                     what=Html(describe(existing, ctx.lang).split(" · ", 1)[-1]))
    if isinstance(alert, ConversionAlert):
        alert = await notifier.add_conversion_alert(alert)
    else:
        alert = await subscriptions.add_alert(alert)
    return t(ctx.lang, "alerts.saved", id=alert.id,
             what=Html(describe(alert, ctx.lang).split(" · ", 1)[-1]))


async def remove(ctx: Ctx, subscriptions: Subscriptions, ident: int) -> str:
    removed = await subscriptions.remove_alert(ctx.chat_id, ident,
                                               paused_anywhere=sees_paused(ctx))
    return t(ctx.lang, "alerts.removed" if removed else "alerts.not_found", id=ident)


async def find(ctx: Ctx, subscriptions: Subscriptions, ref: str
               ) -> Alert | Unreadable | None:
    """The alert a button names (`c3`/`r3`), readable or not, of those `ctx` is shown."""
    for alert in await shown(ctx, subscriptions):
        if alert_ref(alert) == ref:
            return alert
    return None


def build_router() -> Router:
    router = Router(name="alerts")

    @router.message(Command("alerts"))
    async def alerts(message: Message, command: CommandObject, ctx: Ctx,
                     subscriptions: Subscriptions, notifier: Notifier) -> None:
        sub, _, rest = (command.args or "").strip().partition(" ")
        sub = sub.lower()
        if sub not in ("add", "off", "remove", "delete"):
            text, markup = listing(await shown(ctx, subscriptions), ctx, notifier.clock())
            await message.answer(text, reply_markup=markup)
            return
        if not may_manage(ctx.chat, ctx.role):
            await message.answer(t(ctx.lang, "notify.not_allowed"))
            return
        if sub == "add":
            try:
                text = await create(ctx, subscriptions, notifier, rest)
            except (LineError, ValueError) as exc:
                key = exc.key if isinstance(exc, LineError) else "digest.bad_word"
                details = exc.details if isinstance(exc, LineError) else {"word": rest}
                text = t(ctx.lang, "alerts.bad_line", problem=Html(t(ctx.lang, key, **details)))
            await message.answer(text)
            return
        try:
            ident = parse_id(rest)
        except InputError:
            await message.answer(t(ctx.lang, "alerts.help"))
            return
        await message.answer(await remove(ctx, subscriptions, ident))

    @router.callback_query(AlertCB.filter())
    async def buttons(query: CallbackQuery, callback_data: AlertCB, ctx: Ctx,
                      subscriptions: Subscriptions, notifier: Notifier,
                      callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        action, value = callback_data.action, callback_data.value
        if action is not AlertAction.LIST and not may_manage(ctx.chat, ctx.role):
            callback_answer.text = t(ctx.lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        markup: InlineKeyboardMarkup | None
        if action is AlertAction.LIST:
            text, markup = listing(await shown(ctx, subscriptions), ctx, notifier.clock())
        elif action is AlertAction.CANCEL:
            text, markup = t(ctx.lang, "alerts.cancelled"), back_to_list(ctx.lang)
        elif action is AlertAction.NEW:
            text, markup = presets(ctx.lang)
        elif action is AlertAction.REMOVE_MENU:
            text, markup = removal_menu(await shown(ctx, subscriptions), ctx.lang, ctx.chat_id)
        elif action is AlertAction.ASK:
            found = await find(ctx, subscriptions, value)
            if found is None:
                text, markup = (t(ctx.lang, "alerts.not_found", id=int(value[1:])),
                                back_to_list(ctx.lang))
            else:
                text, markup = removal_question(found, ctx.lang, ctx.chat_id)
        elif action is AlertAction.REMOVE:
            callback_answer.text = await remove(ctx, subscriptions, int(value[1:]))
            text, markup = listing(await shown(ctx, subscriptions), ctx, notifier.clock())
        else:
            line = LINES.get(action) or f"{action.value} {value}"
            text = await create(ctx, subscriptions, notifier, line)
            markup = back_to_list(ctx.lang)
        await ctx.show(text, markup, edit=query.message.message_id)

    return router
