"""A threshold rule being set up by taps, with the numbers typed: what each kind asks for,
and the rule it makes."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field

from bot.notify.models import Rule, RuleKind

KINDS: dict[str, RuleKind] = {"spend": "spend_no_conversion", "roi": "roi_below",
                              "cr": "cr_change", "epc": "epc_change",
                              "stopped": "clicks_stopped", "drop": "clicks_drop"}
COOLDOWNS = (15, 60, 360, 1440)  # minutes offered
HOURS = {"roi_below": (0, 3, 6, 24), "clicks_stopped": (1, 2, 3, 6)}  # offered as buttons
Number = Literal["threshold", "min_spend"]
# what each kind asks to be typed, in order
NUMBERS: dict[str, tuple[Number, ...]] = {
    "spend_no_conversion": ("threshold",), "roi_below": ("threshold", "min_spend"),
    "cr_change": ("threshold",), "epc_change": ("threshold",), "clicks_drop": ("threshold",),
    "clicks_stopped": ()}
DEFAULT_HOURS = {"roi_below": 0, "clicks_stopped": 1}
LIMITS: dict[tuple[str, str], tuple[float, float]] = {  # (kind, number) → allowed range
    ("spend_no_conversion", "threshold"): (0.01, 1e9), ("roi_below", "threshold"): (-100, 1e6),
    ("roi_below", "min_spend"): (0, 1e9), ("cr_change", "threshold"): (1, 1e6),
    ("epc_change", "threshold"): (1, 1e6), ("clicks_drop", "threshold"): (1, 100)}


class RuleDraft(BaseModel):
    kind: RuleKind
    threshold: float | None = None
    min_spend: float | None = None
    hours: int = 0
    campaign_ids: list[int] = Field(default_factory=list)
    cooldown: int = 60

    @classmethod
    def of(cls, key: str) -> RuleDraft:
        kind = KINDS[key]
        return cls(kind=kind, hours=DEFAULT_HOURS.get(kind, 0))

    def asking(self) -> Number | None:
        """The number still to be typed, if any."""
        return next((n for n in NUMBERS[self.kind] if getattr(self, n) is None), None)

    def take(self, text: str) -> str | None:
        """Take the typed number; None when taken, else the problem (a text key)."""
        asked = self.asking()
        if asked is None:
            return "alerts.rule_nothing_asked"
        try:
            value = float(text.strip().replace(",", ".").replace("%", "").replace("−", "-"))
        except ValueError:
            return "alerts.rule_not_number"
        low, high = LIMITS[(self.kind, asked)]
        if not math.isfinite(value) or not low <= value <= high:
            return "alerts.rule_out_of_range"
        setattr(self, asked, value)
        return None

    def rule(self, chat_id: int, user_id: int, lang: str) -> Rule:
        return Rule(chat_id=chat_id, created_by=user_id, lang=lang, kind=self.kind,
                    threshold=self.threshold or 0.0, min_spend=self.min_spend or 0.0,
                    hours=self.hours, campaign_ids=sorted(self.campaign_ids),
                    cooldown=self.cooldown)
