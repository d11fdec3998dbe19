"""Running catalog actions on behalf of a user: writes are journaled before and after.

A write is read first (its state before goes into the journal entry), sent, read back (what
was seen becomes the outcome's mark and lines), and its Undo is worked out from the two
reads and kept with the entry (`bot.changes`). An Undo is itself a write, journaled as the
Undo of its entry, which it claims first so that it runs once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.changes import undo
from bot.changes.kinds import reader_for
from bot.changes.outcome import FAILED, Done, Outcome, reason_values
from bot.changes.read import Seen, read
from bot.changes.values import entity_name, field_of, is_secret
from bot.changes.verify import Verifier
from bot.keitaro.catalog import Action, Danger, needed_danger
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope, RequestInfo
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.masking import MASK, mask_fields
from bot.keitaro.params import InputError
from bot.settings import ChangesSettings
from bot.storage.audit import AuditEntry, AuditJournal, UndoStep, now_iso
from bot.storage.audit import Outcome as JournalOutcome
from bot.storage.sqlite import StorageBusy

log = logging.getLogger("bot.runner")

EXCERPT_KEYS = ("id", "name", "login", "alias", "state", "count", "success", "response")


def excerpt(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: data[k] for k in EXCERPT_KEYS if k in data} or {"keys": len(data)}
    if isinstance(data, list):
        return {"items": len(data)}
    return data


class ActionRunner:
    """Executes actions through the client; every write is in the journal first."""

    def __init__(self, client: KeitaroClient, audit: AuditJournal,
                 changes: ChangesSettings | None = None) -> None:
        self.client = client
        self.audit = audit
        self.changes = changes or ChangesSettings()
        self.verifier = Verifier(client, postback_seconds=self.changes.postback_confirm_seconds)

    async def run(
        self,
        action: Action,
        args: dict[str, Any],
        *,
        user_id: int,
        user_name: str = "",
        chat_id: int | None = None,
    ) -> Envelope:
        """Run a read, or a write (`change`) of which only the tracker's answer is wanted."""
        if action.danger is Danger.READ:
            return await self.client.execute(action, args)
        done = await self.change(action, args, user_id=user_id, user_name=user_name,
                                 chat_id=chat_id)
        return done.envelope

    def kept(self, action: Action, data: Any) -> Any:
        """Tracker data as the journal may keep it: secrets masked (by name and by the
        catalog's secret fields), known secret values scrubbed."""
        if isinstance(data, dict):
            data = {k: MASK if v not in (None, "") and is_secret(field_of(action.fields, k), k)
                    else v for k, v in data.items()}
        return self.client.redactor.value(mask_fields(data))

    async def change(
        self,
        action: Action,
        args: dict[str, Any],
        *,
        user_id: int,
        user_name: str = "",
        chat_id: int | None = None,
        lang: str = "en",
        expect: str | None = None,
        undo_of: int | None = None,
    ) -> Done:
        """Make a write: read before, journal, send, read back, work out the Undo.

        `expect` is the fingerprint of the array a read-modify-write was previewed on (the
        client refuses to write when it changed since); `undo_of` the journal entry this
        write undoes (claimed first: a second Undo of it is refused)."""
        try:
            prepared = self.client.prepare(action, args)
        except InputError:
            refused = await self.client.execute(action, args)  # the refusal, nothing sent
            return Done(refused, Outcome(FAILED))
        before = await read(self.client, reader_for(action, args))
        entry = AuditEntry(
            ts=now_iso(),
            user_id=user_id,
            user_name=user_name,
            chat_id=chat_id,
            action=action.id,
            danger=needed_danger(action, args).value,
            method=prepared.method,
            url=self.client.redactor(prepared.masked_url),
            body=self.client.redactor.value(mask_fields(prepared.body))
            if prepared.has_body else None,
            snapshot=self._snapshot(action, before),
            target=self._target(action, args, before),
            undo_of=undo_of,
        )
        entry_id = await self.audit.begin(entry)
        if undo_of is not None and not await self.audit.claim_undo(undo_of, entry_id):
            envelope = _refusal(action, "undo_taken", entry=undo_of)
            await self.audit.finish(entry_id, outcome="refused", error="already undone")
            return Done(envelope, Outcome(FAILED), entry_id)
        try:
            envelope = await self.client.execute(action, args, expect=expect)
        except asyncio.CancelledError:
            await asyncio.shield(self.audit.finish(
                entry_id, outcome="interrupted", error="cancelled while the request was sent"))
            raise
        outcome: JournalOutcome = "ok"
        if not envelope.success:
            assert envelope.error is not None
            outcome = "uncertain" if envelope.error.uncertain else "failed"
            if envelope.attempts == 0 or envelope.error.kind is ErrorKind.CHANGED:
                outcome = "refused"
        verified = await self.verifier.verify(action, args, envelope, before, lang)
        step: UndoStep | str | None = None
        if envelope.success:
            step = undo.step(action, args, before, verified.after, envelope.data)
            if isinstance(step, UndoStep) and self.client.redactor.value(step.args) != step.args:
                step = "secret"  # an Undo that would carry a secret is not kept
        try:
            await self.audit.finish(
                entry_id,
                outcome=outcome,
                status=envelope.status,
                error=envelope.error.message if envelope.error else None,
                result=self.client.redactor.value(mask_fields(excerpt(envelope.data))),
                after=self._snapshot(action, verified.after) if verified.after else None,
                verified=verified.outcome.mark,
                undo=step if isinstance(step, UndoStep) else None,
                no_undo=step if isinstance(step, str) else None,
            )
            if undo_of is not None and outcome in ("failed", "refused"):
                await self.audit.release_undo(undo_of, entry_id)
        except StorageBusy:  # the write was sent: its reply matters more than its journal line
            log.warning("journal entry #%d could not be finished (storage busy): it stays "
                        "pending and is marked interrupted later", entry_id)
        return Done(envelope, verified.outcome, entry_id,
                    undo=step if isinstance(step, UndoStep) else None,
                    no_undo=step if isinstance(step, str) else None,
                    reason_values=reason_values(
                        args.get("data"), before.data if before is not None else None))

    def _snapshot(self, action: Action, seen: Seen | None) -> Any:
        """The entity as read, for the journal (and /audit): masked; the error if any."""
        if seen is None:
            return None
        if not seen.ok:
            return {"error": seen.error or "unknown"}
        return self.kept(action, seen.data)

    def _target(self, action: Action, args: dict[str, Any], before: Seen | None) -> str | None:
        data = before.data if before is not None and before.ok else None
        name = entity_name(data) if isinstance(data, dict) else ""
        if not name:
            ident = next((args[p.name] for p in action.params if p.name in args
                          and p.kind.value == "id"), None)
            name = f"#{ident}" if ident is not None else ""
        return self.client.redactor(f"{action.group} {name}".strip()) if name else None


def _refusal(action: Action, code: str, **details: Any) -> Envelope:
    """An envelope for a write the runner refused before sending anything."""
    error = ErrorInfo(kind=ErrorKind.INVALID_INPUT, message=code, body={"code": code, **details})
    return Envelope(request=RequestInfo(url=action.path, method=action.method, headers={}),
                    resource=action.group, operation=action.key, success=False, error=error,
                    attempts=0)
