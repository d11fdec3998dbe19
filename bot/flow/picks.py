"""Pick-lists: the existing entities a param (`Param.pick`) or a form's reference field
(`BodyField.ref`) may name, listed by name to be tapped instead of typed; narrowed by words
typed (`FlowData.search`), and listed under what they belong to, picked first (a stream's
campaign, a group's kind: `FlowData.pick_scope`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.changes.shares import names_of
from bot.explore.search import matches
from bot.flow.model import FlowData
from bot.keitaro.catalog import CATALOG, Param, ParamKind
from bot.keitaro.catalog.fields import BodyField
from bot.keitaro.client import KeitaroClient
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.params import parse_range
from bot.render.data import item_label, pick_label

PICK_PERIOD = "30d"  # what a pick-list from a log shows: its last 30 days
PICK_ROWS = 40


def scope_of(param: Param, flow: FlowData) -> Param | None:
    """What `param`'s pick-list is listed under and is not known yet (the campaign of a
    stream, the kind of a group): it is picked first."""
    lister = CATALOG.get(param.pick) if param.pick else None
    if lister is None:
        return None
    known = {*(k for k in flow.args if k != param.name), *flow.pick_scope}
    return next((p for p in lister.params if p.required and p.name not in known
                 and (p.pick is not None or p.kind is ParamKind.ENUM)), None)


class Picks:
    """Lists through `client`; relative dates counted from `today()` (the tracker's)."""

    def __init__(self, client: KeitaroClient, today: Callable[[], date]) -> None:
        self.client = client
        self.today = today

    async def of_param(
        self, param: Param, flow: FlowData, lang: str | None = None
    ) -> tuple[list[tuple[int | str, str]] | None, ErrorInfo | None]:
        """Existing entities to pick from (narrowed by the words typed, if any), or why they
        could not be listed. A list that needs something first (the streams of a campaign)
        lists that first: the campaigns, to pick from (`StepKind.SCOPE`)."""
        assert param.pick is not None
        lister = CATALOG[param.pick]
        names = {p.name for p in lister.params}
        args = {k: v for k, v in flow.args.items() if k in names and k != param.name}
        args.update({k: v for k, v in flow.pick_scope.items() if k in names})
        for p in lister.params:  # a log to pick from: its recent rows
            if p.kind is ParamKind.RANGE and p.name not in args:
                args[p.name] = parse_range(PICK_PERIOD, self.today())
        scope = scope_of(param, flow)
        if scope is not None:
            return await self._scope_picks(scope, flow, lang)
        if any(p.required and p.name not in args for p in lister.params):
            return None, None
        envelope = await self.client.execute(lister, args)
        if not envelope.success:
            return None, envelope.error or ErrorInfo(kind=ErrorKind.HTTP_ERROR, message="?")
        items = envelope.data if isinstance(envelope.data, list) else []
        if isinstance(envelope.data, dict) and isinstance(envelope.data.get("rows"), list):
            items = envelope.data["rows"]
        key = f"{lister.group.rstrip('s')}_id"  # a log's rows: conversion_id
        rows = [(ident, i) for i in items if isinstance(i, dict)
                and isinstance(ident := i.get("id", i.get(key)), int)
                and i.get("state") != "deleted"]
        picks: list[tuple[int | str, str]] = []
        for ident, item in rows:
            label = pick_label(item, key, lang=lang)
            # typed words find a row by its label, or by the tracker's own words in it (a
            # status typed as the code, `lead`, where the label says «лид»)
            if not flow.search or matches(label, flow.search) or (
                    lang and matches(pick_label(item, key), flow.search)):
                picks.append((ident, label))
        return picks[:PICK_ROWS] or None, None

    async def _scope_picks(self, scope: Param, flow: FlowData, lang: str | None = None
                           ) -> tuple[list[tuple[int | str, str]] | None, ErrorInfo | None]:
        """What a pick-list is listed under, to pick first: the entities of `scope`'s own
        pick-list (campaigns), or the values of an enum (a group's kind)."""
        if scope.kind is ParamKind.ENUM:
            choices = await self.client.choices(scope)
            picks: list[tuple[int | str, str]] = [(c, c) for c in choices]
        else:
            found, error = await self.of_param(scope, FlowData(action=flow.action,
                                                               search=flow.search), lang)
            if found is None:
                return None, error
            picks = found
        if flow.search and scope.kind is ParamKind.ENUM:
            picks = [p for p in picks if matches(p[1], flow.search)]
        return picks or None, None

    async def of_field(self, field: BodyField) -> list[tuple[int, str]] | None:
        """The entities a reference field may name, by name (None: not listed)."""
        return (await self.named(field))[0]

    async def ids(self, field: BodyField) -> set[int] | None:
        """The ids of the entities a reference field may name (None: not listed)."""
        listed, _ = await self.named(field)
        return {ident for ident, _ in listed} if listed is not None else None

    async def named(self, field: BodyField
                    ) -> tuple[list[tuple[int, str]] | None, dict[int, str]]:
        """`of_field`'s list, and the entities' names by id (`Keto DE`)."""
        lister = CATALOG.get(field.ref) if field.ref else None
        if lister is None:
            return None, {}
        envelope = await self.client.execute(lister, dict(field.ref_args))
        items = envelope.data if envelope.success and isinstance(envelope.data, list) else []
        return [(int(i["id"]), item_label(i, 30)) for i in items
                if isinstance(i, dict) and isinstance(i.get("id"), int)] or None, names_of(items)
