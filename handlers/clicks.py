"""Клик: the click log, costs, cleaning — `/clicks` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("clicks")
