"""Источник: traffic sources."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.model import Action, Danger, L

G = "sources"
ID = ident("source", pick="sources.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All traffic sources", "Все источники"),
           method="GET", path="/traffic_sources", danger=R),
    Action(group=G, key="get", label=L("Get a traffic source", "Получить источник"),
           method="GET", path="/traffic_sources/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a traffic source", "Создать источник"),
           method="POST", path="/traffic_sources", danger=W,
           params=(body(required=("name",),
                        example={"name": "PropellerAds",
                                 "postback_url": "https://ssp.example.com/pb?c={external_id}",
                                 "postback_statuses": ["sale"], "accept_parameters": True}),)),
    Action(group=G, key="update", label=L("Update a traffic source", "Обновить источник"),
           method="PUT", path="/traffic_sources/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"traffic_loss": 5}))),
    Action(group=G, key="delete", label=L("Archive a traffic source", "Удалить (в архив)"),
           method="DELETE", path="/traffic_sources/{id}", danger=D, snapshot="get",
           params=(ID,),
           loses=L("The source is archived; campaigns that use it keep running without it.",
                   "Источник уйдёт в архив; кампании с ним продолжат работу без него.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/traffic_sources/{id}/clone", danger=W, params=(ID,)),
)
