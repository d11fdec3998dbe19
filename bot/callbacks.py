"""Callback data factories: every inline button's payload, packed within Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCB(CallbackData, prefix="m"):
    """Open the group list (`group` empty) or a group's operations."""

    group: str = ""


class RunCB(CallbackData, prefix="r"):
    """Start an action, optionally with an entity id already chosen."""

    group: str
    op: str
    id: int | None = None


class StepCB(CallbackData, prefix="s"):
    """An answer given by a button in a running flow; `nonce` ties it to that flow."""

    nonce: str
    step: int  # which question of the flow the button belongs to
    kind: str  # "v" value, "pick" page of a pick-list, "skip", "back", "cancel"
    value: str = ""


class ConfirmCB(CallbackData, prefix="c"):
    nonce: str
    yes: bool


class PageCB(CallbackData, prefix="p"):
    """A page of a stored result, or (with `file`) the whole result as a file."""

    rid: str
    page: int
    file: str = ""  # "json" or "csv": send the whole result as a file


class DigestCB(CallbackData, prefix="d"):
    """The digest wizard, carrying every choice made so far (no state to lose)."""

    step: str  # new, period, every, at, zone, save, now, rm
    report: str = ""
    period: str = ""
    every: str = ""  # "day" or a weekday: mon … sun
    at: str = ""  # HHMM
    zone: int = 0  # index into the offered time zones
    id: int = 0


class AlertCB(CallbackData, prefix="al"):
    action: str  # conv, sales, spend, roi, clicks, down, rm
    value: str = ""
