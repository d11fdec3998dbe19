"""Both languages say everything; every error, question and input problem has words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.i18n import LANGUAGES, Html, lang_of, t
from bot.keitaro.catalog import CATALOG, ParamKind
from bot.keitaro.errors import ErrorKind
from bot.keitaro.params import RANGE_PRESETS

ROOT = Path(__file__).resolve().parents[1]


def test_both_languages_have_the_same_keys() -> None:
    en, ru = LANGUAGES["en"], LANGUAGES["ru"]
    assert set(en) == set(ru)
    for key in en:
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", ru[key])), key


def test_every_error_kind_is_explained_with_advice() -> None:
    for kind in ErrorKind:
        for lang in LANGUAGES:
            assert f"error.{kind.value}" in LANGUAGES[lang]
            assert f"advice.{kind.value}" in LANGUAGES[lang]


def test_every_param_kind_has_a_question_and_hint() -> None:
    for kind in ParamKind:
        assert f"ask.{kind.value}" in LANGUAGES["en"]
        assert f"hint.{kind.value}" in LANGUAGES["en"]
    for preset in RANGE_PRESETS:
        assert f"range.{preset}" in LANGUAGES["en"]


def _codes_raised() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(str(node.args[0].value))
    return codes


def test_every_input_error_has_a_sentence() -> None:
    codes = _codes_raised()
    assert len(codes) > 20
    for code in codes:
        assert f"input.{code}" in LANGUAGES["en"], code


def test_every_text_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]:
        used |= set(re.findall(r"\bt\((?:ctx\.)?lang, \"([a-z_]+\.[a-z_0-9]+)\"", path.read_text()))
    missing = {key for key in used if key not in LANGUAGES["en"]}
    assert not missing


def test_values_are_escaped_unless_marked_safe() -> None:
    assert t("en", "access.refused_short", user_id="<b>") == "⛔ Not allowed. Your id: &lt;b&gt;"
    assert "<b>" in t("en", "digest.bad_line", problem=Html("<b>x</b>"))


def test_language_choice() -> None:
    from aiogram.types import User

    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="ru")) == "ru"
    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="ru-RU")) == "ru"
    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="uk")) == "en"
    assert lang_of(User(id=1, is_bot=False, first_name="a")) == "en"


def test_every_action_is_labelled_in_both_languages() -> None:
    for action in CATALOG:
        assert action.label.en and action.label.ru, action.id
        assert action.label.en != action.label.ru, action.id


def test_every_text_renders_the_same_way_with_or_without_values() -> None:
    """Texts are always formatted: `{{`/`}}` show one brace whether a text takes values or
    not, and no text has a stray brace that formatting would break on."""
    for lang, texts in LANGUAGES.items():
        for key, template in texts.items():
            names = set(re.findall(r"{(\w+)}", template))
            shown = t(lang, key, **{name: "X" for name in names})
            assert "{{" not in shown and "}}" not in shown, (lang, key)
    assert t("en", "input.json_not_object") == "Send a JSON object: <code>{ … }</code>."
    assert "{…}" in t("ru", "json_reason.value")


def test_json_reasons_are_said_in_the_users_language() -> None:
    import pytest

    from bot.keitaro.params import InputError, parse_json
    from bot.render.inputs import input_error_text

    for broken in ('{"a": }', "{'a': 1}", '{"a" 1}', '{"a": 1 "b": 2}', '{"a": "x',
                   '{"a": "\\q"}', '{"a": 1} x'):
        with pytest.raises(InputError) as caught:
            parse_json(broken, array=False)
        text = input_error_text("ru", caught.value.code, caught.value.details)
        assert "Ошибка в JSON" in text and "здесь это не JSON" not in text, (broken, text)
        assert not re.search(r"Expecting|Invalid|Extra|Unterminated", text), text
    assert parse_json("{“weight”: 60}", array=False) == {"weight": 60}  # a phone's quotes
    # straight quotes stay as typed: curly ones inside a JSON string are text
    assert parse_json('{"name": "A “quoted” one"}', array=False) == {"name": "A “quoted” one"}
    assert "curly" in input_error_text("en", "json_syntax", {
        "line": 1, "column": 2, "reason": "Expecting property name enclosed in double quotes"})
