"""Постбэк: a campaign's S2S postbacks — `/postbacks` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("postbacks")
