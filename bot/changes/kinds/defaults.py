"""A campaign as the default campaign of domains: what disabling or archiving it clears.

D CampaignService::disableCampaign and ::archive call DomainService::nullifyByCampaign: every
active domain whose `default_campaign_id` was the campaign gets null, and enabling or
restoring it does not put it back (API-NOTES §12.4). The state and archive kinds read those
domains first, name them in the preview, read them back after, and their Undo puts each
domain's default back after the campaign itself.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.base import Change, Check, Kind, SideEffect, entity_id
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Seen, found
from bot.changes.values import Display
from bot.i18n import t
from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep

DOMAINS = "domains"  # the related read
CLEARING = frozenset({"campaigns.disable", "campaigns.delete"})


def clears(action: Action) -> bool:
    return action.id in CLEARING


async def read_domains(client: KeitaroClient, action: Action) -> dict[str, Seen]:
    if not clears(action):
        return {}
    envelope = await client.execute("domains.list", {}, raw=True)
    if not envelope.success:
        reason = envelope.error.message if envelope.error else "?"
        return {DOMAINS: Seen(ok=False, error=client.redactor(reason))}
    return {DOMAINS: Seen(ok=True, data=envelope.data)}


def defaulting(domains: Any, campaign: Any) -> list[dict[str, Any]]:
    """The active domains whose default campaign is `campaign`."""
    if not isinstance(domains, list):
        return []
    return [d for d in domains if isinstance(d, dict) and d.get("state", "active") == "active"
            and d.get("default_campaign_id") is not None
            and str(d.get("default_campaign_id")) == str(campaign)]


def side(change: Change) -> tuple[SideEffect, ...]:
    if not clears(change.action):
        return ()
    lost = defaulting(change.related_data(DOMAINS), entity_id(change.action, change.args))
    if not lost:
        return ()
    return (SideEffect("domains_default", tuple(str(d.get("name") or f"#{d.get('id')}")
                                               for d in lost)),)


async def check(client: KeitaroClient, change: Change, show: Display) -> list[Check]:
    lost = defaulting(change.related_data(DOMAINS), entity_id(change.action, change.args))
    if not lost:
        return []
    seen = await read_domains(client, change.action)
    now = found(seen.get(DOMAINS))
    ids = {str(d.get("id")) for d in lost}
    still = [d for d in defaulting(now, entity_id(change.action, change.args))
             if str(d.get("id")) in ids]
    if now is None:
        return [(NOT_AS_SENT, t(show.lang, "verify.domains_unread"))]
    if still:
        names = ", ".join(str(d.get("name")) for d in still)
        return [(NOT_AS_SENT, t(show.lang, "verify.domains_kept", names=names))]
    names = ", ".join(str(d.get("name")) for d in lost)
    return [(SEEN, t(show.lang, "verify.domains_cleared", names=names))]


def restores(change: Change) -> list[UndoStep]:
    """The steps that give each domain its default campaign back."""
    campaign = entity_id(change.action, change.args)
    return [UndoStep(action="domains.update",
                     args={"id": d["id"], "data": {"default_campaign_id": d[
                         "default_campaign_id"]}},
                     expect={"default_campaign_id": None}, name=str(d.get("name") or ""))
            for d in defaulting(change.related_data(DOMAINS), campaign)
            if isinstance(d.get("id"), int)]


class ClearsDomainDefaults(Kind):
    """A kind whose change may clear domains' default campaign (disable, archive): those
    domains are read before it and named as its side effect."""

    async def related(self, client: KeitaroClient, action: Action, args: dict[str, Any],
                      before: Seen | None) -> dict[str, Seen]:
        return await read_domains(client, action)

    def side_effects(self, change: Change) -> tuple[SideEffect, ...]:
        return side(change)
