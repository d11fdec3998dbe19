"""Pick-lists: the existing entities a param (`Param.pick`) or a form's reference field
(`BodyField.ref`) may name, listed by name to be tapped instead of typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.flow.model import FlowData
from bot.keitaro.catalog import CATALOG, Param, ParamKind
from bot.keitaro.catalog.fields import BodyField
from bot.keitaro.client import KeitaroClient
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.params import parse_range
from bot.render.data import item_label, pick_label

PICK_PERIOD = "30d"  # what a pick-list from a log shows: its last 30 days
PICK_ROWS = 40


class Picks:
    """Lists through `client`; relative dates counted from `today()` (the tracker's)."""

    def __init__(self, client: KeitaroClient, today: Callable[[], date]) -> None:
        self.client = client
        self.today = today

    async def of_param(
        self, param: Param, flow: FlowData
    ) -> tuple[list[tuple[int, str]] | None, ErrorInfo | None]:
        """Existing entities to pick from, or why they could not be listed."""
        assert param.pick is not None
        lister = CATALOG[param.pick]
        names = {p.name for p in lister.params}
        args = {k: v for k, v in flow.args.items() if k in names}
        for p in lister.params:  # a log to pick from: its recent rows
            if p.kind is ParamKind.RANGE and p.name not in args:
                args[p.name] = parse_range(PICK_PERIOD, self.today())
        if any(p.required and p.name not in args for p in lister.params):
            return None, None
        envelope = await self.client.execute(lister, args)
        if not envelope.success:
            return None, envelope.error or ErrorInfo(kind=ErrorKind.HTTP_ERROR, message="?")
        items = envelope.data if isinstance(envelope.data, list) else []
        if isinstance(envelope.data, dict) and isinstance(envelope.data.get("rows"), list):
            items = envelope.data["rows"]
        key = f"{lister.group.rstrip('s')}_id"  # a log's rows: conversion_id
        picks = [(ident, pick_label(i, key)) for i in items if isinstance(i, dict)
                 and isinstance(ident := i.get("id", i.get(key)), int)]
        return picks[:PICK_ROWS] or None, None

    async def of_field(self, field: BodyField) -> list[tuple[int, str]] | None:
        """The entities a reference field may name, by name (None: not listed)."""
        lister = CATALOG.get(field.ref) if field.ref else None
        if lister is None:
            return None
        envelope = await self.client.execute(lister, dict(field.ref_args))
        items = envelope.data if envelope.success and isinstance(envelope.data, list) else []
        return [(int(i["id"]), item_label(i, 30)) for i in items
                if isinstance(i, dict) and isinstance(i.get("id"), int)] or None
