"""Конверсия: the conversion log, one conversion, and create/update through the postback URL."""

from bot.keitaro.catalog.builders import body, date_range, ident
from bot.keitaro.catalog.model import Action, Danger, Kind, L, Location, Special, View

G = "conversions"
R, W = Danger.READ, Danger.WRITE

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
CONVERSION = ident("conversion", location=Location.TEMPLATE)
POSTBACK_PATH = "/{postback_key}/postback"
POSTBACK_EXAMPLE = {"click_id": "3f2a9c1b7e", "status": "sale", "revenue": 25.5,
                    "currency": "USD", "transaction_id": "order-881"}

ENTRIES = (
    Action(group=G, key="log", label=L("Conversion log", "Лог конверсий"),
           method="POST", path="/conversions/log", danger=R, view=View.GRID,
           params=(date_range(),
                   body(optional=True, default=LOG_DEFAULT,
                        example={"filters": [{"name": "status", "operator": "EQUALS",
                                              "expression": "sale"}], "limit": 50}))),
    Action(group=G, key="get", label=L("Get a conversion", "Получить конверсию"),
           method="POST", path="/conversions/log", danger=R, special=Special.FIRST_ROW,
           body_template=BY_ID, params=(CONVERSION,),
           note="no single-conversion route: conversions/log filtered by conversion_id"),
    Action(group=G, key="create", label=L("Create a conversion", "Создать конверсию"),
           method="GET", path=POSTBACK_PATH, danger=W, kind=Kind.POSTBACK,
           special=Special.POSTBACK,
           params=(body(required=("click_id",), example=POSTBACK_EXAMPLE),),
           note="not in the Admin API: the tracker's postback URL"),
    Action(group=G, key="update", label=L("Update a conversion", "Обновить конверсию"),
           method="GET", path=POSTBACK_PATH, danger=W, kind=Kind.POSTBACK,
           special=Special.POSTBACK_UPDATE, snapshot="get",
           params=(CONVERSION, body(required=("click_id",),
                                    example={"click_id": "3f2a9c1b7e", "status": "rejected"})),
           note="reads the conversion by id, then re-sends its click's postback with its tid"),
)
