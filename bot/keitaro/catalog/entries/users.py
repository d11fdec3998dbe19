"""Пользователь: the tracker's users and their access rights."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L
from bot.keitaro.catalog.model import ChangeKind as C

G = "users"
ID = ident("user", pick="users.list")
R, D = Danger.READ, Danger.DESTRUCTIVE  # creating or changing users is an admin's (§11.8)
T = FieldType
ACCESS_TYPES = ("full_access", "read_only", "to_groups_and_selected",
                "created_by_user_groups_and_selected")
SELECTED = "API-NOTES §4.9 #81, §6.10 (P: *_selected_entities)"

PREFERENCES: tuple[BodyField, ...] = (
    BodyField(name="language", type=T.ENUM, choices=("ru", "en"), label=L("Language", "Язык")),
    BodyField(name="timezone", type=T.STR, label=L("Time zone", "Часовой пояс")),
)

# UserRequest of the spec (API-NOTES §6.10); the password is never returned
USER: tuple[BodyField, ...] = (
    BodyField(name="login", type=T.STR, label=L("Login", "Логин"), max_length=50, admin=True),
    BodyField(name="new_password", type=T.STR, label=L("New password", "Новый пароль"),
              write_only=True, secret=True, admin=True),
    BodyField(name="new_password_confirmation", type=T.STR,
              label=L("Repeat password", "Повтор пароля"), write_only=True, secret=True,
              admin=True),
    BodyField(name="type", type=T.ENUM, choices=("USER", "ADMIN"), label=L("Role", "Роль"),
              admin=True),
    BodyField(name="preferences", type=T.OBJECT, items=PREFERENCES,
              label=L("Preferences", "Настройки")),
)

ACCESS_DATA: tuple[BodyField, ...] = (
    *(BodyField(name=f"{key}_access_type", type=T.ENUM, choices=ACCESS_TYPES,
                label=L(f"{en} access", f"Доступ: {ru}"))
      for key, en, ru in (
          ("campaigns", "Campaigns", "кампании"), ("offers", "Offers", "офферы"),
          ("landings", "Landings", "лендинги"), ("traffic_sources", "Sources", "источники"),
          ("streams", "Streams", "потоки"),
          ("affiliate_networks", "Networks", "партнёрки"), ("domains", "Domains", "домены"))),
    BodyField(name="resources", type=T.TAGS, label=L("Sections", "Разделы")),
    BodyField(name="reports", type=T.TAGS, label=L("Reports", "Отчёты")),
    BodyField(name="allowed_resources", type=T.TAGS,
              label=L("Allowed sections", "Доступные разделы"), source="API-NOTES §6.10"),
    *(BodyField(name=f"{key}_selected_entities", type=T.IDS, ref=f"{group}.list",
                source=SELECTED, label=L(f"Chosen {en}", f"Выбранные {ru}"))
      for key, group, en, ru in (
          ("campaigns", "campaigns", "campaigns", "кампании"),
          ("landings", "landings", "landings", "лендинги"),
          ("offers", "offers", "offers", "офферы"),
          ("affiliate_networks", "networks", "networks", "партнёрки"))),
)
ACCESS: tuple[BodyField, ...] = (
    BodyField(name="access_data", type=T.OBJECT, items=ACCESS_DATA, required=True, admin=True,
              label=L("Access rights", "Права доступа")),
)

ENTRIES = (
    Action(group=G, key="list", label=L("All users", "Все пользователи"),
           method="GET", path="/users", danger=R, change=C.READ),
    Action(group=G, key="get", label=L("Get a user", "Получить пользователя"),
           method="GET", path="/users/{id}", danger=R, change=C.READ, params=(ID,)),
    Action(group=G, key="create", label=L("Create a user", "Создать пользователя"),
           method="POST", path="/users", danger=D, change=C.CREATE,
           fields=required(USER, "login", "type", "new_password", "new_password_confirmation"),
           loses=L("A tracker account is created that can sign in; as ADMIN it can change "
                   "everything, users included.",
                   "Будет создан аккаунт трекера, который может войти; с ролью ADMIN он может "
                   "менять всё, включая пользователей."),
           params=(body(example={"login": "buyer1", "type": "USER",
                                 "new_password": "S3cret-pass",
                                 "new_password_confirmation": "S3cret-pass",
                                 "preferences": {"language": "en", "timezone": "UTC"}}),)),
    Action(group=G, key="update", label=L("Update a user", "Обновить пользователя"),
           method="PUT", path="/users/{id}", danger=D, change=C.UPDATE, snapshot="get", fields=USER,
           loses=L("The account changes as sent: with a new password the old one stops "
                   "working; the ADMIN role gives full control of the tracker.",
                   "Аккаунт изменится как отправлено: с новым паролем старый перестанет "
                   "действовать; роль ADMIN даёт полный доступ к трекеру."),
           params=(ID, body(example={"preferences": {"timezone": "Europe/Moscow"}}))),
    Action(group=G, key="delete", label=L("Delete a user", "Удалить пользователя"),
           method="DELETE", path="/users/{id}", danger=D, change=C.DELETE,
           snapshot="get", params=(ID,),
           loses=L("The user and their API keys are deleted; they can no longer sign in.",
                   "Пользователь и его API-ключи будут удалены; войти он больше не сможет.")),
    Action(group=G, key="access", label=L("Set access rights", "Задать права доступа"),
           method="PUT", path="/users/{id}/access", danger=D, change=C.UPDATE,
           snapshot="get", fields=ACCESS,
           loses=L("The user's access rights change as sent: they can lose or gain access "
                   "to campaigns, offers, reports and other sections.",
                   "Права пользователя изменятся как отправлено: он может потерять или "
                   "получить доступ к кампаниям, офферам, отчётам и другим разделам."),
           params=(ID, body(example={"access_data": {"campaigns_access_type": "read_only",
                                                     "offers_access_type": "full_access"}}))),
)
