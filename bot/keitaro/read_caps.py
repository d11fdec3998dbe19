"""What one tracker read may bring into memory: the rows asked for and kept, the bytes read.

A grid query (`clicks/log`, `conversions/log`, `report/build`) or a log read asks for at
most `cap` rows, whatever limit the person gave (the "All rows" export pages through the
rest); rows a tracker sends past the cap are not kept. Any answer is read up to a number of
bytes and refused past it (also when it never ends), so a wrong or hostile answer cannot
fill the bot's memory.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.keitaro.catalog import Action, ParamKind, View
from bot.keitaro.envelope import RowLimit

ROW_VIEWS = frozenset({View.GRID, View.REPORT, View.LOG})
# A download goes to Telegram as one file, and Telegram takes at most 50 MB from a bot.
DOWNLOAD_MAX_BYTES = 50 * 2**20
CHUNK = 64 * 1024


class AnswerTooLarge(Exception):
    """An answer over `limit` bytes: announced so by its Content-Length, or read that far."""

    def __init__(self, limit: int, announced: int | None = None) -> None:
        super().__init__(f"answer over {limit} bytes")
        self.limit = limit
        self.announced = announced


def _count(value: Any) -> int | None:
    """A row limit as the tracker would read it: an int, or digits in a string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def cap_rows(action: Action, args: dict[str, Any], cap: int
             ) -> tuple[dict[str, Any], RowLimit | None]:
    """`args` with the action's row limit at most `cap` (a missing, zero or unreadable
    limit becomes `cap` too); the RowLimit when it was lowered."""
    if action.view not in ROW_VIEWS:
        return args, None
    if action.view is View.LOG:
        param = next((p for p in action.params if p.name == "limit"), None)
        if param is None:
            return args, None
        asked = _count(args.get("limit", param.default))
        if asked is not None and 0 < asked <= cap:
            return args, None
        return {**args, "limit": cap}, RowLimit(cap=cap, asked=asked)
    param = next((p for p in action.params if p.kind is ParamKind.JSON and p.field is None
                  and not p.json_array), None)
    data = args.get(param.name) if param is not None else None
    if param is None or not isinstance(data if data is not None else {}, dict):
        return args, None  # a fixed template (its own small limit), or data to be refused
    given: dict[str, Any] = data or {}
    default = param.default if isinstance(param.default, dict) else {}
    asked = _count(given.get("limit", default.get("limit")))
    if asked is not None and 0 < asked <= cap:
        return args, None
    return ({**args, param.name: {**given, "limit": cap}},
            RowLimit(cap=cap, asked=asked))


def trim_rows(action: Action, data: Any, cap: int) -> tuple[Any, int | None]:
    """The answer with at most `cap` rows, and how many came when there were more (a tracker
    or a proxy that ignores the limit)."""
    if action.view not in ROW_VIEWS:
        return data, None
    if isinstance(data, dict) and isinstance(data.get("rows"), list) and len(
            data["rows"]) > cap:
        return {**data, "rows": data["rows"][:cap]}, len(data["rows"])
    if action.view is View.LOG and isinstance(data, list) and len(data) > cap:
        return data[:cap], len(data)
    return data, None


def answer_limit(action: Action | None, max_bytes: int) -> int:
    """Bytes of an answer read at most: a download may be as large as a file Telegram takes."""
    if action is not None and action.view is View.BINARY:
        return max(max_bytes, DOWNLOAD_MAX_BYTES)
    return max_bytes


async def read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body of `response`, or `AnswerTooLarge` as soon as it passes `limit` bytes
    (before reading anything when its Content-Length says so). Counted after decompression."""
    announced = response.content_length
    if announced is not None and announced > limit:
        raise AnswerTooLarge(limit, announced)
    headers = response.headers
    if announced is not None and "Content-Encoding" not in headers and (
            "Transfer-Encoding" not in headers):
        return await response.read()  # as long as announced, no more: nothing to count
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(CHUNK):
        size += len(chunk)
        if size > limit:
            raise AnswerTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
