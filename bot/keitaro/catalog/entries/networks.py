"""Партнёрская сеть: affiliate networks (a group beyond the 17 the team knows)."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.model import Action, Danger, L

G = "networks"
ID = ident("network", pick="networks.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All affiliate networks", "Все партнёрские сети"),
           method="GET", path="/affiliate_networks", danger=R),
    Action(group=G, key="get", label=L("Get a network", "Получить сеть"),
           method="GET", path="/affiliate_networks/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a network", "Создать сеть"),
           method="POST", path="/affiliate_networks", danger=W,
           params=(body(required=("name",),
                        example={"name": "AdCombo",
                                 "postback_url": "https://tracker/pb?subid={subid}",
                                 "offer_param": "sub1={subid}"}),)),
    Action(group=G, key="update", label=L("Update a network", "Обновить сеть"),
           method="PUT", path="/affiliate_networks/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"offer_param": "sub1={subid}&sub2={campaign_name}"}))),
    Action(group=G, key="delete", label=L("Archive a network", "Удалить (в архив)"),
           method="DELETE", path="/affiliate_networks/{id}", danger=D, snapshot="get",
           params=(ID,),
           loses=L("The network is archived; its offers keep running but lose its settings.",
                   "Сеть уйдёт в архив; её офферы продолжат работу, но без её настроек.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/affiliate_networks/{id}/clone", danger=W, params=(ID,)),
)
