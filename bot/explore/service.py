"""The explorer: the glance, cards with their numbers, and reports one moves through.

Every screen it shows is kept like a tracker result (`ResultStore`), with where the person
stands (`Explore`), so its buttons carry only the result's id and what to do. Reads go
straight to the client (reads are not journaled); what changes the tracker (a pause, a
blocked zone) goes through the flow engine's preview and Confirm, for the person pressing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import html
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.callbacks import ExploreOp
from bot.changes.shares import SHARE_LISTS, names_of
from bot.context import Ctx
from bot.explore import periods, reads
from bot.explore.actions import PAUSABLE
from bot.explore.dims import DIMS, ENTITY_DIMS, dim_of_grouping
from bot.explore.figures import Glance, Named
from bot.explore.kept_reads import KeptReads
from bot.explore.keyboards import filter_rows, sub_rows
from bot.explore.model import Explore, Kind, Link, Slice
from bot.flow.results import ResultStore, StoredResult, deliver, deliver_text, page_reply
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.catalog import CATALOG, Action, View
from bot.keitaro.catalog.entries.reports import BUILD_DEFAULT
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.notify.chart import render_trend
from bot.render.data import item_title
from bot.render.figures import card_lines, glance_text, glance_title
from bot.render.figures_rich import NumbersTable, card_tables, glance_tables
from bot.render.labels import metric_label
from bot.render.report import fmt_metric
from bot.render.stream_parts import stream_lines, stream_tables
from bot.render.text import shorten
from bot.timezones import Clock, now_utc

CARD_ACTIONS = {f"{group}.get": dim.name for group, dim in ENTITY_DIMS.items()
                if group in ("campaigns", "offers", "landings", "sources", "streams")}
CARD_LINKS = 6  # a campaign's offers offered as buttons on its card, at most


class Explorer:
    """Shows the glance, cards and explored reports, and what their buttons lead to."""

    def __init__(self, client: KeitaroClient, results: ResultStore, *,
                 clock: Clock = now_utc, numbers_ttl: float = 0.0) -> None:
        self.client = client
        self.numbers = KeptReads(client, numbers_ttl)  # a card's and the glance's reports
        self.results = results
        self.clock = clock

    @property
    def zone(self) -> str:
        return self.client.settings.timezone

    def now(self) -> datetime:
        """Now in the tracker's time zone (from the injected clock)."""
        return periods.local_now(self.clock(), self.zone)

    @property
    def rows(self) -> int:
        return self.client.settings.max_rows

    # -- what a catalog read becomes ---------------------------------------------------------

    def explore_of(self, action: Action, args: dict[str, Any]) -> Explore | None:
        """Where a report run from the catalog stands: its grouping (or its own JSON) and
        period; None for anything but a report."""
        if action.view is not View.REPORT:
            return None
        today = self.now().date()
        span = args.get("range")
        period = periods.period_of_dates(span, today) if isinstance(span, dict) else "today"
        if action.key != "build" and action.body_template is not None:
            grouping = [str(g) for g in action.body_template.get("grouping") or []]
            dim = dim_of_grouping(grouping)
            if dim is not None:
                return Explore(dim=dim.name, period=period)
        body = args.get("data") if isinstance(args.get("data"), dict) else (
            action.body_template if action.key != "build" else BUILD_DEFAULT)
        kept = {k: v for k, v in (body or {}).items() if k != "range"}
        return Explore(body=kept, period=period,
                       action=action.id if action.key != "build" else None)

    async def deliver_run(self, ctx: Ctx, action: Action, args: dict[str, Any],
                          envelope: Envelope, replace: int | None) -> None:
        """Deliver a catalog read: a report with its periods, filters and drill-downs; an
        entity's card with its numbers first; anything else as it is."""
        explore = self.explore_of(action, args) if envelope.success else None
        if explore is not None:
            await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang, role=ctx.role,
                          results=self.results, replace=replace, args=args, explore=explore,
                          title="📊 " + explore.crumbs(ctx.lang),
                          replies=ctx.replies)
            return
        if (action.id in CARD_ACTIONS and envelope.success
                and isinstance(envelope.data, dict) and isinstance(envelope.data.get("id"),
                                                                   int)):
            await self._entity_card(ctx, action, args, envelope, "today", replace)
            return
        await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang, role=ctx.role,
                      results=self.results, replace=replace, args=args,
                      replies=ctx.replies)

    # -- cards -------------------------------------------------------------------------------

    async def card(self, ctx: Ctx, explore: Explore, *, edit: int | None) -> None:
        """The card of a scope: one entity's (its settings and numbers) or a slice's."""
        entity = explore.scope[-1].entity if len(explore.scope) == 1 else None
        if entity is not None and f"{entity[0]}.get" in CARD_ACTIONS:
            action = CATALOG[f"{entity[0]}.get"]
            args = {"id": entity[1]}
            envelope = await self.client.execute(action, args)
            if envelope.success and isinstance(envelope.data, dict):
                await self._entity_card(ctx, action, args, envelope, explore.period, edit)
            else:
                await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang,
                              role=ctx.role, results=self.results, replace=edit, args=args,
                              replies=ctx.replies)
            return
        await self._slice_card(ctx, explore.with_(kind=Kind.CARD), edit=edit)

    async def _entity_card(self, ctx: Ctx, action: Action, args: dict[str, Any],
                           envelope: Envelope, period: str, replace: int | None) -> None:
        data: dict[str, Any] = envelope.data
        dim = DIMS[CARD_ACTIONS[action.id]]
        name = item_title(data) or f"#{data['id']}"
        explore = Explore(kind=Kind.CARD, period=period, names=_sub_names(data),
                          scope=[Slice(dim=dim.name, column=dim.key, value=data["id"],
                                       label=name)])
        campaign = data["id"] if dim.name == "campaign" else None
        numbers = await reads.card_numbers(self.numbers, explore.scope, period, self.now(),
                                           self.zone, campaign_id=campaign)
        explore.links = [Link(op=ExploreOp.SLICE.value, arg=f"offer.{o.key}",
                              label=_item_label(o), name=o.name or f"#{o.key}")
                         for o in numbers.offers[:CARD_LINKS]]
        explore.links += [Link(op=ExploreOp.SLICE.value, arg=f"stream.{s.key}",
                               label=f"🔀 {s.name or '#' + str(s.key)}",
                               name=s.name or f"#{s.key}")
                          for s in numbers.streams[:CARD_LINKS]]
        extra, tables = card_lines(numbers, ctx.lang), card_tables(numbers, ctx.lang)
        if action.group == "streams":  # its offers and landings by name, its filters
            lines, parts = await self._stream_parts(data, ctx.lang)
            extra, tables = [*extra, *lines], [*tables, *parts]
        await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang, role=ctx.role,
                      results=self.results, replace=replace, args=args, explore=explore,
                      extra=extra, replies=ctx.replies, tables=tables)

    async def _stream_parts(self, stream: dict[str, Any], lang: str
                            ) -> tuple[list[str], list[NumbersTable]]:
        """A stream's offers and landings by name with their shares, its filters: as lines,
        and as a rich message's tables."""
        names: dict[str, dict[int, str]] = {}
        for array, (_, lister) in SHARE_LISTS.items():
            if stream.get(array):
                envelope = await self.client.execute(lister, {})
                names[array] = names_of(envelope.data) if envelope.success else {}
        return stream_lines(stream, names, lang), stream_tables(stream, names, lang)

    async def _slice_card(self, ctx: Ctx, explore: Explore, *, edit: int | None) -> None:
        """A slice (an offer within a campaign, a country, a zone): its numbers, what can be
        done about it there, and where to go next."""
        numbers = await reads.card_numbers(self.numbers, explore.scope, explore.period,
                                           self.now(), self.zone)
        explore.links = await self._actions(explore, ctx.lang)
        header = "📊 <b>" + html.quote(" › ".join(s.label for s in explore.scope)) + "</b>"
        await deliver_text(ctx.bot, ctx.chat_id, header, "\n".join(card_lines(numbers,
                                                                               ctx.lang)),
                           lang=ctx.lang, role=ctx.role, results=self.results, explore=explore,
                           replace=edit, replies=ctx.replies,
                           tables=card_tables(numbers, ctx.lang))

    async def _actions(self, explore: Explore, lang: str) -> list[Link]:
        """What a slice within a campaign can have done: an offer or landing paused in the
        streams that send to it, a sub id's value blacklisted; and its own card."""
        last = explore.scope[-1]
        campaign = next((s for s in explore.scope if s.dim == "campaign"), None)
        links: list[Link] = []
        field = PAUSABLE.get(last.dim)
        if campaign is not None and field is not None and last.entity is not None:
            envelope = await self.client.execute("streams.list", {"id": int(campaign.value)})
            streams = envelope.data if envelope.success and isinstance(envelope.data, list) else []
            for stream in streams:
                if not isinstance(stream, dict) or stream.get("state") == "deleted":
                    continue
                items = stream.get(field) or []
                if any(isinstance(i, dict) and i.get(f"{last.dim}_id") == last.entity[1]
                       and i.get("state", "active") == "active" for i in items):
                    name = str(stream.get("name") or f"#{stream.get('id')}")
                    links.append(Link(op=ExploreOp.PAUSE.value, arg=str(stream["id"]),
                                      label=t(lang, "explore.pause_in", stream=name)))
        if campaign is not None and last.dim.startswith("sub_id_"):
            links.append(Link(op=ExploreOp.BLOCK.value, arg="",
                              label=t(lang, "explore.block", value=last.label)))
        if last.entity is not None:
            links.append(Link(op="get", arg=f"{last.entity[0]}:{last.entity[1]}",
                              label=t(lang, "explore.open_card", name=last.label)))
        return links

    # -- reports -----------------------------------------------------------------------------

    async def report(self, ctx: Ctx, explore: Explore, *, edit: int | None) -> None:
        """Run an explored report (or a pick-list of a dimension's values) and show it."""
        action = CATALOG["reports.build"]
        span = periods.span_of(explore.period, self.now())
        args = {"range": span.dates(), "data": explore.body_for(self.rows)}
        if edit is not None:
            await ctx.show(t(ctx.lang, "flow.building"), edit=edit)
        envelope = await self.client.execute(action, args)
        await deliver(ctx.bot, ctx.chat_id, envelope, action, lang=ctx.lang, role=ctx.role,
                      results=self.results, replace=edit, args=args, explore=explore,
                      title="📊 " + explore.crumbs(ctx.lang),
                      replies=ctx.replies)

    async def show(self, ctx: Ctx, explore: Explore, *, edit: int | None) -> None:
        if explore.kind is Kind.CARD:
            await self.card(ctx, explore, edit=edit)
        elif explore.kind is Kind.GLANCE:
            await self.glance(ctx, explore.period, edit=edit)
        else:
            await self.report(ctx, explore, edit=edit)

    def drilled(self, explore: Explore, dim: str) -> Explore:
        """The breakdown of what is shown by `dim`, its filters kept."""
        return Explore(scope=explore.scope, dim=dim, period=explore.period,
                       names=explore.names)

    def up(self, explore: Explore) -> Explore | None:
        """One step back: a report to the card of its filters, a pick to its report, a
        card within a card to the outer one."""
        if explore.kind is Kind.PICK:
            return Explore(scope=explore.scope, dim=explore.then, body=explore.body,
                           action=explore.action, period=explore.period, names=explore.names)
        scope = explore.scope if explore.kind is not Kind.CARD else explore.scope[:-1]
        if not scope:
            return None
        return Explore(kind=Kind.CARD, scope=scope, period=explore.period,
                       names=explore.names)

    def row(self, record: StoredResult, index: int, lang: str) -> Explore | None:
        """Where a report row leads: its card (its filter added), or for a pick the report
        it filters."""
        explore = record.explore
        rows = record.data.get("rows") if isinstance(record.data, dict) else None
        if explore is None or not isinstance(rows, list) or not 0 <= index < len(rows):
            return None
        found = explore.row_slice(rows[index], lang) if isinstance(rows[index], dict) else None
        if found is None:
            return None
        scope = [*explore.scope, found]
        if explore.kind is Kind.PICK:
            return Explore(scope=scope, dim=explore.then, body=explore.body, action=explore.action,
                           period=explore.period, names=explore.names)
        return Explore(kind=Kind.CARD, scope=scope, period=explore.period, names=explore.names)

    def sliced(self, explore: Explore, arg: str) -> Explore | None:
        """A card's item (`offer.5`, `campaign.2`, `stream.12`) within the card's scope; a
        stream (a part of its campaign) or an item of the glance is a card of its own."""
        dim_name, _, value = arg.partition(".")
        dim = DIMS.get(dim_name)
        if dim is None or not value.isdigit():
            return None
        name = next((link.name for link in explore.links if link.arg == arg and link.name),
                    f"#{value}")
        item = Slice(dim=dim.name, column=dim.key, value=int(value), label=name)
        scope = [item] if dim.name == "stream" or explore.kind is Kind.GLANCE else [
            *explore.scope, item]
        return Explore(kind=Kind.CARD, scope=scope, period=explore.period, names=explore.names)

    async def filter_menu(self, ctx: Ctx, rid: str, explore: Explore, edit: int) -> None:
        text = t(ctx.lang, "explore.filter_title", where=explore.crumbs(ctx.lang))
        await ctx.show(text, InlineKeyboardMarkup(inline_keyboard=filter_rows(
            rid, explore, ctx.lang)), edit=edit)

    def pick(self, explore: Explore, dim: str) -> Explore | None:
        """A pick-list of `dim`'s values in this report's scope and period."""
        if dim not in DIMS:
            return None
        return Explore(kind=Kind.PICK, scope=explore.scope, dim=dim, then=explore.dim,
                       body=explore.body, action=explore.action, period=explore.period,
                       names=explore.names)

    async def sub_menu(self, ctx: Ctx, rid: str, explore: Explore, edit: int) -> None:
        """Which sub ids the tracker fills here (a sample of clicks), each a breakdown."""
        span = periods.span_of(explore.period, self.now())
        filled = await reads.filled_sub_ids(self.client, explore.scope, span, self.zone)
        if not isinstance(filled, list):
            text = t(ctx.lang, "explore.subs_failed", reason=detail_text(filled, ctx.lang))
            filled = []
        elif not filled:
            text = t(ctx.lang, "explore.subs_none", where=explore.crumbs(ctx.lang))
        else:
            text = t(ctx.lang, "explore.subs_title", where=explore.crumbs(ctx.lang))
        await ctx.show(text, InlineKeyboardMarkup(inline_keyboard=sub_rows(
            rid, explore, filled, ctx.lang)), edit=edit)

    async def trend(self, ctx: Ctx, record: StoredResult, metric: str) -> None:
        """The report's sorted metric per day (per hour for one day), as a chart."""
        explore = record.explore
        if explore is None:
            return
        if not metric:
            order = record.shape.order if record.shape is not None else None
            metric = order[0] if order is not None else "profit"
        span = periods.span_of(explore.period, self.now())
        found = await reads.trend(self.client, explore.body_for(self.rows), metric, span,
                                  self.zone)
        if not isinstance(found, tuple):
            await ctx.bot.send_message(ctx.chat_id, t(ctx.lang, "explore.trend_failed",
                                                       reason=detail_text(found, ctx.lang)))
            return
        labels, values = found
        title = f"{metric_label(metric, ctx.lang)} · {explore.crumbs(ctx.lang)}"
        chart = render_trend(labels, values, title, metric_label(metric, ctx.lang))
        caption = t(ctx.lang, "explore.trend_caption", metric=metric_label(metric, ctx.lang),
                    where=explore.crumbs(ctx.lang),
                    total=fmt_metric(metric, sum(values)) if metric in (
                        "clicks", "conversions", "cost", "revenue", "profit") else "—")
        await ctx.bot.send_photo(ctx.chat_id, BufferedInputFile(chart.png,
                                                                filename="trend.png"),
                                 caption=caption)

    async def again(self, ctx: Ctx, rid: str, record: StoredResult, edit: int) -> None:
        """A stored result shown again as it was (back from a menu shown in its place)."""
        await ctx.show(page_reply(record, rid, 0, ctx.lang, ctx.role, self.results.redactor),
                       edit=edit)

    # -- the glance --------------------------------------------------------------------------

    async def glance(self, ctx: Ctx, period: str = "today", *, edit: int | None = None) -> None:
        """Spend, revenue, profit, ROI, clicks and conversions of a period against the same
        hours before it; the campaigns losing and making the most, each a tap from its card."""
        found = await reads.glance(self.numbers, period, self.now(), self.zone)
        explore = Explore(kind=Kind.GLANCE, period=period, links=glance_links(found))
        await deliver_text(ctx.bot, ctx.chat_id, glance_title(found, ctx.lang),
                           glance_text(found, ctx.lang), lang=ctx.lang, role=ctx.role,
                           results=self.results, explore=explore, replace=edit,
                           replies=ctx.replies, tables=glance_tables(found, ctx.lang))


def glance_links(glance: Glance) -> list[Link]:
    """The losing campaigns, then the earning ones, each a button to its card."""
    return [Link(op=ExploreOp.SLICE.value, arg=f"campaign.{item.key}", name=item.name,
                 label=f"{mark} {shorten(item.name, 20)} "
                       f"{fmt_metric('profit', item.figures.profit)}")
            for mark, items in (("🔻", glance.losers), ("🟢", glance.winners))
            for item in items if item.key]


def _item_label(item: Named) -> str:
    mark = "🔻" if item.figures.profit < 0 else "💼"
    return f"{mark} {item.name or '#' + str(item.key)}"


def _sub_names(data: dict[str, Any]) -> dict[str, str]:
    """What a campaign calls its sub ids (`parameters`: sub_id_1 → {name: "ad_id"})."""
    found: dict[str, str] = {}
    parameters = data.get("parameters")
    if isinstance(parameters, dict):
        for key, value in parameters.items():
            name = value.get("name") if isinstance(value, dict) else None
            if str(key).startswith("sub_id_") and isinstance(name, str) and name.strip():
                found[str(key)] = shorten(name.strip(), 16)
    return found

