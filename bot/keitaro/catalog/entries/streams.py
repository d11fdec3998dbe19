"""Поток: streams (flows) of a campaign, and the stream dictionaries."""

from bot.keitaro.catalog.builders import body, ident, text
from bot.keitaro.catalog.model import Action, Danger, L

G = "streams"
ID = ident("stream")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("Streams of a campaign", "Потоки кампании"),
           method="GET", path="/campaigns/{id}/streams", danger=R,
           params=(ident("campaign", pick="campaigns.list"),)),
    Action(group=G, key="get", label=L("Get a stream", "Получить поток"),
           method="GET", path="/streams/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a stream", "Создать поток"),
           method="POST", path="/streams", danger=W,
           params=(body(required=("campaign_id", "schema", "type", "name", "action_type"),
                        example={"campaign_id": 1, "type": "regular", "name": "US offers",
                                 "schema": "redirect", "action_type": "http",
                                 "action_payload": "https://example.com/?sub={subid}",
                                 "collect_clicks": True,
                                 "filters": [{"name": "country", "mode": "accept",
                                              "payload": ["US"]}]}),)),
    Action(group=G, key="update", label=L("Update a stream", "Обновить поток"),
           method="PUT", path="/streams/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"name": "US offers v2", "weight": 50}))),
    Action(group=G, key="delete", label=L("Delete a stream", "Удалить поток"),
           method="DELETE", path="/streams/{id}", danger=D, snapshot="get", params=(ID,),
           loses=L("The stream is archived: its traffic goes to the next matching stream.",
                   "Поток уйдёт в архив: его трафик пойдёт в следующий подходящий поток.")),
    Action(group=G, key="enable", label=L("Enable", "Включить"),
           method="POST", path="/streams/{id}/enable", danger=W, params=(ID,)),
    Action(group=G, key="disable", label=L("Disable", "Выключить"),
           method="POST", path="/streams/{id}/disable", danger=W, params=(ID,)),
    Action(group=G, key="restore", label=L("Restore from archive", "Восстановить из архива"),
           method="POST", path="/streams/{id}/restore", danger=W,
           params=(ident("stream", pick="streams.deleted"),)),
    Action(group=G, key="deleted", label=L("Archived streams", "Архив потоков"),
           method="GET", path="/streams/deleted", danger=R),
    Action(group=G, key="search", label=L("Search streams", "Поиск потоков"),
           method="GET", path="/streams/search", danger=R,
           params=(text("query", L("What to search for in streams",
                                    "Что искать в потоках"), "facebook"),)),
    Action(group=G, key="events", label=L("Trigger events", "События триггеров"),
           method="GET", path="/streams/{id}/events", danger=R, params=(ID,),
           note="the spec documents a Stream response; Keitaro returns StreamEvent[]"),
    Action(group=G, key="schemas", label=L("Stream schemas", "Схемы потоков"),
           method="GET", path="/stream_schemas", danger=R),
    Action(group=G, key="types", label=L("Stream types", "Типы потоков"),
           method="GET", path="/stream_types", danger=R),
    Action(group=G, key="actions", label=L("Stream actions", "Действия потоков"),
           method="GET", path="/stream_actions", danger=R,
           spec=("GET", "/streams_actions"),
           note="the 2022 spec spells /streams_actions; Keitaro 9.x routes /stream_actions"),
)
