"""Looking for secrets where they must never be: Telegram, logs, the journal, files."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from telegram_fake import FakeTelegram
from tests.harness import SECRETS


def telegram_received(tg: FakeTelegram) -> str:
    """Every parameter of every Bot API call, and every file sent, as one text; except the
    webhook secret in setWebhook, where the bot has to tell Telegram what to send back."""
    parts = []
    for call in tg.calls:
        params = dict(call.params)
        if call.method == "setWebhook":
            params.pop("secret_token", None)
        parts.append(json.dumps(params, ensure_ascii=False, default=str))
    for messages in tg.messages.values():
        for message in messages:
            if message.document is not None:
                parts.append(message.document.data.decode("utf-8", "replace"))
    return "\n".join(parts)


def log_text(records: Iterable[logging.LogRecord]) -> str:
    lines = []
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def files_under(directory: Path) -> dict[str, bytes]:
    """Raw bytes of every file below `directory` (SQLite pages, WAL, anything)."""
    if not directory.exists():
        return {}
    return {str(p): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def found_secrets(where: str, content: str | bytes,
                  secrets: Iterable[str] = SECRETS) -> list[str]:
    """`where: secret…` for each secret present in `content`."""
    raw = content if isinstance(content, bytes) else content.encode("utf-8", "replace")
    return [f"{where}: {secret[:6]}…" for secret in secrets if secret.encode() in raw]


def leaks(*, tg: FakeTelegram | None = None,
          records: Iterable[logging.LogRecord] = (),
          texts: dict[str, str] | None = None,
          data_dir: Path | None = None) -> list[str]:
    """Every place a secret was found, for an assertion message (empty: nothing leaked)."""
    found: list[str] = []
    if tg is not None:
        found += found_secrets("telegram", telegram_received(tg))
    found += found_secrets("logs", log_text(records))
    for name, text in (texts or {}).items():
        found += found_secrets(name, text)
    if data_dir is not None:
        for name, content in files_under(data_dir).items():
            found += found_secrets(name, content)
    return found


async def redis_dump(url: str) -> str:
    """Every key and value in a Redis database, as text (strings, lists, sets, hashes)."""
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    parts: list[str] = []
    try:
        async for key in redis.scan_iter():
            kind = (await redis.type(key)).decode()
            value: object = {
                "string": redis.get, "list": lambda k: redis.lrange(k, 0, -1),
                "set": redis.smembers, "hash": redis.hgetall, "zset": lambda k: redis.zrange(
                    k, 0, -1),
            }.get(kind, redis.type)
            parts.append(f"{key!r} {await value(key)!r}")  # type: ignore[operator]
    finally:
        await redis.aclose()
    return "\n".join(parts)


def fragments_found(where: str, content: str | bytes, secrets: Iterable[str] = SECRETS,
                    size: int = 10) -> list[str]:
    """`where: secret…` for each secret of which any `size` characters in a row are in
    `content`. A secret cut short (a button label shortened with "…") leaks as much as the
    whole one; the masked form shows only its first 4 characters."""
    raw = content if isinstance(content, bytes) else content.encode("utf-8", "replace")
    found = []
    for secret in secrets:
        pieces = {secret[i:i + size] for i in range(max(1, len(secret) - size + 1))}
        if any(piece.encode() in raw for piece in pieces):
            found.append(f"{where}: {secret[:6]}…")
    return found
