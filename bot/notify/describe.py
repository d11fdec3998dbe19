"""A threshold rule said in a line: what it watches, which campaigns, its cooldown, a mute."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Html, formats, t
from bot.notify.models import Rule


def duration(minutes: int, lang: str) -> str:
    """`15 minutes`, `1 hour`, `6 hours` (in `lang`, with the plural form it takes)."""
    return formats.duration(minutes * 60, lang)


def rule_text(rule: Rule, lang: str, *, settings: bool = True) -> str:
    """`ROI below -30% today, after 50.00 spent · campaigns #1, #2 · again after 1 h`
    (HTML; `settings` adds the campaigns and the cooldown)."""
    key = f"alerts.rule_{rule.kind}"
    if rule.kind == "roi_below" and rule.hours <= 0:
        key = "alerts.rule_roi_below_today"
    text = t(lang, key, threshold=f"{rule.threshold:g}", hours=rule.hours)
    if rule.kind == "roi_below" and rule.min_spend > 0:
        text += t(lang, "alerts.rule_after_spend", min_spend=formats.money(rule.min_spend, lang))
    if not settings or rule.kind == "tracker_down":
        return text
    if rule.campaign_ids:
        text += " · " + t(lang, "alerts.rule_campaigns", ids=Html(", ".join(
            f"#{i}" for i in rule.campaign_ids)))
    elif rule.kind != "clicks_drop":
        text += " · " + t(lang, "alerts.rule_all_campaigns")
    return text + " · " + t(lang, "alerts.rule_cooldown", cooldown=duration(rule.cooldown, lang))


def muted_text(until: str | None, now: datetime, lang: str) -> str:
    """` · 🔕 until 14:05` while muted, else nothing."""
    if until is None:
        return ""
    moment = datetime.fromisoformat(until)
    if moment <= now:
        return ""
    return " · " + t(lang, "alerts.muted_until", until=moment.strftime("%Y-%m-%d %H:%M UTC"))
