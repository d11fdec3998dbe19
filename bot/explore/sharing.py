"""Inline sharing (`@bot keto` in any chat): the glance of today and the matching campaigns'
cards as inline results, to drop numbers into a team chat.

Each result is a rich message (`InputRichMessageContent`: the glance's tables, a card's
field/value table), or today's HTML (`InputTextMessageContent`) where rich messages are off
or refused. A result carries no buttons: whoever sees it in a chat may not act for the
person who shared it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.types import (
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputMessageContentUnion,
    InputRichMessageContent,
    InputTextMessageContent,
)

from bot.explore import reads
from bot.explore.figures import Glance
from bot.explore.search import matches
from bot.explore.service import Explorer
from bot.render.data import card_doc, card_value, entity_lines, item_title
from bot.render.figures import glance_text, glance_title
from bot.render.figures_rich import blocks, glance_tables
from bot.render.labels import field_label, metric_label
from bot.render.report import fmt_metric
from bot.render.rich import Doc, Heading, Markup, doc, measure_message, plain, rich_message
from bot.render.text import BUDGET, utf16_len

CARDS = 8  # campaigns offered at most (a result list stays short on a phone)
NAMED_BY = ("name", "alias", "group")  # what the typed words are matched against
CACHE_SECONDS = 10  # the numbers move: Telegram asks again soon


def _content(document: Doc, text: str, rich: bool) -> InputMessageContentUnion:
    """The rich content when `rich` and it fits Telegram's limits, else the HTML."""
    if rich:
        message = rich_message(document)
        if measure_message(message).fits():
            return InputRichMessageContent(rich_message=message)
    if utf16_len(text) > BUDGET:
        text = text[:BUDGET] + "…"
    return InputTextMessageContent(message_text=text)


def glance_result(glance: Glance, lang: str, rich: bool) -> InlineQueryResultArticle:
    """The glance of today as a result: its title, profit and ROI as the description."""
    title = glance_title(glance, lang)
    described = " · ".join(f"{metric_label(m, lang)} {fmt_metric(m, glance.now.get(m))}"
                           for m in ("profit", "roi", "conversions"))
    document = doc(Heading(Markup(title)), blocks(glance_tables(glance, lang)))
    return InlineQueryResultArticle(
        id=f"glance-{glance.period}", title=plain(Markup(title)), description=described,
        input_message_content=_content(document, f"{title}\n{glance_text(glance, lang)}", rich))


def card_result(campaign: dict[str, Any], lang: str, rich: bool) -> InlineQueryResultArticle:
    """A campaign's card as a result: `#2 · name`, its state as the description."""
    head = f"#{campaign['id']} · {item_title(campaign)}".rstrip(" ·")
    state = campaign.get("state")
    described = (f"{field_label('campaigns', 'state', lang)}: {card_value(state, lang)}"
                 if state is not None else "")
    document = doc(card_doc(campaign, lang, "campaigns"))
    text = "\n".join(entity_lines(campaign, lang, "campaigns"))
    return InlineQueryResultArticle(
        id=f"campaign-{campaign['id']}", title=head, description=described or None,
        input_message_content=_content(document, text, rich))


def _named(item: dict[str, Any]) -> str:
    return " ".join(str(item[k]) for k in NAMED_BY if isinstance(item.get(k), str))


async def shared(explorer: Explorer, words: str, lang: str, rich: bool
                 ) -> list[InlineQueryResultUnion]:
    """The glance of today, then the campaigns whose name has every typed word (the first
    ones without words); one read of each, at once."""
    glance, listed = await asyncio.gather(
        reads.glance(explorer.client, "today", explorer.now(), explorer.zone),
        explorer.client.execute("campaigns.list", {}))
    campaigns = [c for c in (listed.data if listed.success and isinstance(listed.data, list)
                             else []) if isinstance(c, dict) and isinstance(c.get("id"), int)
                 and c.get("state") != "deleted"]
    if words.strip():
        campaigns = [c for c in campaigns if matches(_named(c), words)]
    results: list[InlineQueryResultUnion] = [glance_result(glance, lang, rich)] if (
        glance.error is None) else []
    return results + [card_result(c, lang, rich) for c in campaigns[:CARDS]]
