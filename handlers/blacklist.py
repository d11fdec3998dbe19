"""Блэклист: report labels — `/blacklist` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("blacklist")
