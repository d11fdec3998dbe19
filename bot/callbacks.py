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


_THRESHOLD_ACTIONS = (AlertAction.SPEND, AlertAction.ROI, AlertAction.CLICKS)


class AlertCB(CallbackData, prefix="al"):
    """A screen of the alerts menu, an alert preset to add (spend, roi, clicks carry their
    threshold), or an alert to remove (`c3`/`r3`: asked first, then removed)."""

    action: AlertAction
    value: str = ""

    @model_validator(mode="after")
    def _value_fits(self) -> AlertCB:
        if self.action in (AlertAction.ASK, AlertAction.REMOVE):
            fits = bool(_ALERT_ID.match(self.value))
        elif self.action in _THRESHOLD_ACTIONS:
            fits = bool(_NUMBER.match(self.value))
        else:
            fits = self.value == ""
        if not fits:
            raise ValueError(f"{self.action.value} does not take {self.value!r}")
        return self
