"""Фильтр: a stream's filters (read-modify-write of `filters`) and the filter dictionary."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.entries.streams import FILTER_EDIT
from bot.keitaro.catalog.entries.streams import STREAM as STREAM_FIELDS
from bot.keitaro.catalog.fields import only, optional
from bot.keitaro.catalog.model import Action, Danger, Location, Rmw, RmwOp, Special
from bot.keitaro.catalog.model import ChangeKind as C

G = "filters"
STREAM = ident("stream", name="stream_id", pick="streams.list")  # by campaign first
FILTER = ident("filter", name="filter_id", location=Location.TEMPLATE, pick="filters.list")
PATH = "/streams/{stream_id}"
NOTE = "no REST resource: edits the stream's filters array, keeping the untouched ones"


def _rmw(op: RmwOp, *, required: tuple[str, ...] = ()) -> Rmw:
    item = None if op in (RmwOp.LIST, RmwOp.ADD) else "filter_id"
    return Rmw(read_path=PATH, field="filters", op=op, item_param=item, item_required=required)


ENTRIES = (
    Action(group=G, key="types",
           method="GET", path="/stream_filters", danger=Danger.READ, change=C.READ),
    Action(group=G, key="list",
           method="GET", path=PATH, danger=Danger.READ, change=C.READ, special=Special.RMW,
           rmw=_rmw(RmwOp.LIST), params=(STREAM,), note=NOTE),
    Action(group=G, key="add",
           method="PUT", path=PATH, danger=Danger.WRITE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.ADD, required=("name", "mode")), note=NOTE, fields=FILTER_EDIT,
           params=(STREAM, body(example={"name": "country", "mode": "accept",
                                      "payload": ["US", "CA"]}))),
    Action(group=G, key="update",
           method="PUT", path=PATH, danger=Danger.WRITE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.UPDATE), note=NOTE,
           fields=optional(FILTER_EDIT),
           params=(STREAM, FILTER, body(example={"payload": ["US", "CA", "GB"]}))),
    Action(group=G, key="delete",
           method="PUT", path=PATH, danger=Danger.DESTRUCTIVE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.DELETE), params=(STREAM, FILTER), note=NOTE),
    Action(group=G, key="replace",
           method="PUT", path=PATH, danger=Danger.DESTRUCTIVE, change=C.ARRAY, snapshot="list",
           fields=only(STREAM_FIELDS, "filters"),
           params=(STREAM, body(field="filters",
                                example=[{"name": "country", "mode": "accept",
                                          "payload": ["US"]}]))),
)
