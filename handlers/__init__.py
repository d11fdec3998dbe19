"""aiogram routers of the bot: the common commands, group chats, digests, alerts, the `/<group>`
commands of every catalog group, and the router of running flows."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    alert_rules,
    alerts,
    audit,
    chats,
    common,
    digests,
    explore,
    flow,
    group_commands,
    inline,
)


def get_routers() -> list[Router]:
    """Fresh routers (each dispatcher gets its own), in the order they must be included.

    `common` first (so /cancel and /menu work inside any flow), then /audit and the Undo
    buttons, group chats, digests, alerts, and /today with the buttons of explored reports
    and cards; then the routers of groups with a conversation of their own (a `handlers/<group>.py`
    each; none yet), before the `/<group>` routers built from the catalog; the flow router
    last, since its catch-all handlers take whatever nothing else did.
    """
    return [
        common.build_router(),
        audit.build_router(),
        chats.build_router(),
        digests.build_router(),
        alert_rules.build_router(),
        alerts.build_router(),
        explore.build_router(),
        inline.build_router(),
        *group_commands.build_routers(),
        flow.build_router(),
    ]
