"""Кампания: campaigns."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L
from bot.keitaro.catalog.model import ChangeKind as C

G = "campaigns"
PICK = "campaigns.list"
ID = ident("campaign", pick=PICK)
ARCHIVED_ID = ident("campaign", pick="campaigns.deleted")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

STATES = ("active", "disabled", "deleted")
STATUSES = ("lead", "sale", "rejected", "rebill")
# the values the 9.x models hold beyond the 2022 spec's request enums (API-NOTES §12.6)
COST_TYPES = ("CPC", "CPUC", "CPM", "CPA", "CPS", "RevShare")
UNIQUENESS = ("ip", "ip_ua", "cookie", "cookie_and_ip")

# one S2S postback of a campaign (API-NOTES §6.11; D's validator requires url, campaign_id and
# method: the bot fills campaign_id itself)
S2S_POSTBACK: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, label=L("Postback id", "ID постбэка"), minimum=1),
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list",
              label=L("Campaign", "Кампания")),
    BodyField(name="url", type=T.URL, label=L("URL", "URL"), required=True),
    BodyField(name="method", type=T.ENUM, choices=("GET", "POST"),
              label=L("Method", "Метод"), required=True),
    BodyField(name="statuses", type=T.TAGS, choices=STATUSES,
              label=L("Statuses", "Статусы")),
)

# CampaignRequest of the spec, with the real types of API-NOTES §6.1
CAMPAIGN: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, label=L("Name", "Название"), max_length=120),
    BodyField(name="alias", type=T.STR, label=L("Alias (URL)", "Алиас (URL)"),
              max_length=120),
    BodyField(name="type", type=T.ENUM, choices=("position", "weight"),
              label=L("Stream rotation", "Ротация потоков")),
    BodyField(name="state", type=T.ENUM, choices=STATES, destructive_values=("deleted",),
              label=L("State", "Состояние")),
    BodyField(name="cookies_ttl", type=T.INT, label=L("Uniqueness, hours", "Уникальность, ч"),
              minimum=0),
    BodyField(name="position", type=T.INT, label=L("Position", "Позиция"), minimum=0,
              source="API-NOTES §6.1 (position: order in the UI)"),
    BodyField(name="cost_type", type=T.ENUM, choices=COST_TYPES,
              label=L("Cost model", "Модель расхода")),
    BodyField(name="cost_value", type=T.NUM, label=L("Cost", "Расход"), minimum=0),
    BodyField(name="cost_currency", type=T.STR, label=L("Cost currency", "Валюта расхода")),
    BodyField(name="cost_auto", type=T.BOOL, label=L("Automatic cost", "Авторасход")),
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "campaigns"),),
              label=L("Group", "Группа")),
    BodyField(name="bind_visitors", type=T.ENUM, choices=("s", "sl", "slo"),
              label=L("Bind visitors", "Привязка посетителей")),
    BodyField(name="traffic_source_id", type=T.REF, ref="sources.list",
              label=L("Traffic source", "Источник трафика")),
    BodyField(name="domain_id", type=T.REF, ref="domains.list", label=L("Domain", "Домен"),
              source="API-NOTES §12.6 (returned on GET: readable, not write-only)"),
    BodyField(name="parameters", type=T.OBJECT, label=L("Parameters", "Параметры")),
    BodyField(name="token", type=T.STR, label=L("Click API token", "Токен Click API"),
              secret=True),
    BodyField(name="postbacks", type=T.ITEMS, items=S2S_POSTBACK, item_key="url",
              label=L("S2S postbacks", "S2S-постбэки")),
    BodyField(name="notes", type=T.TEXT, label=L("Notes", "Заметки")),
    BodyField(name="uniqueness_method", type=T.ENUM, choices=UNIQUENESS,
              label=L("Uniqueness by", "Уникальность по"),
              source="API-NOTES §6.1 (P: real API)"),
    BodyField(name="uniqueness_use_cookies", type=T.BOOL,
              label=L("Uniqueness by cookies", "Уникальность по cookies"),
              source="API-NOTES §6.1 (P: real API)"),
    BodyField(name="traffic_loss", type=T.NUM, label=L("Traffic loss, %", "Потеря трафика, %"),
              minimum=0, maximum=100, source="API-NOTES §6.1 (P: real API)"),
)

# the cost filters of a cost update: the click's parameters (spec CostUpdateRequest.filters)
COST_UPDATE: tuple[BodyField, ...] = (
    BodyField(name="start_date", type=T.STR, label=L("From", "С"), required=True),
    BodyField(name="end_date", type=T.STR, label=L("To", "По"), required=True),
    BodyField(name="timezone", type=T.STR, label=L("Time zone", "Часовой пояс"), required=True),
    BodyField(name="cost", type=T.NUM, label=L("Cost", "Расход"), required=True, minimum=0),
    BodyField(name="currency", type=T.STR, label=L("Currency", "Валюта"), required=True),
    BodyField(name="only_campaign_uniques", type=T.BOOL,
              label=L("Unique clicks only", "Только уникальные")),
    BodyField(name="filters", type=T.OBJECT, label=L("Filters", "Фильтры")),
)

ENTRIES = (
    Action(group=G, key="list", label=L("All campaigns", "Все кампании"),
           method="GET", path="/campaigns", danger=R, change=C.READ),
    Action(group=G, key="get", label=L("Get a campaign", "Получить кампанию"),
           method="GET", path="/campaigns/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create", label=L("Create a campaign", "Создать кампанию"),
           method="POST", path="/campaigns", danger=W, change=C.CREATE,
           fields=required(CAMPAIGN, "name", "alias"),
           params=(body(example={"name": "FB US iOS", "alias": "fb-us-ios", "type": "position",
                                 "state": "active", "cost_type": "CPC", "cost_value": 0.05}),)),
    Action(group=G, key="update", label=L("Update a campaign", "Обновить кампанию"),
           method="PUT", path="/campaigns/{id}", danger=W, change=C.UPDATE,
           snapshot="get", fields=CAMPAIGN,
           params=(ID, body(example={"name": "FB US iOS v2", "cost_value": 0.07}))),
    Action(group=G, key="delete", label=L("Archive a campaign", "Удалить (в архив)"),
           method="DELETE", path="/campaigns/{id}", danger=D, change=C.ARCHIVE,
           snapshot="get", params=(ID,),
           loses=L("The campaign moves to the archive and stops taking traffic; "
                   "its links answer 404 until it is restored.",
                   "Кампания уйдёт в архив и перестанет принимать трафик; "
                   "её ссылки будут отдавать 404, пока её не восстановят.")),
    Action(group=G, key="deleted", label=L("Archived campaigns", "Архив кампаний"),
           method="GET", path="/campaigns/deleted", danger=R, change=C.READ),
    Action(group=G, key="restore", label=L("Restore from archive", "Восстановить из архива"),
           method="POST", path="/campaigns/{id}/restore", danger=W, change=C.RESTORE,
           params=(ARCHIVED_ID,)),
    Action(group=G, key="enable", label=L("Enable", "Включить"),
           method="POST", path="/campaigns/{id}/enable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="disable", label=L("Disable", "Выключить"),
           method="POST", path="/campaigns/{id}/disable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/campaigns/{id}/clone", danger=W, change=C.CLONE, params=(ID,)),
    Action(group=G, key="update_costs", label=L("Update costs", "Обновить расходы"),
           method="POST", path="/campaigns/{id}/update_costs", danger=W, change=C.COSTS,
           whole_days=True,
           fields=COST_UPDATE,
           params=(ID, body(example={"start_date": "2026-11-01 00:00:00",
                                     "end_date": "2026-11-01 23:59:59",
                                     "timezone": "Europe/Moscow", "cost": "19.22",
                                     "currency": "USD", "only_campaign_uniques": False}))),
)
