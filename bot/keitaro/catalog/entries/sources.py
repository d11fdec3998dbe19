"""Источник: traffic sources."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.entries.campaigns import STATUSES
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L
from bot.keitaro.catalog.model import ChangeKind as C

G = "sources"
ID = ident("source", pick="sources.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# SourceRequest of the spec (API-NOTES §6.5)
SOURCE: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, label=L("Name", "Название"), max_length=50),
    BodyField(name="postback_url", type=T.URL, label=L("Postback URL", "URL постбэка")),
    BodyField(name="postback_statuses", type=T.TAGS, choices=STATUSES,
              label=L("Postback statuses", "Статусы постбэка")),
    BodyField(name="template_name", type=T.STR, label=L("Template", "Шаблон")),
    BodyField(name="accept_parameters", type=T.BOOL,
              label=L("Accept parameters", "Принимать параметры")),
    BodyField(name="parameters", type=T.OBJECT, label=L("Parameters", "Параметры")),
    BodyField(name="notes", type=T.TEXT, label=L("Notes", "Заметки")),
    BodyField(name="state", type=T.STR, label=L("State", "Состояние")),
    BodyField(name="traffic_loss", type=T.NUM, label=L("Traffic loss, %", "Потеря трафика, %"),
              minimum=0, maximum=100),
    BodyField(name="update_in_campaigns", type=T.STR,
              label=L("Update in campaigns", "Обновить в кампаниях"), source="API-NOTES §6.5"),
)

ENTRIES = (
    Action(group=G, key="list", label=L("All traffic sources", "Все источники"),
           method="GET", path="/traffic_sources", danger=R, change=C.READ),
    Action(group=G, key="get", label=L("Get a traffic source", "Получить источник"),
           method="GET", path="/traffic_sources/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create", label=L("Create a traffic source", "Создать источник"),
           method="POST", path="/traffic_sources", danger=W, change=C.CREATE,
           fields=required(SOURCE, "name"),
           params=(body(example={"name": "PropellerAds",
                                 "postback_url": "https://ssp.example.com/pb?c={external_id}",
                                 "postback_statuses": ["sale"], "accept_parameters": True}),)),
    Action(group=G, key="update", label=L("Update a traffic source", "Обновить источник"),
           method="PUT", path="/traffic_sources/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=SOURCE, params=(ID, body(example={"traffic_loss": 5}))),
    Action(group=G, key="delete", label=L("Archive a traffic source", "Удалить (в архив)"),
           method="DELETE", path="/traffic_sources/{id}", danger=D, change=C.DELETE, snapshot="get",
           params=(ID,),
           loses=L("The source is archived; campaigns that use it keep running without it.",
                   "Источник уйдёт в архив; кампании с ним продолжат работу без него.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/traffic_sources/{id}/clone", danger=W, change=C.CLONE,
           params=(ID,)),
)
