"""Whether an Undo may start: the entry has one, it is not spent or expired, and the person
may make it (its author or an admin; a role that may run the inverse action)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.access import Role, needed_role, role_name
from bot.changes.permission import decide_steps
from bot.i18n import t
from bot.keitaro.catalog import CATALOG
from bot.storage.audit import AuditEntry


def expires(entry: AuditEntry, hours: float) -> datetime:
    return datetime.fromisoformat(entry.ts) + timedelta(hours=hours)


def open_for(entry: AuditEntry, hours: float, now: datetime | None = None) -> bool:
    """The entry's Undo can still be offered: it has one, unspent, within the window."""
    now = now or datetime.now(UTC)
    return (entry.undo is not None and entry.undone_by is None and entry.outcome == "ok"
            and hours > 0 and now < expires(entry, hours))


def why_not(entry: AuditEntry | None, *, user_id: int, role: Role, hours: float,
            lang: str, now: datetime | None = None) -> str | None:
    """The text to answer a pressed Undo with when it cannot start (plain text, short
    enough for a button's alert), or None when it can."""
    if entry is None or entry.undo is None or entry.outcome != "ok":
        return t(lang, "undo.stale.none")
    if entry.undone_by is not None:
        return t(lang, "undo.stale.done", id=entry.id or 0, by=entry.undone_by)
    if hours <= 0 or (now or datetime.now(UTC)) >= expires(entry, hours):
        return t(lang, "undo.stale.expired", id=entry.id or 0, hours=f"{hours:g}")
    if entry.user_id != user_id and role is not Role.ADMIN:
        return t(lang, "undo.stale.other", id=entry.id or 0,
                 who=entry.user_name or str(entry.user_id))
    inverse = CATALOG.get(entry.undo.action)
    if inverse is None:
        return t(lang, "undo.stale.none")
    steps = [(action, step.args) for step in (entry.undo, *entry.undo.also)
             if (action := CATALOG.get(step.action)) is not None]
    decision = decide_steps(role, steps)  # the Undo, and what puts its sides back
    if decision is not None and not decision.allowed:
        return t(lang, "undo.stale.role", role=role_name(role, lang),
                 needed=needed_role(decision.danger, lang))
    return None
