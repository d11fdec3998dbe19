"""Партнёрская сеть: affiliate networks (a group beyond the 17 the team knows)."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "networks"
ID = ident("network", pick="networks.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# AffiliateNetworkRequest of the spec (API-NOTES §6.7)
NETWORK: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR),
    BodyField(name="postback_url", type=T.URL),
    BodyField(name="offer_param", type=T.STR),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="template_name", type=T.STR,
              source="API-NOTES §6.7"),
    BodyField(name="state", type=T.ENUM, choices=("active", "deleted"),
              destructive_values=("deleted",),
              source="API-NOTES §6.7"),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/affiliate_networks", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/affiliate_networks/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/affiliate_networks", danger=W, change=C.CREATE,
           fields=required(NETWORK, "name"),
           params=(body(example={"name": "AdCombo",
                                 "postback_url": "https://tracker/pb?subid={subid}",
                                 "offer_param": "sub1={subid}"}),)),
    Action(group=G, key="update",
           method="PUT", path="/affiliate_networks/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=NETWORK,
           params=(ID, body(example={"offer_param": "sub1={subid}&sub2={campaign_name}"}))),
    Action(group=G, key="delete",
           method="DELETE", path="/affiliate_networks/{id}", danger=D, change=C.DELETE,
           snapshot="get",
           params=(ID,)),
    Action(group=G, key="clone",
           method="POST", path="/affiliate_networks/{id}/clone", danger=W, change=C.CLONE,
           params=(ID,)),
)
