"""Small constructors that keep catalog entries to one readable line each."""

from __future__ import annotations

from typing import Any

from bot.keitaro.catalog.model import L, Location, Param, ParamKind, RangeStyle

ENTITIES: dict[str, L] = {
    "campaign": L("campaign", "кампании"),
    "stream": L("stream", "потока"),
    "landing": L("landing page", "лендинга"),
    "offer": L("offer", "оффера"),
    "network": L("affiliate network", "партнёрской сети"),
    "source": L("traffic source", "источника"),
    "domain": L("domain", "домена"),
    "group": L("group", "группы"),
    "user": L("user", "пользователя"),
    "integration": L("Facebook integration", "интеграции Facebook"),
    "conversion": L("conversion", "конверсии"),
    "postback": L("postback", "постбэка"),
    "filter": L("filter", "фильтра"),
}


def ident(
    entity: str,
    *,
    name: str = "id",
    location: Location = Location.PATH,
    pick: str | None = None,
    required: bool = True,
) -> Param:
    """A positive integer id of an entity, optionally with a pick-list of existing ones."""
    word = ENTITIES[entity]
    return Param(
        name=name,
        kind=ParamKind.ID,
        location=location,
        field=name if location is Location.BODY else None,
        required=required,
        prompt=L(f"Send the {word.en} id", f"Пришлите ID {word.ru}"),
        example="12",
        pick=pick,
    )


def body(
    *,
    example: dict[str, Any] | list[Any],
    optional: bool = False,
    default: Any = None,
    field: str | None = None,
    prompt: L | None = None,
) -> Param:
    """The JSON data of a request: merged into the body, or put under `field`. What it may
    hold, and which of it is required, is the action's `fields`."""
    import json

    return Param(
        name="data",
        kind=ParamKind.JSON,
        location=Location.BODY,
        field=field,
        required=not optional,
        json_array=isinstance(example, list),
        example=json.dumps(example, ensure_ascii=False),
        default=default,
        prompt=prompt,
    )


def choice(
    name: str, choices: tuple[str, ...], prompt: L, *, location: Location = Location.QUERY,
    pick: str | None = None,
) -> Param:
    return Param(
        pick=pick,
        name=name,
        kind=ParamKind.ENUM,
        location=location,
        field=name if location is Location.BODY else None,
        choices=choices,
        prompt=prompt,
        example=choices[0],
    )


def text(
    name: str,
    prompt: L,
    example: str,
    *,
    location: Location = Location.QUERY,
    required: bool = True,
    max_length: int = 4000,
) -> Param:
    return Param(
        name=name,
        kind=ParamKind.TEXT,
        location=location,
        field=name if location is Location.BODY else None,
        prompt=prompt,
        example=example,
        required=required,
        max_length=max_length,
    )


def number(name: str, prompt: L, default: int, *, location: Location = Location.QUERY) -> Param:
    return Param(
        name=name,
        kind=ParamKind.INT,
        location=location,
        field=name if location is Location.BODY else None,
        prompt=prompt,
        example=str(default),
        required=False,
        default=default,
    )


def date_range(style: RangeStyle = RangeStyle.RANGE) -> Param:
    return Param(
        name="range",
        kind=ParamKind.RANGE,
        location=Location.BODY,
        field="range",
        range_style=style,
        example="2026-11-01..2026-11-07",
    )


def ips() -> Param:
    return Param(
        name="value",
        kind=ParamKind.IPS,
        location=Location.BODY,
        field="value",
        example="1.2.3.4 10.0.0.0/8",
    )


FILE_PATH = Param(
    name="path",
    kind=ParamKind.PATH,
    location=Location.QUERY,
    prompt=L("Path of the file, e.g. index.php", "Путь к файлу, например index.php"),
    example="index.php",
    max_length=255,
)
FILE_DATA = text(
    "data",
    L("New content of the file", "Новое содержимое файла"),
    "<?php echo 'hi';",
)
