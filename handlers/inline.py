"""Inline mode: `@bot keto` in any chat offers today's glance and the matching campaigns'
cards (`bot.explore.sharing`). Only allowed users get here (the access middleware answers
anyone else with no results and no tracker call)."""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineQuery

from bot.context import decide_lang
from bot.explore.service import Explorer
from bot.explore.sharing import CACHE_SECONDS, shared
from bot.reply import Replies
from bot.storage.kv import KeyValue


def build_router() -> Router:
    router = Router(name="inline")

    @router.inline_query()
    async def share(query: InlineQuery, explorer: Explorer, replies: Replies,
                    kv: KeyValue) -> None:
        lang = await decide_lang(query.from_user, kv)
        bot = query.bot
        assert bot is not None
        rich = replies.rich_for(bot)
        results = await shared(explorer, query.query, lang, rich)
        try:
            await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)
        except TelegramBadRequest as exc:
            if not rich or not replies.refused_rich(bot, exc):
                raise
            plain = await shared(explorer, query.query, lang, False)
            await query.answer(plain, cache_time=CACHE_SECONDS, is_personal=True)

    return router
