"""Бот: the tracker's additional list of bot IP addresses."""

from bot.keitaro.catalog.builders import ips
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.model import Action, Danger
from bot.keitaro.catalog.model import ChangeKind as C

G = "bots"
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
# BotListRequest of the spec: IPs and ranges, one a line
VALUE = (BodyField(name="value", type=FieldType.TEXT, required=True),)

ENTRIES = (
    Action(group=G, key="list",
           method="GET", path="/botlist", danger=R, change=C.READ),
    Action(group=G, key="add",
           method="POST", path="/botlist/add", danger=W, change=C.ARRAY,
           params=(ips(),), fields=VALUE),
    Action(group=G, key="exclude",
           method="POST", path="/botlist/exclude", danger=W, change=C.ARRAY,
           params=(ips(),), fields=VALUE),
    Action(group=G, key="replace",
           method="PUT", path="/botlist", danger=Danger.DESTRUCTIVE, change=C.ARRAY,
           snapshot="list",
           params=(ips(),), fields=VALUE),
    Action(group=G, key="clear",
           method="DELETE", path="/botlist", danger=D, change=C.ARRAY, snapshot="list"),
)
