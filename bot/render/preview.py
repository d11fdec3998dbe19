"""The preview of a write: exactly what will be sent, with secrets masked: the request line
(method and path, as on the result) and the body, each line fitting a phone."""

from __future__ import annotations

from aiogram import html
from yarl import URL

from bot.i18n import t
from bot.keitaro.catalog import Action, Danger
from bot.keitaro.masking import mask_fields
from bot.keitaro.request import PreparedRequest
from bot.render.envelope import action_title, request_line
from bot.render.text import BUDGET, fit_pre, pretty_json, utf16_len


def render_preview(prepared: PreparedRequest, action: Action, lang: str) -> str:
    title = action_title(action, lang, action.group, action.key)
    parts = [
        t(lang, "preview.title_destructive" if action.danger is Danger.DESTRUCTIVE
          else "preview.title"),
        f"<b>{html.quote(title)}</b>",
        request_line(prepared.method, prepared.masked_url, lang),
    ]
    if action.danger is Danger.DESTRUCTIVE and action.loses is not None:
        parts.append("⚠️ <b>" + html.quote(action.loses.get(lang)) + "</b>")
    if action.note and action.kind.value == "postback":
        parts.append(t(lang, "preview.postback"))
    query = _query_lines(prepared.masked_url)
    if query:
        parts.append(t(lang, "preview.query") + "\n" + fit_pre(query, 1200)[0])
    text = "\n".join(parts)
    if prepared.has_body:
        budget = BUDGET - utf16_len(text) - 200
        block, cut = fit_pre(pretty_json(mask_fields(prepared.body)), budget)
        text += "\n" + t(lang, "preview.body") + "\n" + block
        if cut:
            text += "\n" + t(lang, "preview.body_cut")
    return text + "\n\n" + t(lang, "preview.confirm_hint" if action.danger is Danger.WRITE
                             else "preview.confirm_destructive_hint")


def _query_lines(url: str) -> str:
    """The query of a URL as `name=value` lines (a postback carries its data there)."""
    try:
        query = URL(url).query
    except (ValueError, TypeError):
        return ""
    return "\n".join(f"{k}={v}" for k, v in query.items())
