"""Every language says everything, with the same values; every text is used; plural forms,
numbers and the bot's own error details are said as each language says them; a language is a
folder of .ftl files."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource

from bot.i18n import LANGS, Html, TextError, has, lang_of, plain, t
from bot.i18n.formats import duration, money, number
from bot.i18n.texts import LOCALES, find, ids, languages, message_id
from bot.keitaro.catalog import CATALOG, ParamKind
from bot.keitaro.catalog.texts import field_ids
from bot.keitaro.errors import ErrorKind
from bot.keitaro.params import RANGE_PRESETS

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


def test_every_language_has_the_same_texts() -> None:
    assert LANGS[0] == "en" and "ru" in LANGS
    english = ids("en")
    for lang in LANGS[1:]:
        other = ids(lang)
        assert sorted(set(english) - set(other)) == [], f"only in English, not in {lang}"
        assert sorted(set(other) - set(english)) == [], f"only in {lang}, not in English"


def test_a_text_takes_the_same_values_in_every_language() -> None:
    english = ids("en")
    differ = {(lang, key): (sorted(english[key]), sorted(values))
              for lang in LANGS[1:] for key, values in ids(lang).items()
              if values != english.get(key)}
    assert not differ


def test_a_text_is_in_one_file_of_its_language() -> None:
    """The same id twice (even in two files) stops the bot at start-up."""
    for lang in LANGS:
        assert set(languages()[lang].files.values()) == {
            p.name for p in (LOCALES / lang).glob("*.ftl")}


# -- every text is used ------------------------------------------------------------------

CATALOG_PREFIXES = ("action-", "loses-", "param-", "group-", "field-")


def _code_references() -> tuple[set[str], set[str]]:
    """(ids of the string constants of the code, ids that f-strings of the code start with)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(message_id(node.value))
            elif (isinstance(node, ast.JoinedStr) and node.values
                  and isinstance(node.values[0], ast.Constant)):
                head = message_id(str(node.values[0].value))
                if re.fullmatch(r"[a-z_]+[-_][a-z_-]*", head):
                    prefixes.add(head)
    return constants, prefixes


def _catalog_ids() -> set[str]:
    """The ids the catalog's convention finds (bot/keitaro/catalog/texts.py)."""
    found: set[str] = set()
    for group in CATALOG.groups:
        found |= {group.label.id, group.description.id}
    for action in CATALOG:
        found.add(action.label.id)
        if action.loses is not None:
            found.add(action.loses.id)
        found |= {p.prompt.id for p in action.params if p.prompt is not None}
        stack = [*action.fields]
        while stack:
            field = stack.pop()
            found.add(field.label.id)
            stack += field.items
    for action in CATALOG:
        found |= {f.label.id for f in action.fields}
    return found


def test_every_text_is_used() -> None:
    """A text is used when the code names it (`t(lang, "access.refused")`, `plain(lang,
    "botcommand-menu")`), builds its id (`f"undo.none.{why}"`: every text it can make), or the
    catalog's convention finds it. The glossary (`field-<key>`) and the report columns'
    headers (`column-<key>`) name the tracker's keys, which come from the tracker."""
    constants, prefixes = _code_references()
    prefixes = {p for p in prefixes if p not in CATALOG_PREFIXES}
    catalog = _catalog_ids()
    unused = []
    for key in ids("en"):
        if key in constants or key in catalog or key.startswith(tuple(prefixes)):
            continue
        if re.fullmatch(r"(field|column)-[a-z0-9_]+", key):  # the glossary
            continue
        if key.startswith("detail-") and key.removeprefix("detail-") in constants:
            continue  # own(kind, "timeout", …)
        unused.append(key)
    assert unused == []


def test_every_catalog_entry_has_its_texts_in_every_language() -> None:
    for lang in LANGS:
        missing = []
        for group in CATALOG.groups:
            missing += [i for i in (group.label.id, group.description.id) if not has(i, lang)]
        for action in CATALOG:
            if not has(action.label.id, lang):
                missing.append(action.label.id)
            if action.danger.value == "destructive" and action.loses is None:
                missing.append(f"loses-{action.group}-{action.key}")
            for param in action.params:
                asked = param.prompt.id if param.prompt else f"ask-{param.kind.value}"
                if not has(asked, lang):
                    missing.append(asked)
            stack = [(None, f) for f in action.fields]
            while stack:
                parent, field = stack.pop()
                if not any(has(i, lang) for i in field_ids(action.group, parent, field.name)):
                    missing.append(field_ids(action.group, parent, field.name)[0])
                stack += [(field.name, f) for f in field.items]
        assert missing == [], lang


def test_a_catalog_entry_needs_only_its_ftl_lines() -> None:
    """An entry names no text of its own: its label, what it loses, its questions and its
    fields' names are found by its group, key and names."""
    action = CATALOG["campaigns.delete"]
    assert action.label.id == "action-campaigns-delete"
    assert action.loses is not None and action.loses.id == "loses-campaigns-delete"
    assert action.label.get("ru") == "Удалить (в архив)"
    logs = CATALOG["logs.get"]
    assert [p.prompt.id if p.prompt else None for p in logs.params] == [
        "param-logs-type", "param-logs-limit", "param-logs-offset", "param-logs-query"]
    assert CATALOG["campaigns.get"].params[0].prompt.id == "param-id-campaign"  # type: ignore[union-attr]
    fields = {f.name: f for f in CATALOG["campaigns.update"].fields}
    assert fields["type"].label.id == "field-type-in-campaigns"  # its own name there
    assert fields["name"].label.id == "field-name"  # the glossary's
    items = {f.name: f.label.id for f in fields["postbacks"].items}
    assert items["id"] == "field-postbacks-id" and items["url"] == "field-url"
    for path in (ROOT / "bot" / "keitaro" / "catalog" / "entries").glob("*.py"):
        assert not re.search(r"\bL\(", path.read_text()), path


# -- formatting ----------------------------------------------------------------------------

def test_values_are_escaped_unless_marked_safe() -> None:
    assert t("en", "access.refused_short", user_id="<b>") == "⛔ Not allowed. Your id: &lt;b&gt;"
    assert "<b>" in t("en", "digest.bad_line", problem=Html("<b>x</b>"))
    # escaped in a text that Fluent resolves too (a plural), and never cut
    long = "<i>" + "x" * 5000
    shown = t("en", "verify.items_lost", count=2, items=long)
    assert "&lt;i&gt;" + "x" * 5000 in shown and "<i>" not in shown
    assert plain("en", "detail-connection_failed", name="<X>") == "connection failed (<X>)"


def test_a_text_and_its_values_are_checked() -> None:
    with pytest.raises(TextError):
        t("en", "no.such_text")
    with pytest.raises(TextError):
        t("en", "access.refused_short")  # its value is missing
    with pytest.raises(TextError):
        t("ru", "verify.log_rows")
    assert t("xx", "button.back") == "◀ Back"  # a language the bot lacks: English


def test_key_and_id_are_the_same_text() -> None:
    assert t("ru", "access.refused_short", user_id=1) == t("ru", "access-refused_short",
                                                           user_id=1)
    assert message_id("undo.none.secret") == "undo-none-secret"


def _sample(names: frozenset[str]) -> dict[str, str]:
    return {name: f"<{name}>" for name in names}


def _numbers(parts: Any) -> set[str]:
    """The values a plan selects on or shows with NUMBER()."""
    found: set[str] = set()
    for part in parts:
        if isinstance(part, tuple):
            if part[0] in ("s", "n"):
                found.add(part[1])
            if part[0] == "s":
                for _, variant in part[2]:
                    found |= _numbers(variant)
    return found


def test_prepared_texts_read_as_fluent_reads_them() -> None:
    """Every text prepared as plain text, a template or a plan (plural selects, NUMBER)
    formats exactly as fluent.runtime itself formats the .ftl source, for counts of every
    plural category; no text carries Unicode isolation marks."""
    checked = 0
    for lang in LANGS:
        bundle = FluentBundle([lang], use_isolating=False)
        for path in sorted((LOCALES / lang).glob("*.ftl")):
            bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        for key, names in ids(lang).items():
            language, message = find(lang, key)
            counted = _numbers(message.plan or ())
            for n in (0, 1, 2, 5, 11, 21, 22, 111) if counted else (None,):
                values: dict[str, Any] = {**_sample(names), **dict.fromkeys(counted, n)}
                ours = language.format(message, values, lambda v: v)
                assert "\u2068" not in ours and "\u2069" not in ours, key
                if message.pattern is None:
                    theirs, errors = bundle.format_pattern(bundle.get_message(key).value,
                                                           values)
                    assert (ours, errors) == (theirs, []), (lang, key, n)
                    checked += 1
    assert checked > 2500


def test_plural_forms_follow_each_language() -> None:
    def clicks(lang: str, n: int) -> str:
        return t(lang, "verify.clean_left", clicks=n)

    assert [clicks("ru", n).split("там ")[1] for n in (1, 2, 5, 11, 21, 22, 25, 111)] == [
        "1 клик", "2 клика", "5 кликов", "11 кликов", "21 клик", "22 клика", "25 кликов",
        "111 кликов"]
    assert clicks("en", 1).endswith("1 click there")
    assert clicks("en", 21).endswith("21 clicks there")
    assert t("ru", "result.capped_every", cap=21) == (
        "ℹ️ В ответе не больше 21 строки: здесь первые 21.")
    assert t("ru", "input.json_too_deep", max=64).endswith("(максимум 64 уровня).")
    assert t("ru", "alert.conversions", count=3, revenue="9") == (
        "💰 <b>3 новые конверсии</b>, доход 9")
    assert t("en", "alert.conversions", count=1, revenue="9") == (
        "💰 <b>1 new conversion</b>, revenue 9")
    assert "Последнее изменение" in t("ru", "audit.title", count=1)
    assert "Последние 21 изменение" in t("ru", "audit.title", count=21)


def test_numbers_money_and_durations_per_language() -> None:
    assert number(12345, "en") == "12,345" and number(12345, "ru") == f"12{NBSP}345"
    assert number(0.5, "ru") == "0,5" and number(3, "ru") == "3"
    assert money(1234.5, "en") == "1,234.50" and money(1234.5, "ru") == f"1{NBSP}234,50"
    assert duration(600, "ru") == "10 минут" and duration(30, "en") == "30 seconds"
    assert duration(3600, "en") == "1 hour" and duration(7200, "ru") == "2 часа"
    assert duration(21 * 60, "ru") == "21 минута"
    # NUMBER() in a text groups digits; a number alone (an id) stays as it is
    assert t("en", "export.done", rows=12345, size="1 MB") == "✅ Exported 12,345 rows (1 MB)."
    assert t("ru", "export.done", rows=12345, size="1 МБ") == (
        f"✅ Выгружено 12{NBSP}345 строк (1 МБ).")
    assert t("en", "audit.not_found", id=123456) == "The journal has no entry #123456."
    assert t("en", "export.progress", rows=5, total="?") == "⏳ Exporting… 5 of ? rows"


# -- the bot's own error details -----------------------------------------------------------

def test_the_bots_own_details_are_codes_said_in_each_language() -> None:
    import aiohttp

    from bot.i18n.details import detail_text
    from bot.keitaro.errors import classify_exception, classify_status

    timeout = classify_exception(TimeoutError(), 7.5)
    assert timeout.message == "no answer within 7.5 s"  # the envelope, journal and logs
    assert (timeout.detail, timeout.detail_args) == ("timeout", {"seconds": "7.5"})
    assert detail_text(timeout, "ru") == "нет ответа за 7.5 с"
    assert "detail" not in json.dumps(timeout.model_dump())  # not in the envelope's JSON
    redirect = classify_status(302, None, {"Location": "https://x.example/a?k=1"}, b"")
    assert redirect.message == ("HTTP 302: the tracker redirects to https://x.example instead "
                                "of answering (check KEITARO_URL: http or https, host, path)")
    assert detail_text(redirect, "ru").startswith(
        "HTTP 302: трекер перенаправляет на https://x.example вместо ответа")
    refused = classify_exception(aiohttp.ServerDisconnectedError(), 5)
    assert detail_text(refused, "ru") == "трекер закрыл соединение, не ответив"
    tracker = classify_status(400, None, {}, b'{"error": "Bad name"}')
    assert detail_text(tracker, "ru") == "Bad name"  # the tracker's own words, as they are
    source = (ROOT / "bot" / "i18n" / "details.py").read_text()
    assert "re.compile" not in source and "import re" not in source


# -- languages -----------------------------------------------------------------------------

def test_every_error_kind_is_explained_with_advice() -> None:
    for kind in ErrorKind:
        for lang in LANGS:
            assert has(f"error.{kind.value}", lang)
            assert has(f"advice.{kind.value}", lang)


def test_every_param_kind_has_a_question_and_hint() -> None:
    for kind in ParamKind:
        assert has(f"ask.{kind.value}")
        assert has(f"hint.{kind.value}")
    for preset in RANGE_PRESETS:
        assert has(f"range.{preset}")


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
        assert has(f"input.{code}"), code


def test_every_text_key_used_in_code_exists() -> None:
    used: set[str] = set()
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]:
        used |= set(re.findall(
            r"\b(?:t|plain)\((?:ctx\.)?lang, [\"']([a-z_]+[.-][a-z_0-9.-]+)[\"']",
            path.read_text()))
    assert len(used) > 250
    missing = {key for key in used if not has(key)}
    assert not missing


def test_language_choice() -> None:
    from aiogram.types import User

    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="ru")) == "ru"
    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="ru-RU")) == "ru"
    assert lang_of(User(id=1, is_bot=False, first_name="a", language_code="uk")) == "en"
    assert lang_of(User(id=1, is_bot=False, first_name="a")) == "en"


def test_every_action_is_labelled_in_every_language() -> None:
    for action in CATALOG:
        labels = [action.label.get(lang) for lang in LANGS]
        assert all(labels), action.id
        assert len(set(labels)) == len(labels), action.id


def test_braces_in_texts() -> None:
    assert t("en", "input.json_not_object") == "Send a JSON object: <code>{ … }</code>."
    assert "{…}" in t("ru", "json_reason.value")
    assert t("en", "form.hint.url") == "Type the URL (macros such as {subid} are kept)."


LANGUAGE_PROBE = """
import json
from aiogram.types import User
from bot.app import bot_commands
from bot.callbacks import LangCB
from bot.i18n import LANGS, lang_of, t
from handlers.common import LANG_WORDS, lang_screen

text, markup = lang_screen("en")
print(json.dumps({
    "langs": LANGS,
    "buttons": [[b.text for b in row] for row in markup.inline_keyboard],
    "words": LANG_WORDS.get("deutsch"),
    "callback": LangCB.unpack("lang:de").lang,
    "user": lang_of(User(id=1, is_bot=False, first_name="a", language_code="de-AT")),
    "menu": next(c.description for c in bot_commands("de") if c.command == "menu"),
    "text": t("de", "button.back"),
}))
"""


def test_a_language_is_a_folder(tmp_path: Path) -> None:
    """A copy of the bot with one more folder of texts (German, copied from English with its
    own name and words) speaks it: /lang offers it, its callback and its words are taken,
    Telegram's `de-AT` picks it, its command menu and texts are used."""
    for package in ("bot", "handlers"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    german = tmp_path / "bot" / "locales" / "de"
    shutil.copytree(ROOT / "bot" / "locales" / "en", german)
    main = german / "main.ftl"
    main.write_text(main.read_text().replace("language-button = 🇬🇧 English",
                                             "language-button = 🇩🇪 Deutsch")
                    .replace("botcommand-menu = All groups as buttons",
                             "botcommand-menu = Alle Gruppen als Knöpfe")
                    .replace("button-back = ◀ Back", "button-back = ◀ Zurück"))
    words = german / "words.ftl"
    words.write_text(words.read_text().replace("words-language = en, english, английский",
                                               "words-language = de, deutsch"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", LANGUAGE_PROBE], cwd=tmp_path, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(done.stdout)
    assert found["langs"] == ["en", "de", "ru"]
    assert found["buttons"][0] == ["🇬🇧 English", "🇩🇪 Deutsch"]
    assert found["buttons"][1] == ["🇷🇺 Русский"]
    assert found["words"] == "de" and found["callback"] == "de" and found["user"] == "de"
    assert found["menu"] == "Alle Gruppen als Knöpfe" and found["text"] == "◀ Zurück"


def test_an_unknown_language_in_a_button_is_refused() -> None:
    from bot.callbacks import LangCB

    assert LangCB.unpack("lang:ru").lang == "ru"
    assert LangCB.unpack("lang:auto").lang == "auto"
    with pytest.raises(ValueError):
        LangCB.unpack("lang:xx")


def test_the_package_ships_the_texts() -> None:
    """The .ftl files are package data: an installed bot (the Docker image) has them."""
    import tomllib
    from fnmatch import fnmatch

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = data["tool"]["setuptools"]["package-data"]["bot"]
    files = [str(p.relative_to(ROOT / "bot")) for p in (ROOT / "bot" / "locales").rglob("*")
             if p.is_file()]
    assert files and all(any(fnmatch(f, glob) for glob in shipped) for f in files), files
    assert any(d.startswith("fluent.runtime") for d in data["project"]["dependencies"])
