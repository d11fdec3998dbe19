"""Источник: traffic sources."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.entries.campaigns import STATUSES
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "sources"
ID = ident("source", pick="sources.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# SourceRequest of the spec (API-NOTES §6.5)
SOURCE: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, max_length=50),
    BodyField(name="postback_url", type=T.URL),
    BodyField(name="postback_statuses", type=T.TAGS, choices=STATUSES),
    BodyField(name="template_name", type=T.STR),
    BodyField(name="accept_parameters", type=T.BOOL),
    BodyField(name="parameters", type=T.OBJECT),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="state", type=T.STR),
    BodyField(name="traffic_loss", type=T.NUM,
              minimum=0, maximum=100),
    BodyField(name="update_in_campaigns", type=T.STR,
              source="API-NOTES §6.5"),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/traffic_sources", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/traffic_sources/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/traffic_sources", danger=W, change=C.CREATE,
           fields=required(SOURCE, "name"),
           params=(body(example={"name": "PropellerAds",
                                 "postback_url": "https://ssp.example.com/pb?c={external_id}",
                                 "postback_statuses": ["sale"], "accept_parameters": True}),)),
    Action(group=G, key="update",
           method="PUT", path="/traffic_sources/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=SOURCE, params=(ID, body(example={"traffic_loss": 5}))),
    Action(group=G, key="delete",
           method="DELETE", path="/traffic_sources/{id}", danger=D, change=C.DELETE, snapshot="get",
           params=(ID,)),
    Action(group=G, key="clone",
           method="POST", path="/traffic_sources/{id}/clone", danger=W, change=C.CLONE,
           params=(ID,)),
)
