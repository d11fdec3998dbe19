"""The tracker's postback URL (outside the Admin API): conversions in, plain text out.

`GET|POST /{postback_key}/postback?subid=…&status=…&payout=…&currency=…&tid=…&cost=…`

Like Keitaro, the answer is `200 text/plain` whenever the key is right: a postback that is
ignored (empty or unknown subid, ignored or unknown status, forbidden transition) is
answered with the reason and written to the `postbacks` log, which is where Keitaro reports
it ("Incorrect subid", "SubID not found"). A wrong key answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from keitaro_sandbox.replies import text_reply
from keitaro_sandbox.state import State
from keitaro_sandbox.traffic import STATUSES, Conversion

TRANSITIONS = frozenset({("lead", "sale"), ("lead", "rejected"), ("sale", "rejected"),
                         ("rebill", "rejected")})
DEFAULT_ANSWER = "Success"


@dataclass(frozen=True)
class Outcome:
    message: str
    conversion: Conversion | None = None


def _statuses(text: str | None) -> set[str]:
    return {s.strip().lower() for s in (text or "").split(",") if s.strip()}


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def apply(state: State, query: dict[str, str]) -> Outcome:
    """Create or update the conversion a postback describes."""
    sub_id = (query.get("subid") or query.get("clickid") or "").strip()
    if not sub_id:
        return Outcome('Incorrect subid "". Postback ignored.')
    click = state.traffic.clicks.find(sub_id)
    if click is None:
        return Outcome(f'SubID "{sub_id}" not found. Postback ignored.')
    original = (query.get("status") or "sale").strip().lower()
    ignored = _statuses(query.get("ignore_status")) | _statuses(query.get("ignore"))
    if original in ignored:
        return Outcome(f'Status "{original}" is ignored. Postback ignored.')
    status = original
    for mapped in ("sale", "lead", "rejected"):
        if original in _statuses(query.get(f"{mapped}_status")):
            status = mapped
    if status not in STATUSES:
        return Outcome(f'Unknown status "{original}". Postback ignored.')
    payout = _number(query.get("payout") if "payout" in query else query.get("revenue"))
    cost = _number(query.get("cost"))
    tid = (query.get("tid") or "").strip()
    currency = (query.get("currency") or "").strip().upper()
    params = {k: v for k, v in query.items() if k.startswith(("sub_id_", "extra_param_"))}
    now = state.now_ts()
    existing = state.traffic.conversions.of_click(click, now)
    same = [c for c in existing if c.tid == tid]
    target = same[-1] if same else (existing[-1] if existing and not tid else None)
    if target is None:
        conversion = state.traffic.conversions.add(
            click, status, payout or 0.0, now, tid=tid, currency=currency or "USD",
            cost=cost or 0.0,
            original_status=original, params=params)
        return Outcome(f"Conversion #{conversion.id} created", conversion)
    if status != target.status and (target.status, status) not in TRANSITIONS:
        return Outcome(f"Status transition from {target.status} to {status} is not allowed. "
                       "Postback ignored.")
    if status != target.status:
        target.previous_status = target.status
        target.status = status
    target.original_status = original
    if payout is not None:
        target.revenue = payout
    if cost is not None:
        target.cost = cost
    if currency:
        target.currency = currency
    target.at = now
    if status in ("sale", "rebill") and target.sale_at is None:
        target.sale_at = now
    target.params.update(params)
    return Outcome(f"Conversion #{target.id} updated", target)


def handle(state: State, query: dict[str, str]) -> web.Response:
    outcome = apply(state, query)
    fields = " ".join(f"{k}={query[k]}" for k in ("subid", "status", "payout", "tid")
                      if k in query)
    state.log("postbacks", f"{fields}: {outcome.message}")
    if outcome.conversion is None:
        return text_reply(outcome.message)
    return text_reply(query.get("return") or DEFAULT_ANSWER)
