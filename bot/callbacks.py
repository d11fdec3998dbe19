"""Callback data factories: every inline button's payload, packed within Telegram's 64 bytes.

Every kind of a payload is an enum or a checked value, so a payload that the bot did not make
(forged, or from an older version) fails to parse: its handler's filter does not match and the
button is answered as stale; nothing of it is stored.
"""

from __future__ import annotations

import re
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from pydantic import Field, field_validator, model_validator

from bot.i18n import LANGS
from bot.render.report import MetricSet, ReportSort

DIGEST_TIMES = ("0800", "0900", "1000", "1800")  # HHMM, offered by the digest wizard
DIGEST_ZONES = ("", "UTC", "Europe/Moscow", "Europe/Berlin", "America/New_York",
                "Asia/Singapore")  # "" is the tracker's own time zone
_HHMM = re.compile(r"^([01]\d|2[0-3])[0-5]\d$")
_NUMBER = re.compile(r"^-?\d{1,9}(\.\d{1,4})?$")
_ALERT_ID = re.compile(r"^[cr]\d{1,12}$")  # c: conversion alert, r: rule


class MenuCB(CallbackData, prefix="m"):
    """Open the group list (`group` empty) or a group's operations."""

    group: str = ""


class HelpCB(CallbackData, prefix="h"):
    """The help index (`group` empty) or one group's commands."""

    group: str = ""


class LangCB(CallbackData, prefix="lang"):
    """A language chosen with /lang (one of `bot.i18n.LANGS`, the folders of texts found);
    "auto" follows Telegram's language again."""

    lang: str

    @field_validator("lang")
    @classmethod
    def _known(cls, lang: str) -> str:
        if lang != "auto" and lang not in LANGS:
            raise ValueError(f"no language {lang!r}")
        return lang


class RunCB(CallbackData, prefix="r"):
    """Start an action, optionally with an entity id already chosen."""

    group: str
    op: str
    id: int | None = None


class StepKind(StrEnum):
    VALUE = "v"
    PICK = "pick"  # a page of a pick-list
    SKIP = "skip"
    BACK = "back"
    CANCEL = "cancel"
    FIELD = "f"  # a form: the field to fill (its index among the form's fields)
    FORM = "fp"  # a form: a page of its fields
    TOGGLE = "t"  # a form: one of a field's tags, on or off
    DONE = "ok"  # a form: the toggles are set / go to the preview
    SHARE = "sh"  # a form's shares editor: `p2`, `m2`, `x2` (item 2: ±10, remove), `add`, `even`
    SCOPE = "sc"  # what a pick-list is listed under (a stream's campaign); "" picks another
    FILTER = "fl"  # the filter editor: `g2` group, `n5` filter, `m0` mode, `t17` value, `p1`…


class StepCB(CallbackData, prefix="s"):
    """An answer given by a button in a running flow; `nonce` ties it to that flow."""

    nonce: str
    step: int  # which question of the flow the button belongs to
    kind: StepKind
    value: str = ""


class ConfirmCB(CallbackData, prefix="c"):
    nonce: str
    yes: bool


class UndoCB(CallbackData, prefix="u"):
    """Undo the change journaled as entry `entry` (what the Undo needs is in the journal)."""

    entry: int = Field(ge=1)


class AuditCB(CallbackData, prefix="au"):
    """Show journal entry `entry` whole: its request, the state before and after."""

    entry: int = Field(ge=1)


class ResultFile(StrEnum):
    """What a result's file button sends: nothing (a page), the envelope as JSON, the rows
    as CSV, or every row of the query again as CSV files."""

    NONE = ""
    JSON = "json"
    CSV = "csv"
    ALL = "all"


class PageCB(CallbackData, prefix="p"):
    """A page of a stored result, or (with `file`) the whole result as a file."""

    rid: str
    page: int
    file: ResultFile = ResultFile.NONE


class RequestCB(CallbackData, prefix="q"):
    """The full request behind a stored result: URL, masked headers, body."""

    rid: str


class ReportCB(CallbackData, prefix="rp"):
    """A stored report shown another way: its metric set, sort and page."""

    rid: str
    metrics: MetricSet
    sort: ReportSort = ReportSort.TRACKER
    desc: bool = True
    page: int = Field(default=0, ge=0, le=1000)


class ExploreOp(StrEnum):
    """What a button of an explored report or a card does (`bot.explore`)."""

    PERIOD = "p"  # the same for another period (`arg`: a preset)
    OTHER = "o"  # ask for a typed period
    DRILL = "d"  # a breakdown by `arg` (a dimension) of what is shown
    ROW = "r"  # row `arg` (its index in the data): its card, or (a pick) the filter it is
    SLICE = "s"  # a card's item `arg` (`offer.5`): the card of it within this one
    FILTER = "f"  # the filter menu; with `arg` (a dimension): pick one of its values
    UNFILTER = "u"  # drop filter number `arg`
    UP = "b"  # back to the card of the scope (its last filter dropped, for a card)
    TREND = "t"  # the sorted metric over the period as a chart
    SUBS = "n"  # which sub ids the tracker fills, to break down by
    PAUSE = "z"  # pause what a slice card shows within stream `arg`
    BLOCK = "k"  # blacklist a sub id's value for the campaign of the card
    SHOW = "v"  # this result again, as it was (back from a menu shown in its place)


_ARG = re.compile(r"^[A-Za-z0-9_.-]{0,32}$")


class ExploreCB(CallbackData, prefix="x"):
    """A button of an explored report or card: the stored result it belongs to (which keeps
    where the person stands), what to do, and an argument."""

    rid: str = Field(min_length=1, max_length=16)
    op: ExploreOp
    arg: str = ""

    @model_validator(mode="after")
    def _arg_fits(self) -> ExploreCB:
        if not _ARG.match(self.arg):
            raise ValueError("arg must be a short token")
        return self


class GlancePeriod(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    WEEK = "7d"
    MONTH = "30d"


class GlanceCB(CallbackData, prefix="g"):
    """The glance (`/today`) for a period."""

    period: GlancePeriod = GlancePeriod.TODAY


class DigestStep(StrEnum):
    LIST = "list"  # the chat's digests
    NEW = "new"
    PERIOD = "period"
    EVERY = "every"
    AT = "at"
    ZONE = "zone"
    SAVE = "save"
    NOW = "now"
    REMOVE = "remove"  # which digest to remove
    ASK = "ask"  # confirm removing `id`
    RM = "rm"  # remove `id` (confirmed)
    CANCEL = "cancel"


class DigestReport(StrEnum):
    """The reports the wizard offers (`bot.notify.models.REPORTS`)."""

    CAMPAIGN = "campaign"
    OFFER = "offer"
    COUNTRY = "country"
    TS = "ts"


class DigestPeriod(StrEnum):
    YESTERDAY = "yesterday"
    LAST_7_DAYS = "7d"
    MONTH_TO_DATE = "mtd"


class DigestEvery(StrEnum):
    """Daily, or weekly on a day (`bot.notify.models.WEEKDAYS`)."""

    DAY = "day"
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


# what the wizard must know before each step (save needs all of it)
_DIGEST_NEEDS = {DigestStep.PERIOD: ("report",), DigestStep.EVERY: ("report", "period"),
                 DigestStep.AT: ("report", "period", "every"),
                 DigestStep.ZONE: ("report", "period", "every", "at"),
                 DigestStep.SAVE: ("report", "period", "every", "at")}


class DigestCB(CallbackData, prefix="d"):
    """The digest wizard, carrying every choice made so far (no state to lose)."""

    step: DigestStep
    report: DigestReport | None = None
    period: DigestPeriod | None = None
    every: DigestEvery | None = None
    at: str = ""  # HHMM
    zone: int = Field(default=0, ge=0, lt=len(DIGEST_ZONES))  # index into DIGEST_ZONES
    id: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> DigestCB:
        if self.at and not _HHMM.match(self.at):
            raise ValueError("at must be HHMM")
        missing = [name for name in _DIGEST_NEEDS.get(self.step, ()) if not getattr(self, name)]
        if missing:
            raise ValueError(f"{self.step.value} needs {', '.join(missing)}")
        if self.step in (DigestStep.NOW, DigestStep.ASK, DigestStep.RM) and not self.id:
            raise ValueError(f"{self.step.value} needs an id")
        return self


class AlertAction(StrEnum):
    LIST = "list"  # the chat's alerts
    NEW = "new"  # the presets to add
    CONVERSIONS = "conv"
    SALES = "sales"
    SPEND = "spend"
    ROI = "roi"
    CLICKS = "clicks"
    DOWN = "down"
    REMOVE_MENU = "rmenu"  # which alert to remove
    ASK = "ask"  # confirm removing `value`
    REMOVE = "rm"  # remove `value` (confirmed)
    CANCEL = "cancel"
    # a rule set up by taps (`handlers/alert_rules.py`; the rule so far is in the FSM data)
    RULE = "rule"  # set up a rule of kind `value` (RULE_KEYS)
    DRAFT = "draft"  # back to the rule being set up
    SAVE = "save"  # save it
    COOLDOWN = "cool"  # its cooldown: `value` minutes
    HOURS = "hrs"  # its hours (ROI's window, 0: today; how long without clicks)
    CAMPAIGNS = "camps"  # which campaigns it watches
    TOGGLE = "tg"  # campaign `value` in or out
    ALL = "all"  # every campaign
    # on an alert's message: quiet for an hour, until tomorrow, or again (`value`: c3/r3)
    MUTE_HOUR = "m1"
    MUTE_DAY = "md"
    UNMUTE = "um"


_THRESHOLD_ACTIONS = (AlertAction.SPEND, AlertAction.ROI, AlertAction.CLICKS)
RULE_KEYS = ("spend", "roi", "cr", "epc", "stopped", "drop")  # the kinds set up by taps
_REF_ACTIONS = (AlertAction.ASK, AlertAction.REMOVE, AlertAction.MUTE_HOUR, AlertAction.MUTE_DAY,
                AlertAction.UNMUTE)
_COUNT_ACTIONS = (AlertAction.COOLDOWN, AlertAction.HOURS, AlertAction.TOGGLE)
_COUNT = re.compile(r"^\d{1,10}$")


class AlertCB(CallbackData, prefix="al"):
    """A screen of the alerts menu, an alert preset to add (spend, roi, clicks carry their
    threshold), a step of a rule set up by taps, an alert to remove (`c3`/`r3`: asked
    first, then removed), or to mute."""

    action: AlertAction
    value: str = ""

    @model_validator(mode="after")
    def _value_fits(self) -> AlertCB:
        if self.action in _REF_ACTIONS:
            fits = bool(_ALERT_ID.match(self.value))
        elif self.action in _THRESHOLD_ACTIONS:
            fits = bool(_NUMBER.match(self.value))
        elif self.action is AlertAction.RULE:
            fits = self.value in RULE_KEYS
        elif self.action in _COUNT_ACTIONS:
            fits = bool(_COUNT.match(self.value))
        else:
            fits = self.value == ""
        if not fits:
            raise ValueError(f"{self.action.value} does not take {self.value!r}")
        return self
