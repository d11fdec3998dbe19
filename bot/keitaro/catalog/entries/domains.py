"""Домен: parked domains."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.model import Action, Danger, L

G = "domains"
ID = ident("domain", pick="domains.list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE

ENTRIES = (
    Action(group=G, key="list", label=L("All domains", "Все домены"),
           method="GET", path="/domains", danger=R),
    Action(group=G, key="get", label=L("Get a domain", "Получить домен"),
           method="GET", path="/domains/{id}", danger=R, params=(ID,)),
    Action(group=G, key="create", label=L("Add a domain", "Добавить домен"),
           method="POST", path="/domains", danger=W,
           params=(body(required=("name",),
                        example={"name": "go.example.com", "default_campaign_id": 1,
                                 "ssl_redirect": True, "allow_indexing": False}),)),
    Action(group=G, key="update", label=L("Update a domain", "Обновить домен"),
           method="PUT", path="/domains/{id}", danger=W, snapshot="get",
           params=(ID, body(example={"default_campaign_id": 2, "catch_not_found": True}))),
    Action(group=G, key="delete", label=L("Archive a domain", "Удалить (в архив)"),
           method="DELETE", path="/domains/{id}", danger=D, snapshot="get", params=(ID,),
           loses=L("The domain is archived: links on it stop working.",
                   "Домен уйдёт в архив: ссылки на нём перестанут работать.")),
    Action(group=G, key="check", label=L("Check DNS and SSL now", "Проверить DNS и SSL"),
           method="POST", path="/domains/{id}/check", danger=W, params=(ID,)),
    Action(group=G, key="restore", label=L("Restore from archive", "Восстановить из архива"),
           method="POST", path="/domains/{id}/restore", danger=W,
           params=(ident("domain", pick="domains.deleted"),)),
    Action(group=G, key="deleted", label=L("Archived domains", "Архив доменов"),
           method="GET", path="/domains/deleted", danger=R),
)
