"""What a search by name found: per group a count and the matches, each a button to its card."""

from __future__ import annotations

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MenuCB, RunCB
from bot.explore.search import Found
from bot.i18n import t
from bot.i18n.details import detail_text
from bot.keitaro.catalog import CATALOG
from bot.render.text import shorten

BUTTONS = 12  # matches offered as buttons in one reply, at most


def found_reply(found: list[Found], text: str, lang: str, *, one_group: bool = False
                ) -> tuple[str, InlineKeyboardMarkup]:
    """`🔎 «keto»` and, group by group, what matched (or why the group could not be read);
    a button per match (to its card), two a row."""
    words = shorten(text.strip(), 40)  # escaped where the texts take it
    lines = [t(lang, "find.title", words=words)] if not one_group else []
    buttons: list[InlineKeyboardButton] = []
    for result in found:
        group = CATALOG.group(result.group)
        title = group.title(lang) if group is not None else result.group
        icon = group.icon if group is not None else ""
        if result.error is not None:
            lines.append(t(lang, "find.group_failed", group=title,
                           reason=detail_text(result.error, lang)))
            continue
        if one_group:
            key = "find.in_group" if result.total else "find.none_in_group"
            lines.append(t(lang, key, group=title, words=words, count=result.total))
        elif result.total:
            lines.append(t(lang, "find.group", group=title, count=result.total))
        for ident, label in result.items:
            if one_group or result.total:
                lines.append(html.quote(f"• {label}"))  # a tracker's name: escaped here
            if len(buttons) < BUTTONS:
                buttons.append(InlineKeyboardButton(
                    text=shorten(f"{icon} {label}", 32),
                    callback_data=RunCB(group=result.group, op="get", id=ident).pack()))
        if result.total > len(result.items):
            lines.append(t(lang, "find.more", count=result.total - len(result.items)))
    if not one_group and not any(r.total for r in found):
        lines.append(t(lang, "find.nothing", words=words))
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    if one_group and found:
        rows.append([InlineKeyboardButton(text=t(lang, "button.menu"),
                                          callback_data=MenuCB(group=found[0].group).pack())])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)
