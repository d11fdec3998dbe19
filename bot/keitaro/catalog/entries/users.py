"""Пользователь: the tracker's users and their access rights."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.model import Action, Danger, L

G = "users"
ID = ident("user", pick="users.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All users", "Все пользователи"),
           method="GET", path="/users", danger=R),
    Action(group=G, key="get", label=L("Get a user", "Получить пользователя"),
           method="GET", path="/users/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Create a user", "Создать пользователя"),
           method="POST", path="/users", danger=W,
           params=(body(required=("login", "type", "new_password", "new_password_confirmation"),
                        example={"login": "buyer1", "type": "USER",
                                 "new_password": "S3cret-pass",
                                 "new_password_confirmation": "S3cret-pass",
                                 "preferences": {"language": "en", "timezone": "UTC"}}),)),
    Action(group=G, key="update", label=L("Update a user", "Обновить пользователя"),
           method="PUT", path="/users/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"preferences": {"timezone": "Europe/Moscow"}}))),
    Action(group=G, key="delete", label=L("Delete a user", "Удалить пользователя"),
           method="DELETE", path="/users/{id}", danger=D, snapshot="get", params=(ID,),
           loses=L("The user and their API keys are deleted; they can no longer sign in.",
                   "Пользователь и его API-ключи будут удалены; войти он больше не сможет.")),
    Action(group=G, key="access", label=L("Set access rights", "Задать права доступа"),
           method="PUT", path="/users/{id}/access", danger=W, snapshot="get",
           params=(ID, body(required=("access_data",),
                            example={"access_data": {"campaigns_access_type": "read_only",
                                                     "offers_access_type": "full_access"}}))),
)
