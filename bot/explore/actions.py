"""What a slice's card can have done, started as catalog writes: the flow engine previews
them and asks the person pressing (their role decides) to Confirm."""

from __future__ import annotations

from typing import Any, Protocol

from bot.context import Ctx
from bot.explore.model import Explore
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.catalog.effects import BUILT
from bot.notify.reads import Reader


class Starter(Protocol):
    """What these need of the flow engine: its client, and starting an action's flow."""

    @property
    def client(self) -> Reader: ...

    async def start(self, ctx: Ctx, action: Action, args: dict[str, Any] | None = None, *,
                    mode: str = "buttons", notes: dict[str, str] | None = None,
                    edit: int | None = None) -> None: ...

PAUSABLE = {"offer": "offers", "landing": "landings"}  # a slice → its stream array


async def pause_in_stream(ctx: Ctx, engine: Starter, explore: Explore, stream_id: int
                          ) -> str | None:
    """The offer (or landing) of a slice card paused in one stream: the stream's array as
    the tracker has it, that item `disabled`, previewed (API-NOTES §11.7: the array is
    replaced whole, so every other item goes back as read). An alert text when it cannot."""
    last = explore.scope[-1] if explore.scope else None
    field = PAUSABLE.get(last.dim) if last is not None else None
    entity = last.entity if last is not None else None
    if last is None or field is None or entity is None:
        return t(ctx.lang, "flow.stale")
    envelope = await engine.client.execute("streams.get", {"id": stream_id})
    data = envelope.data if envelope.success and isinstance(envelope.data, dict) else None
    if data is None:
        return t(ctx.lang, "explore.pause_failed", reason=detail_text(envelope.error, ctx.lang))
    items: list[dict[str, Any]] = [dict(i) for i in data.get(field) or [] if isinstance(i, dict)]
    key = f"{last.dim}_id"
    found = [i for i in items if i.get(key) == entity[1] and i.get("state") != "disabled"]
    if not found:
        return t(ctx.lang, "explore.pause_gone", name=last.label)
    for item in found:
        item["state"] = "disabled"
    args = {"id": stream_id, "data": {field: items}, BUILT: [field]}  # built by the bot
    await engine.start(ctx, CATALOG["streams.update"], args, mode="command")
    return None


async def block_zone(ctx: Ctx, engine: Starter, explore: Explore) -> str | None:
    """A sub id's value (a zone, a placement) blacklisted for the campaign of the card:
    `report/labels` (the tracker's black list that its reports and filters read)."""
    campaign = next((s for s in explore.scope if s.dim == "campaign"), None)
    last = explore.scope[-1] if explore.scope else None
    if campaign is None or last is None or not last.dim.startswith("sub_id_"):
        return t(ctx.lang, "flow.stale")
    data = {"campaign_id": int(campaign.value), "ref_name": last.dim,
            "items": {str(last.value): "blacklist"}}
    await engine.start(ctx, CATALOG["blacklist.set"], {"data": data}, mode="command")
    return None
