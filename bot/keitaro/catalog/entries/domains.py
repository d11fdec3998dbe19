"""Домен: parked domains."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required, without
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "domains"
ID = ident("domain", pick="domains.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType
UPDATE_ONLY = "API-NOTES §4.7 #66 and §6.8 (P: real API)"
ALSO_UPDATED = "API-NOTES §4.7 #66 (in the spec's create only; 9.x updates it too)"

# the spec's domain requests with API-NOTES §4.7 and §6.8
DOMAIN: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR),
    BodyField(name="is_ssl", type=T.BOOL,
              source="API-NOTES §4.7 #65/#66, §11.11 (the spec's create requires it without "
                     "defining it; trackers create without it)"),
    BodyField(name="default_campaign_id", type=T.REF, ref="campaigns.list"),
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "domains"),),
              source=UPDATE_ONLY),
    BodyField(name="state", type=T.ENUM, choices=("active", "deleted"),
              destructive_values=("deleted",)),
    BodyField(name="wildcard", type=T.BOOL,
              source=ALSO_UPDATED),
    BodyField(name="catch_not_found", type=T.BOOL),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="ssl_redirect", type=T.BOOL,
              source=ALSO_UPDATED),
    BodyField(name="allow_indexing", type=T.BOOL,
              source=ALSO_UPDATED),
)
# a new domain: no group or state yet; is_ssl is optional (API-NOTES §4.7 #65, §11.11)
DOMAIN_CREATE = required(without(DOMAIN, "group_id", "state"), "name")

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/domains", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/domains/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/domains", danger=W, change=C.CREATE, fields=DOMAIN_CREATE,
           params=(body(example={"name": "go.example.com", "default_campaign_id": 1,
                                 "ssl_redirect": True, "allow_indexing": False}),)),
    Action(group=G, key="update",
           method="PUT", path="/domains/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=DOMAIN,
           params=(ID, body(example={"default_campaign_id": 2, "catch_not_found": True}))),
    Action(group=G, key="delete",
           method="DELETE", path="/domains/{id}", danger=D, change=C.ARCHIVE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="check",
           method="POST", path="/domains/{id}/check", danger=W, change=C.SENT, params=(ID,)),
    Action(group=G, key="restore",
           method="POST", path="/domains/{id}/restore", danger=W, change=C.RESTORE,
           params=(ident("domain", pick="domains.deleted"),)),
    Action(group=G, key="deleted",
           method="GET", path="/domains/deleted", danger=R, change=C.READ),
)
