"""Оффер: offers and the files of local ones."""

from bot.keitaro.catalog.builders import FILE_DATA, FILE_PATH, body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "offers"
ID = ident("offer", pick="offers.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# OfferRequest of the spec (API-NOTES §6.3)
OFFER: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, label=L("Name", "Название"), max_length=100),
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "offers"),),
              label=L("Group", "Группа")),
    BodyField(name="offer_type", type=T.ENUM, choices=("local", "external", "preloaded",
                                                       "action"),
              label=L("Offer type", "Тип оффера")),
    BodyField(name="action_type", type=T.STR, label=L("Action", "Действие")),
    BodyField(name="action_payload", type=T.ANY, label=L("Action target", "Цель действия")),
    BodyField(name="action_options", type=T.OBJECT,
              label=L("Action options", "Параметры действия"), source="API-NOTES §6.3"),
    BodyField(name="affiliate_network_id", type=T.REF, ref="networks.list",
              label=L("Affiliate network", "Партнёрская сеть")),
    BodyField(name="payout_value", type=T.NUM, label=L("Payout", "Выплата"), minimum=0),
    BodyField(name="payout_currency", type=T.STR, label=L("Payout currency", "Валюта выплаты")),
    BodyField(name="payout_type", type=T.ENUM, choices=("CPA", "CPC"),
              label=L("Payout type", "Тип выплаты")),
    BodyField(name="payout_auto", type=T.BOOL, label=L("Automatic payout", "Автовыплата")),
    BodyField(name="payout_upsell", type=T.BOOL, label=L("Upsell payout", "Выплата за апсейл")),
    BodyField(name="state", type=T.ENUM, choices=("active", "deleted"),
              destructive_values=("deleted",), label=L("State", "Состояние")),
    BodyField(name="country", type=T.TAGS, label=L("Countries", "Страны")),
    BodyField(name="notes", type=T.TEXT, label=L("Notes", "Заметки")),
    BodyField(name="archive", type=T.TEXT, label=L("ZIP (base64)", "ZIP-архив (base64)"),
              write_only=True),
    BodyField(name="conversion_cap_enabled", type=T.BOOL,
              label=L("Conversion cap", "Лимит конверсий")),
    BodyField(name="daily_cap", type=T.NUM, label=L("Daily cap", "Дневной лимит"), minimum=0),
    BodyField(name="conversion_timezone", type=T.STR,
              label=L("Cap time zone", "Часовой пояс лимита")),
    BodyField(name="alternative_offer_id", type=T.REF, ref="offers.list",
              label=L("Offer over the cap", "Оффер сверх лимита")),
)

ENTRIES = (
    Action(group=G, key="list", label=L("All offers", "Все офферы"),
           method="GET", path="/offers", danger=R, change=C.READ),
    Action(group=G, key="get", label=L("Get an offer", "Получить оффер"),
           method="GET", path="/offers/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create", label=L("Create an offer", "Создать оффер"),
           method="POST", path="/offers", danger=W, change=C.CREATE,
           fields=required(OFFER, "name"),
           params=(body(example={"name": "Nutra US", "offer_type": "external",
                                 "action_type": "http",
                                 "action_payload": "https://aff.example.com/?s={subid}",
                                 "payout_value": 25, "payout_currency": "USD",
                                 "payout_type": "CPA", "country": ["US"]}),)),
    Action(group=G, key="update", label=L("Update an offer", "Обновить оффер"),
           method="PUT", path="/offers/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=OFFER, params=(ID, body(example={"payout_value": 30}))),
    Action(group=G, key="archive", label=L("Archive an offer", "Удалить (в архив)"),
           method="DELETE", path="/offers/{id}/archive", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,),
           loses=L("The offer is archived and stops receiving traffic from streams.",
                   "Оффер уйдёт в архив и перестанет получать трафик из потоков.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/offers/{id}/clone", danger=W, change=C.CLONE, params=(ID,)),
    Action(group=G, key="download", label=L("Download files (ZIP)", "Скачать файлы (ZIP)"),
           method="GET", path="/offers/{id}/download", danger=R, change=C.READ, params=(ID,),
           view=View.BINARY),
    Action(group=G, key="structure", label=L("File tree", "Дерево файлов"),
           method="GET", path="/offers/{id}/get_structure", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="get_file", label=L("Read a file", "Прочитать файл"),
           method="GET", path="/offers/{id}/get_file", danger=R, change=C.READ,
           params=(ID, FILE_PATH)),
    Action(group=G, key="update_file", label=L("Overwrite a file", "Перезаписать файл"),
           method="PUT", path="/offers/{id}/update_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH, FILE_DATA),
           loses=L("The file's current content is replaced.",
                   "Текущее содержимое файла будет заменено.")),
    Action(group=G, key="add_file", label=L("Create a file", "Создать файл"),
           method="POST", path="/offers/{id}/add_file", danger=W, change=C.FILE,
           params=(ID, FILE_PATH)),
    Action(group=G, key="remove_file", label=L("Remove a file", "Удалить файл"),
           method="DELETE", path="/offers/{id}/remove_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH),
           loses=L("The file is deleted from the offer.", "Файл будет удалён из оффера.")),
)
