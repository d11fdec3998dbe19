"""Поток: streams (flows) of a campaign, and the stream dictionaries."""

from bot.keitaro.catalog.builders import body, ident, text
from bot.keitaro.catalog.fields import BodyField, FieldType, only, required
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "streams"
ID = ident("stream", pick="streams.list")  # picked by campaign first
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType
# Items read back from a stream carry these too; a PUT takes the array as it was read
READ_BACK = "API-NOTES §6.2 (in the stream's answer; an array read is sent back as it was)"
STREAM_ID = BodyField(name="stream_id", type=T.INT, minimum=1,
                      source=READ_BACK)
SHARE = BodyField(name="share", type=T.INT, required=True,
                  minimum=0, maximum=100)
ITEM_STATE = BodyField(name="state", type=T.ENUM, choices=("active", "disabled"))
CREATED = BodyField(name="created_at", type=T.STR, source=READ_BACK)
UPDATED = BodyField(name="updated_at", type=T.STR, source=READ_BACK)

# one filter of a stream: request {id?, name*, mode*, payload} (spec, API-NOTES §6.2)
FILTER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, minimum=1),
    STREAM_ID,
    BodyField(name="name", type=T.ENUM, ref="filters.types",
              required=True),
    BodyField(name="mode", type=T.ENUM, choices=("accept", "reject"),
              required=True),
    BodyField(name="payload", type=T.ANY),
    BodyField(name="oid", type=T.INT, source=READ_BACK),
)

# one trigger of a stream (spec StreamRequest.triggers; API-NOTES §6.2)
TRIGGER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, minimum=1),
    STREAM_ID,  # the spec requires it, but a new stream has no id yet
    BodyField(name="condition", type=T.ENUM, required=True,
              choices=("not_respond", "always", "not_contains", "av_detected")),
    BodyField(name="target", type=T.ENUM, required=True,
              choices=("stream", "landings", "offers", "selected_page")),
    BodyField(name="selected_page", type=T.STR),
    BodyField(name="pattern", type=T.STR),
    BodyField(name="action", type=T.ENUM, required=True,
              choices=("disable", "replace_url", "grab_from_page")),
    BodyField(name="interval", type=T.INT, minimum=0),
    BodyField(name="alternative_urls", type=T.TEXT),
    BodyField(name="grab_from_page", type=T.STR),
    BodyField(name="av_settings", type=T.STR),
    BodyField(name="reverse", type=T.BOOL),
    BodyField(name="scan_page", type=T.BOOL),
    BodyField(name="oid", type=T.INT, source=READ_BACK),
    BodyField(name="next_run_at", type=T.ANY,
              source=READ_BACK),
    BodyField(name="enabled", type=T.BOOL, source=READ_BACK),
)

STREAM_LANDING: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, minimum=1,
              source=READ_BACK),
    STREAM_ID,
    BodyField(name="landing_id", type=T.REF, ref="landings.list", required=True),
    SHARE, ITEM_STATE, CREATED, UPDATED,
)

STREAM_OFFER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, minimum=1,
              source=READ_BACK),
    STREAM_ID,
    BodyField(name="offer_id", type=T.REF, ref="offers.list", required=True),
    SHARE, ITEM_STATE, CREATED, UPDATED,
)

# known stream actions (API-NOTES §6.2, P's enum); the tracker lists its own in stream_actions
ACTION_TYPES = ("http", "local_file", "curl", "status404", "show_text", "show_html", "campaign",
                "do_nothing", "meta", "double_meta", "js", "blank_referrer", "formsubmit",
                "iframe", "remote", "frame")

# StreamRequest of the spec (API-NOTES §6.2)
STREAM: tuple[BodyField, ...] = (
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list"),
    BodyField(name="type", type=T.ENUM, choices=("forced", "regular", "default")),
    BodyField(name="name", type=T.STR),
    BodyField(name="position", type=T.INT, minimum=0),
    BodyField(name="weight", type=T.NUM, minimum=0),
    BodyField(name="action_options", type=T.OBJECT),
    BodyField(name="comments", type=T.TEXT),
    BodyField(name="state", type=T.ENUM, choices=("active", "disabled", "deleted"),
              destructive_values=("deleted",)),
    BodyField(name="action_type", type=T.ENUM, choices=ACTION_TYPES, ref="streams.actions"),
    BodyField(name="action_payload", type=T.ANY,
              source="API-NOTES §6.2 (URL, text, campaign id…); in the spec's PUT only as "
                     "the landing's and offer's"),
    BodyField(name="schema", type=T.ENUM, choices=("landings", "redirect", "action")),
    BodyField(name="collect_clicks", type=T.BOOL),
    BodyField(name="filter_or", type=T.BOOL),
    BodyField(name="filters", type=T.ITEMS, items=FILTER, item_key="name"),
    BodyField(name="triggers", type=T.ITEMS, items=TRIGGER, item_key="condition"),
    BodyField(name="landings", type=T.ITEMS, items=STREAM_LANDING, item_key="landing_id"),
    BodyField(name="offers", type=T.ITEMS, items=STREAM_OFFER, item_key="offer_id"),
)
FILTER_EDIT = only(FILTER, "name", "mode", "payload")  # what a filter edit of the bot takes

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/campaigns/{id}/streams", danger=R, change=C.READ,
           params=(ident("campaign", pick="campaigns.list"),)),
    Action(group=G, key="get",
           method="GET", path="/streams/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/streams", danger=W, change=C.CREATE,
           fields=required(STREAM, "campaign_id", "schema", "type", "name", "action_type"),
           params=(body(example={"campaign_id": 1, "type": "regular", "name": "US offers",
                                 "schema": "redirect", "action_type": "http",
                                 "action_payload": "https://example.com/?sub={subid}",
                                 "collect_clicks": True,
                                 "filters": [{"name": "country", "mode": "accept",
                                              "payload": ["US"]}]}),)),
    Action(group=G, key="update",
           method="PUT", path="/streams/{id}", danger=W, change=C.UPDATE,
           snapshot="get", fields=STREAM,
           params=(ID, body(example={"name": "US offers v2", "weight": 50}))),
    Action(group=G, key="delete",
           method="DELETE", path="/streams/{id}", danger=D, change=C.ARCHIVE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="enable",
           method="POST", path="/streams/{id}/enable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="disable",
           method="POST", path="/streams/{id}/disable", danger=W, change=C.STATE, params=(ID,)),
    Action(group=G, key="restore",
           method="POST", path="/streams/{id}/restore", danger=W, change=C.RESTORE,
           params=(ident("stream", pick="streams.deleted"),)),
    Action(group=G, key="deleted",
           method="GET", path="/streams/deleted", danger=R, change=C.READ),
    Action(group=G, key="search",
           method="GET", path="/streams/search", danger=R, change=C.READ,
           params=(text("query", "facebook"),)),
    Action(group=G, key="events",
           method="GET", path="/streams/{id}/events", danger=R, change=C.READ, params=(ID,),
           note="the spec documents a Stream response; Keitaro returns StreamEvent[]"),
    Action(group=G, key="schemas",
           method="GET", path="/stream_schemas", danger=R, change=C.READ),
    Action(group=G, key="types",
           method="GET", path="/stream_types", danger=R, change=C.READ),
    Action(group=G, key="actions",
           method="GET", path="/stream_actions", danger=R, change=C.READ,
           spec=("GET", "/streams_actions"),
           note="the 2022 spec spells /streams_actions; Keitaro 9.x routes /stream_actions"),
)
