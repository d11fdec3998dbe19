"""aiogram routers: common commands, one module per group, and the shared flow router."""

from __future__ import annotations

import importlib

from aiogram import Router

from bot.keitaro.catalog import CATALOG
from handlers import alerts, chats, common, digests, flow


def get_routers() -> list[Router]:
    """Fresh routers in the order they must be included (so each dispatcher gets its own).

    `common` first (so /cancel and /menu work inside any flow), then group chats, digests and
    alerts, each group's commands, then the flow router, whose catch-all handlers come last.
    """
    routers = [common.build_router(), chats.build_router(), digests.build_router(),
               alerts.build_router()]
    for group in CATALOG.groups:
        module = importlib.import_module(f"handlers.{group.key}")
        routers.append(module.build_router())
    routers.append(flow.build_router())
    return routers
