"""Лендинг: landing pages and the files of local ones."""

from bot.keitaro.catalog.builders import FILE_DATA, FILE_PATH, body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "landings"
ID = ident("landing", pick="landings.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# LandingRequest of the spec (API-NOTES §6.4)
LANDING: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, max_length=100),
    BodyField(name="landing_type", type=T.ENUM, choices=("local", "external", "preloaded",
                                                         "action")),
    BodyField(name="action_type", type=T.ENUM,
              choices=("local_file", "http", "curl", "status404", "show_text", "show_html")),
    BodyField(name="action_payload", type=T.ANY),
    BodyField(name="action_options", type=T.OBJECT,
              source="API-NOTES §6.4"),
    BodyField(name="url", type=T.URL, write_only=True),  # §6.4: (req)
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "landings"),)),
    BodyField(name="state", type=T.ENUM, choices=("active", "disabled", "deleted"),
              destructive_values=("deleted",)),
    BodyField(name="notes", type=T.TEXT),
    BodyField(name="archive", type=T.TEXT,
              write_only=True),
)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/landing_pages", danger=R, change=C.READ),
    Action(group=G, key="get",
           method="GET", path="/landing_pages/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create",
           method="POST", path="/landing_pages", danger=W, change=C.CREATE,
           fields=required(LANDING, "name"),
           params=(body(example={"name": "Quiz v1", "landing_type": "external",
                                 "url": "https://lp.example.com/quiz", "state": "active"}),)),
    Action(group=G, key="update",
           method="PUT", path="/landing_pages/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=LANDING, params=(ID, body(example={"name": "Quiz v2"}))),
    Action(group=G, key="delete",
           method="DELETE", path="/landing_pages/{id}", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,)),
    Action(group=G, key="clone",
           method="PUT", path="/landing_pages/{id}/clone", danger=W, change=C.CLONE, params=(ID,),
           note="PUT, as in the spec and 9.x; some clients send POST"),
    Action(group=G, key="download",
           method="GET", path="/landing_pages/{id}/download", danger=R, change=C.READ, params=(ID,),
           view=View.BINARY),
    Action(group=G, key="structure",
           method="GET", path="/landing_pages/{id}/get_structure", danger=R, change=C.READ,
           params=(ID,)),
    Action(group=G, key="get_file",
           method="GET", path="/landing_pages/{id}/get_file", danger=R, change=C.READ,
           params=(ID, FILE_PATH)),
    Action(group=G, key="update_file",
           method="PUT", path="/landing_pages/{id}/update_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH, FILE_DATA)),
    Action(group=G, key="add_file",
           method="POST", path="/landing_pages/{id}/add_file", danger=W, change=C.FILE,
           params=(ID, FILE_PATH)),
    Action(group=G, key="remove_file",
           method="DELETE", path="/landing_pages/{id}/remove_file", danger=D, change=C.FILE,
           snapshot="get_file", params=(ID, FILE_PATH)),
)
