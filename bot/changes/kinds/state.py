"""STATE: enable / disable.

- Reads the entity (its state); disabling a campaign also reads the domains that have it as
  their default campaign.
- Preview: the state before → after ("already disabled: nothing changes"), and the domains
  that lose the campaign as their default, by name (API-NOTES §12.4).
- Verified by reading the state back, and the domains' defaults.
- Undo: the other one (enable ↔ disable), then each domain's default campaign put back.
"""

from __future__ import annotations

from html import escape
from typing import Any

from bot.changes.kinds import defaults
from bot.changes.kinds.base import Change, Check, Reading, Sheet, entity_id
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Seen
from bot.changes.values import Display, label
from bot.i18n import t
from bot.keitaro.catalog import ChangeKind
from bot.keitaro.client import KeitaroClient
from bot.render.rich import Markup
from bot.storage.audit import UndoStep

STATE_AFTER = {"enable": "active", "disable": "disabled"}
OTHER = {"enable": "disable", "disable": "enable"}


def state_of(entity: Any) -> str | None:
    state = entity.get("state") if isinstance(entity, dict) else None
    return str(state) if state is not None else None


class State(defaults.ClearsDomainDefaults):
    kinds = (ChangeKind.STATE,)

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        state = state_of(change.old)
        wanted = STATE_AFTER.get(change.action.key, "?")
        word = sheet.show.text
        if state == wanted:
            return [t(sheet.lang, "preview.state_already", state=word(state, name="state"))]
        before, after = word(state, name="state"), word(wanted, name="state")
        line = t(sheet.lang, "preview.state", before=before, after=after)
        sheet.rows.append((label(change.action, "state", sheet.lang), before,
                           Markup(f"<b>{escape(after)}</b>")))
        sheet.tabled.add(line)
        return [line]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        state, was = state_of(after.data), state_of(change.old)
        if state == STATE_AFTER.get(change.action.key):
            return [(SEEN, t(show.lang, "verify.state", before=show.text(was, name="state"),
                             after=show.text(state, name="state")))]
        return [(NOT_AS_SENT, t(show.lang, "verify.state_kept",
                                state=show.text(state, name="state")))]

    async def check_sides(self, verifier: Reading, change: Change, after: Seen,
                          show: Display) -> list[Check]:
        return await defaults.check(verifier.client, change, show)

    def no_undo(self, change: Change) -> str | None:
        if change.before is None or not change.before.ok:
            return "no_before"
        if state_of(change.old) == STATE_AFTER.get(change.action.key):
            return "nothing"
        return None

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        if why is not None:
            return why
        new = after.data if after is not None and after.ok else None
        expect = {"state": new.get("state")} if isinstance(new, dict) else {}
        action = change.action
        return UndoStep(action=f"{action.group}.{OTHER[action.key]}",
                        args={"id": entity_id(action, change.args)}, expect=expect,
                        also=defaults.restores(change))
