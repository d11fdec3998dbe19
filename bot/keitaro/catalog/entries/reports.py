"""Статистика: report/build, as a free query and as ready-made breakdowns."""

from typing import Any

from bot.keitaro.catalog.builders import body, date_range
from bot.keitaro.catalog.grid import REPORT_QUERY
from bot.keitaro.catalog.model import Action, Danger, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "reports"
METRICS = ["clicks", "campaign_unique_clicks", "conversions", "sales", "cr", "epc", "revenue",
           "cost", "profit", "roi"]
# the id column asked with a grouping, so that a row can open its entity's card
ID_COLUMNS = {"campaign": "campaign_id", "offer": "offer_id", "landing": "landing_id",
              "ts": "ts_id"}
BUILD_DEFAULT = {
    "grouping": ["campaign"],
    "metrics": METRICS,
    "sort": [{"name": "revenue", "order": "DESC"}],
    "summary": True,
    "limit": 100,
}


def _preset(dimension: str, sort: str = "revenue") -> Action:
    template: dict[str, Any] = {
        "grouping": [dimension, *([ID_COLUMNS[dimension]] if dimension in ID_COLUMNS else [])],
        "metrics": METRICS,
        "sort": [{"name": sort, "order": "ASC" if dimension == "day" else "DESC"}],
        "summary": True,
        "limit": 100,
    }
    return Action(group=G, key=f"by_{dimension}", method="POST",
                  path="/report/build", danger=Danger.READ, change=C.READ,
                  view=View.REPORT,
                  body_template=template, params=(date_range(),), fields=REPORT_QUERY)


ENTRIES = (
    Action(group=G, key="build",
           method="POST", path="/report/build", danger=Danger.READ, change=C.READ, view=View.REPORT,
           fields=REPORT_QUERY,
           params=(date_range(),
                   body(optional=True, default=BUILD_DEFAULT,
                        example={"grouping": ["country"], "metrics": ["clicks", "revenue"],
                                 "filters": [{"name": "campaign_id", "operator": "EQUALS",
                                              "expression": 1}]}))),
    _preset("campaign"),
    _preset("offer"),
    _preset("country"),
    _preset("ts"),
    _preset("landing"),
    _preset("day", sort="day"),
)
