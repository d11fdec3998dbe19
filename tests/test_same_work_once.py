"""The same work once: a change's request is built once and carried from the preview to the
send; the permission is decided in one place; the flow engine keeps its state in the flow,
not on the update's context. Through the real dispatcher against the sandbox, and by walking
the code."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.access import Role
from bot.changes.permission import decide
from bot.changes.preview import html_to_plain
from bot.context import Ctx
from bot.flow.model import FLOW_KEY, FlowData
from bot.keitaro import client as client_module
from bot.keitaro.catalog import CATALOG, Danger
from bot.keitaro.request import PreparedRequest, build_request
from telegram_fake import UserSim
from tests.harness import ADMIN, EDITOR, Harness, result_of

ROOT = Path(__file__).resolve().parents[1]
CONFIRM = ("✅ Confirm", "⚠️ Yes")


class Counted:
    """Every request built (`build_request`, which only the client calls) and sent
    (`Transport.send`), by action."""

    def __init__(self, h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
        self.built: Counter[str] = Counter()
        self.sent: list[tuple[str, PreparedRequest]] = []
        client = h.services.client
        send = client.transport.send

        def counting(action: Any, args: dict[str, Any], *a: Any, **kw: Any) -> PreparedRequest:
            self.built[action.id] += 1
            return build_request(action, args, *a, **kw)

        async def sending(prepared: PreparedRequest, **kw: Any) -> Any:
            self.sent.append((prepared.action, prepared))
            return await send(prepared, **kw)

        monkeypatch.setattr(client_module, "build_request", counting)
        client.transport.send = sending  # type: ignore[method-assign]

    def sends_of(self, action_id: str) -> list[PreparedRequest]:
        return [request for sent, request in self.sent if sent == action_id]


def confirm_button(sim: UserSim) -> str:
    found = [b for row in sim.buttons() for b in row if b.startswith(CONFIRM)]
    assert found, sim.last_text
    return found[0]


async def stored_flow(h: Harness, user: int) -> FlowData:
    data = await h.dp.fsm.get_context(h.bot, user, user).get_data()
    return FlowData.model_validate(data[FLOW_KEY])


def _lead(h: Harness) -> str:
    """`/conversions update` of a lead (with revenue, no tid) to a sale."""
    item = next(c for c in h.sandbox.state.traffic.conversions.items
                if c.status == "lead" and not c.tid and c.revenue > 0)
    click = h.sandbox.sub_id(item.click)
    return f'/conversions update {item.id} {{"click_id": "{click}", "status": "sale"}}'


CHANGES: dict[str, Callable[[Harness], str]] = {
    "campaigns.disable": lambda h: "/campaigns disable 2",
    "campaigns.update": lambda h: '/campaigns update 2 {"name": "Renamed"}',
    "streams.update": lambda h: '/streams update 1 {"filters": []}',
    "postbacks.create": lambda h: '/postbacks create 1 {"url": "https://ts.example/pb?c='
                                  '{subid}", "method": "GET", "statuses": ["sale"]}',
    "conversions.update": _lead,
}


@pytest.mark.parametrize("action_id", sorted(CHANGES))
async def test_a_change_builds_its_request_once_from_preview_to_verify(
        harness: Harness, action_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preview → Confirm → send → verify: the change's request is built once, kept with the
    flow, and the one sent is the one the preview showed (a read-modify-write sends it with
    the array it read under the lock as its body)."""
    h = harness
    h.sandbox.postback_delay = 0.05
    counted = Counted(h, monkeypatch)
    sim = h.admin
    await sim.say(CHANGES[action_id](h))
    assert confirm_button(sim), sim.last_text
    shown = (await stored_flow(h, ADMIN)).request
    assert shown is not None and shown["action"] == action_id
    assert counted.built[action_id] == 1, "the preview builds the request once"
    assert counted.sends_of(action_id) == [], "a preview sends nothing"
    result = await result_of(h, sim, sim.press(confirm_button(sim)))
    assert result.startswith(("✅", "🕓")), result
    assert counted.built[action_id] == 1, "Confirm, the send and the check build nothing again"
    sent = counted.sends_of(action_id)
    assert len(sent) == 1, sent
    previewed = PreparedRequest.from_json(shown)
    if CATALOG[action_id].rmw is not None:  # the array as read, with the one item changed
        assert (sent[0].method, sent[0].url) == (previewed.method, previewed.url)
    else:
        assert sent[0] == previewed


async def test_a_read_builds_its_request_once(harness: Harness,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(harness, monkeypatch)
    sim = harness.admin
    await result_of(harness, sim, sim.say("/campaigns get 1"))
    assert counted.built["campaigns.get"] == 1
    assert len(counted.sends_of("campaigns.get")) == 1


async def test_a_change_the_tracker_completes_otherwise_at_confirm_is_not_sent(
        harness: Harness) -> None:
    """A conversion previewed as new; before Confirm the click gets one with the same (empty)
    tid: the postback would now change that one. What the preview carried is not sent; the
    new preview says what it changes."""
    h = harness
    taken = {c.click for c in h.sandbox.state.traffic.conversions.items}
    click = next(i for i in range(len(h.sandbox.state.traffic.clicks)) if i not in taken)
    sub_id = h.sandbox.sub_id(click)
    sim = h.admin
    await sim.say(f'/conversions create {{"click_id": "{sub_id}", "status": "sale"}}')
    assert "New conversion" in (sim.last_text or ""), sim.last_text
    added = h.sandbox.add_conversion(sub_id, status="lead", revenue=7)
    await sim.press(confirm_button(sim))
    text = sim.last_text or ""
    assert "changed" in text and f"conversion #{added['conversion_id']}" in text, text
    assert h.sandbox.count("GET", r"/postback$") == 0, "nothing is sent"


async def test_a_person_demoted_between_preview_and_confirm_is_refused_by_the_one_decision(
        harness: Harness) -> None:
    """An editor previews a rename, is made a viewer before Confirm: Confirm is refused with
    the text of `permission.decide` at the level the preview showed; nothing is written."""
    h = harness
    sim = h.user(EDITOR)
    await sim.say('/campaigns update 2 {"name": "Renamed"}')
    flow = await stored_flow(h, EDITOR)
    assert flow.danger == "write"
    h.services.policy.roles[EDITOR] = Role.VIEWER
    before = h.tracker_calls()
    await sim.press(confirm_button(sim))
    decision = decide(Role.VIEWER, CATALOG["campaigns.update"], flow.args,
                      shown=Danger(flow.danger))
    assert not decision.allowed
    assert sim.last_text == html_to_plain(decision.refusal("en"))
    assert h.tracker_calls() == before, "refused before anything is read or sent"
    assert h.sandbox.state.campaigns[2]["name"] != "Renamed"
    assert await h.services.audit.last(1) == []


# -- by walking the code -----------------------------------------------------------------------


def _sources(*packages: str) -> dict[str, ast.Module]:
    return {str(p.relative_to(ROOT)): ast.parse(p.read_text(), str(p))
            for package in packages for p in sorted((ROOT / package).rglob("*.py"))}


def test_the_permission_is_decided_in_one_place() -> None:
    """`Role.may` is asked only by `bot.changes.permission`; no other module compares danger
    levels (the kinds compute what a change amounts to, in `Kind.effect`)."""
    asked, ranked = [], []
    for name, tree in _sources("bot", "handlers").items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "may" and name != "bot/changes/permission.py"):
                asked.append(f"{name}:{node.lineno}")
            if (isinstance(node, ast.Name) and node.id == "RANK"
                    and name not in ("bot/changes/permission.py", "bot/changes/kinds/base.py")):
                ranked.append(f"{name}:{node.lineno}")
    assert asked == []
    assert ranked == []


def test_a_request_is_built_only_by_the_client() -> None:
    """`build_request` is called by the client alone (`prepare`: a change's plan, a read whose
    answers are in; `dispatch`: a call given no request)."""
    calls = [f"{name}:{node.lineno}" for name, tree in _sources("bot", "handlers").items()
             for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", getattr(node.func, "attr", "")) == "build_request"]
    assert calls and all(c.startswith("bot/keitaro/client.py:") for c in calls), calls


def test_the_engine_keeps_no_state_on_the_context() -> None:
    """No module of the flow engine sets anything on `Ctx`: what a turn knows of storage is
    its `Slot`'s, what the flow knows is in `FlowData`."""
    written = []
    for name, tree in _sources("bot/flow").items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else [])
            for target in targets:
                for part in ast.walk(target):
                    if (isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name)
                            and part.value.id == "ctx"):
                        written.append(f"{name}:{node.lineno}")
                    if (isinstance(part, ast.Attribute) and isinstance(part.value, ast.Attribute)
                            and part.value.attr == "ctx"):
                        written.append(f"{name}:{node.lineno}")
    assert written == []
    assert set(Ctx.__dataclass_fields__) == {"bot", "user", "chat", "role", "lang", "state",
                                             "fresh", "replies"}  # replies: a service


def test_each_step_reads_at_once() -> None:
    """The engine and its steps are each small enough to read at once."""
    sizes = {p.name: len(p.read_text().splitlines())
             for p in [ROOT / "bot/flow/engine.py", *(ROOT / "bot/flow/steps").glob("*.py")]}
    assert all(lines <= 300 for lines in sizes.values()), sizes
