"""/alerts: new conversions and threshold rules, posted to the chat that subscribed."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import AlertAction, AlertCB
from bot.chat_gate import may_manage
from bot.context import Ctx
from bot.i18n import Html, t
from bot.keitaro.params import InputError, parse_id
from bot.notify.commands import LineError, parse_alert
from bot.notify.models import ConversionAlert, Rule
from bot.notify.service import Notifier
from bot.notify.subscriptions import Alert, Subscriptions, Table, Unreadable

PRESETS = {AlertAction.SPEND: "50", AlertAction.ROI: "-20", AlertAction.CLICKS: "50"}
LINES = {AlertAction.CONVERSIONS: "conversions", AlertAction.SALES: "sales",
         AlertAction.DOWN: "down"}  # the `/alerts add` line a button stands for


def describe(alert: Alert, lang: str) -> str:
    if isinstance(alert, ConversionAlert):
        parts = []
        if alert.statuses:
            parts.append(",".join(alert.statuses))
        if alert.campaign_ids:
            parts.append("campaign=" + ",".join(str(i) for i in alert.campaign_ids))
        if alert.offer_ids:
            parts.append("offer=" + ",".join(str(i) for i in alert.offer_ids))
        filters = f" ({'; '.join(parts)})" if parts else ""
        return t(lang, "alerts.item_conversions", id=alert.id, filters=filters, paused="")
    rule = t(lang, f"alerts.rule_{alert.kind}", threshold=f"{alert.threshold:g}",
             hours=alert.hours)
    return t(lang, "alerts.item_rule", id=alert.id, rule=Html(rule), paused="")


def remove_button(alert: Alert | Unreadable) -> AlertCB:
    table = alert.table if isinstance(alert, Unreadable) else (
        Table.CONVERSION_ALERTS if isinstance(alert, ConversionAlert) else Table.RULES)
    kind = "c" if table is Table.CONVERSION_ALERTS else "r"
    return AlertCB(action=AlertAction.REMOVE, value=f"{kind}{alert.id}")


def listing(alerts: list[Alert | Unreadable], ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    lang, manage = ctx.lang, may_manage(ctx.chat, ctx.role)
    lines = [t(lang, "alerts.list_title")]
    if not alerts:
        lines.append(t(lang, "alerts.list_empty"))
    builder = InlineKeyboardBuilder()
    for alert in alerts:
        if isinstance(alert, Unreadable):
            lines.append(t(lang, "alerts.unreadable", id=alert.id))
        else:
            lines.append(("" if alert.enabled else "⏸ ") + describe(alert, lang))
        if manage:
            builder.button(text=t(lang, "alerts.button_remove", id=alert.id),
                           callback_data=remove_button(alert))
    if manage:
        builder.button(text=t(lang, "alerts.button_conversions"),
                       callback_data=AlertCB(action=AlertAction.CONVERSIONS))
        builder.button(text=t(lang, "alerts.button_sales"),
                       callback_data=AlertCB(action=AlertAction.SALES))
        for action, value in PRESETS.items():
            builder.button(text=t(lang, f"alerts.button_{action}", value=value),
                           callback_data=AlertCB(action=action, value=value))
        builder.button(text=t(lang, "alerts.button_down"),
                       callback_data=AlertCB(action=AlertAction.DOWN))
    builder.adjust(2)
    lines.append("\n" + t(lang, "alerts.help"))
    return "\n".join(lines), builder.as_markup()


async def create(ctx: Ctx, subscriptions: Subscriptions, notifier: Notifier, line: str) -> str:
    """Save the alert a line describes; returns the confirmation text."""
    kind, fields = parse_alert(line)
    alert: Alert
    if kind == "conversions":
        alert = await notifier.add_conversion_alert(ConversionAlert(
            chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang, **fields))
    else:
        alert = await subscriptions.add_alert(Rule(
            chat_id=ctx.chat_id, created_by=ctx.user.id, lang=ctx.lang, **fields))
    return t(ctx.lang, "alerts.saved", id=alert.id,
             what=Html(describe(alert, ctx.lang).split(" · ", 1)[-1]))


async def remove(ctx: Ctx, subscriptions: Subscriptions, ident: int) -> str:
    removed = await subscriptions.remove_alert(ctx.chat_id, ident)
    return t(ctx.lang, "alerts.removed" if removed else "alerts.not_found", id=ident)


def build_router() -> Router:
    router = Router(name="alerts")

    @router.message(Command("alerts"))
    async def alerts(message: Message, command: CommandObject, ctx: Ctx,
                     subscriptions: Subscriptions, notifier: Notifier) -> None:
        sub, _, rest = (command.args or "").strip().partition(" ")
        sub = sub.lower()
        if sub not in ("add", "off", "remove", "delete"):
            text, markup = listing(await subscriptions.chat_alerts(ctx.chat_id), ctx)
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
        if not may_manage(ctx.chat, ctx.role):
            callback_answer.text = t(ctx.lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        action, value = callback_data.action, callback_data.value
        if action is AlertAction.REMOVE:
            callback_answer.text = await remove(ctx, subscriptions, int(value[1:]))
        else:
            line = LINES.get(action) or f"{action.value} {value}"
            await ctx.bot.send_message(ctx.chat_id,
                                       await create(ctx, subscriptions, notifier, line))
        text, markup = listing(await subscriptions.chat_alerts(ctx.chat_id), ctx)
        await ctx.show(text, markup, edit=query.message.message_id)

    return router
