"""Лог: the tracker's system, traffic, postback and SSL logs."""

from bot.keitaro.catalog.builders import choice, number, text
from bot.keitaro.catalog.model import Action, Danger, Location, Special, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "logs"
# Offered are the types this tracker lists (`logs.types`); when it cannot say, the union of
# every type known: the 2022 spec's five and 9.x's enable_ssl (API-NOTES §11.5).
TYPES = ("system", "traffic", "postbacks", "ssl", "sent_postbacks", "enable_ssl")
TYPE = choice("type", TYPES, location=Location.PATH,
              pick="logs.types")

ENTRIES = (
    Action(group=G, key="types",
           method="GET", path="/logs/types", danger=Danger.READ, change=C.READ,
           special=Special.FALLBACK_POST,
           spec=("POST", "/logs/types"),
           note="the 2022 spec says POST; 9.x routes GET. GET first, POST if it is refused"),
    Action(group=G, key="get",
           method="GET", path="/logs/{type}", danger=Danger.READ, change=C.READ, view=View.LOG,
           params=(TYPE,
                   number("limit", 100),
                   number("offset", 0),
                   text("query",
                        "error", required=False, max_length=200))),
    Action(group=G, key="clear",
           method="DELETE", path="/logs/{type}", danger=Danger.DESTRUCTIVE, change=C.CLEAR,
           snapshot="get",
           params=(TYPE,)),
)
