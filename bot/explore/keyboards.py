"""The buttons of explored reports and cards: periods, drill-downs, filters, the trend, rows
that open their cards, a card's own items; at most two a row."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.callbacks import ExploreCB, ExploreOp, GlanceCB, GlancePeriod, RunCB
from bot.explore import periods
from bot.explore.dims import DIMS, FILTER_DIMS, next_dims
from bot.explore.model import Explore, Kind, Link
from bot.flow.keyboards import in_rows
from bot.i18n import t
from bot.keitaro.periods import preset_of
from bot.render.report import ReportPage
from bot.render.text import shorten

Button = InlineKeyboardButton
LABEL = 30  # characters of a button's label


def button(rid: str, op: ExploreOp, text: str, arg: str = "") -> Button:
    return Button(text=shorten(text, LABEL),
                  callback_data=ExploreCB(rid=rid, op=op, arg=arg).pack())


def period_rows(rid: str, current: str, lang: str) -> list[list[Button]]:
    """Today, yesterday, 7 and 30 days, this month (the current one marked) and another."""
    now = preset_of(current)
    buttons = [button(rid, ExploreOp.PERIOD, ("• " if p == now else "") + t(lang, f"range.{p}"),
                      p) for p in periods.BUTTONS]
    buttons.append(button(rid, ExploreOp.OTHER, t(lang, "explore.other_period")))
    return in_rows(buttons)


def row_links(rid: str, explore: Explore, report: ReportPage | None, lang: str
              ) -> list[Button] | None:
    """Buttons for the rows of a report page whose grouping is known: a row opens its card
    (a pick: the filter it stands for); None leaves the report's own links."""
    if report is None or explore.kind is Kind.CARD or explore.grouping is None:
        return None
    mark = "🔍 " if explore.kind is Kind.PICK else ""
    return [button(rid, ExploreOp.ROW, mark + label, str(index))
            for index, label in report.rows]


def link_button(rid: str, link: Link) -> Button:
    """A card's own button: one of its items, an action on it, or another entity's card."""
    if link.op == "get":
        group, _, ident = link.arg.partition(":")
        return Button(text=shorten(link.label, LABEL), callback_data=RunCB(
            group=group, op="get", id=int(ident)).pack())
    return button(rid, ExploreOp(link.op), link.label, link.arg)


def glance_rows(rid: str, explore: Explore, lang: str) -> list[list[Button]]:
    """The campaigns losing and making most (each to its card), the report by campaign,
    the glance's periods (the one shown marked)."""
    rows = [[link_button(rid, link)] for link in explore.links]
    rows.append([button(rid, ExploreOp.DRILL, "📊 " + explore.dim_name("campaign", lang),
                        "campaign")])
    rows += in_rows([Button(text=("• " if p.value == explore.period else "")
                            + t(lang, f"range.{p.value}"),
                            callback_data=GlanceCB(period=p).pack()) for p in GlancePeriod])
    return rows


def explore_rows(rid: str, explore: Explore, lang: str) -> list[list[Button]]:
    """The rows an explored result adds under its own buttons."""
    if explore.kind is Kind.CARD:
        return card_rows(rid, explore, lang)
    if explore.kind is Kind.GLANCE:
        return glance_rows(rid, explore, lang)
    rows: list[list[Button]] = []
    if explore.kind is Kind.PICK:
        rows.append([button(rid, ExploreOp.UP, t(lang, "button.back"))])
        return rows
    rows += period_rows(rid, explore.period, lang)
    rows.append([button(rid, ExploreOp.FILTER, t(lang, "explore.filter")),
                 button(rid, ExploreOp.TREND, t(lang, "explore.trend"))])
    if explore.scope:
        rows.append([button(rid, ExploreOp.UP, "◀ " + explore.scope[-1].label)])
    return rows


def card_rows(rid: str, explore: Explore, lang: str) -> list[list[Button]]:
    """A card's items (offers, pauses), its drill-downs, sub ids, and the way up."""
    rows = in_rows([link_button(rid, link) for link in explore.links])
    last = explore.scope[-1].dim if explore.scope else "campaign"
    drills = [button(rid, ExploreOp.DRILL, "📊 " + explore.dim_name(d, lang), d)
              for d in next_dims(last, explore.taken())]
    drills.append(button(rid, ExploreOp.SUBS, t(lang, "explore.by_sub_ids")))
    rows += in_rows(drills)
    if len(explore.scope) > 1:
        rows.append([button(rid, ExploreOp.UP, "◀ " + explore.scope[-2].label)])
    return rows


def filter_rows(rid: str, explore: Explore, lang: str) -> list[list[Button]]:
    """The filter menu: a dimension to filter on (pick a value next), the filters to drop,
    and back to the report."""
    taken = explore.taken()
    rows = in_rows([button(rid, ExploreOp.FILTER, t(lang, f"explore.filter_{d}"), d)
                    for d in FILTER_DIMS if d not in taken and d != explore.dim])
    rows += in_rows([button(rid, ExploreOp.UNFILTER, "✖ " + s.label, str(n))
                     for n, s in enumerate(explore.scope)])
    rows.append([button(rid, ExploreOp.SHOW, t(lang, "button.back"))])
    return rows


def sub_rows(rid: str, explore: Explore, filled: list[str], lang: str) -> list[list[Button]]:
    """The sub ids the tracker fills, each a breakdown; back to the card."""
    rows = in_rows([button(rid, ExploreOp.DRILL, "📊 " + explore.dim_name(d, lang), d)
                    for d in filled if d in DIMS])
    rows.append([button(rid, ExploreOp.SHOW, t(lang, "button.back"))])
    return rows
