"""The tracker's postback URL (outside the Admin API): conversions in, one line of text out.

`GET|POST /{postback_key}/postback?subid=…&status=…&payout=…&currency=…&tid=…&cost=…`

As Keitaro 9.x does it (API-NOTES §11.1-11.4; decompiled 9.x, "D": `Traffic/Dispatcher/
PostbackDispatcher.php`, `Component/Postback/Postback.php`, the `ProcessPostback` pipeline and
its `PayloadFactory`, `Payload` and stages):

- the answer is always 200 with a text body, given before the postback is checked: a wrong
  key is `Incorrect postback code (<key> in <url>)`; no sub id is `Incorrect subid`; anything
  else is `Success` (or the `return` parameter: its text, a JSONP call or a GIF pixel) and the
  postback goes on a queue (`PostbackQueue`);
- the queue is processed later (`postback_delay` seconds, or when a test calls `process()`):
  only then is the click looked up, the status change checked, the conversion written. What
  goes wrong there (no such click, a refused status change, an ignored status, a second sale
  on an offer without upsells) is seen only in the `postbacks` log and in `conversions/log`;
- parameters come from the query and a POST form alike; the sub id, transaction id and
  revenue each have several names; a postback without a revenue sets the conversion's revenue
  to 0 unless the click's offer has a fixed payout (`payout_auto` false); statuses are mapped
  by lists that `sale_status`, `lead_status`, `rejected_status`, `ignore_status` replace, and
  a status in none of them becomes `lead`.

The allowed status changes (lead → sale/rejected, sale → rejected, rebill → rejected) are
Keitaro's documented ones (API-NOTES §7); D's code for that check was not found.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
from dataclasses import dataclass, field

from aiohttp import web

from keitaro_sandbox.replies import text_reply
from keitaro_sandbox.state import State
from keitaro_sandbox.traffic import Conversion

SUB_ID_NAMES = ("trackID", "subid", "sub_id", "subaccount", "aff_sub", "clickid", "subId",
                "SubID", "trackingCodes")
TID_NAMES = ("tid", "transaction_id", "txid", "trans_id", "receipt")
REVENUE_NAMES = ("revenue", "profit", "payout", "summ_approved", "payment", "amount",
                 "order_sum", "order_amount", "affiliateCommission", "value")
# The lists a status is looked up in, in D's order (a later match wins); anything else is a
# lead, and no status at all is a sale. "subscribeOff" is compared with the lower-cased status,
# so it never matches: kept as D has it.
STATUS_LISTS: dict[str, tuple[str, ...]] = {
    "sale": ("approved", "1", "done", "confirm", "confirmed", "paid", "rebill", "sale", "signup",
             "payed", "awarded", "sell", "sms", "birj", "redeem", "cgbk", "insf", "test_sale"),
    "rejected": ("failure", "reject", "cancelled", "refund", "cancel", "decline", "declined",
                 "rejected", "invalid", "canceled", "trash"),
    "ignore": ("unsubscribe", "subscribeOff", "off", "rfnd", "cancel-rebill", "test_rfnd",
               "cancel-test-rebill"),
}
OVERRIDES = {"sale": "sale_status", "lead": "lead_status", "ignore": "ignore_status",
             "rejected": "rejected_status"}
TRANSITIONS = frozenset({("lead", "sale"), ("lead", "rejected"), ("sale", "rejected"),
                         ("rebill", "rejected")})
PIXEL = base64.b64decode("R0lGODlhAQABAJAAAP8AAAAAACH5BAUQAAAALAAAAAABAAEAAAICBAEAOw==")
_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PARAM = re.compile(r"^(?:sub_id_([1-9]|[12]\d|30)|extra_param_([1-9]|10))$")


def _blank(value: str | None) -> bool:
    """PHP's `empty()` for a request parameter: absent, "" or "0"."""
    return value is None or value in ("", "0")


def _number(text: str) -> float:
    """PHP's cast of a numeric string: its numeric prefix ("12.5 USD" → 12.5), else 0."""
    match = _NUMBER.match(text.replace(",", "."))
    return float(match.group(0)) if match else 0.0


@dataclass(frozen=True)
class Postback:
    """A postback as the tracker reads it on arrival, before any check."""

    sub_id: str
    status: str  # sale, lead, rejected or ignore
    original_status: str
    revenue: float  # 0 when no revenue parameter was sent
    tid: str
    cost: float | None
    currency: str
    params: dict[str, str]
    received: int  # the tracker's clock, epoch seconds

    @classmethod
    def read(cls, params: dict[str, str], received: int) -> Postback:
        sub_id = next((params[n] for n in SUB_ID_NAMES if params.get(n) is not None), "")
        tid = next((params[n] for n in TID_NAMES if params.get(n) is not None), "")
        raw = next((params[n] for n in REVENUE_NAMES if params.get(n) is not None), None)
        cost = params.get("cost")
        given = params.get("status")
        status = "sale" if _blank(given) else "lead"
        if not _blank(given):
            assert given is not None
            lists: dict[str, tuple[str, ...]] = dict(STATUS_LISTS)
            for name, param in OVERRIDES.items():
                if params.get(param) is not None:
                    lists[name] = tuple(params[param].lower().split(","))
            for name, words in lists.items():
                if given.lower() in words:
                    status = name
        return cls(
            sub_id=sub_id.strip(), status=status,
            original_status="" if _blank(given) else str(given), tid=tid,
            revenue=0.0 if raw is None else _number(raw),
            cost=None if cost is None else _number(cost),
            currency=(params.get("currency") or "").strip().upper(),
            params={k: v for k, v in params.items() if _PARAM.match(k)}, received=received)


@dataclass
class Queued:
    postback: Postback
    due: float  # event-loop time after which a timer may process it


@dataclass
class PostbackQueue:
    """Postbacks answered `Success` and not yet processed.

    With `delay` in seconds, each one is processed that long after it arrived (a timer on the
    running event loop); with None, only when `process()` is called (deterministic tests).
    """

    state: State
    delay: float | None = None
    pending: list[Queued] = field(default_factory=list)

    def push(self, postback: Postback) -> None:
        loop = asyncio.get_running_loop()
        delay = self.delay
        self.pending.append(Queued(postback, loop.time() + (delay or 0.0)))
        if delay is not None:
            loop.call_later(delay, self._process_due)

    def _process_due(self) -> None:
        now = asyncio.get_running_loop().time()
        while self.pending and self.pending[0].due <= now + 1e-3:
            apply(self.state, self.pending.pop(0).postback)

    def process(self) -> list[str]:
        """Process every queued postback now, oldest first; what each wrote to the log."""
        outcomes = []
        while self.pending:
            outcomes.append(apply(self.state, self.pending.pop(0).postback))
        return outcomes


def _has_sale(conversions: list[Conversion]) -> bool:
    return any(c.status in ("sale", "rebill") for c in conversions)


def apply(state: State, postback: Postback) -> str:
    """Process one postback as the tracker's queue does; returns the line it logged."""
    message = _apply(state, postback)
    state.log("postbacks", message)
    return message


def _apply(state: State, pb: Postback) -> str:
    clicks, conversions = state.traffic.clicks, state.traffic.conversions
    click = clicks.find(pb.sub_id)
    if click is None:
        return f'SubID "{pb.sub_id}" not found. Postback ignored.'
    old = conversions.of_click(click, state.now_ts())
    # D application/Component/Postback/ProcessPostback/Payload.php, updateOldConversionsTid:
    # the click's conversion whose tid equals the postback's (PHP's loose ==: an empty tid
    # equals a missing one) is selected, the last one found; then isStatusChange: the
    # postback changes that conversion instead of adding one (API-NOTES §12.2)
    selected = next((c for c in reversed(old) if (c.tid or "") == (pb.tid or "")), None)
    if pb.status == "ignore":
        if selected is not None:
            selected.original_status = pb.original_status
        return f"Postback ignored because '{pb.original_status}' status received"
    offer = state.offers.get(clicks.offer[click])
    additional = bool(old) and selected is None
    if additional and _has_sale(old) and offer is not None and not offer.get("payout_upsell"):
        return "Conversion is already exists. Postback ignored."
    fixed = offer is not None and not offer.get("payout_auto")
    revenue = float(offer["payout_value"] or 0) if fixed and offer else pb.revenue
    currency = str(offer.get("payout_currency") or "") if fixed and offer else pb.currency
    if selected is None:
        status = "rebill" if additional and _has_sale(old) and pb.status == "sale" else pb.status
        conversions.add(click, status, revenue, pb.received, tid=pb.tid,
                        currency=currency or "USD", cost=pb.cost or 0.0,
                        original_status=pb.original_status or status, params=pb.params)
        return f"Subid {pb.sub_id} complete"
    if not (selected.status == "rebill" and pb.status == "sale"):
        if pb.status != selected.status and (selected.status, pb.status) not in TRANSITIONS:
            return (f"Status transition from {selected.status} to {pb.status} is not "
                    "allowed. Postback ignored.")
        selected.previous_status = selected.status
        selected.status = pb.status
    selected.original_status = pb.original_status or selected.status
    selected.revenue = revenue
    if currency:
        selected.currency = currency
    if pb.cost is not None:
        selected.cost = pb.cost
    if selected.status in ("sale", "rebill"):
        selected.sale_at = selected.sale_at or pb.received
    else:
        selected.sale_at = None
    selected.params.update(pb.params)
    return f"Subid {pb.sub_id} complete"


def _answer(message: str, back: str | None) -> web.Response:
    """The body: the `return` parameter when given (as text, a JSONP call or a pixel), else
    the message."""
    if back == "jsonp":
        code = f'KTracking && KTracking.response("{html.escape(message, quote=True)}")'
        return text_reply(code, content_type="application/javascript")
    if back == "gif":
        return web.Response(body=PIXEL, content_type="image/gif")
    return text_reply(html.escape(back, quote=True) if back else message)


def receive(state: State, queue: PostbackQueue, url: str, query: dict[str, str],
            form: dict[str, str] | None, key: str, *, valid: bool) -> web.Response:
    """Answer a postback at once; queue it when the key and a sub id are there. `form` is a
    POST body's fields (the query wins where both name a parameter)."""
    line = f"Received postback {url}"
    if form is not None:
        line += ", post params: " + json.dumps(form, ensure_ascii=False)
    state.log("postbacks", line)
    params = {**(form or {}), **query}
    if not valid:
        message = f"Incorrect postback code ({key} in {url})"
        state.log("postbacks", message)
        return _answer(message, None)
    postback = Postback.read(params, state.now_ts())
    if not postback.sub_id:
        state.log("postbacks", f'Incorrect subid "{postback.sub_id}". Postback ignored.')
        return _answer("Incorrect subid", params.get("return"))
    queue.push(postback)
    state.log("postbacks", f'Using "{postback.sub_id}" as subid. Postback added to queue.')
    return _answer("Success", params.get("return"))

