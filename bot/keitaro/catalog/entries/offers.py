"""Оффер: offers and the files of local ones."""

from bot.keitaro.catalog.builders import FILE_DATA, FILE_PATH, body, ident
from bot.keitaro.catalog.model import Action, Danger, L, View

G = "offers"
ID = ident("offer", pick="offers.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All offers", "Все офферы"),
           method="GET", path="/offers", danger=R),
    Action(group=G, key="get", label=L("Get an offer", "Получить оффер"),
           method="GET", path="/offers/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create an offer", "Создать оффер"),
           method="POST", path="/offers", danger=W,
           params=(body(required=("name",),
                        example={"name": "Nutra US", "offer_type": "external",
                                 "action_type": "http",
                                 "action_payload": "https://aff.example.com/?s={subid}",
                                 "payout_value": 25, "payout_currency": "USD",
                                 "payout_type": "CPA", "country": ["US"]}),)),
    Action(group=G, key="update", label=L("Update an offer", "Обновить оффер"),
           method="PUT", path="/offers/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"payout_value": 30}))),
    Action(group=G, key="archive", label=L("Archive an offer", "Удалить (в архив)"),
           method="DELETE", path="/offers/{id}/archive", danger=D, snapshot="get", params=(ID,),
           loses=L("The offer is archived and stops receiving traffic from streams.",
                   "Оффер уйдёт в архив и перестанет получать трафик из потоков.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="POST", path="/offers/{id}/clone", danger=W, params=(ID,)),
    Action(group=G, key="download", label=L("Download files (ZIP)", "Скачать файлы (ZIP)"),
           method="GET", path="/offers/{id}/download", danger=R, params=(ID,),
           view=View.BINARY),
    Action(group=G, key="structure", label=L("File tree", "Дерево файлов"),
           method="GET", path="/offers/{id}/get_structure", danger=R, params=(ID,)),
    Action(group=G, key="get_file", label=L("Read a file", "Прочитать файл"),
           method="GET", path="/offers/{id}/get_file", danger=R, params=(ID, FILE_PATH)),
    Action(group=G, key="update_file", label=L("Overwrite a file", "Перезаписать файл"),
           method="PUT", path="/offers/{id}/update_file", danger=D, snapshot="get_file",
           params=(ID, FILE_PATH, FILE_DATA),
           loses=L("The file's current content is replaced.",
                   "Текущее содержимое файла будет заменено.")),
    Action(group=G, key="add_file", label=L("Create a file", "Создать файл"),
           method="POST", path="/offers/{id}/add_file", danger=W, params=(ID, FILE_PATH)),
    Action(group=G, key="remove_file", label=L("Remove a file", "Удалить файл"),
           method="DELETE", path="/offers/{id}/remove_file", danger=D, snapshot="get_file",
           params=(ID, FILE_PATH),
           loses=L("The file is deleted from the offer.", "Файл будет удалён из оффера.")),
)
