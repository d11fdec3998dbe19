"""Small constructors that keep catalog entries to one readable line each.

A parameter's question is the group's own when `param-<group>-<name>` exists (see
`bot.keitaro.catalog.texts`); the constructors here give the shared ones: `param-id-<entity>`
for an id (`param-id-campaign`: "Send the campaign id"), `param-file-path`, `param-file-data`.
"""

from __future__ import annotations

from typing import Any

from bot.keitaro.catalog.model import L, Location, Param, ParamKind, RangeStyle


def ident(
    entity: str,
    *,
    name: str = "id",
    location: Location = Location.PATH,
    pick: str | None = None,
    required: bool = True,
) -> Param:
    """A positive integer id of an entity (`param-id-<entity>` asks for it), optionally with a
    pick-list of existing ones."""
    return Param(
        name=name,
        kind=ParamKind.ID,
        location=location,
        field=name if location is Location.BODY else None,
        required=required,
        prompt=L(f"param-id-{entity}"),
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
    name: str, choices: tuple[str, ...], *, location: Location = Location.QUERY,
    pick: str | None = None,
) -> Param:
    return Param(
        pick=pick,
        name=name,
        kind=ParamKind.ENUM,
        location=location,
        field=name if location is Location.BODY else None,
        choices=choices,
        example=choices[0],
    )


def text(
    name: str,
    example: str,
    *,
    location: Location = Location.QUERY,
    required: bool = True,
    max_length: int = 4000,
    prompt: L | None = None,
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


def number(name: str, default: int, *, location: Location = Location.QUERY) -> Param:
    return Param(
        name=name,
        kind=ParamKind.INT,
        location=location,
        field=name if location is Location.BODY else None,
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
    prompt=L("param-file-path"),
    example="index.php",
    max_length=255,
)
FILE_DATA = text(
    "data",
    "<?php echo 'hi';",
    prompt=L("param-file-data"),
)
