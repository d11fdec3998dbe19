"""The bot's texts in Fluent: `bot/locales/<language>/*.ftl`, read once, formatted cheaply.

One folder per language; the folders found are the languages the bot speaks (`LANGS`,
English first: it is the fallback for a text a language lacks). Every `.ftl` file of a folder
is parsed at the first use of a text (fluent.syntax), and each message is prepared once:

- a message that is plain text is kept as its string;
- text with `{ $value }` placeables only becomes a `str.format` template;
- text with selects on a value (plural forms) and `NUMBER($value)` becomes a plan: parts,
  and per select its variants, chosen at formatting as fluent.runtime chooses them (an exact
  number first, then the CLDR plural category, else the default);
- anything else (a reference to another message or a term, another function) is resolved by
  fluent.runtime each time.

So a text costs about what the old dicts of `str.format` templates cost; the test
`tests/test_texts.py` formats every prepared text against fluent.runtime itself. Unicode isolation marks are never added (`use_isolating=False`): they would end
up in callback data and break the 34-character monospace layouts.

A number given as a value prints as Python prints it (`12345`, `#12345`: ids stay as they are);
`NUMBER($count)` prints it as the language groups digits (`12,345` / `12 345`, see
`bot.i18n.formats`). A select on a number picks the language's CLDR plural category
(`one`, `few`, `many`, `other`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, resolver
from fluent.runtime.resolver import CurrentEnvironment, ResolverEnvironment
from fluent.runtime.types import FluentFloat, FluentInt, FluentType
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from bot.i18n.formats import number

LOCALES = Path(__file__).resolve().parents[1] / "locales"
# fluent.runtime refuses a part of a text over 2,500 characters (a guard against hostile
# translations); the bot's own texts are trusted, and a value (a list of IPs, what a person
# typed) can be longer: Telegram's own limit (4,096 a message) is kept where messages are made
resolver.MAX_PART_LENGTH = 1_000_000
DEFAULT_LANG = "en"


def _folders() -> tuple[str, ...]:
    found = sorted(p.name for p in LOCALES.iterdir() if p.is_dir() and any(p.glob("*.ftl")))
    if DEFAULT_LANG not in found:
        raise RuntimeError(f"no {LOCALES / DEFAULT_LANG}: English is every text's fallback")
    return (DEFAULT_LANG, *(lang for lang in found if lang != DEFAULT_LANG))


LANGS: tuple[str, ...] = _folders()  # the languages the bot speaks, English first


def message_id(key: str) -> str:
    """The Fluent id of a text key: a dot becomes a hyphen (`access.refused_short` →
    `access-refused_short`); an id is its own id."""
    return key.replace(".", "-")


class TextError(KeyError):
    """A text that does not exist, or could not be formatted with the values given."""


# -- values ------------------------------------------------------------------------------

class _Int(FluentInt):
    """An integer value: printed as Python prints it (ids, years), selected by plural rule."""

    def format(self, locale: Any) -> str:
        return int.__repr__(self)


class _Float(FluentFloat):
    def format(self, locale: Any) -> str:
        return float.__repr__(self)


class _Str(FluentType, str):
    """A text value: a FluentType so that fluent.runtime takes it whole (it cuts plain
    strings at 2,500 characters). Its `format` is Fluent's, not `str.format`."""

    def format(self, locale: Any) -> str:  # type: ignore[override]
        return str.__str__(self)


class _Grouped(FluentFloat):
    """`NUMBER($value, …)`: digits grouped and decimals as the language writes them."""

    decimals: int | None = None

    def format(self, locale: Any) -> str:
        value: float | int = int(self) if self.is_integer() and self.decimals is None else (
            float(self))
        return number(value, str(locale.language), decimals=self.decimals)


def _number_function(value: Any, **options: Any) -> Any:
    """NUMBER($x), NUMBER($x, minimumFractionDigits: 2): the one option used is the number of
    decimals (minimum = maximum). A value that is no number (`?`) is shown as it is."""
    if not isinstance(value, int | float | Decimal):
        return value
    grouped = _Grouped(float(value))
    digits = options.get("minimumFractionDigits", options.get("maximumFractionDigits"))
    if digits is not None:
        grouped.decimals = int(digits)
    return grouped


def fluent_value(value: Any) -> Any:
    """A value as fluent.runtime resolves it (see the classes above)."""
    if isinstance(value, str):
        return _Str(value)
    if isinstance(value, bool):
        return _Str(str(value))
    if isinstance(value, int):
        return _Int(value)
    if isinstance(value, float | Decimal):
        return _Float(value)
    return _Str(str(value))


# -- messages ----------------------------------------------------------------------------

Formatter = Callable[[Mapping[str, Any]], str]


class _Bundle(FluentBundle):
    """A FluentBundle that takes values already converted by `fluent_value`, and remembers
    the plural category of the numbers it has seen (babel's rule is evaluated per variant:
    three times for one Russian select)."""

    def __init__(self, locales: list[str], **options: Any) -> None:
        super().__init__(locales, **options)
        self._plural_form = lru_cache(maxsize=4096)(self._plural_form)

    def resolve(self, pattern: Any, values: Mapping[str, Any]) -> str:
        errors: list[Exception] = []
        env = ResolverEnvironment(context=self, errors=errors,
                                  current=CurrentEnvironment(args=dict(values)))
        result = pattern(env)
        if errors:
            raise TextError(f"{errors[0]}")
        return str(result)


def _simple(value: ftl.Pattern) -> str | None:
    """A `str.format` template for a pattern of text and `{ $name }` only, else None."""
    parts: list[str] = []
    for element in value.elements:
        if isinstance(element, ftl.TextElement):
            parts.append(element.value.replace("{", "{{").replace("}", "}}"))
        elif isinstance(element, ftl.Placeable) and isinstance(element.expression,
                                                                 ftl.StringLiteral):
            parts.append(element.expression.parse()["value"].replace("{", "{{").replace(
                "}", "}}"))
        elif isinstance(element, ftl.Placeable) and isinstance(element.expression,
                                                                 ftl.VariableReference):
            parts.append("{" + element.expression.id.name + "}")
        else:
            return None
    return "".join(parts)


# a plan's parts: text; ("v", name): a value; ("n", name, decimals): NUMBER($name);
# ("s", name, ((key, parts), …), default parts): a select on a value
Part = Any
Parts = tuple[Part, ...]


def _plan(elements: list[Any]) -> Parts | None:
    """The parts of a pattern of text, values, `NUMBER($value)` and selects on a value, else
    None (fluent.runtime resolves it)."""
    parts: list[Part] = []
    for element in elements:
        if isinstance(element, ftl.TextElement):
            parts.append(element.value)
            continue
        if not isinstance(element, ftl.Placeable):
            return None
        expression = element.expression
        if isinstance(expression, ftl.StringLiteral):
            parts.append(expression.parse()["value"])
        elif isinstance(expression, ftl.VariableReference):
            parts.append(("v", expression.id.name))
        elif isinstance(expression, ftl.FunctionReference):
            number = _number_part(expression)
            if number is None:
                return None
            parts.append(number)
        elif (isinstance(expression, ftl.SelectExpression)
              and isinstance(expression.selector, ftl.VariableReference)):
            variants: list[tuple[Any, Parts]] = []
            default: Parts = ()
            for variant in expression.variants:
                chosen = _plan(variant.value.elements)
                if chosen is None:
                    return None
                key = variant.key
                variants.append((key.name if isinstance(key, ftl.Identifier)
                                 else float(key.value), chosen))
                if variant.default:
                    default = chosen
            parts.append(("s", expression.selector.id.name, tuple(variants), default))
        else:
            return None
    return tuple(parts)


def _number_part(call: ftl.FunctionReference) -> Part | None:
    """NUMBER($value) or NUMBER($value, minimumFractionDigits: 2)."""
    positional, named = call.arguments.positional, call.arguments.named
    if (call.id.name != "NUMBER" or len(positional) != 1
            or not isinstance(positional[0], ftl.VariableReference)):
        return None
    decimals = None
    for option in named:
        if option.name.name not in ("minimumFractionDigits", "maximumFractionDigits"):
            return None
        decimals = int(option.value.value)
    return ("n", positional[0].id.name, decimals)


def _shown(value: Any) -> str:
    """A value as a placeable shows it (see `fluent_value`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


@dataclass(slots=True)
class Message:
    """One message of one language, prepared: `text` (no values), `template` (values by
    name), `plan` (selects and NUMBER) or `pattern` (resolved by fluent.runtime)."""

    id: str
    variables: frozenset[str]
    text: str | None = None
    template: str | None = None
    plan: Parts | None = None
    pattern: Any = None


@dataclass(slots=True)
class Language:
    """The messages of one language."""

    code: str
    bundle: _Bundle
    messages: dict[str, Message] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # message id → file it is in

    def format(self, message: Message, values: Mapping[str, Any], escape: Callable[[Any], Any]
               ) -> str:
        if message.text is not None:
            return message.text
        try:
            if message.template is not None:
                return message.template.format_map(
                    {name: escape(values[name]) for name in message.variables})
            if message.plan is not None:
                return self._render(message.plan,
                                    {name: escape(values[name]) for name in message.variables})
        except KeyError as missing:
            raise TextError(f"{message.id}: no value {missing}") from None
        return self.bundle.resolve(message.pattern, {name: fluent_value(escape(value))
                                                     for name, value in values.items()})

    def _render(self, parts: Parts, values: Mapping[str, Any]) -> str:
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = values[part[1]]
            if part[0] == "v":
                out.append(_shown(value))
            elif part[0] == "n":
                numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
                out.append(number(value, self.code, decimals=part[2]) if numeric
                           else _shown(value))
            else:
                out.append(self._render(self._choose(part, value), values))
        return "".join(out)

    def _choose(self, select: Part, value: Any) -> Parts:
        """The variant fluent.runtime picks: the first whose key is the number itself or
        its plural category (or, for text, the text itself), else the default."""
        numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        category = self.bundle._plural_form(value) if numeric else None
        for key, parts in select[2]:
            if isinstance(key, float):
                if numeric and value == key:
                    return parts  # type: ignore[no-any-return]
            elif key == (category if numeric else value):
                return parts  # type: ignore[no-any-return]
        return select[3]  # type: ignore[no-any-return]


def variables(node: Any) -> set[str]:
    """The `$names` a message uses, in its value and its variants."""
    found: set[str] = set()

    class Variables(Visitor):
        def visit_VariableReference(self, ref: ftl.VariableReference) -> None:
            found.add(ref.id.name)

    Variables().visit(node)
    return found


def load_language(code: str, folder: Path) -> Language:
    """Parse every .ftl file of `folder` (a syntax error stops the bot at start-up)."""
    bundle = _Bundle([code], functions={"NUMBER": _number_function}, use_isolating=False)
    language = Language(code, bundle)
    parser = FluentParser(with_spans=False)
    for path in sorted(folder.glob("*.ftl")):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ftl.Junk):
                raise SyntaxError(f"{path}: {entry.annotations[0].message}: "
                                  f"{(entry.content or '').strip()[:80]!r}")
            if not isinstance(entry, ftl.Message | ftl.Term):
                continue
            name = entry.id.name if isinstance(entry, ftl.Message) else "-" + entry.id.name
            if name in language.files:
                raise SyntaxError(f"{path}: {name} is in {language.files[name]} already")
            language.files[name] = path.name
        bundle.add_resource(resource)
    for name in language.files:
        if name.startswith("-"):
            continue
        entry = bundle._messages[name]
        if entry.value is None:
            raise SyntaxError(f"{code}: {name} has no value")
        message = Message(name, frozenset(variables(entry.value)))
        template = _simple(entry.value)
        if template is not None and not message.variables:
            message.text = template.replace("{{", "{").replace("}}", "}")
        elif template is not None:
            message.template = template
        elif (plan := _plan(entry.value.elements)) is not None:
            message.plan = plan
        else:
            message.pattern = bundle.get_message(name).value
        language.messages[name] = message
        dotted = name.replace("-", ".")
        language.messages.setdefault(dotted, message)  # t(lang, "access.refused_short")
    return language


@cache
def languages() -> dict[str, Language]:
    """Every language's messages, read once (the first text asked for reads them)."""
    return {code: load_language(code, LOCALES / code) for code in LANGS}


def find(lang: str, key: str) -> tuple[Language, Message]:
    """The message `key` (a text key or a Fluent id) in `lang`, else in English."""
    loaded = languages()
    language = loaded.get(lang) or loaded[DEFAULT_LANG]
    message = language.messages.get(key)
    if message is None:
        language = loaded[DEFAULT_LANG]
        message = language.messages.get(key)
        if message is None:
            raise TextError(key)
    return language, message


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """Whether `lang` has the text `key` (a text key or a Fluent id)."""
    return key in languages()[lang].messages


def _as_is(value: Any) -> Any:
    return value


def plain(lang: str, key: str, **values: Any) -> str:
    """The text `key` in `lang` as plain text: values are not escaped (button labels, command
    descriptions, the English details that go to the logs)."""
    language, message = find(lang, key)
    return language.format(message, values, _as_is)


def words(key: str, lang: str | None = None) -> tuple[str, ...]:
    """The words of the list `key` (`words-period-7d`: comma-separated, lower case) in `lang`,
    or in every language: what a person may type, whatever language the bot speaks."""
    found: list[str] = []
    for code in (lang,) if lang else LANGS:
        if has(key, code):
            found += [w.strip().lower() for w in plain(code, key).split(",") if w.strip()]
    return tuple(dict.fromkeys(found))


def ids(lang: str = DEFAULT_LANG) -> dict[str, frozenset[str]]:
    """Every message of `lang` by its Fluent id, with the names of the values it takes."""
    language = languages()[lang]
    return {name: language.messages[name].variables for name in language.files
            if not name.startswith("-")}
