"""Running catalog actions on behalf of a user: writes are journaled before and after."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.keitaro.catalog import CATALOG, Action, Danger, needed_danger
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.masking import mask_fields
from bot.keitaro.params import InputError
from bot.storage.audit import AuditEntry, AuditJournal, Outcome, now_iso

EXCERPT_KEYS = ("id", "name", "login", "alias", "state", "count", "success", "response")


def excerpt(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: data[k] for k in EXCERPT_KEYS if k in data} or {"keys": len(data)}
    if isinstance(data, list):
        return {"items": len(data)}
    return data


class ActionRunner:
    """Executes actions through the client; every write is in the journal first."""

    def __init__(self, client: KeitaroClient, audit: AuditJournal) -> None:
        self.client = client
        self.audit = audit

    async def run(
        self,
        action: Action,
        args: dict[str, Any],
        *,
        user_id: int,
        user_name: str = "",
        chat_id: int | None = None,
    ) -> Envelope:
        if action.danger is Danger.READ:
            return await self.client.execute(action, args)
        try:
            prepared = self.client.prepare(action, args)
        except InputError:
            return await self.client.execute(action, args)  # the refusal envelope, nothing sent
        snapshot = await self._snapshot(action, args)
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
            snapshot=snapshot,
        )
        entry_id = await self.audit.begin(entry)
        try:
            envelope = await self.client.execute(action, args)
        except asyncio.CancelledError:
            await asyncio.shield(self.audit.finish(
                entry_id, outcome="interrupted", error="cancelled while the request was sent"))
            raise
        outcome: Outcome = "ok"
        if not envelope.success:
            assert envelope.error is not None
            outcome = "uncertain" if envelope.error.uncertain else "failed"
            if envelope.attempts == 0:
                outcome = "refused"
        await self.audit.finish(
            entry_id,
            outcome=outcome,
            status=envelope.status,
            error=envelope.error.message if envelope.error else None,
            result=self.client.redactor.value(mask_fields(excerpt(envelope.data))),
        )
        return envelope

    async def _snapshot(self, action: Action, args: dict[str, Any]) -> Any:
        """Read the entity as it is before an update or delete, so it can be restored by hand."""
        if not action.snapshot:
            return None
        reader = CATALOG[f"{action.group}.{action.snapshot}"]
        names = {p.name for p in reader.params}
        envelope = await self.client.execute(reader, {k: v for k, v in args.items() if k in names})
        if envelope.success:
            return self.client.redactor.value(mask_fields(envelope.data))
        return {"error": envelope.error.message if envelope.error else "unknown"}
