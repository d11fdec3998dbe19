"""The glance and a card's numbers as a rich message's tables (Bot API 10.1): the same
figures `bot.render.figures` draws as phone blocks, kept as data (`NumbersTable`) so that a
stored result draws them again when its buttons redraw it."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from bot.explore import periods
from bot.explore.figures import SHOWN, CardNumbers, Glance, Named
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.render.figures import (
    CARD_OFFERS,
    CARD_STREAMS,
    LIST_METRICS,
    STATE_MARK,
    change_text,
    context_line,
    span_text,
)
from bot.render.labels import metric_label
from bot.render.report import fmt_metric
from bot.render.rich import Block, Cell, Markup, Paragraph, Table, to_html
from bot.render.text import shorten, strip_invisible

NAME = 24  # characters of a name in a table


class NumbersTable(BaseModel):
    """A table of figures: `title` (HTML) over it, a header row, rows whose first cell names
    them (plain text), `note` (HTML) under it. Without rows: the title and note alone."""

    title: str = ""
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    note: str = ""


def blocks(tables: Sequence[NumbersTable]) -> list[Block]:
    """The tables as rich blocks: figures right-aligned, the first column left."""
    out: list[Block] = []
    for table in tables:
        if table.title:
            out.append(Paragraph(Markup(table.title)))
        if table.rows:
            out.append(Table(
                rows=tuple((Cell(row[0], "left"), *(Cell(c, "right") for c in row[1:]))
                           for row in table.rows),
                header=(Cell(table.header[0], "left"),
                        *(Cell(c, "right") for c in table.header[1:])) if table.header else None))
        if table.note:
            out.append(Paragraph(Markup(table.note)))
    return out


def _named(items: Sequence[Named], lang: str, *, numbered: bool = False) -> NumbersTable:
    rows = []
    for n, item in enumerate(items, 1):
        label = " ".join(strip_invisible(item.name).split()) or "—"
        if item.state is not None:
            label = f"{STATE_MARK.get(item.state, '·')} #{item.key} {shorten(label, NAME)}"
            if item.weight is not None:
                label += f" ⚖{item.weight:g}"
        else:
            label = (f"{n}. " if numbered else "") + shorten(label, NAME)
        rows.append([label, *(fmt_metric(m, item.figures.get(m)) for m in LIST_METRICS)])
    return NumbersTable(header=["", *(metric_label(m, lang) for m in LIST_METRICS)], rows=rows)


def glance_tables(glance: Glance, lang: str) -> list[NumbersTable]:
    """The glance as tables: each metric now and how it moved, then the campaigns losing
    and making most."""
    if glance.error is not None:
        return [NumbersTable(note=t(lang, "glance.failed",
                                    reason=detail_text(glance.error, lang)))]
    changes = glance.changes()
    before = t(lang, "glance.vs_same_hours" if glance.so_far else "glance.vs_before")
    notes = [t(lang, "glance.no_before") if glance.before is None else
             t(lang, "glance.before_span", span=span_text(*glance.before_span))]
    if glance.now.empty:
        notes.append(t(lang, "glance.no_traffic"))
    tables = [NumbersTable(
        header=["", periods.label(glance.period, lang), before],
        rows=[[metric_label(m, lang), fmt_metric(m, glance.now.get(m)),
               change_text(m, changes[m], lang)] for m in SHOWN],
        note="\n".join(notes))]
    for key, items in (("glance.losers", glance.losers), ("glance.winners", glance.winners)):
        if items:
            tables.append(_named(items, lang).model_copy(update={"title": t(lang, key)}))
    return tables


def card_tables(numbers: CardNumbers, lang: str) -> list[NumbersTable]:
    """A card's numbers as tables: today, yesterday and 7 days by metric (the period the
    card was opened for under it), a campaign's streams and offers today."""
    if numbers.error is not None:
        return [NumbersTable(note=t(lang, "card.numbers_failed",
                                    reason=detail_text(numbers.error, lang)))]
    context = "\n".join(to_html(context_line(p.period, p.figures, lang))
                        for p in numbers.periods[3:])
    tables = [NumbersTable(
        header=["", *(periods.label(p.period, lang) for p in numbers.periods[:3])],
        rows=[[metric_label(m, lang), *(fmt_metric(m, p.figures.get(m))
                                        for p in numbers.periods[:3])] for m in SHOWN],
        note=context)]
    for key, items, most, numbered in (("card.streams_today", numbers.streams, CARD_STREAMS,
                                        False),
                                       ("card.offers_today", numbers.offers, CARD_OFFERS, True)):
        if not items:
            continue
        table = _named(items[:most], lang, numbered=numbered)
        more = t(lang, "alert.more", count=len(items) - most) if len(items) > most else ""
        tables.append(table.model_copy(update={"title": t(lang, key), "note": more}))
    return tables
