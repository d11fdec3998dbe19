"""The shape of a catalog entry: one Keitaro operation described as data."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from bot.keitaro.catalog import texts
from bot.keitaro.catalog.fields import BodyField
from bot.keitaro.catalog.lang import L

__all__ = [
    "Action", "ChangeKind", "Danger", "Kind", "L", "Location", "Param", "ParamKind", "RangeStyle",
    "Rmw", "RmwOp", "Special", "View",
]


class Danger(StrEnum):
    """How much an action can change or lose; roles are granted per level."""

    READ = "read"
    WRITE = "write"
    DESTRUCTIVE = "destructive"


class ChangeKind(StrEnum):
    """What an action changes, declared by every catalog entry: the kind decides what is read
    first, the preview, the side effects, how the outcome is verified and how it is undone
    (`bot.changes.kinds`, one module per kind)."""

    READ = "read"  # changes nothing
    CREATE = "create"  # a new entity from a body
    CLONE = "clone"  # a copy of an entity
    UPDATE = "update"  # fields of an entity (a PUT that changes only what it sends)
    STATE = "state"  # enable / disable
    ARCHIVE = "archive"  # into the archive, with a restore in the catalog
    DELETE = "delete"  # deleted (or archived) with no restore in the catalog
    RESTORE = "restore"  # back from the archive
    ITEM = "item"  # one item of an entity's array (a read-modify-write: postbacks, filters)
    ARRAY = "array"  # a whole list replaced, added to or cut (a stream's filters, the bot list)
    FILE = "file"  # a local file of a landing page or offer
    CONVERSION = "conversion"  # a conversion created or changed through the postback URL
    SETTING = "setting"  # an integration's setting
    LINK = "link"  # a campaign linked to / unlinked from an integration
    CLEAN = "clean"  # clicks and conversions of a period deleted
    CLEAR = "clear"  # a log emptied
    COSTS = "costs"  # costs of a period uploaded
    SENT = "sent"  # sent and answered, nothing the bot can read back (a DNS check, labels)


class Kind(StrEnum):
    """Which interface of the tracker an action talks to."""

    ADMIN = "admin"  # /admin_api/v1
    POSTBACK = "postback"  # {KEITARO_URL}/{postback_key}/postback


class ParamKind(StrEnum):
    ID = "id"  # positive integer
    INT = "int"  # non-negative integer (limit, offset)
    TEXT = "text"  # one line of free text
    ENUM = "enum"  # one of `choices`, offered as buttons
    JSON = "json"  # a JSON object (or array when `json_array`)
    RANGE = "range"  # a date range: presets or YYYY-MM-DD..YYYY-MM-DD
    IPS = "ips"  # IPv4/IPv6 addresses or CIDR ranges
    PATH = "path"  # a file path relative to a local landing page's or offer's folder


class Location(StrEnum):
    PATH = "path"
    QUERY = "query"
    BODY = "body"
    TEMPLATE = "template"  # only fills `{name}` in the body/query template or a composite step


class RangeStyle(StrEnum):
    RANGE = "range"  # body.range = {from, to, timezone}
    DATES = "dates"  # body.start_date / body.end_date = "YYYY-MM-DD HH:MM:SS", a whole day


class View(StrEnum):
    """How a successful result is best shown."""

    AUTO = "auto"
    REPORT = "report"  # report/build: {rows, total, summary}, shown as a table with totals
    GRID = "grid"  # clicks/log, conversions/log: {rows, total}, exported as CSV when long
    LOG = "log"  # logs/{type}: [{datetime, jid, message}]
    BINARY = "binary"  # a file (ZIP) sent as a document


class Special(StrEnum):
    """Mechanisms beyond one plain HTTP call, each shared by several entries."""

    NONE = "none"
    FIRST_ROW = "first_row"  # grid query that must find exactly the asked row
    PICK_BY_ID = "pick_by_id"  # list endpoint filtered to one item by `id`
    RMW = "rmw"  # read-modify-write of a list field inside an entity
    POSTBACK = "postback"  # conversion create through the postback URL
    POSTBACK_UPDATE = "postback_update"  # read the conversion, then re-post its click
    FALLBACK_POST = "fallback_post"  # GET, and POST when the tracker has no GET route
    LABELS = "labels"  # `items` as a map; as a list only after the map was refused (400/406)


class RmwOp(StrEnum):
    LIST = "list"
    GET = "get"
    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"


class Rmw(BaseModel):
    """Edit one item of a list field (`field`) of the entity at `read_path`."""

    model_config = ConfigDict(frozen=True)

    read_path: str
    field: str
    op: RmwOp
    item_param: str | None = None  # the param that holds the item's id
    item_required: tuple[str, ...] = ()  # fields a new item must have


class Param(BaseModel):
    """One thing the bot must know before it can call the tracker."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: ParamKind
    location: Location
    required: bool = True
    field: str | None = None  # body key (None: a JSON param is merged into the body)
    prompt: L | None = None  # overrides the generic prompt of the kind (see `texts.prompt`)
    example: str | None = None
    choices: tuple[str, ...] = ()
    pick: str | None = None  # "group.op" of a list action offered as a pick-list; for an
    # enum, the action that lists the values this tracker knows (`choices` is the fallback)
    json_array: bool = False  # JSON: the value is an array, not an object
    default: Any = None  # value used when an optional param is skipped
    range_style: RangeStyle = RangeStyle.RANGE
    max_length: int = 4000


class Action(BaseModel):
    """One catalog entry: everything needed to ask for, preview, call and show an operation."""

    model_config = ConfigDict(frozen=True)

    group: str
    key: str
    label: L = L("")  # `action-<group>-<key>`, set from the entry (see `catalog/texts.py`)
    method: str
    path: str
    danger: Danger
    change: ChangeKind  # what it changes: declared by every entry, never guessed from names
    params: tuple[Param, ...] = ()
    kind: Kind = Kind.ADMIN
    special: Special = Special.NONE
    body_template: dict[str, Any] | None = None  # fixed body, `{param}` strings substituted
    query_template: dict[str, Any] = Field(default_factory=dict)
    rmw: Rmw | None = None
    view: View = View.AUTO
    whole_days: bool = False  # complete start_date/end_date in the body to whole days
    loses: L | None = None  # destructive: what is lost, said before confirmation (`loses-…`)
    snapshot: str | None = None  # op key in this group that reads the entity before a change
    spec: tuple[str, str] | None = None  # (method, path) as the 2022 spec writes it, if different
    note: str | None = None  # why this entry differs from the spec or is composite
    fields: tuple[BodyField, ...] = ()  # what the JSON body takes (see `fields.py`)

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, data: Any) -> Any:
        """The entry's texts, found by convention: its label, what it loses, its params'
        questions and its fields' names (`bot.keitaro.catalog.texts`)."""
        if not isinstance(data, dict) or "label" in data:
            return data
        group, key = data["group"], data["key"]
        return {**data, "label": texts.action_label(group, key),
                "loses": data.get("loses") or texts.loses(group, key),
                "params": tuple(p.model_copy(update={"prompt": texts.prompt(group, p.name,
                                                                             p.prompt)})
                                for p in data.get("params", ())),
                "fields": texts.labelled(data.get("fields", ()), group)}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        return f"{self.group}.{self.key}"

    @property
    def idempotent(self) -> bool:
        """Only plain Admin API reads may be retried; a postback GET creates a conversion."""
        return self.method == "GET" and self.kind is Kind.ADMIN and self.danger is Danger.READ

    @property
    def spec_route(self) -> tuple[str, str]:
        return self.spec or (self.method, self.path)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)
