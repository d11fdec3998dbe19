"""One catalog action on its way to the tracker, as the mechanisms get it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.keitaro import rmw
from bot.keitaro.catalog import Action
from bot.keitaro.envelope import Envelope
from bot.keitaro.params import InputError
from bot.keitaro.request import PreparedRequest
from bot.keitaro.transport import Transport
from bot.settings import KeitaroSettings
from bot.storage.locks import SharedLock


class Client(Protocol):
    """What the mechanisms use of `bot.keitaro.client.KeitaroClient`."""

    settings: KeitaroSettings
    locks: SharedLock
    transport: Transport

    def prepare(self, action: Action, args: dict[str, Any], *,
                tracker_values: bool = False) -> PreparedRequest: ...

    def refused(self, action: Action, exc: InputError) -> Envelope: ...

    async def send(self, prepared: PreparedRequest, *, action: Action | None = None,
                   resource: str | None = None, operation: str | None = None,
                   idempotent: bool | None = None) -> Envelope: ...

    async def call(self, method: str, path: str, *, query: dict[str, str] | None = None,
                   json: Any = None, resource: str = "raw", operation: str = "call"
                   ) -> Envelope: ...

    async def dispatch(self, action: Action, args: dict[str, Any], *,
                       request: PreparedRequest | None = None, expect: str | None = None,
                       watch: rmw.Watch | None = None,
                       tracker_values: bool = False) -> Envelope: ...


@dataclass(frozen=True)
class Call:
    """The action, its arguments and the request built from them, once (`planned`: built
    from a planned change and carried to here, sent as it is); what the caller asked for
    besides: the arrays' fingerprint as previewed (`expect`), the arrays a write replaces
    (`watch`), whether the values are the tracker's own (`tracker_values`, an Undo)."""

    client: Client
    action: Action
    args: dict[str, Any]
    request: PreparedRequest
    expect: str | None = None
    watch: rmw.Watch | None = None
    tracker_values: bool = False
    planned: bool = False

    @property
    def resource(self) -> str:
        return self.action.group

    @property
    def operation(self) -> str:
        return self.action.key
