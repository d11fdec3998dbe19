"""Клик: the click log, cost updates and cleaning of statistics."""

from bot.keitaro.catalog.builders import body, date_range, ident
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.grid import LOG_QUERY
from bot.keitaro.catalog.model import Action, Danger, Location, RangeStyle, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "clicks"
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType
TOP_LEVEL = ("API-NOTES §5.5: 9.x reads timezone and currency at the top level, the spec "
             "per row; both are sent")

# one row of a bulk cost update (spec CostsRequest.costs)
COST_ROW: tuple[BodyField, ...] = (
    BodyField(name="start_date", type=T.DATE, required=True),
    BodyField(name="end_date", type=T.DATE, required=True),
    BodyField(name="cost", type=T.NUM, required=True, minimum=0),
    BodyField(name="filters", type=T.OBJECT),
    BodyField(name="timezone", type=T.STR,
              source=TOP_LEVEL),
    BodyField(name="currency", type=T.STR, source=TOP_LEVEL),
)
COSTS: tuple[BodyField, ...] = (
    BodyField(name="campaign_ids", type=T.IDS, ref="campaigns.list", required=True),
    BodyField(name="costs", type=T.LIST, items=COST_ROW, required=True),
    BodyField(name="timezone", type=T.STR),
    BodyField(name="currency", type=T.STR),
    BodyField(name="only_campaign_uniques", type=T.INT, minimum=0, maximum=1),
)
# spec CleanRequest: what the period and the campaign params send
CLEAN: tuple[BodyField, ...] = (
    BodyField(name="start_date", type=T.STR, required=True),
    BodyField(name="end_date", type=T.STR, required=True),
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list"),
    BodyField(name="timezone", type=T.STR),
)

LOG_DEFAULT = {
    "columns": ["click_id", "datetime", "campaign", "stream", "offer", "country", "ip",
                "is_bot", "is_lead", "is_sale", "revenue"],
    "sort": [{"name": "datetime", "order": "DESC"}],
    "limit": 100,
    "offset": 0,
}

ENTRIES = (
    Action(group=G, key="log",
           method="POST", path="/clicks/log", danger=R, change=C.READ,
           view=View.GRID, fields=LOG_QUERY,
           params=(date_range(),
                   body(optional=True, default=LOG_DEFAULT,
                        example={"columns": ["click_id", "datetime", "country"],
                                 "filters": [{"name": "is_bot", "operator": "IS_TRUE"}],
                                 "limit": 50}))),
    Action(group=G, key="update_costs",
           method="POST", path="/clicks/update_costs", danger=W, change=C.COSTS, whole_days=True,
           fields=COSTS,
           params=(body(example={"campaign_ids": [1], "timezone": "Europe/Moscow",
                                 "currency": "USD", "only_campaign_uniques": 0,
                                 "costs": [{"start_date": "2026-11-01 00:00:00",
                                            "end_date": "2026-11-01 23:59:59", "cost": "19.22",
                                            "timezone": "Europe/Moscow", "currency": "USD"}]}),)),
    Action(group=G, key="clean",
           method="POST", path="/clicks/clean", danger=D, change=C.CLEAN, fields=CLEAN,
           params=(date_range(RangeStyle.DATES),
                   ident("campaign", location=Location.BODY, name="campaign_id",
                         pick="campaigns.list", required=False))),
)
