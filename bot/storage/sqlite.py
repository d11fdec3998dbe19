"""An embedded SQLite database used from asyncio through one worker thread."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import queue
import sqlite3
import stat
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS fsm (
    key TEXT PRIMARY KEY,
    state TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    updated REAL
);
CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires REAL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'pending'
);
CREATE TABLE IF NOT EXISTS locks (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires REAL NOT NULL
);
"""
SIDE_FILES = ("-wal", "-shm", "-journal")


class StorageBusy(Exception):
    """The SQLite file could not be had in time: another connection or process holds it."""


def _private_files(path: Path) -> None:
    """The database readable by the bot's user alone: its directory 0700 when the bot makes
    it (an existing one keeps the mode its owner chose), the file 0600 before SQLite opens it
    (SQLite gives the -wal and -shm files the database's mode), and files an older version
    left 0644 closed to others."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for file in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(file.stat().st_mode) & 0o077:
                file.chmod(0o600)


def _add_fsm_updated(conn: sqlite3.Connection) -> None:
    """A database made before conversations expired has no `fsm.updated`: add it, and count
    the conversations it holds as written now (they expire FLOW_TTL after the upgrade)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(fsm)")}
    if "updated" not in columns:
        conn.execute("ALTER TABLE fsm ADD COLUMN updated REAL")
        conn.execute("UPDATE fsm SET updated = ?", (time.time(),))


_Job = tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any], asyncio.AbstractEventLoop]
_Outcome = tuple[asyncio.Future[Any], Any, BaseException | None]


def _settle(outcomes: list[_Outcome]) -> None:
    """On the event loop: hand each statement's result (or error) to its waiter."""
    for future, result, error in outcomes:
        if future.done():  # the waiter was cancelled; the statement ran all the same
            continue
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)


class SQLiteDatabase:
    """One connection in WAL mode; every statement runs on a single worker thread.

    A dedicated thread keeps the event loop free of disk I/O and serialises access, which
    SQLite needs; several processes may share the file (WAL allows one writer at a time).
    Statements queued while the thread was busy run back to back, and their results go back
    to the event loop in one wake-up, which keeps the hand-over cheap under load.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            if str(self.path) != ":memory:":
                _private_files(self.path)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30,
                                   isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # what a person typed mid-flow (a key, a password) is zeroed, not left in free pages
            conn.execute("PRAGMA secure_delete=ON")
            conn.executescript(SCHEMA)
            _add_fsm_updated(conn)
            self._conn = conn
        return self._conn

    def _worker(self) -> None:
        while True:
            jobs = [self._jobs.get()]
            while jobs[-1] is not None:  # take whatever else is queued, up to a stop
                try:
                    jobs.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            batch: dict[asyncio.AbstractEventLoop, list[_Outcome]] = {}
            for job in jobs:
                if job is None:
                    break
                fn, future, loop = job
                if future.cancelled():  # its caller gave up before it started: skipped,
                    continue  # as an executor skips a cancelled work item
                try:
                    outcome: _Outcome = (future, fn(self._connect()), None)
                except BaseException as exc:  # handed to the waiter, as an executor does
                    outcome = (future, None, exc)
                batch.setdefault(loop, []).append(outcome)
            for loop, outcomes in batch.items():
                # a closed loop raises RuntimeError: nobody is waiting there any more
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_settle, outcomes)
            if jobs[-1] is None:
                return

    def _ensure_worker(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                # a daemon, so a forgotten close() cannot hang the exit; `_stop_workers`
                # still lets it finish what is queued when the interpreter exits
                self._thread = threading.Thread(target=self._worker, name="sqlite",
                                                daemon=True)
                self._thread.start()
                _LIVE.add(self)

    def _stop_worker(self) -> None:
        """Let the worker finish what is queued, then end it (blocks until it has)."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._jobs.put(None)
            thread.join()
        self._thread = None

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._ensure_worker()
        self._jobs.put((fn, future, loop))
        return await future

    async def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return await self.run(lambda c: c.execute(sql, params).fetchall())

    async def ping(self) -> bool:
        rows = await self.execute("SELECT 1")
        return rows == [(1,)]

    async def close(self) -> None:
        def _close(_: sqlite3.Connection) -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        if self._conn is not None:
            await self.run(_close)
        self._stop_worker()


_LIVE: weakref.WeakSet[SQLiteDatabase] = weakref.WeakSet()


@atexit.register
def _stop_workers() -> None:
    for db in list(_LIVE):
        db._stop_worker()
