"""The guards on a tracker's answer, paid on the answer's text where it comes in (issue 18.4):
its nesting checked on the text, not by walking the parsed value again; its scrubbing skipped
only when the text itself shows nothing to scrub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import bounded_json
from bot.bounded_json import JSONRefused, nests_past
from bot.flow.results import ResultStore, StoredResult
from bot.keitaro.masking import MASK, Redactor
from bot.storage.kv import SQLiteKV
from bot.storage.sqlite import SQLiteDatabase
from tests.sandbox_fixtures import API_KEY, client_for, make_sandbox

LIMIT = 64


def depth(value: Any) -> int:
    """The nesting of a parsed value, walked (the reference)."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def nested(levels: int, inner: str = "1") -> str:
    text = inner
    for level in range(levels):
        text = f'{{"k": {text}}}' if level % 2 else f"[{text}]"
    return text


@pytest.mark.parametrize("levels", [0, 1, 63, 64])
def test_an_answer_up_to_the_limit_is_taken(levels: int) -> None:
    text = nested(levels)
    assert bounded_json.loads_answer(text, max_depth=LIMIT) == json.loads(text)


@pytest.mark.parametrize("levels", [65, 66, 300, 900])
def test_an_answer_past_the_limit_is_refused(levels: int) -> None:
    with pytest.raises(JSONRefused) as refused:
        bounded_json.loads_answer(nested(levels), max_depth=LIMIT)
    assert refused.value.code == "too_deep"


def test_past_the_parser_s_own_limit_is_refused_too() -> None:
    with pytest.raises(JSONRefused):
        bounded_json.loads_answer("[" * 100_000 + "]" * 100_000, max_depth=LIMIT)


@pytest.mark.parametrize("inner", [
    '"' + "[" * 200 + '"',  # brackets in a string do not nest
    '"' + "]" * 200 + '"',
    '"say \\"[[[[[[\\" and \\\\"',  # escaped quotes and a backslash before the closing one
    '"\\u005b\\u005b"',
])
def test_brackets_in_strings_do_not_count(inner: str) -> None:
    wide = "[" + ", ".join([inner] * 3 + ["[[1]]"] * 40) + "]"
    assert nests_past(wide, LIMIT) is False
    deep = nested(70, inner)
    assert nests_past(deep, LIMIT) is True


def test_many_brackets_side_by_side_are_not_depth() -> None:
    rows = json.dumps({"rows": [{"id": i, "tags": [[i], {"a": [1]}]} for i in range(5000)]})
    assert nests_past(rows, LIMIT) is False
    assert nests_past(rows, 6) is False and nests_past(rows, 5) is True


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text("[]{}\"\\ab/", max_size=6),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.text("[]{}\"ab", max_size=3), children, max_size=3),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=8), st.booleans())
def test_the_text_check_agrees_with_a_walk(value: Any, stop: int, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert nests_past(text, stop) is (depth(value) > stop)


def test_clean_text_is_told_apart_from_text_that_needs_scrubbing() -> None:
    redactor = Redactor([API_KEY])
    assert redactor.clean_json('{"name": "Campaign [1]", "url": "https:\\/\\/t.example\\/x"}')
    assert not redactor.clean_json(json.dumps({"name": f"key {API_KEY}"}))
    assert not redactor.clean_json('{"url": "https:\\/\\/user:pass@t.example\\/"}')
    hidden = "".join(f"\\u{ord(c):04x}" for c in API_KEY)  # escaped: not seen on the text
    assert not redactor.clean_json('{"name": "' + hidden + '"}')


@pytest.mark.parametrize("name", [
    f"leaked {API_KEY} here",
    "".join(f"\\u{ord(c):04x}" for c in API_KEY),
    "https:\\/\\/admin:hunter2@tracker.example\\/",
])
async def test_a_secret_in_an_answer_is_scrubbed_however_it_is_written(name: str) -> None:
    sandbox = make_sandbox()
    sandbox.faults.add("GET", r"/campaigns/1$", status=200, content_type="application/json",
                       body='{"id": 1, "name": "' + name + '", "state": "active"}')
    async with sandbox.running() as url, client_for(url) as client:
        envelope = await client.execute("campaigns.get", {"id": 1})
    assert envelope.success
    shown = envelope.data["name"]
    assert API_KEY not in shown and "hunter2" not in shown and MASK in shown


async def test_a_clean_answer_is_the_parsed_value_itself() -> None:
    sandbox = make_sandbox()
    async with sandbox.running() as url, client_for(url) as client:
        envelope = await client.execute("campaigns.get", {"id": 1})
        again = await client.execute("campaigns.get", {"id": 1})
    assert envelope.success and envelope.data is envelope.clean_data
    assert again.data == envelope.data
    assert "clean_data" not in envelope.public()


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=12),
       st.sampled_from(["", "://", "://u:p@", API_KEY, "pass", "x\n"]))
def test_own_json_is_clean_only_when_scrubbing_leaves_the_value(value: Any, spice: str) -> None:
    """`clean_own_json` of what this process wrote never calls a value clean that scrubbing
    would change (a secret, a URL login, whatever is escaped around them)."""
    redactor = Redactor([API_KEY])
    value = [value, f"a{spice}b", {f"k{spice}": spice}]
    text = json.dumps(value, ensure_ascii=False)
    if redactor.clean_own_json(text):
        assert redactor.value(value) == value


async def test_a_stored_result_is_kept_as_written_unless_it_holds_a_secret(
        tmp_path: Path) -> None:
    """The result store keeps a record's own JSON when one search finds nothing to mask or
    scrub; a secret key or a secret value sends it the long way (masked, scrubbed)."""
    db = SQLiteDatabase(tmp_path / "bot.sqlite3")
    kv = SQLiteKV(db)
    store = ResultStore(kv, redactor=Redactor([API_KEY]))
    plain = StoredResult(action="campaigns.get", lang="ru", header="<b>Кампания</b>\n#1",
                         pages=["a\nb"], data={"id": 1, "name": "Test \"1\""})
    rid = await store.save(plain)
    assert await kv.get(f"result:{rid}") == plain.model_dump_json()
    assert await store.load(rid) == plain
    for data in ({"id": 1, "Password": "hunter22"}, {"id": 1, "note": f"key {API_KEY}"}):
        rid = await store.save(plain.model_copy(update={"data": data}))
        raw = await kv.get(f"result:{rid}")
        assert raw is not None and "hunter22" not in raw and API_KEY not in raw
        assert MASK in raw
    await db.close()
