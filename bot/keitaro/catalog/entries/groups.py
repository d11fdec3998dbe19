"""Группа: groups of campaigns, offers, landings and domains."""

from bot.keitaro.catalog.builders import body, choice, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L, Location, Special

G = "groups"
TYPES = ("campaigns", "offers", "landings", "domains")
TYPE = choice("type", TYPES, L("Which kind of groups", "Какие группы"))
ID = ident("group", pick="groups.list")  # picked by kind first

# GroupRequest of the spec; `domains` only on newer trackers (API-NOTES §11.11)
GROUP: tuple[BodyField, ...] = (
    BodyField(name="name", type=FieldType.STR, label=L("Name", "Название")),
    BodyField(name="type", type=FieldType.ENUM, choices=TYPES, label=L("Kind", "Тип")),
    BodyField(name="position", type=FieldType.INT, label=L("Position", "Позиция"), minimum=0,
              source="API-NOTES §4.8 (+position per peers), §6.9"),
)

ENTRIES = (
    Action(group=G, key="list", label=L("Groups of a kind", "Группы по типу"),
           method="GET", path="/groups", danger=Danger.READ, params=(TYPE,)),
    Action(group=G, key="get", label=L("Get a group", "Получить группу"),
           method="GET", path="/groups", danger=Danger.READ, special=Special.PICK_BY_ID,
           params=(TYPE, ident("group", location=Location.TEMPLATE, pick="groups.list")),
           note="no single-group route: the list of the type, filtered by id"),
    Action(group=G, key="create", label=L("Create a group", "Создать группу"),
           method="POST", path="/groups", danger=Danger.WRITE,
           fields=required(GROUP, "name", "type"),
           params=(body(example={"name": "Nutra", "type": "offers"}),)),
    Action(group=G, key="update", label=L("Rename a group", "Обновить группу"),
           method="PUT", path="/groups/{id}", danger=Danger.WRITE, fields=GROUP,
           params=(ID, body(example={"name": "Nutra EU"}))),
    Action(group=G, key="delete", label=L("Delete a group", "Удалить группу"),
           method="DELETE", path="/groups/{id}/delete", danger=Danger.DESTRUCTIVE, params=(ID,),
           loses=L("The group is deleted; its members stay, without a group.",
                   "Группа будет удалена; её элементы останутся, но без группы.")),
)
