"""A preview as a rich message (Bot API 10.1): its title as a heading, the change as a table
(field, before, after; added items marked +, removed ones − and struck through, changed ones
~), what else the tracker changes and how to confirm under it. The plain message keeps the
preview's lines (`bot.changes.preview`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.i18n import t
from bot.render.rich import Block, Cell, Divider, Doc, Heading, Markup, Table, doc, from_markup


def change_table(rows: Sequence[tuple[str, str, str]], lang: str) -> Table:
    """The change's rows under a header row (field, before, after)."""
    return Table(header=(Cell(t(lang, "preview.col_field")), Cell(t(lang, "preview.col_before")),
                         Cell(t(lang, "preview.col_after"))),
                 rows=tuple((Cell(f), Cell(b or "—"), Cell(a or "—")) for f, b, a in rows))


def preview_doc(head: Sequence[str], lines: Sequence[str], tail: Sequence[str], lang: str, *,
                rows: Sequence[tuple[str, str, str]], tabled: Collection[str],
                note: str | None = None) -> Doc:
    """The preview's blocks: `head` (HTML lines, the first a heading), `lines` with those in
    `tabled` drawn once as the table of `rows` where the first of them stood, `note` (HTML)
    after them, then `tail`."""
    body: list[Block] = []
    drawn = False
    for line in lines:
        if line in tabled and rows:
            if not drawn:
                body.append(change_table(rows, lang))
                drawn = True
            continue
        body += from_markup(line)
    if rows and not drawn:
        body.append(change_table(rows, lang))
    title, *rest = head or [""]
    return doc(Heading(Markup(title)), [b for part in rest for b in from_markup(part)], body,
               from_markup(note) if note else None, Divider(),
               [b for part in tail for b in from_markup(part)])
