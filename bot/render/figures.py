"""The glance and a card's numbers on a phone: short monospace tables of at most 34
characters, changes as ▲ / ▼ with the percent (ROI in points). Reads the models of
`bot.explore.figures`; computes nothing of its own."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import html

from bot.explore import periods
from bot.explore.figures import SHOWN, CardNumbers, Change, Figures, Glance, Named
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.render.labels import metric_label
from bot.render.report import fmt_metric, metrics_block
from bot.render.text import PHONE_WIDTH, pre, shorten, strip_invisible

LIST_METRICS = ("cost", "profit", "roi")  # of a campaign in a list, a stream, an offer
STATE_MARK = {"active": "▶", "disabled": "⏸"}
CARD_STREAMS = 8  # a campaign's streams on its card, at most
CARD_OFFERS = 5  # its offers today (losing most first), at most


def change_text(metric: str, moved: Change, lang: str) -> str:
    """`▲ 12%`, `▼ 3.1 pp` (ROI moves in points), `±0%`, `new`, or `—`."""
    if moved.new:
        return t(lang, "digest.change_new")
    if moved.percent is None:
        return "—"
    if moved.percent == 0:
        return "±0%"
    arrow = "▲" if moved.percent > 0 else "▼"
    size = abs(moved.percent)
    if metric == "roi":
        return f"{arrow} {size:.1f} " + t(lang, "glance.points")
    return f"{arrow} {size:.0f}%" if size < 10_000 else f"{arrow} >9999%"


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A first column of labels and right-aligned columns after it, one space apart, in a
    <pre>; the last columns are left out while a line would be wider than a phone."""
    count = len(head)
    while count > 1:
        widths = [max(len(r[n]) for r in (head, *rows)) for n in range(count)]
        if sum(widths) + count - 1 <= PHONE_WIDTH:
            break
        count -= 1
    widths = [max(len(r[n]) for r in (head, *rows)) for n in range(count)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        return " ".join([first, *(c.rjust(w) for c, w in zip(cells[1:count], widths[1:],
                                                             strict=False))]).rstrip()

    return pre("\n".join(line(r) for r in (head, *rows)))


def span_text(start: str, end: str) -> str:
    """`2026-11-15 00:00–12:00` within a day, else `11-09 00:00 – 11-15 12:00`."""
    if start[:10] == end[:10]:
        return f"{start}–{end[11:]}"
    return f"{start[5:]} – {end[5:]}" if start[:4] == end[:4] else f"{start} – {end}"


def glance_title(glance: Glance, lang: str) -> str:
    """`📊 Today so far · 2026-11-15 00:00–12:00` (HTML)."""
    key = "glance.title_so_far" if glance.so_far else "glance.title"
    return "📊 " + t(lang, key, period=periods.label(glance.period, lang),
                     span=span_text(*glance.span))


def glance_text(glance: Glance, lang: str) -> str:
    """The money of a period, each metric against the same hours before it, then the
    campaigns losing and making the most (their buttons open their cards)."""
    if glance.error is not None:
        return t(lang, "glance.failed", reason=detail_text(glance.error, lang))
    changes = glance.changes()
    name = periods.label(glance.period, lang)
    before = t(lang, "glance.vs_same_hours" if glance.so_far else "glance.vs_before")
    rows = [[metric_label(m, lang), fmt_metric(m, glance.now.get(m)),
             change_text(m, changes[m], lang)] for m in SHOWN]
    lines = [table(["", name, before], rows)]
    if glance.before is None:
        lines.append(t(lang, "glance.no_before"))
    else:
        lines.append(t(lang, "glance.before_span", span=span_text(*glance.before_span)))
    if glance.now.empty:
        lines.append(t(lang, "glance.no_traffic"))
    if glance.losers:
        lines.append(t(lang, "glance.losers"))
        lines.append(named_block(glance.losers, lang))
    if glance.winners:
        lines.append(t(lang, "glance.winners"))
        lines.append(named_block(glance.winners, lang))
    return "\n".join(lines)


def named_block(items: Sequence[Named], lang: str, metrics: Sequence[str] = LIST_METRICS,
                *, numbered: bool = False) -> str:
    """Named rows (campaigns, streams, offers) as a report block: name over its numbers."""
    rows = []
    for n, item in enumerate(items, 1):
        label = " ".join(strip_invisible(item.name).split()) or "—"
        if item.state is not None:
            label = f"{STATE_MARK.get(item.state, '·')} #{item.key} {label}"
            if item.weight is not None:
                label = shorten(label, PHONE_WIDTH - 7) + f" ⚖{item.weight:g}"
        elif numbered:
            label = f"{n} {label}"
        rows.append((label, [item.figures.get(m) for m in metrics]))
    return metrics_block(rows, list(metrics), lang, None)


def card_lines(numbers: CardNumbers, lang: str) -> list[str]:
    """A card's numbers, HTML lines: a table of today, yesterday and 7 days (and the period
    the card was opened for, under it), streams and offers of a campaign today."""
    if numbers.error is not None:
        return [t(lang, "card.numbers_failed", reason=detail_text(numbers.error, lang))]
    head = ["", *(periods.label(p.period, lang) for p in numbers.periods[:3])]
    rows = [[metric_label(m, lang), *(fmt_metric(m, p.figures.get(m))
                                      for p in numbers.periods[:3])] for m in SHOWN]
    lines = [table(head, rows)]
    for extra in numbers.periods[3:]:
        lines.append(html.quote(context_line(extra.period, extra.figures, lang)))
    for key, items, most, numbered in (("card.streams_today", numbers.streams, CARD_STREAMS, False),
                                       ("card.offers_today", numbers.offers, CARD_OFFERS, True)):
        if not items:
            continue
        lines.append(t(lang, key))
        lines.append(named_block(items[:most], lang, numbered=numbered))
        if len(items) > most:
            lines.append(t(lang, "alert.more", count=len(items) - most))
    return lines


def context_line(period: str, figures: Figures, lang: str) -> str:
    """`30 days: cost 1 234.00 · profit 310.00 · ROI 25.1`."""
    parts = [f"{metric_label(m, lang)} {fmt_metric(m, figures.get(m))}"
             for m in ("cost", "profit", "roi")]
    return f"📅 {periods.label(period, lang)}: " + " · ".join(parts)
