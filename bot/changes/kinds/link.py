"""LINK: a campaign linked to, or unlinked from, a Facebook integration (costs import).

- Reads the integration's linked campaigns first.
- Preview: which campaign gets (or stops getting) costs from which integration.
- Verified by reading the linked campaigns back.
- Undo: unlink ↔ link. No side effects.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.base import Change, Check, Kind, Sheet, catalog_reader
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display
from bot.i18n import t
from bot.keitaro.catalog import Action, ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep


class Link(Kind):
    kinds = (ChangeKind.LINK,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        return catalog_reader(f"{action.group}.facebook_campaigns", args)

    def named(self, change: Change) -> bool:
        return False

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        key = "preview.link" if change.action.key.endswith("_link") else "preview.unlink"
        return [t(sheet.lang, key, campaign=str(change.args.get("campaign_id")),
                  integration=str(change.args.get("id")))]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        linked = {str(i.get("value", i.get("id"))) for i in after.data
                  if isinstance(i, dict)} if isinstance(after.data, list) else set()
        campaign = str(change.args.get("campaign_id"))
        wanted = change.action.key.endswith("_link")
        if (campaign in linked) == wanted:
            key = "verify.linked" if wanted else "verify.unlinked"
            return [(SEEN, t(show.lang, key, campaign=campaign))]
        key = "verify.not_linked" if wanted else "verify.still_linked"
        return [(NOT_AS_SENT, t(show.lang, key, campaign=campaign))]

    def no_undo(self, change: Change) -> str | None:
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        action = change.action
        other = "facebook_unlink" if action.key == "facebook_link" else "facebook_link"
        return UndoStep(action=f"{action.group}.{other}", args=dict(change.args))
