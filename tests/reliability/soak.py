"""The soak's script: what one simulated person does, step by step, and what each step must end
in. Used by test_soak.py (in-process bot) and test_restart.py (real processes)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from bot.keitaro.catalog import CATALOG, Danger
from keitaro_sandbox import Sandbox
from keitaro_sandbox.app import RecordedRequest
from tests.harness import POSTBACK_KEY
from tests.reliability.observe import INTERNAL_ERROR, RESULT_MARKS, Step

Expect = Literal["result", "menu", "ask", "preview", "cancelled"]
ROLE_REFUSAL = "not allowed for your role"
# a preview whose read failed (a fault on it): a read-modify-write is not previewed blind
READ_REFUSAL = "could not be read"
UNCERTAIN = "may have reached the tracker"


@dataclass(frozen=True)
class Move:
    """Send a text, or press the button whose label contains `what`; `expect` names the kind
    of final reply the step must end in."""

    how: Literal["say", "press", "double_tap"]
    what: str
    expect: Expect


def say(text: str, expect: Expect) -> Move:
    return Move("say", text, expect)


def press(label: str, expect: Expect) -> Move:
    return Move("press", label, expect)


def double_tap(label: str, expect: Expect) -> Move:
    return Move("double_tap", label, expect)


@dataclass(frozen=True)
class Write:
    """The one request a confirmed write sends (exact method and path; `marker` must appear in
    its body or query), and `read`: the path a read-modify-write GETs before it. `plain_text`:
    the endpoint answers text, not JSON (the postback URL), so a text 200 is a success."""

    method: str
    path: str
    marker: str | None = None
    read: str | None = None
    plain_text: bool = False

    def matches(self, request: RecordedRequest) -> bool:
        if request.method != self.method or request.path != self.path:
            return False
        if self.marker is None:
            return True
        return self.marker in json.dumps([request.body, request.query], ensure_ascii=False)


@dataclass(frozen=True)
class Owned:
    """What one person works on: their own entities, click and report period, so that every
    request they cause is theirs alone (writes can be told apart, faults are reproducible)."""

    campaign: int
    stream: int
    offer: int
    sub_id: str
    period: str


@dataclass(frozen=True)
class Plan:
    name: str
    action: str
    moves: tuple[Move, ...]
    write: Write | None = None

    @property
    def danger(self) -> Danger:
        return CATALOG[self.action].danger


PlanMaker = Callable[[Owned, str], Plan]
API = "/admin_api/v1"


def _reads() -> list[PlanMaker]:
    def one_line(name: str, action: str, line: Callable[[Owned], str]) -> PlanMaker:
        return lambda o, tag: Plan(name, action, (say(line(o), "result"),))

    return [
        one_line("campaign", "campaigns.get", lambda o: f"/campaigns get {o.campaign}"),
        one_line("offer", "offers.get", lambda o: f"/offers get {o.offer}"),
        one_line("stream", "streams.get", lambda o: f"/streams get {o.stream}"),
        one_line("streams", "streams.list", lambda o: f"/streams list {o.campaign}"),
        one_line("report", "reports.by_campaign", lambda o: f"/reports by_campaign {o.period}"),
        one_line("click log", "clicks.log", lambda o: f"/clicks log {o.period}"),
        one_line("postbacks", "postbacks.list", lambda o: f"/postbacks list {o.campaign}"),
        one_line("filters", "filters.list", lambda o: f"/filters list {o.stream}"),
        lambda o, tag: Plan("filters by buttons", "filters.list", (
            say("/filters", "menu"), press("Filters of a stream", "ask"),
            say(str(o.stream), "result"))),
    ]


def _writes() -> list[PlanMaker]:
    def confirmed(name: str, action: str, line: Callable[[Owned, str], str],
                  write: Callable[[Owned, str], Write]) -> PlanMaker:
        button = "Yes," if CATALOG[action].danger is Danger.DESTRUCTIVE else "Confirm"
        return lambda o, tag: Plan(name, action, (
            say(line(o, tag), "preview"), press(button, "result")), write(o, tag))

    return [
        confirmed("disable", "campaigns.disable", lambda o, t: f"/campaigns disable {o.campaign}",
                  lambda o, t: Write("POST", f"{API}/campaigns/{o.campaign}/disable")),
        confirmed("enable", "campaigns.enable", lambda o, t: f"/campaigns enable {o.campaign}",
                  lambda o, t: Write("POST", f"{API}/campaigns/{o.campaign}/enable")),
        confirmed("campaign notes", "campaigns.update",
                  lambda o, t: f'/campaigns update {o.campaign} {{"notes": "soak {t}"}}',
                  lambda o, t: Write("PUT", f"{API}/campaigns/{o.campaign}")),
        confirmed("offer name", "offers.update",
                  lambda o, t: f'/offers update {o.offer} {{"name": "Soak {t}"}}',
                  lambda o, t: Write("PUT", f"{API}/offers/{o.offer}")),
        confirmed("stream off", "streams.disable", lambda o, t: f"/streams disable {o.stream}",
                  lambda o, t: Write("POST", f"{API}/streams/{o.stream}/disable")),
        confirmed("filter", "filters.add",
                  lambda o, t: (f'/filters add {o.stream} {{"name": "country", '
                                f'"mode": "accept", "payload": ["DE"]}}'),
                  lambda o, t: Write("PUT", f"{API}/streams/{o.stream}",
                                     read=f"{API}/streams/{o.stream}")),
        confirmed("conversion", "conversions.create",
                  lambda o, t: (f'/conversions create {{"click_id": "{o.sub_id}", '
                                f'"status": "lead", "transaction_id": "{t}"}}'),
                  lambda o, t: Write("GET", f"/{POSTBACK_KEY}/postback", marker=t,
                                           plain_text=True)),
        confirmed("source", "sources.create",
                  lambda o, t: f'/sources create {{"name": "Soak {t}"}}',
                  lambda o, t: Write("POST", f"{API}/traffic_sources", marker=f"Soak {t}")),
        lambda o, tag: Plan("stream off by buttons", "streams.disable", (
            say("/streams", "menu"), press("Disable", "ask"), say(str(o.stream), "preview"),
            press("Confirm", "result")), Write("POST", f"{API}/streams/{o.stream}/disable")),
    ]


def _destructive() -> list[PlanMaker]:
    return [
        lambda o, tag: Plan("archive campaign", "campaigns.delete", (
            say(f"/campaigns delete {o.campaign}", "preview"), press("Yes,", "result")),
            Write("DELETE", f"{API}/campaigns/{o.campaign}")),
        lambda o, tag: Plan("restore campaign", "campaigns.restore", (
            say(f"/campaigns restore {o.campaign}", "preview"), press("Confirm", "result")),
            Write("POST", f"{API}/campaigns/{o.campaign}/restore")),
        lambda o, tag: Plan("delete stream", "streams.delete", (
            say(f"/streams delete {o.stream}", "preview"), press("Yes,", "result")),
            Write("DELETE", f"{API}/streams/{o.stream}")),
    ]


def _cancelled() -> list[PlanMaker]:
    return [
        lambda o, tag: Plan("cancelled disable", "campaigns.disable", (
            say(f"/campaigns disable {o.campaign}", "preview"), press("Cancel", "cancelled")),
            None),
    ]


def _double_taps() -> list[PlanMaker]:
    return [
        lambda o, tag: Plan("double tap", "campaigns.update", (
            say(f'/campaigns update {o.campaign} {{"notes": "tapped {tag}"}}', "preview"),
            double_tap("Confirm", "result")), Write("PUT", f"{API}/campaigns/{o.campaign}")),
    ]


PLANS: list[tuple[PlanMaker, float]] = (
    [(p, 4.5 / 9) for p in _reads()] + [(p, 3.5 / 9) for p in _writes()]
    + [(p, 1.0 / 3) for p in _destructive()] + [(p, 0.5) for p in _cancelled()]
    + [(p, 0.5) for p in _double_taps()])


def script(rng: random.Random, owned: Owned, user_id: int, count: int) -> list[Plan]:
    """`count` plans for one person, drawn by `rng`: reads ~45%, writes ~35%, destructive
    ones ~10%, cancelled writes and double taps on Confirm ~5% each; one-line commands and
    button flows."""
    makers = [p for p, _ in PLANS]
    weights = [w for _, w in PLANS]
    return [maker(owned, f"u{user_id}a{n}")
            for n, maker in enumerate(rng.choices(makers, weights, k=count))]


def give_entities(sandbox: Sandbox, user_ids: list[int]) -> dict[int, Owned]:
    """A campaign (with one stream) and an offer of their own for every person."""
    state = sandbox.state
    owned: dict[int, Owned] = {}
    for n, user_id in enumerate(user_ids):
        cid, sid, oid = 1000 + n, 1000 + n, 1000 + n
        state.campaigns[cid] = {**state.campaigns[1], "id": cid, "alias": f"soak-{user_id}",
                                "name": f"Soak campaign {user_id}", "postbacks": []}
        state.streams[sid] = {**state.streams[1], "id": sid, "campaign_id": cid,
                              "name": f"Soak stream {user_id}", "filters": [], "triggers": []}
        state.offers[oid] = {**state.offers[1], "id": oid, "name": f"Soak offer {user_id}"}
        since = date(2026, 1, 1) + timedelta(days=n)
        owned[user_id] = Owned(cid, sid, oid, sandbox.sub_id(n % 500),
                               f"{since.isoformat()}..2026-11-25")
    for table in ("campaigns", "streams", "offers"):
        state.seen_id(table, 1000 + len(user_ids))
    return owned


def refused_by_role(step: Step) -> bool:
    return ROLE_REFUSAL in step.final


def refused_unread(step: Step) -> bool:
    """A preview that could not read what it would change (the person stops there)."""
    return step.final.startswith("⚠️") and READ_REFUSAL in step.final.split("\n")[0]


def step_problems(step: Step, expect: Expect) -> list[str]:
    """Why this step did not end in exactly one final reply of the expected kind (empty: it
    did). Final replies, by kind of step:
    - result: exactly one message (sent, or a progress message edited) starting with ✅/❌,
      and it is the last; anything before it is a ⏳ progress message;
    - menu / ask / preview / cancelled: exactly one message, the group menu / a question
      ("step n of m") / a preview with its confirm button / "Cancelled"; a question or a
      preview may instead be the refusal of a role without the right;
    - always: no failed Bot API call, no "something went wrong", a button press answered once
      (a double tap: both answered, the second as a button of an older message).
    """
    problems: list[str] = []
    texts = step.texts
    where = step.describe()
    if step.failed_calls:
        problems.append(f"failed Bot API calls {[c.summary() for c in step.failed_calls]}: "
                        f"{where}")
    if any(INTERNAL_ERROR in text for text in texts):
        problems.append(f"internal error reported: {where}")
    if "callback_query" in step.update:
        answers = [c for c in step.calls if c.method == "answerCallbackQuery" and c.ok]
        if len(answers) != step.presses:
            problems.append(f"{len(answers)} answers to {step.presses} button press(es): "
                            f"{where}")
        stale = [c for c in answers if "older message" in str(c.params.get("text"))]
        if len(stale) != step.presses - 1:
            problems.append(f"a second tap not answered as stale: {where}")
    if expect == "preview" and refused_unread(step):
        return problems + ([] if len(texts) == 1 else [f"{len(texts)} messages: {where}"])
    results = [t for t in texts if t.startswith(RESULT_MARKS)]
    if expect == "result":
        if len(results) != 1 or not step.final.startswith(RESULT_MARKS):
            problems.append(f"not exactly one final result: {where}")
        if any(not t.startswith("⏳") for t in texts[:-1]):
            problems.append(f"unexpected message before the result: {where}")
        return problems
    if results:
        problems.append(f"a ✅/❌ result where a {expect} was due: {where}")
    if len(texts) != 1:
        problems.append(f"{len(texts)} messages where one {expect} was due: {where}")
        return problems
    final = step.final
    wanted = {
        "menu": ("Choose an operation",),
        "ask": ("step 1 of", ROLE_REFUSAL),
        "preview": ("Preview", "Careful", ROLE_REFUSAL),
        "cancelled": ("Cancelled",),
    }[expect]
    if not any(w in final for w in wanted):
        problems.append(f"the final reply is not a {expect}: {where}")
    return problems


@dataclass
class Run:
    """One plan as a person carried it out."""

    user_id: int
    plan: Plan
    steps: list[Step] = field(default_factory=list)
    stuck: str | None = None  # why the person could not go on (a button was missing)

    @property
    def confirmed(self) -> bool:
        """The write was confirmed (its last step, a button press, ran)."""
        return (self.plan.write is not None and self.stuck is None
                and len(self.steps) == len(self.plan.moves)
                and not any(refused_by_role(s) or refused_unread(s) for s in self.steps))
