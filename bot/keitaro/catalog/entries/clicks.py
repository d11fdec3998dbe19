"""Клик: the click log, cost updates and cleaning of statistics."""

from bot.keitaro.catalog.builders import body, date_range, ident
from bot.keitaro.catalog.model import Action, Danger, L, Location, RangeStyle, View

G = "clicks"
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

LOG_DEFAULT = {
    "columns": ["click_id", "datetime", "campaign", "stream", "offer", "country", "ip",
                "is_bot", "is_lead", "is_sale", "revenue"],
    "sort": [{"name": "datetime", "order": "DESC"}],
    "limit": 100,
    "offset": 0,
}

ENTRIES = (
    Action(group=G, key="log", label=L("Click log", "Лог кликов"),
           method="POST", path="/clicks/log", danger=R, view=View.GRID,
           params=(date_range(),
                   body(optional=True, default=LOG_DEFAULT,
                        example={"columns": ["click_id", "datetime", "country"],
                                 "filters": [{"name": "is_bot", "operator": "IS_TRUE"}],
                                 "limit": 50}))),
    Action(group=G, key="update_costs", label=L("Update costs", "Обновить расходы"),
           method="POST", path="/clicks/update_costs", danger=W, whole_days=True,
           params=(body(required=("campaign_ids", "costs"),
                        example={"campaign_ids": [1], "timezone": "Europe/Moscow",
                                 "currency": "USD", "only_campaign_uniques": 0,
                                 "costs": [{"start_date": "2026-11-01 00:00:00",
                                            "end_date": "2026-11-01 23:59:59", "cost": "19.22",
                                            "timezone": "Europe/Moscow", "currency": "USD"}]}),)),
    Action(group=G, key="clean", label=L("Clean statistics", "Очистить статистику"),
           method="POST", path="/clicks/clean", danger=D,
           params=(date_range(RangeStyle.DATES),
                   ident("campaign", location=Location.BODY, name="campaign_id",
                         pick="campaigns.list", required=False)),
           loses=L("Every click and conversion of the period (of one campaign, or of all of "
                   "them) is deleted for good; reports for it will be empty.",
                   "Все клики и конверсии за период (одной кампании или всех) будут удалены "
                   "навсегда; отчёты за этот период станут пустыми.")),
)
