"""Running catalog actions on behalf of a user: writes are journaled before and after.

A write is planned (read first: its state before, and what its side effects touch, go into
the journal entry as the tracker returned them), sent, read back (what was seen becomes the
outcome's mark and lines), and its Undo is worked out from the two reads and kept with the
entry (`bot.changes`). An Undo is itself a write, journaled as the Undo of its entry, which
it claims first so that it runs once; the steps that put its side effects back follow it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import html

from bot.changes import undo
from bot.changes.outcome import FAILED, Done, Outcome, overall
from bot.changes.permission import Decision
from bot.changes.plan import plan
from bot.changes.read import Seen
from bot.changes.values import entity_name
from bot.changes.verify import Verifier
from bot.keitaro.catalog import CATALOG, Action, Danger
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope, RequestInfo
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.masking import mask_fields
from bot.keitaro.params import InputError
from bot.keitaro.request import PreparedRequest
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
        request: PreparedRequest | None = None,
    ) -> Envelope:
        """Run a read (with the `request` built from `args`, when it was), or a write
        (`change`) of which only the tracker's answer is wanted."""
        if action.danger is Danger.READ:
            return await self.client.execute(action, args, request=request)
        done = await self.change(action, args, user_id=user_id, user_name=user_name,
                                 chat_id=chat_id)
        return done.envelope

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
        request: PreparedRequest | None = None,
        permit: Decision | None = None,
    ) -> Done:
        """Make a write: plan it (read before), journal, send, read back, work out the Undo.

        `request` is the request the preview showed, built once from `args` (the change is
        planned again, its request is not built again: it is sent as it is); `expect` the
        fingerprint of the arrays the change was previewed on (the client re-reads them
        under the shared lock and writes nothing when they changed since); `permit` the
        permission decided at Confirm (`bot.changes.permission`): a change that amounts to
        more now, or whose arguments the tracker's data now completes otherwise, is not sent
        (the tracker moved on, the person sees the new preview); `undo_of` the journal
        entry this write undoes (claimed first: a second Undo of it is refused; its values
        are the tracker's own, and the steps that put its side effects back follow it)."""
        trusted = undo_of is not None
        try:
            if request is None:
                self.client.check(action, args, tracker_values=trusted)
            planned = await plan(self.client, action, args, tracker_values=trusted,
                                 request=request)
        except InputError as exc:
            return Done(_refusal(action, exc.code, **exc.details), Outcome(FAILED))
        if planned.moved or (permit is not None and not permit.covers(planned)):
            return Done(_refusal(action, "changed", kind=ErrorKind.CHANGED), Outcome(FAILED))
        prepared = planned.request
        assert prepared is not None
        before = planned.before
        entry = AuditEntry(
            ts=now_iso(),
            user_id=user_id,
            user_name=user_name,
            chat_id=chat_id,
            action=action.id,
            danger=planned.effect.danger.value,
            method=prepared.method,
            url=self.client.redactor(prepared.masked_url),
            body=self.client.redactor.value(mask_fields(prepared.body))
            if prepared.has_body else None,
            snapshot=self._kept(_snapshot(before)),
            related=self._kept({name: _snapshot(seen) for name, seen in planned.related.items()}
                               ) or None,
            target=self._target(action, planned.args, before),
            undo_of=undo_of,
        )
        entry_id = await self.audit.begin(entry)
        if undo_of is not None and not await self.audit.claim_undo(undo_of, entry_id):
            envelope = _refusal(action, "undo_taken", entry=undo_of)
            await self.audit.finish(entry_id, outcome="refused", error="already undone")
            return Done(envelope, Outcome(FAILED), entry_id)
        try:
            envelope = await self.client.execute(action, planned.args, request=prepared,
                                                 expect=expect, watch=planned.watch,
                                                 tracker_values=trusted)
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
        verified = await self.verifier.verify(planned, envelope, lang)
        step: UndoStep | str | None = None
        said = verified.outcome
        if envelope.success:
            step = undo.step(planned, verified.after, envelope.data)
            if undo_of is not None:
                said = await self._also(undo_of, said, lang)
        try:
            await self.audit.finish(
                entry_id,
                outcome=outcome,
                status=envelope.status,
                error=envelope.error.message if envelope.error else None,
                result=self.client.redactor.value(mask_fields(excerpt(envelope.data))),
                after=self._kept(_snapshot(verified.after)),
                verified=said.mark,
                undo=UndoStep.model_validate(self._kept(step.model_dump()))
                if isinstance(step, UndoStep) else None,
                no_undo=step if isinstance(step, str) else None,
            )
            if undo_of is not None and outcome in ("failed", "refused"):
                await self.audit.release_undo(undo_of, entry_id)
        except StorageBusy:  # the write was sent: its reply matters more than its journal line
            log.warning("journal entry #%d could not be finished (storage busy): it stays "
                        "pending and is marked interrupted later", entry_id)
        return Done(envelope, said, entry_id,
                    undo=step if isinstance(step, UndoStep) else None,
                    no_undo=step if isinstance(step, str) else None,
                    reason_values=planned.kind.reason_values(planned))

    async def _also(self, undo_of: int, said: Outcome, lang: str) -> Outcome:
        """After an Undo's own change: the changes that put its side effects back (each
        domain's default campaign), each read back; their lines follow the Undo's."""
        original = await self.audit.get(undo_of)
        steps = original.undo.also if original is not None and original.undo else []
        steps = [UndoStep.model_validate(self.client.redactor.unseal(s.model_dump()))
                 for s in steps]
        marks, lines = [said.mark], list(said.lines)
        for step in steps:
            action = CATALOG.get(step.action)
            if action is None:
                continue
            try:
                planned = await plan(self.client, action, step.args, tracker_values=True)
            except InputError as exc:  # its request cannot be built: nothing is sent
                marks.append(FAILED)
                lines += [f"{FAILED} {html.quote(action.id)}", f"   {html.quote(str(exc)[:200])}"]
                continue
            envelope = await self.client.execute(action, planned.args, request=planned.request,
                                                 tracker_values=True)
            seen = await self.verifier.verify(planned, envelope, lang)
            what = self._target(action, planned.args, planned.before) or action.id
            marks.append(seen.outcome.mark)
            lines.append(f"{seen.outcome.mark} {html.quote(what)}")
            lines += [f"   {line}" for line in seen.outcome.lines]
            if not envelope.success and envelope.error is not None:
                lines.append(f"   {html.quote(envelope.error.message[:200])}")
        return Outcome(overall(*marks), lines)

    def _kept(self, value: Any) -> Any:
        """What the journal keeps: the tracker's data as it returned it, with the bot's own
        secrets (the API and postback keys a URL may hold) sealed, not in clear."""
        return self.client.redactor.seal(value)

    def _target(self, action: Action, args: dict[str, Any], before: Seen | None) -> str | None:
        data = before.data if before is not None and before.ok else None
        name = entity_name(self.client.redactor.value(data)) if isinstance(data, dict) else ""
        if not name:
            ident = next((args[p.name] for p in action.params if p.name in args
                          and p.kind.value == "id"), None)
            name = f"#{ident}" if ident is not None else ""
        return self.client.redactor(f"{action.group} {name}".strip()) if name else None


def _snapshot(seen: Seen | None) -> Any:
    """What a read found, for the journal: the tracker's data as it returned it (the journal
    is the bot's own, 0600 or Redis: it is masked where /audit shows it), or the error."""
    if seen is None:
        return None
    if not seen.ok:
        return {"error": seen.error or "unknown"}
    return seen.data


def _refusal(action: Action, code: str, *, kind: ErrorKind = ErrorKind.INVALID_INPUT,
             **details: Any) -> Envelope:
    """An envelope for a write the runner refused before sending anything."""
    body = {"code": code, **details} if kind is ErrorKind.INVALID_INPUT else None
    error = ErrorInfo(kind=kind, message=code, body=body)
    return Envelope(request=RequestInfo(url=action.path, method=action.method, headers={}),
                    resource=action.group, operation=action.key, success=False, error=error,
                    attempts=0)
