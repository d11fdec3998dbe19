"""Группа: groups of campaigns, offers, landings and domains."""

from bot.keitaro.catalog.builders import body, choice, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, Location, Special
from bot.keitaro.catalog.model import ChangeKind as C

G = "groups"
TYPES = ("campaigns", "offers", "landings", "domains")
TYPE = choice("type", TYPES)
ID = ident("group", pick="groups.list")  # picked by kind first

# GroupRequest of the spec; `domains` only on newer trackers (API-NOTES §11.11)
GROUP: tuple[BodyField, ...] = (
    BodyField(name="name", type=FieldType.STR),
    BodyField(name="type", type=FieldType.ENUM, choices=TYPES),
    BodyField(name="position", type=FieldType.INT, minimum=0,
              source="API-NOTES §4.8 (+position per peers), §6.9"),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/groups", danger=Danger.READ, change=C.READ, params=(TYPE,)),
    Action(group=G, key="get",
           method="GET", path="/groups", danger=Danger.READ, change=C.READ,
           special=Special.PICK_BY_ID,
           params=(TYPE, ident("group", location=Location.TEMPLATE, pick="groups.list")),
           note="no single-group route: the list of the type, filtered by id"),
    Action(group=G, key="create",
           method="POST", path="/groups", danger=Danger.WRITE, change=C.CREATE,
           fields=required(GROUP, "name", "type"),
           params=(body(example={"name": "Nutra", "type": "offers"}),)),
    Action(group=G, key="update",
           method="PUT", path="/groups/{id}", danger=Danger.WRITE, change=C.UPDATE, fields=GROUP,
           params=(ID, body(example={"name": "Nutra EU"}))),
    Action(group=G, key="delete",
           method="DELETE", path="/groups/{id}/delete", danger=Danger.DESTRUCTIVE, change=C.DELETE,
           params=(ID,)),
)
