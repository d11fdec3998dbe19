"""The tracker's postback rules (API-NOTES §7, §11.1–11.4), as the bot must respect them.

- An answer is classified by its text: a wrong key (`Incorrect postback code (…)`, answered
  200 by the real tracker, 404 by older sandboxes), no subid (`Incorrect subid`), `Success`
  (the postback is queued: nothing is proven yet) or any other text (the tracker's own
  message, e.g. a subid that matches no click).
- Statuses: a typed status is mapped the tracker's way (`_findStatus`); a status the mapping
  would turn into something else is refused, saying what it would become. The bot offers
  sale, lead and rejected.
- Transitions the tracker allows: lead → sale, lead → rejected, sale → rejected,
  rebill → rejected (and the same status again); any other is refused before sending.
- A postback without a payout sets revenue to 0: a status change re-sends the conversion's
  current revenue (as `payout`), its currency where the tracker reports one, and its tid.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.keitaro.params import InputError

OFFERED = ("sale", "lead", "rejected")
# the names API-NOTES §11.2 lists (the tracker knows a few more: anything the bot does not
# offer is refused anyway, so an unlisted one is at worst said to become `lead`)
SALE = frozenset({"approved", "1", "done", "confirm", "confirmed", "paid", "rebill", "sale",
                  "signup", "payed", "awarded", "sell"})
REJECTED = frozenset({"failure", "reject", "cancelled", "refund", "cancel", "decline",
                      "declined", "rejected", "invalid", "canceled", "trash"})
IGNORED = frozenset({"unsubscribe", "subscribeoff", "off", "rfnd", "cancel-rebill"})
TRANSITIONS = frozenset({("lead", "sale"), ("lead", "rejected"), ("sale", "rejected"),
                         ("rebill", "rejected")})
REVENUE_NAMES = ("revenue", "payout")  # what the bot's data may call the payout
TID_NAMES = ("transaction_id", "tid")
SUCCESS = "Success"


class Answer(StrEnum):
    WRONG_KEY = "wrong_key"
    NO_SUBID = "no_subid"
    QUEUED = "queued"
    MESSAGE = "message"  # any other text: the tracker's own words


def classify(text: str, status: int | None, returned: str | None = None) -> Answer:
    """What a postback answer means. `returned` is the `return` value sent, if any (the
    tracker then answers with it instead of `Success`)."""
    body = text.strip()
    if body.lower().startswith("incorrect postback code") or status == 404:
        return Answer.WRONG_KEY
    if body.lower().startswith("incorrect subid"):
        return Answer.NO_SUBID
    if body == SUCCESS or (returned and body == returned):
        return Answer.QUEUED
    return Answer.MESSAGE


def tracker_status(typed: str | None) -> str:
    """The status the tracker records for a typed one: sale, rejected, ignored or lead."""
    if typed is None or not str(typed).strip():
        return "sale"
    value = str(typed).strip().lower()
    if value in SALE:
        return "sale"
    if value in REJECTED:
        return "rejected"
    if value in IGNORED:
        return "ignored"
    return "lead"


def check_status(typed: Any) -> str | None:
    """The status to send, checked: refused (InputError) when the tracker would record it as
    something else. None when no status is given (the tracker then records a sale)."""
    if typed is None:
        return None
    value = str(typed).strip()
    becomes = tracker_status(value)
    if value.lower() in OFFERED and becomes == value.lower():
        return value.lower()
    raise InputError("conversion_status_mapped", value=value[:40], becomes=becomes,
                     offered=", ".join(OFFERED))


def check_transition(current: str, wanted: str) -> None:
    """Refuse a status change the tracker would ignore (it still answers `Success`)."""
    if current and wanted != current and (current, wanted) not in TRANSITIONS:
        raise InputError("conversion_transition", current=current, wanted=wanted)


def allowed(current: str, wanted: str) -> bool:
    return not current or wanted == current or (current, wanted) in TRANSITIONS


def complete_update(row: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The data of a conversion update with what the tracker needs to keep the rest: the
    row's revenue as the payout, its currency when reported, its tid, unless given."""
    done = dict(data)
    if not any(done.get(name) is not None for name in REVENUE_NAMES):
        revenue = row.get("revenue")
        if isinstance(revenue, int | float) and not isinstance(revenue, bool):
            done["revenue"] = revenue
        elif isinstance(revenue, str) and revenue.strip():
            done["revenue"] = revenue.strip()
    if done.get("currency") is None and isinstance(row.get("currency"), str) and row["currency"]:
        done["currency"] = row["currency"]
    if not any(done.get(name) is not None for name in TID_NAMES) and row.get("tid"):
        done["transaction_id"] = str(row["tid"])
    return done


def sent_revenue(data: dict[str, Any]) -> Any:
    return next((data[n] for n in REVENUE_NAMES if data.get(n) is not None), None)


def sent_tid(data: dict[str, Any]) -> Any:
    return next((data[n] for n in TID_NAMES if data.get(n) is not None), None)
