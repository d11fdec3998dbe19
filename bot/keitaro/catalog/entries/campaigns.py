"""Кампания: campaigns."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.model import Action, Danger, L

G = "campaigns"
PICK = "campaigns.list"
ID = ident("campaign", pick=PICK)
ARCHIVED_ID = ident("campaign", pick="campaigns.deleted")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All campaigns", "Все кампании"),
           method="GET", path="/campaigns", danger=R),
    Action(group=G, key="get", label=L("Get a campaign", "Получить кампанию"),
           method="GET", path="/campaigns/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a campaign", "Создать кампанию"),
           method="POST", path="/campaigns", danger=W,
           params=(body(required=("name", "alias"),
                        example={"name": "FB US iOS", "alias": "fb-us-ios", "type": "position",
                                 "state": "active", "cost_type": "CPC", "cost_value": 0.05}),)),
    Action(group=G, key="update", label=L("Update a campaign", "Обновить кампанию"),
           method="PUT", path="/campaigns/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"name": "FB US iOS v2", "cost_value": 0.07}))),
    Action(group=G, key="delete", label=L("Archive a campaign", "Удалить (в архив)"),
           method="DELETE", path="/campaigns/{id}", danger=D, snapshot="get", params=(ID,),
           loses=L("The campaign moves to the archive and stops taking traffic; "
                   "its links answer 404 until it is restored.",
                   "Кампания уйдёт в архив и перестанет принимать трафик; "
                   "её ссылки будут отдавать 404, пока её не восстановят.")),
    Action(group=G, key="deleted", label=L("Archived campaigns", "Архив кампаний"),
           method="GET", path="/campaigns/deleted", danger=R),
    Action(group=G, key="restore", label=L("Restore from archive", "Восстановить из архива"),
           method="POST", path="/campaigns/{id}/restore", danger=W, params=(ARCHIVED_ID,)),
    Action(group=G, key="enable", label=L("Enable", "Включить"),
           method="POST", path="/campaigns/{id}/enable", danger=W, params=(ID,)),
    Action(group=G, key="disable", label=L("Disable", "Выключить"),
           method="POST", path="/campaigns/{id}/disable", danger=W, params=(ID,)),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/campaigns/{id}/clone", danger=W, params=(ID,)),
    Action(group=G, key="update_costs", label=L("Update costs", "Обновить расходы"),
           method="POST", path="/campaigns/{id}/update_costs", danger=W, whole_days=True,
           params=(ID, body(required=("start_date", "end_date", "timezone", "cost", "currency"),
                            example={"start_date": "2026-11-01 00:00:00",
                                     "end_date": "2026-11-01 23:59:59",
                                     "timezone": "Europe/Moscow", "cost": "19.22",
                                     "currency": "USD", "only_campaign_uniques": False}))),
)
