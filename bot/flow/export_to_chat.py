"""Sending a whole grid query to the chat as CSV files, with a progress message."""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, FSInputFile

from bot.csv_export import every_column, export_csv
from bot.i18n import Html, t
from bot.keitaro.catalog import Action
from bot.keitaro.client import KeitaroClient
from bot.keitaro.masking import mask_fields
from bot.render.data import csv_bytes
from bot.render.envelope import error_text
from bot.reply import show

PROGRESS_EVERY = 3.0  # seconds between progress edits


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


async def export_to_chat(
    bot: Bot, chat_id: int, client: KeitaroClient, action: Action, args: dict[str, Any],
    lang: str,
) -> None:
    message = await bot.send_message(chat_id, t(lang, "export.started"))
    last = time.monotonic()

    async def progress(rows: int, total: int | None) -> None:
        nonlocal last
        if time.monotonic() - last < PROGRESS_EVERY:
            return
        last = time.monotonic()
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(
                t(lang, "export.progress", rows=rows,
                  total=total if isinstance(total, int) else "?"),
                chat_id=chat_id, message_id=message.message_id)

    with tempfile.TemporaryDirectory(prefix="kbot-export-") as tmp:
        result = await export_csv(client, action, args, Path(tmp), progress=progress)
        if result.error is not None:
            assert result.error.error is not None
            text = t(lang, "export.failed", rows=result.rows) + "\n" + error_text(
                result.error.error, lang, action)
            await show(bot, chat_id, text, edit=message.message_id)
            return
        text = t(lang, "export.done", rows=result.rows, size=human_size(result.size))
        if len(result.files) > 1:
            text += "\n" + t(lang, "export.parts", parts=len(result.files))
        await show(bot, chat_id, Html(text), edit=message.message_id)
        for path in result.files:
            await bot.send_document(chat_id, FSInputFile(path, filename=path.name))


async def rows_to_chat(
    bot: Bot, chat_id: int, client: KeitaroClient, action: Action, args: dict[str, Any],
    lang: str, stem: str,
) -> None:
    """The rows a log reply shows, as a CSV file with every column the tracker has for them:
    the same query again (same period, filters, page) without its column list."""
    envelope = await client.execute(action, every_column(action, args))
    if not envelope.success:
        assert envelope.error is not None
        await show(bot, chat_id, error_text(envelope.error, lang, action))
        return
    data = envelope.data
    rows = data.get("rows") if isinstance(data, dict) else data
    clean = [client.redactor.value(mask_fields(row)) for row in rows or []]
    await bot.send_document(chat_id, BufferedInputFile(csv_bytes(clean), filename=f"{stem}.csv"))
