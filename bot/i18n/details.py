"""The detail of an error in a person's language.

The bot's own details are codes with values (`ErrorInfo.detail`, `detail_args`: the text
`detail-<code>`), set where the error is classified (`bot.keitaro.errors.own`); their English
words stay in `ErrorInfo.message` for the envelope, the journal and the logs. A detail the
tracker wrote (its error message) is the tracker's data and is shown as it is.
"""

from __future__ import annotations

from bot.i18n.texts import plain
from bot.keitaro.errors import ErrorInfo


def detail_text(error: ErrorInfo | None, lang: str) -> str:
    """Plain text: the error's detail in `lang` when it is the bot's own, else as it is."""
    if error is None:
        return "?"
    if error.detail is not None:
        return plain(lang, f"detail-{error.detail}", **error.detail_args)
    return error.message
