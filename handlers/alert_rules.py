"""Alert rules set up by taps with the numbers typed, and the buttons on an alert's message
that mute it. The rule being set up is kept in the FSM data until it is saved or left."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from pydantic import ValidationError

from bot.callbacks import AlertAction, AlertCB
from bot.chat_gate import AddressedToBot, may_manage
from bot.context import Ctx
from bot.i18n import Html, t
from bot.keitaro.client import KeitaroClient
from bot.message_filters import HasText
from bot.notify.describe import duration, rule_text
from bot.notify.draft import COOLDOWNS, HOURS, RuleDraft
from bot.notify.models import Rule
from bot.notify.service import Notifier
from bot.notify.subscriptions import Subscriptions, Unreadable
from bot.render.data import item_label
from bot.states import AlertRule
from handlers.alerts import back_to_list, describe, find, listing, same

DRAFT_KEY = "alert_draft"
PICKED = 30  # campaigns offered to pick from, at most
SETUP = (AlertAction.RULE, AlertAction.DRAFT, AlertAction.SAVE, AlertAction.COOLDOWN,
         AlertAction.HOURS, AlertAction.CAMPAIGNS, AlertAction.TOGGLE, AlertAction.ALL)
MUTES = (AlertAction.MUTE_HOUR, AlertAction.MUTE_DAY, AlertAction.UNMUTE)


def _button(text: str, data: AlertCB) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _nav(lang: str, back: AlertAction) -> list[InlineKeyboardButton]:
    return [_button(t(lang, "button.back"), AlertCB(action=back)),
            _button(t(lang, "button.cancel"), AlertCB(action=AlertAction.CANCEL))]


def _sample(draft: RuleDraft) -> Rule:
    return draft.rule(0, 0, "en")


def question(draft: RuleDraft, lang: str, problem: str | None = None
             ) -> tuple[str, InlineKeyboardMarkup]:
    """The number a rule needs, with an example; back to the kinds."""
    asked = draft.asking() or "threshold"
    lines = [t(lang, f"alerts.setup_{draft.kind}")]
    if problem:
        lines.append("⚠️ " + t(lang, problem))
    lines.append(t(lang, f"alerts.ask_{draft.kind}_{asked}"))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[_nav(lang, AlertAction.NEW)])


def summary(draft: RuleDraft, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The rule as it will be saved; its campaigns, cooldown (and hours) by buttons. Save sits
    under the navigation, where the screen before had none."""
    rule = _sample(draft)
    text = t(lang, "alerts.setup_summary", rule=Html(rule_text(rule, lang)))
    rows = [_nav(lang, AlertAction.NEW), [_button(t(lang, "alerts.button_save"),
                                                  AlertCB(action=AlertAction.SAVE))]]
    label = (t(lang, "alerts.button_campaigns_some", count=len(draft.campaign_ids))
             if draft.campaign_ids else t(lang, "alerts.button_campaigns_all"))
    rows.append([_button(label, AlertCB(action=AlertAction.CAMPAIGNS))])
    for choices, action, current, word in (
            (HOURS.get(draft.kind, ()), AlertAction.HOURS, draft.hours, "hours"),
            (COOLDOWNS, AlertAction.COOLDOWN, draft.cooldown, "cooldown")):
        buttons = [_button(("• " if value == current else "") + _choice(word, value, lang),
                           AlertCB(action=action, value=str(value))) for value in choices]
        rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _choice(word: str, value: int, lang: str) -> str:
    if word == "cooldown":
        return "⏱ " + duration(value, lang)
    if value == 0:
        return "📅 " + t(lang, "alerts.today")
    return "⏳ " + duration(value * 60, lang)


def campaign_picker(draft: RuleDraft, campaigns: list[tuple[int, str]], lang: str
                    ) -> tuple[str, InlineKeyboardMarkup]:
    """Every campaign, on or off; all of them; done."""
    chosen = set(draft.campaign_ids)
    rows = [_nav(lang, AlertAction.DRAFT),
            [_button(("✅ " if not chosen else "▫️ ") + t(lang, "alerts.all_campaigns"),
                     AlertCB(action=AlertAction.ALL))]]
    buttons = [_button(("✅ " if ident in chosen else "▫️ ") + label,
                       AlertCB(action=AlertAction.TOGGLE, value=str(ident)))
               for ident, label in campaigns[:PICKED]]
    rows += [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(t(lang, "form.done"), AlertCB(action=AlertAction.DRAFT))])
    return t(lang, "alerts.pick_campaigns"), InlineKeyboardMarkup(inline_keyboard=rows)


async def _draft(ctx: Ctx) -> RuleDraft | None:
    data = await ctx.state.get_data()
    try:
        return RuleDraft.model_validate(data.get(DRAFT_KEY)) if data.get(DRAFT_KEY) else None
    except ValidationError:
        return None


async def _keep(ctx: Ctx, draft: RuleDraft) -> None:
    await ctx.state.set_state(AlertRule.number if draft.asking() else AlertRule.buttons)
    await ctx.state.set_data({DRAFT_KEY: draft.model_dump(mode="json")})


async def _campaigns(client: KeitaroClient) -> list[tuple[int, str]]:
    envelope = await client.execute("campaigns.list", {})
    items = envelope.data if envelope.success and isinstance(envelope.data, list) else []
    return [(i["id"], item_label(i, 28)) for i in items if isinstance(i, dict)
            and isinstance(i.get("id"), int) and i.get("state") != "deleted"]


async def save(ctx: Ctx, subscriptions: Subscriptions, draft: RuleDraft) -> str:
    """Save the rule, unless the chat has the same one; the sentence that says which."""
    rule = draft.rule(ctx.chat_id, ctx.user.id, ctx.lang)
    for existing in await subscriptions.chat_alerts(ctx.chat_id):
        if not isinstance(existing, Unreadable) and same(existing, rule):
            return t(ctx.lang, "alerts.exists", id=existing.id,
                     what=Html(describe(existing, ctx.lang).split(" · ", 1)[-1]))
    saved = await subscriptions.add_alert(rule)
    return t(ctx.lang, "alerts.saved", id=saved.id,
             what=Html(describe(saved, ctx.lang).split(" · ", 1)[-1]))


def until_tomorrow(now: datetime, zone: str) -> datetime:
    """The next midnight in the tracker's time zone."""
    local = now.astimezone(ZoneInfo(zone))
    return datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)


def build_router() -> Router:
    router = Router(name="alert_rules")

    @router.callback_query(AlertCB.filter(F.action.in_(SETUP)))
    async def setup(query: CallbackQuery, callback_data: AlertCB, ctx: Ctx,
                    subscriptions: Subscriptions, notifier: Notifier,
                    callback_answer: CallbackAnswer) -> None:
        if query.message is None:
            return
        if not may_manage(ctx.chat, ctx.role):
            callback_answer.text = t(ctx.lang, "notify.not_allowed")
            callback_answer.show_alert = True
            return
        action, value = callback_data.action, callback_data.value
        draft = RuleDraft.of(value) if action is AlertAction.RULE else await _draft(ctx)
        if draft is None:
            callback_answer.text = t(ctx.lang, "flow.stale")
            callback_answer.show_alert = True
            return
        edit = query.message.message_id
        if action is AlertAction.SAVE:
            if draft.asking():
                callback_answer.text = t(ctx.lang, "flow.stale")
                return
            await ctx.state.clear()
            await ctx.show(await save(ctx, subscriptions, draft), back_to_list(ctx.lang),
                           edit=edit)
            return
        if action is AlertAction.COOLDOWN:
            draft.cooldown = int(value) if int(value) in COOLDOWNS else draft.cooldown
        elif action is AlertAction.HOURS:
            offered = HOURS.get(draft.kind, ())
            draft.hours = int(value) if int(value) in offered else draft.hours
        elif action is AlertAction.TOGGLE:
            ident = int(value)
            draft.campaign_ids = ([i for i in draft.campaign_ids if i != ident]
                                  if ident in draft.campaign_ids else [*draft.campaign_ids,
                                                                       ident])
        elif action is AlertAction.ALL:
            draft.campaign_ids = []
        await _keep(ctx, draft)
        if action in (AlertAction.CAMPAIGNS, AlertAction.TOGGLE, AlertAction.ALL):
            text, markup = campaign_picker(draft, await _campaigns(notifier.client), ctx.lang)
        elif draft.asking():
            text, markup = question(draft, ctx.lang)
        else:
            text, markup = summary(draft, ctx.lang)
        await ctx.show(text, markup, edit=edit)

    @router.message(StateFilter(AlertRule.number), HasText(), AddressedToBot())
    async def number(message: Message, ctx: Ctx) -> None:
        draft = await _draft(ctx)
        if draft is None:
            await ctx.state.clear()
            await message.answer(t(ctx.lang, "flow.none"))
            return
        problem = draft.take(message.text or "")
        await _keep(ctx, draft)
        if problem is not None or draft.asking():
            text, markup = question(draft, ctx.lang, problem)
        else:
            text, markup = summary(draft, ctx.lang)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(AlertCB.filter(F.action.in_(MUTES)))
    async def mute(query: CallbackQuery, callback_data: AlertCB, ctx: Ctx,
                   subscriptions: Subscriptions, notifier: Notifier,
                   callback_answer: CallbackAnswer) -> None:
        """🔕 on an alert's message: quiet for an hour or until tomorrow; 🔔 hears it again."""
        if query.message is None:
            return
        callback_answer.show_alert = True
        if not may_manage(ctx.chat, ctx.role):
            callback_answer.text = t(ctx.lang, "notify.not_allowed")
            return
        found = await find(ctx, subscriptions, callback_data.value)
        if found is None or isinstance(found, Unreadable):
            callback_answer.text = t(ctx.lang, "alerts.not_found",
                                     id=int(callback_data.value[1:]))
            return
        now = notifier.clock()
        if callback_data.action is AlertAction.UNMUTE:
            found.muted_until = None
        elif callback_data.action is AlertAction.MUTE_HOUR:
            found.muted_until = (now + timedelta(hours=1)).isoformat(timespec="seconds")
        else:
            found.muted_until = until_tomorrow(now, notifier.timezone).isoformat(
                timespec="seconds")
        await subscriptions.save(found)
        if callback_data.action is AlertAction.UNMUTE:
            callback_answer.text = t(ctx.lang, "alerts.unmuted", id=found.id)
            text, markup = listing(await subscriptions.chat_alerts(ctx.chat_id), ctx, now)
            await ctx.show(text, markup, edit=query.message.message_id)
            return
        moment = datetime.fromisoformat(found.muted_until or "")
        callback_answer.text = t(ctx.lang, "alerts.muted", id=found.id,
                                 until=moment.astimezone(ZoneInfo(notifier.timezone)).strftime(
                                     "%Y-%m-%d %H:%M"), zone=notifier.timezone)

    return router

