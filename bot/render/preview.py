"""The preview of a write: exactly what will be sent, with secrets masked."""

from __future__ import annotations

from aiogram import html

from bot.i18n import t
from bot.keitaro.catalog import Action, Danger, Effect
from bot.keitaro.masking import mask_fields
from bot.keitaro.request import PreparedRequest
from bot.render.envelope import action_title, request_lines
from bot.render.text import BUDGET, fit_pre, pretty_json, utf16_len


def render_preview(
    prepared: PreparedRequest, action: Action, lang: str, found: Effect | None = None
) -> str:
    """The request, and for what deletes or replaces (by the action, or by its body: `found`)
    what is lost."""
    found = found or Effect(action.danger)
    destructive = found.danger is Danger.DESTRUCTIVE
    title = action_title(action, lang, action.group, action.key)
    parts = [
        t(lang, "preview.title_destructive" if destructive else "preview.title"),
        f"<b>{html.quote(title)}</b>",
        request_lines(prepared.method, prepared.masked_url, prepared.masked_headers),
    ]
    losses = found.reasons or ((action.loses,) if action.loses is not None else ())
    if destructive:
        parts += ["⚠️ <b>" + html.quote(lost.get(lang)) + "</b>" for lost in losses]
    if action.note and action.kind.value == "postback":
        parts.append(t(lang, "preview.postback"))
    text = "\n".join(parts)
    if prepared.has_body:
        budget = BUDGET - utf16_len(text) - 200
        block, cut = fit_pre(pretty_json(mask_fields(prepared.body)), budget)
        text += "\n" + t(lang, "preview.body") + "\n" + block
        if cut:
            text += "\n" + t(lang, "preview.body_cut")
    return text + "\n\n" + t(lang, "preview.confirm_destructive_hint" if destructive
                             else "preview.confirm_hint")
