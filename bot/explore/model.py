"""Where a person stands while exploring: a report's scope, grouping and period, or a card's.

Kept with the stored result it belongs to (`StoredResult.explore`), so its buttons carry only
the result's id and what to do (`ExploreCB`). A scope is the filters the person added by
taps or typed (`campaign=2 country=DE`), each with the name it is shown by; a custom
report's own JSON stays as it was sent.
"""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from bot.explore import periods
from bot.explore.dims import DIMS, Dim, dim_of_grouping
from bot.i18n import t
from bot.keitaro.catalog import CATALOG
from bot.keitaro.catalog.entries.reports import METRICS as REPORT_METRICS
from bot.render.report import row_label
from bot.render.text import shorten

METRICS = list(REPORT_METRICS)  # what an explored report asks for: the ready-made ones' metrics
DEFAULT_SORT = [{"name": "revenue", "order": "DESC"}]  # the ready-made reports' order
CRUMB = 24  # characters of one name in a breadcrumb
SEP = " › "


class Kind(StrEnum):
    REPORT = "report"  # a report; its rows open their cards
    CARD = "card"  # an entity's or a slice's card: numbers, drill-downs
    PICK = "pick"  # a report whose rows become a filter of another (`then`)
    GLANCE = "glance"  # the money of a period and the campaigns losing and making most


class Slice(BaseModel):
    """One filter: `column` EQUALS `value` (IN_LIST `values` when several were typed),
    shown as `label`."""

    dim: str
    column: str
    value: str | int | float
    label: str
    values: list[str] = Field(default_factory=list)

    def filter(self) -> dict[str, Any]:
        if self.values:
            return {"name": self.column, "operator": "IN_LIST", "expression": self.values}
        return {"name": self.column, "operator": "EQUALS", "expression": self.value}

    @property
    def entity(self) -> tuple[str, int] | None:
        """(group, id) when the slice is one entity."""
        dim = DIMS.get(self.dim)
        if dim is None or dim.group is None or self.column != dim.key:
            return None
        try:
            return dim.group, int(self.value)
        except (TypeError, ValueError):
            return None


class Link(BaseModel):
    """A button a card offers beyond its drill-downs: an offer of a campaign, a pause."""

    op: str  # an ExploreOp value, or "get" (the card of `arg`: `offers:5`)
    arg: str
    label: str
    name: str = ""  # what it is called in a breadcrumb


class Explore(BaseModel):
    kind: Kind = Kind.REPORT
    scope: list[Slice] = Field(default_factory=list)
    dim: str | None = None  # the grouping; None: the custom `body`'s own
    period: str = "today"
    body: dict[str, Any] | None = None  # a custom report's body, without its range
    action: str | None = None  # the catalog report it came from (its name in a breadcrumb)
    then: str | None = None  # a pick: the grouping shown once a value is picked
    names: dict[str, str] = Field(default_factory=dict)  # sub_id_3 → what the campaign calls it
    links: list[Link] = Field(default_factory=list)  # a card's own buttons

    @property
    def grouping(self) -> Dim | None:
        """The dimension of the rows, when it is one the bot knows."""
        if self.dim is not None:
            return DIMS.get(self.dim)
        grouping = (self.body or {}).get("grouping") or (self.body or {}).get("dimensions")
        return dim_of_grouping([str(g) for g in grouping]) if isinstance(grouping,
                                                                        list) else None

    def taken(self) -> set[str]:
        return {s.dim for s in self.scope}

    def with_(self, **changes: Any) -> Explore:
        return self.model_copy(update=changes, deep=True)

    def body_for(self, limit: int) -> dict[str, Any]:
        """The `report/build` body (without its range): the grouping's columns, or the
        custom body, with the scope's filters added."""
        if self.dim is not None:
            dim = DIMS[self.dim]
            body: dict[str, Any] = {"grouping": dim.grouping, "metrics": list(METRICS),
                                    "sort": copy.deepcopy(DEFAULT_SORT), "summary": True,
                                    "limit": limit}
        else:
            body = copy.deepcopy(self.body or {})
            body.setdefault("summary", True)
        filters = [f for f in body.get("filters") or [] if isinstance(f, dict)]
        body["filters"] = filters + [s.filter() for s in self.scope]
        if not body["filters"]:
            del body["filters"]
        return body

    def dim_name(self, dim: str, lang: str) -> str:
        """`by offer`; a sub id by the name its campaign gives it (`sub_id_2 · placement`)."""
        if dim in self.names:
            return t(lang, "explore.by_sub", sub=dim, name=self.names[dim])
        return t(lang, f"explore.by_{dim}") if dim in DIMS and not dim.startswith(
            "sub_id_") else t(lang, "explore.by_sub_plain", sub=dim)

    def crumbs(self, lang: str) -> str:
        """`Google DE Keto › by offer › 7 days`: the scope, the grouping, the period."""
        parts = [shorten(s.label, CRUMB) for s in self.scope]
        if self.kind is Kind.PICK and self.then:
            parts.append(t(lang, "explore.pick_crumb", dim=self.dim_name(self.dim or "",
                                                                          lang)))
        elif self.kind is not Kind.CARD:
            if self.dim is not None:
                parts.append(self.dim_name(self.dim, lang))
            elif self.action is not None and (source := CATALOG.get(self.action)):
                parts.append(source.label.get(lang))
            elif self.body is not None:
                parts.append(t(lang, "explore.custom"))
        parts.append(periods.label(self.period, lang))
        return SEP.join(parts)

    def row_slice(self, row: dict[str, Any], lang: str) -> Slice | None:
        """The filter a report row stands for (its key, else its shown value)."""
        dim = self.grouping
        if dim is None:
            return None
        column = dim.key if row.get(dim.key) not in (None, "") else dim.label
        value = row.get(column)
        if value in (None, "") or isinstance(value, bool | dict | list):
            return None
        if dim.entity and column == dim.key and str(value) in ("0", "0.0"):
            return None  # clicks of no offer, no landing: nothing to filter on
        label = row_label(row, [dim.label], lang)
        if dim.name.startswith("sub_id_"):
            label = f"{self.names.get(dim.name, dim.name)}={label}"
        return Slice(dim=dim.name, column=column, value=value, label=label)
