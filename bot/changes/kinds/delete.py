"""ARCHIVE, DELETE, RESTORE: what goes (into the archive, or for good), and what comes back.

- Reads the entity first (a restore reads it from its group's archive list); archiving a
  campaign also reads the domains that have it as their default campaign.
- Preview: what goes, by name and state; what comes back; the domains that lose the campaign
  as their default (API-NOTES §12.4).
- Verified by reading it again: gone (a 404, or the 9.x 402 "not found": §12.1) or in the
  archive; back and not archived.
- Undo: archive → restore, then the domains' defaults put back; restore → archive again
  (an admin's); a delete with no restore in the catalog has none.
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.changes.kinds import defaults
from bot.changes.kinds.base import (
    Change,
    Check,
    Kind,
    Reading,
    Sheet,
    archive_action,
    catalog_reader,
    entity_id,
    restore_action,
)
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display
from bot.i18n import Html, t
from bot.keitaro.catalog import CATALOG, Action, ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep

ARCHIVED = frozenset({"deleted", "archived", "archive"})


def named(change: Change, show: Display) -> str:
    old = change.old
    name = show.name(old) or f"#{entity_id(change.action, change.args)}"
    extra = ""
    if isinstance(old, dict) and old.get("state"):
        extra = f" · {html.quote(str(old['state']))}"
    return f"<b>{html.quote(name)}</b>{extra}"


class Archive(defaults.ClearsDomainDefaults):
    """Into the archive, with a restore in the catalog."""

    kinds = (ChangeKind.ARCHIVE, ChangeKind.DELETE)
    accepts_missing = True

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        return [t(sheet.lang, "preview.goes", what=Html(named(change, sheet.show)))]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        lang = show.lang
        name = show.name(change.old) or f"#{entity_id(change.action, change.args)}"
        archive = change.action.change is ChangeKind.ARCHIVE
        state = after.data.get("state") if after.ok and isinstance(after.data, dict) else None
        if after.missing:
            return [(SEEN, t(lang, "verify.archived_hidden" if archive else "verify.gone",
                             name=name))]
        if state in ARCHIVED:
            return [(SEEN, t(lang, "verify.archived", name=name))]
        if not after.ok:
            return [(NOT_AS_SENT, t(lang, "verify.read_failed", reason=after.error or "?"))]
        return [(NOT_AS_SENT, t(lang, "verify.still_there", name=name,
                                state=str(state or "—")))]

    async def check_sides(self, verifier: Reading, change: Change, after: Seen,
                          show: Display) -> list[Check]:
        return await defaults.check(verifier.client, change, show)

    def no_undo(self, change: Change) -> str | None:
        if change.action.change is ChangeKind.DELETE:
            return "user_delete" if change.action.group == "users" else "no_restore"
        return None if restore_action(change.action) else "no_restore"

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        restore = restore_action(change.action)
        if why is not None or restore is None:
            return why or "no_restore"
        return UndoStep(action=restore.id, args={"id": entity_id(change.action, change.args)},
                        also=defaults.restores(change))


class Restore(Kind):
    """Back from the archive: read from the archive's list, verified by its state after."""

    kinds = (ChangeKind.RESTORE,)

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        archived = CATALOG.get(f"{action.group}.deleted")
        ident = entity_id(action, args)
        if archived is None or ident is None:
            return catalog_reader(f"{action.group}.get", args)
        return Reader(action=archived.id, pick=ident)

    def after_reader(self, action: Action, args: dict[str, Any], answer: Any
                     ) -> Reader | None:
        return catalog_reader(f"{action.group}.get", args)

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        old = change.old
        state = old.get("state") if isinstance(old, dict) else None
        return [t(sheet.lang, "preview.restores", what=Html(named(change, sheet.show)),
                  state=sheet.show.text(state, name="state"))]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        state = after.data.get("state") if isinstance(after.data, dict) else None
        was = change.old.get("state") if isinstance(change.old, dict) else None
        if isinstance(state, str) and state not in ARCHIVED:
            return [(SEEN, t(show.lang, "verify.state", before=show.text(was, name="state"),
                             after=show.text(state, name="state")))]
        return [(NOT_AS_SENT, t(show.lang, "verify.state_kept",
                                state=show.text(state, name="state")))]

    def no_undo(self, change: Change) -> str | None:
        return None if archive_action(change.action) else "no_restore"

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        archive = archive_action(change.action)
        if archive is None:
            return "no_restore"
        return UndoStep(action=archive.id, args={"id": entity_id(change.action, change.args)})
