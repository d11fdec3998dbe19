"""Бот: the bot IP list — `/bots` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("bots")
