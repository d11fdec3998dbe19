"""What a careless or hostile person may type: a fixed corpus and Hypothesis strategies."""

from __future__ import annotations

import json

from hypothesis import strategies as st


class Shown(str):
    """A text whose repr stays short in Hypothesis's reports: the start, then the length."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = super().__repr__()
        return shown if len(self) <= 80 else f"{str.__repr__(self[:80])}…({len(self)} chars)"


# Every entry is a text Telegram can deliver (1-4096 characters, not only whitespace).
CORPUS: tuple[str, ...] = (
    # numbers: zero, negative, huge, not quite numbers, other digit systems
    "0", "-1", "-0", "+0", "-2147483648", "2147483648", "9" * 40, "1e9", "0x1F", "1_000",
    "5.0", "١٢٣", "１２", "#-3", "NaN", "inf",
    # JSON: broken, of the wrong shape, deeply nested, non-standard, huge
    '{"name": "x",}', '{"name": }', "{", "}", "[1, 2]", '"text"', "null", "{}",
    '{"name": "x", "name": "y"}', "[" * 3000 + "]" * 3000, '{"a":' * 500 + "1" + "}" * 500,
    '{"name": NaN}', '{"name": Infinity}', '{"cost": -Infinity}', '{"payout": 1e999}',
    '{"n": ' + "1" * 4000 + "}", '{"name": "\\ud800"}', '{"name": "\\u0000"}',
    '{"click_id": "a", "bogus": 1}', '{"click_id": ["a"]}', '{"click_id": {"a": 1}}',
    # periods and addresses
    "2026-02-30", "9999-12-31..0001-01-01", "2026-11-01..2026-11-01", "2026-W01-1",
    "２０２６-１１-０１", "0000-00-00", "1.2.3.4/99", "256.1.1.1", "fe80::1%eth0", "::",
    "1.2.3.4, " * 500,
    # markup and control characters
    "<b>bold", "</code></pre>", '<a href="javascript:x">', "&amp; & &lt;", "*_`[]()~>#+-=|{}.!",
    "<script>alert(1)</script>", "\x01\x02\x1b[31m", "a\x00b", "tab\there", "\u202eevil",
    "\u2028\u2029", "\ufeff", "🤖" * 2048, "я" * 4096, "x" * 4096, " a ",
)

_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
_control = st.text(st.characters(categories=("Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=20)
_numbers = st.one_of(st.integers(-(10**40), 10**40).map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr))
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)
_json = _json_values.map(lambda v: json.dumps(v, ensure_ascii=False))
_broken_json = st.tuples(_json, st.integers(0, 400)).map(lambda p: p[0][: p[1] % (len(p[0]) + 1)]
                                                          + "}")
_markup = st.lists(st.sampled_from(["<", ">", "&", "</", "<b>", "*", "_", "`", "[", "](", "\\",
                                    "a", " ", "\n"]), min_size=1, max_size=40).map("".join)
_long = st.tuples(st.sampled_from(["x", "я", "🤖", "<", "{", "1"]),
                  st.integers(1000, 4096)).map(lambda p: p[0] * p[1])

hostile_text = st.one_of(_text, _text.flatmap(lambda t: _control.map(lambda c: t + c + t)),
                         _numbers, _json, _broken_json, _markup, _long).map(Shown)


def deliverable(text: str) -> bool:
    """Telegram delivers 1-4096 characters that are not all whitespace."""
    return bool(text.strip()) and len(text) <= 4096
