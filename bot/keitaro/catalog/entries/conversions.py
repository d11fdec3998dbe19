"""Конверсия: the conversion log, one conversion, and create/update through the postback URL."""

from bot.keitaro.catalog.builders import body, date_range, ident
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.grid import LOG_QUERY
from bot.keitaro.catalog.model import Action, Danger, Kind, Location, Special, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "conversions"
R, W = Danger.READ, Danger.WRITE
T = FieldType
POSTBACK = "API-NOTES §7 (the postback URL's parameters)"
TID = "API-NOTES §11.3 (transaction id names)"

# what a conversion's JSON may hold: the postback URL's parameters (not the Admin API: no spec)
CONVERSION_FIELDS: tuple[BodyField, ...] = (
    BodyField(name="click_id", type=T.STR,
              required=True, read_from="sub_id", source=POSTBACK),
    BodyField(name="subid", type=T.STR,
              source=POSTBACK),
    BodyField(name="status", type=T.STR,
              choices=("sale", "lead", "rejected"),  # offered; others are the tracker's to map
              source="API-NOTES §7, §11.2 (mapped by the tracker)"),
    BodyField(name="revenue", type=T.NUM,
              source="API-NOTES §7, §11.1 (alias of payout)"),
    BodyField(name="payout", type=T.NUM,
              source=POSTBACK),
    BodyField(name="currency", type=T.STR, source=POSTBACK),
    BodyField(name="transaction_id", type=T.STR,
              source=TID),
    BodyField(name="tid", type=T.STR, source=TID),
    BodyField(name="cost", type=T.NUM, source=POSTBACK),
    *(BodyField(name=f"sub_id_{n}", type=T.STR,
                source="API-NOTES §7, §5.4 (sub_id_1..30 on current versions)")
      for n in range(1, 31)),
)

COLUMNS = ["conversion_id", "sub_id", "postback_datetime", "campaign", "offer", "status",
           "previous_status", "revenue", "tid"]
LOG_DEFAULT = {
    "columns": COLUMNS,
    "sort": [{"name": "postback_datetime", "order": "DESC"}],
    "limit": 100,
    "offset": 0,
}
BY_ID = {
    "range": {"interval": "all_time"},
    "columns": COLUMNS,
    "filters": [{"name": "conversion_id", "operator": "EQUALS", "expression": "{id}"}],
    "limit": 1,
}
CONVERSION = ident("conversion", location=Location.TEMPLATE, pick="conversions.log")
POSTBACK_PATH = "/{postback_key}/postback"
POSTBACK_EXAMPLE = {"click_id": "3f2a9c1b7e", "status": "sale", "revenue": 25.5,
                    "currency": "USD", "transaction_id": "order-881"}

ENTRIES = (
    Action(group=G, key="log",
           method="POST", path="/conversions/log", danger=R, change=C.READ,
           view=View.GRID, fields=LOG_QUERY,
           params=(date_range(),
                   body(optional=True, default=LOG_DEFAULT,
                        example={"filters": [{"name": "status", "operator": "EQUALS",
                                              "expression": "sale"}], "limit": 50}))),
    Action(group=G, key="get",
           method="POST", path="/conversions/log", danger=R, change=C.READ,
           special=Special.FIRST_ROW,
           body_template=BY_ID, params=(CONVERSION,), fields=LOG_QUERY,
           note="no single-conversion route: conversions/log filtered by conversion_id"),
    Action(group=G, key="create",
           method="GET", path=POSTBACK_PATH, danger=W, change=C.CONVERSION, kind=Kind.POSTBACK,
           special=Special.POSTBACK, fields=CONVERSION_FIELDS,
           params=(body(example=POSTBACK_EXAMPLE),),
           note="not in the Admin API: the tracker's postback URL"),
    Action(group=G, key="update",
           method="GET", path=POSTBACK_PATH, danger=W, change=C.CONVERSION, kind=Kind.POSTBACK,
           special=Special.POSTBACK_UPDATE, snapshot="get", fields=CONVERSION_FIELDS,
           params=(CONVERSION, body(example={"click_id": "3f2a9c1b7e", "status": "rejected"})),
           note="reads the conversion by id, then re-sends its click's postback with its tid"),
)
