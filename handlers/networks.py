"""Партнёрская сеть: affiliate networks — `/networks` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("networks")
