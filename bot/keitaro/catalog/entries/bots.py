"""Бот: the tracker's additional list of bot IP addresses."""

from bot.keitaro.catalog.builders import ips
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.model import Action, Danger, L
from bot.keitaro.catalog.model import ChangeKind as C

G = "bots"
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
# BotListRequest of the spec: IPs and ranges, one a line
VALUE = (BodyField(name="value", type=FieldType.TEXT, required=True,
                   label=L("IP addresses", "IP-адреса")),)

ENTRIES = (
    Action(group=G, key="list", label=L("Show the IP list", "Показать список IP"),
           method="GET", path="/botlist", danger=R, change=C.READ),
    Action(group=G, key="add", label=L("Add IPs", "Добавить IP"),
           method="POST", path="/botlist/add", danger=W, change=C.ARRAY,
           params=(ips(),), fields=VALUE),
    Action(group=G, key="exclude", label=L("Remove IPs", "Убрать IP"),
           method="POST", path="/botlist/exclude", danger=W, change=C.ARRAY,
           params=(ips(),), fields=VALUE),
    Action(group=G, key="replace", label=L("Replace the whole list", "Заменить весь список"),
           method="PUT", path="/botlist", danger=Danger.DESTRUCTIVE, change=C.ARRAY,
           snapshot="list",
           params=(ips(),), fields=VALUE,
           loses=L("Every IP now on the list that is not in the new one is removed.",
                   "Все IP из текущего списка, которых нет в новом, будут удалены.")),
    Action(group=G, key="clear", label=L("Clear the list", "Очистить список"),
           method="DELETE", path="/botlist", danger=D, change=C.ARRAY, snapshot="list",
           loses=L("Every IP on the bot list is removed.",
                   "Все IP будут удалены из списка ботов.")),
)
