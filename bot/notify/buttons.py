"""The buttons an alert comes with: open what it is about, pause its campaign (through the
usual preview and Confirm, for whoever presses and may), mute the alert for an hour or until
tomorrow."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import AlertAction, AlertCB, GlanceCB, RunCB
from bot.i18n import t
from bot.notify.alerts import conversions_text
from bot.notify.models import ConversionAlert, Rule
from bot.notify.outbox import Notice
from bot.notify.rules import Fired
from bot.render.text import shorten

CAMPAIGNS = 3  # campaigns of one alert offered with their own buttons; more: the glance
FINDINGS = 15  # what one rule found in a round, said in its message at most
NAME = 18  # characters of a campaign's name on its button


@lru_cache(maxsize=4096)
def campaign_row(ident: int, name: str, lang: str) -> list[InlineKeyboardButton]:
    """📊 the campaign's card, ⏸ its pause (the same row for every alert of a round: built
    once; buttons are never changed once made)."""
    return [InlineKeyboardButton(text=f"📊 {shorten(name, NAME)}",
                                 callback_data=RunCB(group="campaigns", op="get",
                                                     id=ident).pack()),
            InlineKeyboardButton(text=t(lang, "alerts.pause"),
                                 callback_data=RunCB(group="campaigns", op="disable",
                                                     id=ident).pack())]


@lru_cache(maxsize=8)
def glance_row(lang: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t(lang, "alerts.open_today"),
                                 callback_data=GlanceCB().pack())]


def _ref(alert: ConversionAlert | Rule) -> str:
    return f"{'c' if isinstance(alert, ConversionAlert) else 'r'}{alert.id}"


def alert_markup(alert: ConversionAlert | Rule, campaigns: list[tuple[int, str]],
                 lang: str, *, overall: bool = False) -> InlineKeyboardMarkup:
    """📊 a campaign's card and ⏸ its pause, for up to three campaigns (more, or an alert
    about every campaign: 📊 the glance); 🔕 the alert for an hour or until tomorrow."""
    rows = [campaign_row(ident, name, lang) for ident, name in campaigns[:CAMPAIGNS]]
    if overall or len(campaigns) > CAMPAIGNS:
        rows.append(glance_row(lang))
    ref = _ref(alert)
    rows.append([
        InlineKeyboardButton(text=t(lang, "alerts.mute_hour", id=alert.id),
                             callback_data=AlertCB(action=AlertAction.MUTE_HOUR,
                                                   value=ref).pack()),
        InlineKeyboardButton(text=t(lang, "alerts.mute_day", id=alert.id),
                             callback_data=AlertCB(action=AlertAction.MUTE_DAY,
                                                   value=ref).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def rule_notice(rule: Rule, started: list[Fired]) -> Notice:
    """A rule's findings of a round as one message, with its buttons."""
    campaigns = list(dict.fromkeys((f.campaign_id, f.campaign) for f in started
                                   if f.campaign_id is not None))
    overall = rule.kind == "clicks_drop"
    text = "\n\n".join(f.text for f in started[:FINDINGS])
    if len(started) > FINDINGS:
        text += "\n" + t(rule.lang, "alert.more", count=len(started) - FINDINGS)
    return Notice(text,
                  markup=alert_markup(rule, campaigns, rule.lang, overall=overall),
                  weight=len(started))


def conversion_notice(alert: ConversionAlert, rows: list[dict[str, Any]]) -> Notice:
    """New conversions as one message: campaign, offer, revenue; the campaign's card and
    pause when they are all of one campaign, else today at a glance."""
    campaigns: dict[int, str] = {}
    for row in rows:
        ident = row.get("campaign_id")
        try:
            number = int(ident) if ident is not None else 0
        except (TypeError, ValueError):
            number = 0
        if number > 0:
            campaigns.setdefault(number, str(row.get("campaign") or f"#{number}"))
    # conversions of several campaigns: good news to open at a glance, nothing to pause
    one = list(campaigns.items()) if len(campaigns) == 1 else []
    return Notice(conversions_text(rows, alert.lang),
                  markup=alert_markup(alert, one, alert.lang, overall=not one),
                  weight=len(rows))
