"""Hostile input: every step of every flow, and one-line commands, answer anything with a clear
reply, and nothing invalid ever reaches the tracker.

Each step is every param of every catalog action (ids, numbers, text, choices, JSON, periods,
IP lists). The flow is put on that step in FSM storage, as an earlier answer would have left
it, and the hostile answer goes through the real dispatcher (`feed_raw_update`), router,
handler and engine, to the fake Bot API and the sandbox tracker.

CI: the fixed corpus on one step of each kind, and a few generated examples on every step;
`--full`: the corpus on every step and many more generated examples.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from hypothesis import strategies as st

from bot.flow.form import form_param
from bot.flow.model import FLOW_KEY, FlowData
from bot.keitaro.catalog import CATALOG, Action, Danger, Param, ParamKind
from bot.keitaro.params import InputError, parse_param, parse_range
from bot.states import Flow
from handlers.common import CANCEL_WORDS
from telegram_fake import FakeTelegram, RateLimits
from tests.harness import ADMIN, BOT_TOKEN, Harness, running_bot
from tests.reliability.hostile import CORPUS, Shown, deliverable, hostile_text
from tests.reliability.leaks import leaks
from tests.reliability.observe import INTERNAL_ERROR, TEXT_METHODS, log_problems
from tests.reliability.properties import check_property

pytestmark = pytest.mark.asyncio(loop_scope="module")

TODAY = date(2026, 11, 26)
VALID = {ParamKind.ID: "1", ParamKind.INT: "0", ParamKind.TEXT: "index.html",
         ParamKind.RANGE: "7d", ParamKind.IPS: "10.0.0.1", ParamKind.PATH: "index.html"}
STEPS = [(action, param) for action in CATALOG for param in action.params]
_COMMAND = re.compile(r"^/[A-Za-z0-9_]")


def step_id(step: tuple[Action, Param]) -> str:
    return f"{step[0].id}:{step[1].name}"


def an_answer(text: str) -> bool:
    """A text the flow handler gets (not a /command, not a cancel word) that Telegram sends."""
    return (deliverable(text) and not _COMMAND.match(text)
            and text.strip().lower() not in CANCEL_WORDS)


ANSWERS = [Shown(text) for text in CORPUS if an_answer(text)]
answers = hostile_text.filter(an_answer)


def valid_text(param: Param) -> str:
    if param.kind is ParamKind.ENUM:
        return param.choices[0]
    if param.kind is ParamKind.JSON:
        return param.example or ("[]" if param.json_array else "{}")
    return VALID[param.kind]


def earlier_args(action: Action, param: Param) -> dict[str, Any]:
    """Valid values for the params before `param`, as earlier answers would have given them."""
    args: dict[str, Any] = {}
    for earlier in action.params:
        if earlier.name == param.name:
            break
        args[earlier.name] = parse_param(earlier, valid_text(earlier), TODAY)
    return args


def strict_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


@dataclass
class HostileBot:
    h: Harness
    records: list[logging.LogRecord]


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.INFO)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[HostileBot]:
    """One bot for the module (starting one per example would dominate the run time), with
    every log record it writes kept."""
    records: list[logging.LogRecord] = []
    keep = _Keep(records)
    root = logging.getLogger()
    level = root.level
    root.addHandler(keep)
    root.setLevel(logging.INFO)
    try:
        # one chat gets thousands of answers back to back: Telegram's flood limits (tested in
        # test_telegram_faults, with the production Pacer) are off here
        tg = FakeTelegram(token=BOT_TOKEN, rate_limits=RateLimits.off())
        async with running_bot(tmp_path_factory.mktemp("hostile"), tg=tg) as h:
            yield HostileBot(h, records)
    finally:
        root.removeHandler(keep)
        root.setLevel(level)


def _flow_without_prompt(data: dict[str, Any]) -> dict[str, Any]:
    flow = dict(data.get(FLOW_KEY) or {})
    flow.pop("prompt_id", None)
    if not flow.get("form"):  # a JSON step asked again as a form that holds nothing yet
        for key in ("form", "turn", "field"):
            flow.pop(key, None)
    return flow


def _pick_path(h: Harness, action: Action, param: Param,
               args: dict[str, Any]) -> tuple[str, str] | None:
    """The method and path of the pick-list read that asking `param` again may call, if
    any (a log's recent rows are picked from with a period of their own)."""
    if param.pick is None:
        return None
    lister = CATALOG[param.pick]
    names = {p.name for p in lister.params}
    given = {k: v for k, v in args.items() if k in names and k != param.name}
    for p in lister.params:
        if p.kind is ParamKind.RANGE and p.name not in given:
            given[p.name] = parse_range("30d", TODAY)
    missing = next((p for p in lister.params if p.required and p.name not in given), None)
    if missing is not None:  # listed under what is picked first: a stream's campaigns
        return _pick_path(h, action, missing, {}) if missing.pick else None
    prepared = h.services.client.prepare(lister, given)
    return prepared.method, urlsplit(prepared.url).path


def _searches(param: Param, text: str) -> bool:
    """Words typed at an id with a pick-list narrow the list (`keto`): no error, a search."""
    return (param.kind is ParamKind.ID and param.pick is not None
            and any(c.isalnum() for c in text) and not text.strip().lstrip("#+-").isdigit())


async def answer_step(b: HostileBot, action: Action, param: Param, text: str) -> None:
    """Put the flow on `param` of `action`, answer `text`, and check what the bot did."""
    h = b.h
    state = h.dp.fsm.get_context(h.bot, ADMIN, ADMIN)
    args = earlier_args(action, param)
    await state.set_state(Flow.step)
    await state.set_data({FLOW_KEY: FlowData(action=action.id, args=args).model_dump(mode="json")})
    before = _flow_without_prompt(await state.get_data())
    mark, first, logged = len(h.tg.calls), len(h.sandbox.requests), len(b.records)
    try:
        parse_param(param, text, TODAY)
        valid = True
    except InputError:
        valid = False
    await h.dp.feed_raw_update(h.bot, h.tg.message(ADMIN, text))
    calls = [c for c in h.tg.calls[mark:] if c.chat_id == ADMIN]
    texts = [FakeTelegram.visible_text(c) for c in calls if c.ok and c.method in TEXT_METHODS]
    requests = h.sandbox.requests[first:]
    where = f"{action.id}:{param.name} answered {text[:60]!r}"
    assert [c.summary() for c in calls if not c.ok] == [], where
    assert texts, f"no answer: {where}"
    assert not any(INTERNAL_ERROR in t for t in texts), where
    assert log_problems(b.records[logged:]) == [], where
    assert all(strict_json(r.body) for r in requests), f"non-standard JSON sent: {where}"
    now = await state.get_state()
    data = await state.get_data()
    if not valid and form_param(action) is param:
        # a form: asked again, as a form (its first field, filled from the entity read, or
        # its fields), with why; nothing written, at most the lists and the entity read
        assert now == Flow.step.state, where
        assert param.name not in (data.get(FLOW_KEY) or {}).get("args", {}), where
        assert "⚠️" in texts[-1], f"no explanation: {where}: {texts}"
        sent = [(r.method, r.path) for r in requests]
        assert all(m == "GET" or p.endswith("/log") for m, p in sent), f"wrote: {where}: {sent}"
        return
    if not valid and _searches(param, text):
        # the words narrow the pick-list: the same step, asked again with what matched
        assert now == Flow.step.state, where
        moved = _flow_without_prompt(data)
        assert moved.pop("search"), where
        assert moved == {k: v for k, v in before.items() if k != "search"}, where
        assert len(texts) == 1 and "🔎" in texts[0], f"not one search: {where}: {texts}"
        pick = _pick_path(h, action, param, args)
        sent = [(r.method, r.path) for r in requests]
        assert all(s == pick for s in sent), f"tracker called: {where}: {sent}"
        return
    if not valid:
        assert now == Flow.step.state, where
        assert _flow_without_prompt(data) == before, f"the flow moved: {where}"
        assert len(texts) == 1 and "⚠️" in texts[0], f"not one explanation: {where}: {texts}"
        pick = _pick_path(h, action, param, args)
        sent = [(r.method, r.path) for r in requests]
        assert all(s == pick for s in sent), f"tracker called: {where}: {sent}"
        return
    flow = data.get(FLOW_KEY) or {}
    if now == Flow.confirm.state:  # previewed: what Confirm would send must be standard JSON
        prepared = h.services.client.prepare(action, FlowData.model_validate(flow).args)
        assert strict_json(prepared.body), f"would send non-standard JSON: {where}"
    stayed = now == Flow.step.state and param.name not in flow.get("args", {})
    if stayed:  # accepted on its own, refused with the whole request: asked again, with why
        assert flow.get("action") == action.id and "⚠️" in texts[-1], where


@pytest.mark.parametrize("step", STEPS, ids=step_id)
async def test_every_step_answers_hostile_text(
    bot: HostileBot, full: bool, step: tuple[Action, Param]
) -> None:
    """Any answer on any step: no crash or error log, one clear reply, no failed Telegram call;
    an invalid one keeps the flow on that step (FSM state and data unchanged) with the reason,
    and reaches the tracker not at all (at most the step's own pick-list is read again); a
    valid one moves on, or is asked again with the reason; JSON sent is always standard."""
    action, param = step
    first_of_kind = next(s for s in STEPS if s[1].kind is param.kind) == step
    corpus = ANSWERS if full or first_of_kind else []

    async def check(text: str) -> None:
        await answer_step(bot, action, param, text)

    await check_property(answers | st.sampled_from(ANSWERS), check,
                         max_examples=40 if full else 4, examples=corpus)
    await bot.h.dp.fsm.get_context(bot.h.bot, ADMIN, ADMIN).clear()


ONE_LINE = [Shown(text) for text in CORPUS if deliverable(f"/x y {text}")]


async def run_line(b: HostileBot, action: Action, garbage: str) -> None:
    """`/<group> <op> <garbage>` from a clean slate, and what the bot did about it."""
    h = b.h
    state = h.dp.fsm.get_context(h.bot, ADMIN, ADMIN)
    await state.clear()
    line = f"/{action.group} {action.key} {garbage}"
    mark, first, logged = len(h.tg.calls), len(h.sandbox.requests), len(b.records)
    await h.dp.feed_raw_update(h.bot, h.tg.message(ADMIN, line))
    calls = [c for c in h.tg.calls[mark:] if c.chat_id == ADMIN]
    texts = [FakeTelegram.visible_text(c) for c in calls if c.ok and c.method in TEXT_METHODS]
    requests = h.sandbox.requests[first:]
    where = f"{line[:80]!r}"
    assert [c.summary() for c in calls if not c.ok] == [], where
    assert texts, f"no answer: {where}"
    assert not any(INTERNAL_ERROR in t for t in texts), where
    assert log_problems(b.records[logged:]) == [], where
    assert all(strict_json(r.body) for r in requests), f"non-standard JSON sent: {where}"
    if action.danger is not Danger.READ:  # nothing is confirmed here: only reads may happen
        assert all(r.method == "GET" or r.path.endswith("/log")  # lists and logs read
                   for r in requests if "/postback" not in r.path), where
        assert not any("/postback" in r.path for r in requests), where
    now = await state.get_state()
    if now is not None:
        flow = (await state.get_data()).get(FLOW_KEY) or {}
        assert flow.get("action") == action.id, where
        if now == Flow.confirm.state:
            prepared = h.services.client.prepare(action, FlowData.model_validate(flow).args)
            assert strict_json(prepared.body), f"would send non-standard JSON: {where}"


@pytest.mark.parametrize("action", list(CATALOG), ids=lambda a: a.id)
async def test_every_one_line_command_takes_garbage(
    bot: HostileBot, full: bool, action: Action
) -> None:
    """`/<group> <op> <anything>` for every action: a clear reply (a question, with the reason
    for a bad argument, a usage line, a preview, a result), never a crash, an error log or a
    failed Telegram call; nothing but reads reaches the tracker, always as standard JSON."""
    first_of_group = next(a for a in CATALOG if a.group == action.group) == action
    corpus = ONE_LINE if full or first_of_group else []

    async def check(garbage: str) -> None:
        await run_line(bot, action, garbage)

    await check_property(hostile_text.filter(lambda t: deliverable(f"/x y {t}")),
                         check, max_examples=30 if full else 3, examples=corpus)
    await bot.h.dp.fsm.get_context(bot.h.bot, ADMIN, ADMIN).clear()


async def test_unknown_operations_are_explained(bot: HostileBot) -> None:
    """`/<group> <no such op>`: the operations of the group (or, for a group with names, a
    search by name that says nothing matched and there is no such operation), not a crash or
    silence; the words shown as typed."""
    for group in CATALOG.groups:
        mark = len(bot.h.tg.calls)
        await bot.h.dp.feed_raw_update(bot.h.bot, bot.h.tg.message(ADMIN, f"/{group.key} <b>x"))
        texts = [FakeTelegram.visible_text(c) for c in bot.h.tg.calls[mark:]
                 if c.ok and c.method == "sendMessage"]
        assert len(texts) == 1, (group.key, texts)
        assert ("has no operation" in texts[0] or (
            "no operation of that name" in texts[0] and "«<b>x»" in texts[0])), (group.key, texts)


async def test_nothing_secret_came_out(bot: HostileBot) -> None:
    """After all of the hostile answers: no secret in what Telegram got or in the logs."""
    assert leaks(tg=bot.h.tg, records=bot.records) == []


_callback_data = st.one_of(
    st.text(max_size=64),
    st.builds(lambda prefix, parts: ":".join([prefix, *parts]),
              st.sampled_from(["m", "r", "s", "c", "p", "x"]),
              st.lists(st.one_of(st.text(max_size=12), st.integers(-(10**20), 10**20).map(str),
                                 st.sampled_from(["campaigns", "get", "delete", "v", "skip",
                                                  "back", "cancel", "pick", "all", "csv",
                                                  "1", "0", ""])), max_size=5)),
).filter(lambda data: 0 < len(data.encode()) <= 64).map(Shown)


async def press_forged(b: HostileBot, data: str, step: tuple[Action, Param]) -> None:
    """A button press with forged data while a flow waits on `step` (or, for a write whose
    params are all given, on its confirmation)."""
    h = b.h
    action, param = step
    state = h.dp.fsm.get_context(h.bot, ADMIN, ADMIN)
    await state.set_state(Flow.step)
    await state.set_data({FLOW_KEY: FlowData(action=action.id,
                                             args=earlier_args(action, param)).model_dump()})
    mark, first, logged = len(h.tg.calls), len(h.sandbox.requests), len(b.records)
    shown = h.tg.messages[ADMIN]  # pressed under the latest message the bot sent
    update = h.tg.callback(ADMIN, data, message=shown[-1].to_json() if shown else None)
    await h.dp.feed_raw_update(h.bot, update)
    calls = h.tg.calls[mark:]
    where = f"button {data!r} on {action.id}:{param.name}"
    answers = [c for c in calls if c.method == "answerCallbackQuery"
               and str(c.params.get("callback_query_id")) == update["callback_query"]["id"]]
    assert len(answers) == 1 and answers[0].ok, f"not answered once: {where}"
    assert log_problems(b.records[logged:]) == [], where
    assert all(r.method == "GET" or r.path.endswith(("/log", "/build"))
               for r in h.sandbox.requests[first:]), f"a write from a forged button: {where}"


async def test_forged_buttons_are_answered_and_change_nothing(bot: HostileBot, full: bool) -> None:
    """Callback data a client can forge (any bytes, or our prefixes with nonsense: unknown
    groups, negative or huge ids, stale nonces, pages out of range): every press is answered
    once, nothing is logged as an error, and nothing is written to the tracker. (Edits of the
    pressed message may be refused, "not modified" or "not found": the bot handles those.)"""
    writes = [s for s in STEPS if s[0].danger is not Danger.READ]

    async def check(case: tuple[str, int]) -> None:
        data, n = case
        await press_forged(bot, data, writes[n % len(writes)])

    await check_property(st.tuples(_callback_data, st.integers(0, 10**6)), check,
                         max_examples=600 if full else 60)
    await bot.h.dp.fsm.get_context(bot.h.bot, ADMIN, ADMIN).clear()


@pytest.mark.parametrize("kind", ["document", "photo", "photo_with_caption"])
async def test_a_file_for_an_answer_asks_for_text(bot: HostileBot, kind: str) -> None:
    """A file, a photo or a message without text on a step: "answer with text", and the flow
    stays where it was."""
    h = bot.h
    action, param = next(s for s in STEPS if s[0].id == "campaigns.update" and
                         s[1].name == "data")
    state = h.dp.fsm.get_context(h.bot, ADMIN, ADMIN)
    await state.set_state(Flow.step)
    flow = FlowData(action=action.id, args=earlier_args(action, param)).model_dump(mode="json")
    await state.set_data({FLOW_KEY: flow})
    update = {"document": lambda: h.tg.document(ADMIN, "data.json", b'{"name": "x"}'),
              "photo": lambda: h.tg.photo(ADMIN),
              "photo_with_caption": lambda: h.tg.photo(ADMIN, caption="{}")}[kind]()
    mark = len(h.tg.calls)
    await h.dp.feed_raw_update(h.bot, update)
    texts = [FakeTelegram.visible_text(c) for c in h.tg.calls[mark:]
             if c.ok and c.method == "sendMessage"]
    assert texts == ["Please answer with text (or /cancel)."]
    assert await state.get_data() == {FLOW_KEY: flow}
    await state.clear()
