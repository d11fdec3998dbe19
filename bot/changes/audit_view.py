"""The journal as /audit shows it: who (by id and name: a Telegram name is anyone's to set),
what, the state before, what was seen after, and the Undo where there still is one.

The journal keeps what the tracker returned (an Undo is built from it); everything it holds
is scrubbed here, where it is shown: secret fields masked whole, the bot's own secrets and
URL logins masked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import html

from bot.changes.undo_gate import expires, open_for
from bot.changes.values import entity_name, label, shown
from bot.i18n import has, t
from bot.keitaro.catalog import CATALOG
from bot.keitaro.masking import Redactor, mask_fields
from bot.render.data import item_title
from bot.render.labels import entity_noun
from bot.render.text import BUDGET, fit_pre, pretty_json, utf16_len
from bot.storage.audit import AuditEntry

OUTCOME_MARKS = {"ok": "✅", "failed": "❌", "pending": "⏳", "uncertain": "❓",
                 "interrupted": "⛔", "refused": "🚫"}
CHANGED_SHOWN = 3  # fields of a change named on its line of the list


def mark_of(entry: AuditEntry) -> str:
    """The journal's outcome; for a write that went through, what its read back showed."""
    if entry.outcome == "ok" and entry.verified:
        return entry.verified
    return OUTCOME_MARKS.get(entry.outcome, "•")


def saved_before(entry: AuditEntry) -> bool:
    """The entry holds the state before (not only why it could not be read)."""
    snapshot = entry.snapshot
    if isinstance(snapshot, dict) and set(snapshot) == {"error"}:
        return False
    return snapshot is not None


def who(entry: AuditEntry) -> str:
    name = entry.user_name.strip() or "?"
    return f"{html.quote(name)} (id <code>{entry.user_id}</code>)"


def scrubbed(value: Any, redactor: Redactor | None = None) -> Any:
    """A journal value as it may be shown."""
    redactor = redactor or Redactor()
    return redactor.value(mask_fields(redactor.unseal(value)))


def before_lines(entry: AuditEntry, lang: str, limit: int = CHANGED_SHOWN,
                 redactor: Redactor | None = None) -> list[str]:
    """The fields the change sent, as they were before it (the saved state)."""
    snapshot, body = scrubbed(entry.snapshot, redactor), entry.body
    if not isinstance(snapshot, dict) or ("error" in snapshot and len(snapshot) == 1):
        return []
    action = CATALOG.get(entry.action)
    sent = body if isinstance(body, dict) else {}
    names = [k for k in sent if k in snapshot][:limit]
    if action is None or not names:
        return []
    parts = [f"{html.quote(label(action, n, lang))}: {html.quote(shown(snapshot[n], 30))}"
             for n in names]
    return [t(lang, "audit.before", fields="; ".join(parts))]


def undo_line(entry: AuditEntry, lang: str, hours: float, now: datetime | None = None) -> str:
    prefix = t(lang, "audit.undo_of", id=entry.undo_of) + " " if entry.undo_of else ""
    if entry.undone_by is not None:
        return prefix + t(lang, "audit.undone", id=entry.undone_by)
    if entry.undo is not None and open_for(entry, hours, now):
        until = expires(entry, hours).strftime("%m-%d %H:%M")
        return prefix + t(lang, "audit.can_undo", until=until)
    if entry.undo is not None and entry.outcome == "ok":
        return prefix + t(lang, "audit.undo_expired")
    if entry.no_undo:
        return prefix + t(lang, "audit.no_undo", why=t(lang, f"audit.why.{entry.no_undo}"))
    return prefix.strip()


def _entity(entry: AuditEntry, redactor: Redactor | None) -> dict[str, Any] | None:
    """The entity the change concerns, as it was read (after, else before, else answered)."""
    for kept in (entry.after, entry.snapshot, entry.result):
        value = scrubbed(kept, redactor)
        if (isinstance(value, dict) and ("id" in value or item_title(value))
                and set(value) != {"error"}):
            return value
    return None


def what_changed(entry: AuditEntry, lang: str, redactor: Redactor | None = None) -> str:
    """`Offer «Keto DE» #7 · created`: what the change concerns, by name, and what it did
    (plain text)."""
    action = CATALOG.get(entry.action)
    group = action.group if action is not None else entry.action.split(".", 1)[0]
    noun = entity_noun(group, lang) or (CATALOG.group_title(group, lang) if action else group)
    entity = _entity(entry, redactor)
    name = entity_name(entity) if entity is not None else ""
    if not name and entry.target:
        name = entry.target.removeprefix(group).strip()
    key = f"audit.did.{action.key}" if action is not None else ""
    did = (t(lang, key, group=group) if key and has(key)
           else action.label.get(lang) if action is not None else entry.action)
    return " ".join(x for x in (noun, name) if x) + f" · {did}"


def entry_block(entry: AuditEntry, lang: str, hours: float,
                redactor: Redactor | None = None) -> str:
    lines = [f"{mark_of(entry)} <code>#{entry.id}</code> "
             f"{html.quote(entry.ts[5:16].replace('T', ' '))} · "
             f"<b>{html.quote(what_changed(entry, lang, redactor))}</b>",
             f"   👤 {who(entry)}"]
    lines += [f"   {line}" for line in before_lines(entry, lang, redactor=redactor)]
    if entry.error:
        lines.append(f"   {html.quote(entry.error[:120])}")
    if saved_before(entry) and not before_lines(entry, lang, redactor=redactor):
        lines.append(f"   {t(lang, 'audit.snapshot')}")
    undo = undo_line(entry, lang, hours)
    if undo:
        lines.append(f"   {undo}")
    return "\n".join(lines)


def list_text(entries: list[AuditEntry], lang: str, hours: float,
              redactor: Redactor | None = None) -> str:
    """The last journal entries, newest first, as many as fit one message."""
    blocks = [t(lang, "audit.title", count=len(entries))]
    for entry in entries:
        block = entry_block(entry, lang, hours, redactor)
        if utf16_len("\n".join([*blocks, block, t(lang, "audit.hint")])) > BUDGET:
            break
        blocks.append(block)
    blocks.append(t(lang, "audit.hint"))
    return "\n".join(blocks)


def detail_text(entry: AuditEntry, lang: str, hours: float,
                redactor: Redactor | None = None) -> str:
    """One entry: who, what, the request, the saved state before (and what its side effects
    touched), what was seen after; everything scrubbed as it is shown."""
    status = f" · {entry.status}" if entry.status else ""
    parts = [entry_block(entry, lang, hours, redactor),
             f"<code>{html.quote(entry.method)} {html.quote(entry.url[-200:])}</code>{status}"]
    if entry.body is not None:
        parts.append(t(lang, "audit.sent") + "\n" + _block(scrubbed(entry.body, redactor), 900))
    if saved_before(entry):
        parts.append(t(lang, "audit.state_before") + "\n"
                     + _block(scrubbed(entry.snapshot, redactor), 1400))
    else:
        parts.append(t(lang, "audit.no_state_before"))
    if entry.related:
        parts.append(t(lang, "audit.related") + "\n"
                     + _block(scrubbed(_named(entry.related), redactor), 600))
    if entry.after is not None:
        parts.append(t(lang, "audit.state_after") + "\n"
                     + _block(scrubbed(entry.after, redactor), 900))
    return "\n".join(parts)


def _named(related: Any) -> Any:
    """What side effects touched, by name (a ZIP of files as its file names)."""
    if not isinstance(related, dict):
        return related
    return {name: ({"files": value.get("names")} if isinstance(value, dict) and "zip" in value
                   else value) for name, value in related.items()}


def _block(value: Any, budget: int) -> str:
    block, _ = fit_pre(pretty_json(value), budget)
    return block


def undo_ids(entries: list[AuditEntry], hours: float, limit: int = 8) -> list[int]:
    """The entries whose Undo is still open, newest first."""
    return [e.id for e in entries if e.id is not None and open_for(e, hours)][:limit]
