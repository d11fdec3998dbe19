"""The envelope: what every tracker call returns, success or not."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from bot.keitaro.errors import ErrorInfo, ErrorKind, KeitaroError, own


class RequestInfo(BaseModel):
    """The request as it may be shown: URL and headers with every secret masked."""

    url: str
    method: str
    headers: dict[str, str]
    body: Any = None


class RowLimit(BaseModel):
    """A read held to `cap` rows: the limit asked for when the request was lowered to the cap
    (None: no limit, or none the tracker takes), and how many rows came when a tracker sent
    more than the cap."""

    cap: int
    asked: int | None = None
    received: int | None = None


class Envelope(BaseModel):
    request: RequestInfo
    resource: str
    operation: str
    success: bool
    status: int | None = None
    data: Any = None
    error: ErrorInfo | None = None
    attempts: int = 1
    elapsed_ms: float = 0.0
    steps: list[RequestInfo] = Field(default_factory=list)  # earlier calls of a composite action
    content: bytes | None = Field(default=None, exclude=True, repr=False)  # binary payloads
    filename: str | None = None
    row_limit: RowLimit | None = None  # the read was held to a number of rows
    # `data` as parsed from an answer whose text held no secret (`Redactor.clean_json`): while
    # `data` is that very object, scrubbing it would change nothing (not shown, not kept)
    clean_data: Any = Field(default=None, exclude=True, repr=False)

    @property
    def kind(self) -> ErrorKind | None:
        return self.error.kind if self.error else None

    def raise_for_error(self) -> Envelope:
        if self.error is not None:
            raise KeitaroError(self.error)
        return self

    def public(self) -> dict[str, Any]:
        """The envelope as JSON-ready data, in the product spec's shape."""
        return self.model_dump(mode="json", exclude_none=True, exclude={"content"})


def unsent(request: RequestInfo, resource: str, operation: str, error: ErrorInfo, *,
           steps: list[RequestInfo] | None = None) -> Envelope:
    """A request that was not sent (attempts 0: the journal records it as refused)."""
    return Envelope(request=request, resource=resource, operation=operation, success=False,
                    error=error, attempts=0, steps=steps or [])


def not_found(envelope: Envelope, detail: str, values: dict[str, Any]) -> Envelope:
    """The answer, turned into "no such thing" (an item a list or a grid does not hold), said
    by the text `detail-<detail>`."""
    envelope.success = False
    envelope.data = None
    envelope.error = own(ErrorKind.NOT_FOUND, detail, values, status=envelope.status)
    return envelope
