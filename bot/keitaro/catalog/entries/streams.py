"""Поток: streams (flows) of a campaign, and the stream dictionaries."""

from bot.keitaro.catalog.builders import body, ident, text
from bot.keitaro.catalog.fields import BodyField, FieldType, only, required
from bot.keitaro.catalog.model import Action, Danger, L

G = "streams"
ID = ident("stream", pick="streams.list")  # picked by campaign first
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType
# Items read back from a stream carry these too; a PUT takes the array as it was read
READ_BACK = "API-NOTES §6.2 (in the stream's answer; an array read is sent back as it was)"
STREAM_ID = BodyField(name="stream_id", type=T.INT, label=L("Stream", "Поток"), minimum=1,
                      source=READ_BACK)
SHARE = BodyField(name="share", type=T.INT, label=L("Share, %", "Доля, %"), required=True,
                  minimum=0, maximum=100)
ITEM_STATE = BodyField(name="state", type=T.ENUM, choices=("active", "disabled"),
                       label=L("State", "Состояние"))
CREATED = BodyField(name="created_at", type=T.STR, label=L("Created", "Создан"), source=READ_BACK)
UPDATED = BodyField(name="updated_at", type=T.STR, label=L("Updated", "Изменён"), source=READ_BACK)

# one filter of a stream: request {id?, name*, mode*, payload} (spec, API-NOTES §6.2)
FILTER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, label=L("Filter id", "ID фильтра"), minimum=1),
    STREAM_ID,
    BodyField(name="name", type=T.ENUM, ref="filters.types", label=L("Filter", "Фильтр"),
              required=True),
    BodyField(name="mode", type=T.ENUM, choices=("accept", "reject"), label=L("Mode", "Режим"),
              required=True),
    BodyField(name="payload", type=T.ANY, label=L("Value", "Значение")),
    BodyField(name="oid", type=T.INT, label=L("Order", "Порядок"), source=READ_BACK),
)

# one trigger of a stream (spec StreamRequest.triggers; API-NOTES §6.2)
TRIGGER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, label=L("Trigger id", "ID триггера"), minimum=1),
    STREAM_ID,  # the spec requires it, but a new stream has no id yet
    BodyField(name="condition", type=T.ENUM, required=True, label=L("Condition", "Условие"),
              choices=("not_respond", "always", "not_contains", "av_detected")),
    BodyField(name="target", type=T.ENUM, required=True, label=L("Target", "Цель"),
              choices=("stream", "landings", "offers", "selected_page")),
    BodyField(name="selected_page", type=T.STR, label=L("Page", "Страница")),
    BodyField(name="pattern", type=T.STR, label=L("Pattern", "Шаблон")),
    BodyField(name="action", type=T.ENUM, required=True, label=L("Action", "Действие"),
              choices=("disable", "replace_url", "grab_from_page")),
    BodyField(name="interval", type=T.INT, label=L("Interval, s", "Интервал, с"), minimum=0),
    BodyField(name="alternative_urls", type=T.TEXT, label=L("Spare URLs", "Запасные URL")),
    BodyField(name="grab_from_page", type=T.STR, label=L("Grab from page", "Взять со страницы")),
    BodyField(name="av_settings", type=T.STR, label=L("AV settings", "Настройки AV")),
    BodyField(name="reverse", type=T.BOOL, label=L("Reverse", "Наоборот")),
    BodyField(name="scan_page", type=T.BOOL, label=L("Scan the page", "Сканировать страницу")),
    BodyField(name="oid", type=T.INT, label=L("Order", "Порядок"), source=READ_BACK),
    BodyField(name="next_run_at", type=T.ANY, label=L("Next run", "След. запуск"),
              source=READ_BACK),
    BodyField(name="enabled", type=T.BOOL, label=L("Enabled", "Включён"), source=READ_BACK),
)

STREAM_LANDING: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, label=L("Link id", "ID связи"), minimum=1,
              source=READ_BACK),
    STREAM_ID,
    BodyField(name="landing_id", type=T.REF, ref="landings.list", required=True,
              label=L("Landing page", "Лендинг")),
    SHARE, ITEM_STATE, CREATED, UPDATED,
)

STREAM_OFFER: tuple[BodyField, ...] = (
    BodyField(name="id", type=T.INT, label=L("Link id", "ID связи"), minimum=1,
              source=READ_BACK),
    STREAM_ID,
    BodyField(name="offer_id", type=T.REF, ref="offers.list", required=True,
              label=L("Offer", "Оффер")),
    SHARE, ITEM_STATE, CREATED, UPDATED,
)

# known stream actions (API-NOTES §6.2, P's enum); the tracker lists its own in stream_actions
ACTION_TYPES = ("http", "local_file", "curl", "status404", "show_text", "show_html", "campaign",
                "do_nothing", "meta", "double_meta", "js", "blank_referrer", "formsubmit",
                "iframe", "remote", "frame")

# StreamRequest of the spec (API-NOTES §6.2)
STREAM: tuple[BodyField, ...] = (
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list",
              label=L("Campaign", "Кампания")),
    BodyField(name="type", type=T.ENUM, choices=("forced", "regular", "default"),
              label=L("Stream type", "Тип потока")),
    BodyField(name="name", type=T.STR, label=L("Name", "Название")),
    BodyField(name="position", type=T.INT, label=L("Position", "Позиция"), minimum=0),
    BodyField(name="weight", type=T.NUM, label=L("Weight", "Вес"), minimum=0),
    BodyField(name="action_options", type=T.OBJECT,
              label=L("Action options", "Параметры действия")),
    BodyField(name="comments", type=T.TEXT, label=L("Comments", "Комментарий")),
    BodyField(name="state", type=T.ENUM, choices=("active", "disabled", "deleted"),
              destructive_values=("deleted",), label=L("State", "Состояние")),
    BodyField(name="action_type", type=T.ENUM, choices=ACTION_TYPES, ref="streams.actions",
              label=L("Action", "Действие")),
    BodyField(name="action_payload", type=T.ANY, label=L("Action target", "Цель действия"),
              source="API-NOTES §6.2 (URL, text, campaign id…); in the spec's PUT only as "
                     "the landing's and offer's"),
    BodyField(name="schema", type=T.ENUM, choices=("landings", "redirect", "action"),
              label=L("Schema", "Схема")),
    BodyField(name="collect_clicks", type=T.BOOL, label=L("Collect clicks", "Собирать клики")),
    BodyField(name="filter_or", type=T.BOOL, label=L("Filters: OR", "Фильтры: ИЛИ")),
    BodyField(name="filters", type=T.ITEMS, items=FILTER, item_key="name",
              label=L("Filters", "Фильтры")),
    BodyField(name="triggers", type=T.ITEMS, items=TRIGGER, item_key="condition",
              label=L("Triggers", "Триггеры")),
    BodyField(name="landings", type=T.ITEMS, items=STREAM_LANDING, item_key="landing_id",
              label=L("Landing pages", "Лендинги")),
    BodyField(name="offers", type=T.ITEMS, items=STREAM_OFFER, item_key="offer_id",
              label=L("Offers", "Офферы")),
)
FILTER_EDIT = only(FILTER, "name", "mode", "payload")  # what a filter edit of the bot takes

ENTRIES = (
    Action(group=G, key="list", label=L("Streams of a campaign", "Потоки кампании"),
           method="GET", path="/campaigns/{id}/streams", danger=R,
           params=(ident("campaign", pick="campaigns.list"),)),
    Action(group=G, key="get", label=L("Get a stream", "Получить поток"),
           method="GET", path="/streams/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a stream", "Создать поток"),
           method="POST", path="/streams", danger=W,
           fields=required(STREAM, "campaign_id", "schema", "type", "name", "action_type"),
           params=(body(example={"campaign_id": 1, "type": "regular", "name": "US offers",
                                 "schema": "redirect", "action_type": "http",
                                 "action_payload": "https://example.com/?sub={subid}",
                                 "collect_clicks": True,
                                 "filters": [{"name": "country", "mode": "accept",
                                              "payload": ["US"]}]}),)),
    Action(group=G, key="update", label=L("Update a stream", "Обновить поток"),
           method="PUT", path="/streams/{id}", danger=W, snapshot="get", fields=STREAM,
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
