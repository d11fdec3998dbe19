"""Лог: the tracker's system, traffic, postback and SSL logs."""

from bot.keitaro.catalog.builders import choice, number, text
from bot.keitaro.catalog.model import Action, Danger, L, Location, Special, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "logs"
# Offered are the types this tracker lists (`logs.types`); when it cannot say, the union of
# every type known: the 2022 spec's five and 9.x's enable_ssl (API-NOTES §11.5).
TYPES = ("system", "traffic", "postbacks", "ssl", "sent_postbacks", "enable_ssl")
TYPE = choice("type", TYPES, L("Which log", "Какой лог"), location=Location.PATH,
              pick="logs.types")

ENTRIES = (
    Action(group=G, key="types", label=L("Log types", "Типы логов"),
           method="GET", path="/logs/types", danger=Danger.READ, change=C.READ,
           special=Special.FALLBACK_POST,
           spec=("POST", "/logs/types"),
           note="the 2022 spec says POST; 9.x routes GET. GET first, POST if it is refused"),
    Action(group=G, key="get", label=L("Read a log", "Прочитать лог"),
           method="GET", path="/logs/{type}", danger=Danger.READ, change=C.READ, view=View.LOG,
           params=(TYPE,
                   number("limit", L("How many rows", "Сколько строк"), 100),
                   number("offset", L("Skip how many rows", "Сколько строк пропустить"), 0),
                   text("query", L("Search text (or skip)", "Текст для поиска (или пропустите)"),
                        "error", required=False, max_length=200))),
    Action(group=G, key="clear", label=L("Clear a log", "Очистить лог"),
           method="DELETE", path="/logs/{type}", danger=Danger.DESTRUCTIVE, change=C.CLEAR,
           snapshot="get",
           params=(TYPE,),
           loses=L("Every row of this log is deleted for good.",
                   "Все записи этого лога будут удалены навсегда.")),
)
