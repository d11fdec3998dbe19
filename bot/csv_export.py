"""Streaming exports of grid queries (click and conversion logs) to CSV files.

Pages are fetched one at a time and written straight to disk, so memory does not grow with
the row count. Files stay under Telegram's 50 MB upload limit for bots: when an export would
pass it, it continues in a new part (each part a complete CSV with its header). Cells that a
spreadsheet would run as formulas are neutralised (`csv_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bot.keitaro.catalog import Action, ParamKind, View
from bot.keitaro.client import KeitaroClient
from bot.keitaro.envelope import Envelope
from bot.keitaro.masking import mask_fields
from bot.render.csv_cells import csv_cell

TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024
PART_LIMIT = 48 * 1024 * 1024  # leave room for the multipart envelope
PAGE_SIZE = 5000
MAX_ROWS = 2_000_000


def every_column(action: Action, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments of a log query (clicks, conversions) asking for every column the tracker
    has for a row (sub_id_1…n, cost, landing, source, device…): `columns` empty, which the
    tracker reads as "all of them" (API-NOTES §5.1; left out, the defaults would fill it in).
    Other queries stay as they are."""
    param = next((p for p in action.params if p.kind is ParamKind.JSON), None)
    if action.view is not View.GRID or param is None:
        return args
    data = args.get(param.name)
    if not isinstance(data, dict):
        data = param.default if isinstance(param.default, dict) else {}
    return {**args, param.name: {**data, "columns": []}}


@dataclass
class ExportResult:
    rows: int = 0
    total: int | None = None
    pages: int = 0
    files: list[Path] = field(default_factory=list)
    error: Envelope | None = None  # the page that failed; no files are kept then

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.files)


class _PartWriter:
    """CSV rows into `stem-1.csv`, `stem-2.csv`… each at most `limit` bytes."""

    def __init__(self, directory: Path, stem: str, limit: int) -> None:
        self.directory, self.stem, self.limit = directory, stem, limit
        self.files: list[Path] = []
        self._handle: IO[bytes] | None = None
        self._size = 0
        self._header: list[str] | None = None
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def _encode(self, cells: list[Any]) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue().encode("utf-8")

    def _open(self) -> None:
        self.close()
        path = self.directory / f"{self.stem}-{len(self.files) + 1}.csv"
        self.files.append(path)
        self._handle = path.open("wb")
        head = "\ufeff".encode() + self._encode([csv_cell(c) for c in self._header or []])
        self._handle.write(head)
        self._size = len(head)

    def write(self, row: dict[str, Any]) -> None:
        if self._header is None:
            self._header = list(row)
        line = self._encode([csv_cell(row.get(column)) for column in self._header])
        if self._handle is None or self._size + len(line) > self.limit:
            self._open()
        assert self._handle is not None
        self._handle.write(line)
        self._size += len(line)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _final_names(files: list[Path], stem: str) -> list[Path]:
    """`stem.csv` for a single part; `stem-1-of-3.csv`… for several."""
    if len(files) == 1:
        target = files[0].with_name(f"{stem}.csv")
        files[0].rename(target)
        return [target]
    named = []
    for n, path in enumerate(files, 1):
        target = path.with_name(f"{stem}-{n}-of-{len(files)}.csv")
        path.rename(target)
        named.append(target)
    return named


async def export_csv(
    client: KeitaroClient,
    action: Action,
    args: dict[str, Any],
    directory: Path,
    *,
    stem: str | None = None,
    page_size: int = PAGE_SIZE,
    part_limit: int = PART_LIMIT,
    max_rows: int = MAX_ROWS,
    progress: Callable[[int, int | None], Any] | None = None,
) -> ExportResult:
    """Every row of a grid query (from `args`' offset, up to `max_rows`) into CSV parts."""
    args = every_column(action, args)
    data = dict(args.get("data") or {})
    data.pop("offset", None)
    data["limit"] = max_rows
    stem = stem or f"{action.group}-{action.key}"
    writer = _PartWriter(directory, stem, part_limit)
    result = ExportResult()
    try:
        async for envelope in client.iter_grid(action, {**args, "data": data},
                                               page_size=page_size):
            if not envelope.success:
                result.error = envelope
                break
            page = envelope.data if isinstance(envelope.data, dict) else {}
            rows = page.get("rows") or []
            if isinstance(page.get("total"), int):
                result.total = min(page["total"], max_rows)
            for row in rows:  # the file goes to Telegram from disk, past TelegramGuard
                clean = client.redactor.value(mask_fields(row))
                writer.write(clean if isinstance(clean, dict) else {"value": clean})
            result.rows += len(rows)
            result.pages += 1
            if progress is not None:
                await progress(result.rows, result.total)
    finally:
        writer.close()
    if result.error is not None:
        for path in writer.files:
            path.unlink(missing_ok=True)
        return result
    if not writer.files:  # no rows: still a file with nothing but a note
        empty = directory / f"{stem}.csv"
        empty.write_bytes("\ufeff".encode())
        result.files = [empty]
        return result
    result.files = _final_names(writer.files, stem)
    return result
