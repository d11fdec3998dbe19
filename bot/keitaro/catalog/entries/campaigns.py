"""Кампания: campaigns."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger
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
    BodyField(name="id", type=T.INT, minimum=1),
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list"),
    BodyField(name="url", type=T.URL, required=True),
    BodyField(name="method", type=T.ENUM, choices=("GET", "POST"),
              required=True),
    BodyField(name="statuses", type=T.TAGS, choices=STATUSES),
)

# CampaignRequest of the spec, with the real types of API-NOTES §6.1
CAMPAIGN: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, max_length=120),
    BodyField(name="alias", type=T.STR,
              max_length=120),
    BodyField(name="type", type=T.ENUM, choices=("position", "weight")),
    BodyField(name="state", type=T.ENUM, choices=STATES, destructive_values=("deleted",)),
    BodyField(name="cookies_ttl", type=T.INT,
              minimum=0),
    BodyField(name="position", type=T.INT, minimum=0,
              source="API-NOTES §6.1 (position: order in the UI)"),
    BodyField(name="cost_type", type=T.ENUM, choices=COST_TYPES),
    BodyField(name="cost_value", type=T.NUM, minimum=0),
    BodyField(name="cost_currency", type=T.STR),
    BodyField(name="cost_auto", type=T.BOOL),
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "campaigns"),)),
    BodyField(name="bind_visitors", type=T.ENUM, choices=("s", "sl", "slo")),
    BodyField(name="traffic_source_id", type=T.REF, ref="sources.list"),
    BodyField(name="domain_id", type=T.REF, ref="domains.list",
              source="API-NOTES §12.6 (returned on GET: readable, not write-only)"),
    BodyField(name="parameters", type=T.OBJECT),
    BodyField(name="token", type=T.STR,
              secret=True),
    BodyField(name="postbacks", type=T.ITEMS, items=S2S_POSTBACK, item_key="url"),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="uniqueness_method", type=T.ENUM, choices=UNIQUENESS,
              source="API-NOTES §6.1 (P: real API)"),
    BodyField(name="uniqueness_use_cookies", type=T.BOOL,
              source="API-NOTES §6.1 (P: real API)"),
    BodyField(name="traffic_loss", type=T.NUM,
              minimum=0, maximum=100, source="API-NOTES §6.1 (P: real API)"),
)

# offered as buttons in a cost update's form (any other the tracker knows is typed)
ZONES = ("UTC", "Europe/Moscow", "Europe/Berlin", "Europe/London", "America/New_York",
         "Asia/Singapore")
CURRENCIES = ("USD", "EUR", "RUB", "GBP")

# the cost filters of a cost update: the click's parameters (spec CostUpdateRequest.filters)
COST_UPDATE: tuple[BodyField, ...] = (
    BodyField(name="start_date", type=T.DATE, required=True),
    BodyField(name="end_date", type=T.DATE, required=True),
    BodyField(name="timezone", type=T.STR, required=True, choices=ZONES),
    BodyField(name="cost", type=T.NUM, required=True, minimum=0),
    BodyField(name="currency", type=T.STR, required=True, choices=CURRENCIES),
    BodyField(name="only_campaign_uniques", type=T.BOOL),
    BodyField(name="filters", type=T.OBJECT),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/campaigns", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/campaigns/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/campaigns", danger=W, change=C.CREATE,
           fields=required(CAMPAIGN, "name", "alias"),
           params=(body(example={"name": "FB US iOS", "alias": "fb-us-ios", "type": "position",
                                 "state": "active", "cost_type": "CPC", "cost_value": 0.05}),)),
    Action(group=G, key="update",
           method="PUT", path="/campaigns/{id}", danger=W, change=C.UPDATE,
           snapshot="get", fields=CAMPAIGN,
           params=(ID, body(example={"name": "FB US iOS v2", "cost_value": 0.07}))),
    Action(group=G, key="delete",
           method="DELETE", path="/campaigns/{id}", danger=D, change=C.ARCHIVE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="deleted",
           method="GET", path="/campaigns/deleted", danger=R, change=C.READ),
    Action(group=G, key="restore",
           method="POST", path="/campaigns/{id}/restore", danger=W, change=C.RESTORE,
           params=(ARCHIVED_ID,)),
    Action(group=G, key="enable",
           method="POST", path="/campaigns/{id}/enable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="disable",
           method="POST", path="/campaigns/{id}/disable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="clone",
           method="POST", path="/campaigns/{id}/clone", danger=W, change=C.CLONE, params=(ID,)),
    Action(group=G, key="update_costs",
           method="POST", path="/campaigns/{id}/update_costs", danger=W, change=C.COSTS,
           whole_days=True,
           fields=COST_UPDATE,
           params=(ID, body(example={"start_date": "2026-11-01 00:00:00",
                                     "end_date": "2026-11-01 23:59:59",
                                     "timezone": "Europe/Moscow", "cost": "19.22",
                                     "currency": "USD", "only_campaign_uniques": False}))),
)
