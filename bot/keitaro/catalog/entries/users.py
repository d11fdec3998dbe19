"""Пользователь: the tracker's users and their access rights."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "users"
ID = ident("user", pick="users.list")
R, D = Danger.READ, Danger.DESTRUCTIVE  # creating or changing users is an admin's (§11.8)
T = FieldType
ACCESS_TYPES = ("full_access", "read_only", "to_groups_and_selected",
                "created_by_user_groups_and_selected")
SELECTED = "API-NOTES §4.9 #81, §6.10 (P: *_selected_entities)"

PREFERENCES: tuple[BodyField, ...] = (
    BodyField(name="language", type=T.ENUM, choices=("ru", "en")),
    BodyField(name="timezone", type=T.STR),
)

# UserRequest of the spec (API-NOTES §6.10); the password is never returned
USER: tuple[BodyField, ...] = (
    BodyField(name="login", type=T.STR, max_length=50, admin=True),
    BodyField(name="new_password", type=T.STR,
              write_only=True, secret=True, admin=True),
    BodyField(name="new_password_confirmation", type=T.STR,
              write_only=True, secret=True,
              admin=True),
    BodyField(name="type", type=T.ENUM, choices=("USER", "ADMIN"),
              admin=True),
    BodyField(name="preferences", type=T.OBJECT, items=PREFERENCES),
)

ACCESS_DATA: tuple[BodyField, ...] = (
    *(BodyField(name=f"{key}_access_type", type=T.ENUM, choices=ACCESS_TYPES)
      for key in ("campaigns", "offers", "landings", "traffic_sources", "streams",
                  "affiliate_networks", "domains")),
    BodyField(name="resources", type=T.TAGS),
    BodyField(name="reports", type=T.TAGS),
    BodyField(name="allowed_resources", type=T.TAGS,
              source="API-NOTES §6.10"),
    *(BodyField(name=f"{key}_selected_entities", type=T.IDS, ref=f"{group}.list",
                source=SELECTED)
      for key, group in (("campaigns", "campaigns"), ("landings", "landings"),
                         ("offers", "offers"), ("affiliate_networks", "networks"))),
)
ACCESS: tuple[BodyField, ...] = (
    BodyField(name="access_data", type=T.OBJECT, items=ACCESS_DATA, required=True, admin=True),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/users", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/users/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/users", danger=D, change=C.CREATE,
           fields=required(USER, "login", "type", "new_password", "new_password_confirmation"),
           params=(body(example={"login": "buyer1", "type": "USER",
                                 "new_password": "S3cret-pass",
                                 "new_password_confirmation": "S3cret-pass",
                                 "preferences": {"language": "en", "timezone": "UTC"}}),)),
    Action(group=G, key="update",
           method="PUT", path="/users/{id}", danger=D, change=C.UPDATE, snapshot="get", fields=USER,
           params=(ID, body(example={"preferences": {"timezone": "Europe/Moscow"}}))),
    Action(group=G, key="delete",
           method="DELETE", path="/users/{id}", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="access",
           method="PUT", path="/users/{id}/access", danger=D, change=C.UPDATE,
           snapshot="get", fields=ACCESS,
           params=(ID, body(example={"access_data": {"campaigns_access_type": "read_only",
                                                     "offers_access_type": "full_access"}}))),
)
