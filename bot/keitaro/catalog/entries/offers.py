"""Оффер: offers and the files of local ones."""

from bot.keitaro.catalog.builders import FILE_DATA, FILE_PATH, body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "offers"
ID = ident("offer", pick="offers.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# how an offer sends a visitor on (API-NOTES §6.2's redirect actions; `http` with its URL in
# `action_payload` is an external offer's usual one, `local_file` a local offer's); offered as
# choices, others the tracker knows are taken too
OFFER_ACTIONS = ("http", "meta", "double_meta", "js", "blank_referrer", "formsubmit", "iframe",
                 "curl", "remote", "local_file")

# OfferRequest of the spec (API-NOTES §6.3)
OFFER: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, max_length=100),
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "offers"),)),
    BodyField(name="offer_type", type=T.ENUM, choices=("local", "external", "preloaded",
                                                       "action")),
    BodyField(name="action_type", type=T.STR, choices=OFFER_ACTIONS),
    BodyField(name="action_payload", type=T.ANY),
    BodyField(name="action_options", type=T.OBJECT,
              source="API-NOTES §6.3"),
    BodyField(name="affiliate_network_id", type=T.REF, ref="networks.list"),
    BodyField(name="payout_value", type=T.NUM, minimum=0),
    BodyField(name="payout_currency", type=T.STR),
    BodyField(name="payout_type", type=T.ENUM, choices=("CPA", "CPC")),
    BodyField(name="payout_auto", type=T.BOOL),
    BodyField(name="payout_upsell", type=T.BOOL),
    BodyField(name="state", type=T.ENUM, choices=("active", "deleted"),
              destructive_values=("deleted",)),
    BodyField(name="country", type=T.TAGS),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="archive", type=T.TEXT,
              write_only=True),
    BodyField(name="conversion_cap_enabled", type=T.BOOL),
    BodyField(name="daily_cap", type=T.NUM, minimum=0),
    BodyField(name="conversion_timezone", type=T.STR),
    BodyField(name="alternative_offer_id", type=T.REF, ref="offers.list"),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/offers", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/offers/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/offers", danger=W, change=C.CREATE,
           fields=required(OFFER, "name"),
           params=(body(example={"name": "Nutra US", "offer_type": "external",
                                 "action_type": "http",
                                 "action_payload": "https://aff.example.com/?s={subid}",
                                 "payout_value": 25, "payout_currency": "USD",
                                 "payout_type": "CPA", "country": ["US"]}),)),
    Action(group=G, key="update",
           method="PUT", path="/offers/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=OFFER, params=(ID, body(example={"payout_value": 30}))),
    Action(group=G, key="archive",
           method="DELETE", path="/offers/{id}/archive", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="clone",
           method="POST", path="/offers/{id}/clone", danger=W, change=C.CLONE, params=(ID,)),
    Action(group=G, key="download",
           method="GET", path="/offers/{id}/download", danger=R, change=C.READ, params=(ID,),
           view=View.BINARY),
    Action(group=G, key="structure",
           method="GET", path="/offers/{id}/get_structure", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="get_file",
           method="GET", path="/offers/{id}/get_file", danger=R, change=C.READ,
           params=(ID, FILE_PATH)),
    Action(group=G, key="update_file",
           method="PUT", path="/offers/{id}/update_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH, FILE_DATA)),
    Action(group=G, key="add_file",
           method="POST", path="/offers/{id}/add_file", danger=W, change=C.FILE,
           params=(ID, FILE_PATH)),
    Action(group=G, key="remove_file",
           method="DELETE", path="/offers/{id}/remove_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH)),
)
