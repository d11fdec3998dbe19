"""Пользователь: tracker users — `/users` and its operations, all from the catalog."""

from handlers.group import GroupRouterFactory

build_router = GroupRouterFactory("users")
