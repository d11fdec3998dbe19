"""Fields as data: what the JSON body of an operation takes, field by field.

Each write operation of the catalog names the fields its request accepts (from the official
spec's request bodies and API-NOTES §6), so that the bot can refuse an unknown field before
any request ("did you mean `name`?"), check types and choices on the spot, show a change
before → after by the fields' names, verify it by reading the entity back (except write-only
fields), never show a secret, and ask the right role for what a body does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from bot.keitaro.catalog.lang import L


class FieldType(StrEnum):
    STR = "str"  # one line of text
    TEXT = "text"  # free text, possibly several lines (notes, file content)
    URL = "url"  # an http(s) URL, possibly with tracker macros such as {subid}
    DATE = "date"  # a day (or moment) the tracker writes `YYYY-MM-DD[ HH:MM[:SS]]`; typed in words
    INT = "int"
    NUM = "num"  # a number, integer or not (money, weights, shares)
    BOOL = "bool"
    ENUM = "enum"  # one of `choices`
    TAGS = "tags"  # an array of strings (countries, statuses), from `choices` when given
    IDS = "ids"  # an array of entity ids
    REF = "ref"  # the id of another entity, offered from the list action `ref`
    ITEMS = "items"  # an array of objects that a PUT replaces whole (API-NOTES §11.7)
    LIST = "list"  # an array of objects sent as given, replacing nothing (cost rows, sort)
    OBJECT = "object"  # a nested object (parameters, preferences, access rights, proxy)
    ANY = "any"  # a value whose shape the tracker decides (action_payload: text or object)


class BodyField(BaseModel):
    """One field of a request body."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: FieldType
    # the field's name as a person reads it: `field-<name>` here, the name it has in an
    # action's group once the action takes it (see `bot.keitaro.catalog.texts`)
    label: L = L("")
    # ENUM/TAGS: the values allowed; an ENUM with `ref` takes other values the tracker lists
    # there too (stream actions), but not a near miss of a known one
    # ENUM/TAGS: the values allowed; STR: the values offered (others are taken too)
    choices: tuple[str, ...] = ()
    ref: str | None = None  # REF/IDS (ENUM): "group.op" of the list action that offers them
    ref_args: tuple[tuple[str, str], ...] = ()  # fixed arguments of that list (groups' type)
    required: bool = False  # the operation refuses a request without it
    write_only: bool = False  # accepted but never returned: cannot be verified by reading back
    secret: bool = False  # never shown, not even in part (passwords, tokens, keys)
    admin: bool = False  # sending it is an admin-level effect (account type, passwords, access)
    # ITEMS/LIST: the fields of one item; OBJECT: its keys when they are known (else any key)
    items: tuple[BodyField, ...] = ()
    item_key: str | None = None  # ITEMS: the field that names an item (offer_id, url, name)
    max_length: int | None = None
    minimum: float | None = None  # INT/NUM: the smallest value taken
    maximum: float | None = None  # INT/NUM: the largest value taken
    destructive_values: tuple[str, ...] = ()  # values that archive the entity (state: deleted)
    read_from: str | None = None  # the key of the entity read that holds it (a form fills it)
    source: str | None = None  # the evidence for a field the official spec does not list

    @model_validator(mode="before")
    @classmethod
    def _label(cls, data: Any) -> Any:
        if isinstance(data, dict) and "label" not in data:
            return {**data, "label": L(f"field-{data['name']}")}
        return data


BodyField.model_rebuild()

Fields = tuple[BodyField, ...]


def required(fields: Fields, *names: str) -> Fields:
    """The same fields with `names` required (create operations require what update does not)."""
    unknown = set(names) - {f.name for f in fields}
    if unknown:
        raise ValueError(f"no such fields: {sorted(unknown)}")
    return tuple(f.model_copy(update={"required": True}) if f.name in names else f
                 for f in fields)


def optional(fields: Fields) -> Fields:
    """The same fields, none required (an update of what a create requires)."""
    return tuple(f.model_copy(update={"required": False}) if f.required else f for f in fields)


def only(fields: Fields, *names: str) -> Fields:
    """The fields named, in the order given."""
    by_name = {f.name: f for f in fields}
    return tuple(by_name[name] for name in names)


def without(fields: Fields, *names: str) -> Fields:
    return tuple(f for f in fields if f.name not in names)


def secret_names(fields: Fields) -> frozenset[str]:
    """The names of the secret fields, at any depth (an item's, an object's)."""
    names: set[str] = set()
    for f in fields:
        if f.secret:
            names.add(f.name)
        names |= secret_names(f.items)
    return frozenset(names)
