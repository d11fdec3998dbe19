"""Лендинг: landing pages and the files of local ones."""

from bot.keitaro.catalog.builders import FILE_DATA, FILE_PATH, body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L, View
from bot.keitaro.catalog.model import ChangeKind as C

G = "landings"
ID = ident("landing", pick="landings.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
T = FieldType

# LandingRequest of the spec (API-NOTES §6.4)
LANDING: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, label=L("Name", "Название"), max_length=100),
    BodyField(name="landing_type", type=T.ENUM, choices=("local", "external", "preloaded",
                                                         "action"),
              label=L("Landing type", "Тип лендинга")),
    BodyField(name="action_type", type=T.ENUM,
              choices=("local_file", "http", "curl", "status404", "show_text", "show_html"),
              label=L("Action", "Действие")),
    BodyField(name="action_payload", type=T.ANY, label=L("Action target", "Цель действия")),
    BodyField(name="action_options", type=T.OBJECT,
              label=L("Action options", "Параметры действия"), source="API-NOTES §6.4"),
    BodyField(name="url", type=T.URL, label=L("URL", "URL"), write_only=True),  # §6.4: (req)
    BodyField(name="group_id", type=T.REF, ref="groups.list", ref_args=(("type", "landings"),),
              label=L("Group", "Группа")),
    BodyField(name="state", type=T.ENUM, choices=("active", "disabled", "deleted"),
              destructive_values=("deleted",), label=L("State", "Состояние")),
    BodyField(name="notes", type=T.TEXT, label=L("Notes", "Заметки")),
    BodyField(name="archive", type=T.TEXT, label=L("ZIP (base64)", "ZIP-архив (base64)"),
              write_only=True),
)

ENTRIES = (
    Action(group=G, key="list", label=L("All landing pages", "Все лендинги"),
           method="GET", path="/landing_pages", danger=R, change=C.READ),
    Action(group=G, key="get", label=L("Get a landing page", "Получить лендинг"),
           method="GET", path="/landing_pages/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create", label=L("Create a landing page", "Создать лендинг"),
           method="POST", path="/landing_pages", danger=W, change=C.CREATE,
           fields=required(LANDING, "name"),
           params=(body(example={"name": "Quiz v1", "landing_type": "external",
                                 "url": "https://lp.example.com/quiz", "state": "active"}),)),
    Action(group=G, key="update", label=L("Update a landing page", "Обновить лендинг"),
           method="PUT", path="/landing_pages/{id}", danger=W, change=C.UPDATE, snapshot="get",
           fields=LANDING, params=(ID, body(example={"name": "Quiz v2"}))),
    Action(group=G, key="delete", label=L("Archive a landing page", "Удалить (в архив)"),
           method="DELETE", path="/landing_pages/{id}", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,),
           loses=L("The landing page is archived and no longer shown in streams.",
                   "Лендинг уйдёт в архив и перестанет показываться в потоках.")),
    Action(group=G, key="clone", label=L("Clone", "Клонировать"),
           method="PUT", path="/landing_pages/{id}/clone", danger=W, change=C.CLONE, params=(ID,),
           note="PUT, as in the spec and 9.x; some clients send POST"),
    Action(group=G, key="download", label=L("Download files (ZIP)", "Скачать файлы (ZIP)"),
           method="GET", path="/landing_pages/{id}/download", danger=R, change=C.READ, params=(ID,),
           view=View.BINARY),
    Action(group=G, key="structure", label=L("File tree", "Дерево файлов"),
           method="GET", path="/landing_pages/{id}/get_structure", danger=R, change=C.READ,
           params=(ID,)),
    Action(group=G, key="get_file", label=L("Read a file", "Прочитать файл"),
           method="GET", path="/landing_pages/{id}/get_file", danger=R, change=C.READ,
           params=(ID, FILE_PATH)),
    Action(group=G, key="update_file", label=L("Overwrite a file", "Перезаписать файл"),
           method="PUT", path="/landing_pages/{id}/update_file", danger=D, change=C.FILE,
           snapshot="get_file",
           params=(ID, FILE_PATH, FILE_DATA),
           loses=L("The file's current content is replaced.",
                   "Текущее содержимое файла будет заменено.")),
    Action(group=G, key="add_file", label=L("Create a file", "Создать файл"),
           method="POST", path="/landing_pages/{id}/add_file", danger=W, change=C.FILE,
           params=(ID, FILE_PATH)),
    Action(group=G, key="remove_file", label=L("Remove a file", "Удалить файл"),
           method="DELETE", path="/landing_pages/{id}/remove_file", danger=D, change=C.FILE,
           snapshot="get_file", params=(ID, FILE_PATH),
           loses=L("The file is deleted from the landing page.",
                   "Файл будет удалён из лендинга.")),
)
