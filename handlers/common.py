"""/start, /menu, /help, /cancel and the group menus."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.access import Role
from bot.callbacks import HelpCB, LangCB, MenuCB
from bot.changes.permission import may_start
from bot.context import Ctx, choose_lang, decide_lang
from bot.explore.service import Explorer
from bot.flow.commands import usage
from bot.flow.engine import FlowEngine
from bot.flow.keyboards import DANGER_MARK, group_keyboard, groups_keyboard
from bot.flow.suggest import suggest_commands
from bot.i18n import LANGS, plain, t
from bot.i18n.texts import words
from bot.keitaro.catalog import CATALOG, Group, ParamKind
from bot.message_filters import TextIn
from bot.storage.kv import KeyValue

CANCEL_WORDS = set(words("words-cancel"))  # in every language (bot/locales/*/words.ftl)


def help_index(lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """/help: one short message, a button per group (its commands) and the team's commands."""
    builder = InlineKeyboardBuilder()
    for group in CATALOG.groups:
        builder.button(text=group.title(lang), callback_data=HelpCB(group=group.key))
    builder.adjust(2)
    return t(lang, "help.index"), builder.as_markup()


def group_help(group: Group, lang: str, role: Role) -> tuple[str, InlineKeyboardMarkup]:
    """One group's operations: each one's name and the line that runs it."""
    lines = [t(lang, "help.group", title=group.title(lang), command=group.key,
               description=group.description.get(lang))]
    ranged = False
    for action in CATALOG.in_group(group.key):
        lock = "" if may_start(role, action) else "🔒 "
        lines.append(f"{lock}{DANGER_MARK[action.danger]}{html.quote(action.label.get(lang))}"
                     f"\n<code>{html.quote(usage(action))}</code>")
        ranged = ranged or any(p.kind is ParamKind.RANGE for p in action.params)
    if ranged:
        lines.append(t(lang, "help.periods"))
    lines.append(t(lang, "help.marks"))
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=f"▶ {group.title(lang)}",
                             callback_data=MenuCB(group=group.key).pack()),
        InlineKeyboardButton(text=t(lang, "help.back"), callback_data=HelpCB().pack())]])
    return "\n\n".join(lines), markup


def lang_screen(lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """/lang: the language in use and a button per language (each in its own words, two a
    row), then "as in Telegram"."""
    builder = InlineKeyboardBuilder()
    for code in LANGS:
        builder.button(text=plain(code, "language-button"), callback_data=LangCB(lang=code))
    builder.adjust(2)
    builder.row(InlineKeyboardButton(text=t(lang, "lang.auto_button"),
                                     callback_data=LangCB(lang="auto").pack()))
    return t(lang, "lang.current"), builder.as_markup()


# what may follow /lang: each language's names for itself (`words-language`), or "auto"
LANG_WORDS = {**{word: code for code in LANGS for word in words("words-language", code)},
              **dict.fromkeys(words("words-auto"), "auto")}


async def set_lang(ctx: Ctx, kv: KeyValue, choice: str) -> str:
    """Store the user's language (or forget it: "auto"); the confirmation in the new one."""
    await choose_lang(kv, ctx.user.id, None if choice == "auto" else choice)
    ctx.lang = await decide_lang(ctx.user, kv)
    return t(ctx.lang, "lang.auto" if choice == "auto" else "lang.set")


def groups_menu(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    return (t(ctx.lang, "menu.groups", name=ctx.user.first_name,
              role=t(ctx.lang, f"role.{ctx.role.name.lower()}")),
            groups_keyboard(ctx.lang))


def build_router() -> Router:
    router = Router(name="common")

    @router.message(CommandStart())
    async def start(message: Message, ctx: Ctx, engine: FlowEngine,
                    explorer: Explorer) -> None:
        """The money of today at a glance (for whoever may read reports), then the menu."""
        if await engine.load(ctx) is not None:
            await engine.cancel(ctx)
        if may_start(ctx.role, CATALOG["reports.build"]):  # the glance reads reports
            await explorer.glance(ctx)
        text, markup = groups_menu(ctx)
        await message.answer(text, reply_markup=markup)

    @router.message(Command("menu"))
    async def menu(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        if await engine.load(ctx) is not None:
            await engine.cancel(ctx)
        text, markup = groups_menu(ctx)
        await message.answer(text, reply_markup=markup)

    @router.message(Command("help"))
    async def help_(message: Message, command: CommandObject, ctx: Ctx) -> None:
        word = (command.args or "").strip()
        if word:
            found = suggest_commands(word)
            group = CATALOG.group(found[0].group) if found and found[0].group else None
            if group is not None:
                text, markup = group_help(group, ctx.lang, ctx.role)
                await message.answer(text, reply_markup=markup)
                return
        text, markup = help_index(ctx.lang)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(HelpCB.filter())
    async def help_button(query: CallbackQuery, callback_data: HelpCB, ctx: Ctx) -> None:
        if query.message is None:
            return
        group = CATALOG.group(callback_data.group)
        text, markup = (group_help(group, ctx.lang, ctx.role) if group is not None
                        else help_index(ctx.lang))
        await ctx.show(text, markup, edit=query.message.message_id)

    @router.message(Command("lang"))
    async def lang(message: Message, command: CommandObject, ctx: Ctx, kv: KeyValue) -> None:
        word = (command.args or "").strip().lower()
        chosen = LANG_WORDS.get(word)
        if chosen is None:
            text, markup = lang_screen(ctx.lang)
            await message.answer(text, reply_markup=markup)
            return
        await message.answer(await set_lang(ctx, kv, chosen))

    @router.callback_query(LangCB.filter())
    async def lang_button(query: CallbackQuery, callback_data: LangCB, ctx: Ctx,
                          kv: KeyValue) -> None:
        if query.message is None:
            return
        await ctx.show(await set_lang(ctx, kv, callback_data.lang),
                       edit=query.message.message_id)

    @router.message(Command("cancel"))
    @router.message(TextIn(CANCEL_WORDS))
    async def cancel(message: Message, ctx: Ctx, engine: FlowEngine) -> None:
        await engine.cancel(ctx)

    @router.callback_query(MenuCB.filter())
    async def open_menu(query: CallbackQuery, callback_data: MenuCB, ctx: Ctx,
                        engine: FlowEngine) -> None:
        if query.message is None:
            return
        if await engine.load(ctx) is not None:
            await ctx.state.clear()
        group = CATALOG.group(callback_data.group)
        if group is not None:
            text = t(ctx.lang, "menu.group", group=group.title(ctx.lang))
            markup = group_keyboard(group.key, ctx.lang, ctx.role)
        else:
            text, markup = groups_menu(ctx)
        await ctx.show(text, markup, edit=query.message.message_id)

    return router
