"""An embedded SQLite database used from asyncio through worker threads: one for writes, one
for reads; a file held by another process fails a statement within seconds (`StorageBusy`)."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
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
log = logging.getLogger("bot.storage")
BUSY_TIMEOUT = 3.0  # SQLITE_BUSY_TIMEOUT's default: seconds a statement waits for the file
WHILE_STALLED = 0.05  # seconds a statement waits for the file while it is known to be held

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
    """Storage could not be had in time: the SQLite file is held by another connection or
    process (`where` "file"), or Redis does not answer ("redis", `bot.storage.redis_client`)."""

    def __init__(self, message: str = "", *, where: str = "file") -> None:
        super().__init__(message)
        self.where = where


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


_Job = tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any],
             asyncio.AbstractEventLoop, float]
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


def _is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (extended codes too): the file is held by another."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(exc, sqlite3.OperationalError) and isinstance(code, int)
            and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED))


class _Worker:
    """One connection and the thread that runs its statements, in the order they came.

    Each statement waits for the file until its deadline (`busy_timeout` from when it was
    queued), then fails with `StorageBusy`; a statement still queued at its deadline fails
    without running. Once the file was found busy, statements wait only `WHILE_STALLED` for
    it until one gets through, so a long outside lock does not make each wait in turn.
    """

    def __init__(self, db: SQLiteDatabase, name: str,
                 connect: Callable[[], sqlite3.Connection]) -> None:
        self.db = db
        self.name = name
        self.connect = connect
        self.conn: sqlite3.Connection | None = None
        self.stalled = False
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self._waits = 0.0  # the connection's busy timeout now, in seconds

    def _connection(self, wait: float) -> sqlite3.Connection:
        if self.conn is None:
            self.conn = self.connect()
            self._waits = -1.0
        if wait != self._waits:
            self.conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            self._waits = wait
        return self.conn

    def _one(self, fn: Callable[[sqlite3.Connection], Any], deadline: float) -> Any:
        left = deadline - time.monotonic()
        if left <= 0:
            raise StorageBusy("waited too long behind other storage calls")
        wait = self.db.busy_timeout if left > 0.9 * self.db.busy_timeout else left
        if self.stalled:
            wait = min(wait, WHILE_STALLED)
        try:
            conn = self._connection(round(wait, 3))
            result = fn(conn)
        except sqlite3.OperationalError as exc:
            if self.conn is not None and self.conn.in_transaction:
                self.conn.rollback()
            if not _is_busy(exc):
                raise
            self.db._stalled(self, exc)
            raise StorageBusy(str(exc)) from None
        if self.stalled:
            self.db._free(self)
        return result

    def run(self) -> None:
        while True:
            jobs = [self.jobs.get()]
            while jobs[-1] is not None:  # take whatever else is queued, up to a stop
                try:
                    jobs.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            batch: dict[asyncio.AbstractEventLoop, list[_Outcome]] = {}
            for job in jobs:
                if job is None:
                    break
                fn, future, loop, deadline = job
                if future.cancelled():  # its caller gave up before it started: skipped,
                    continue  # as an executor skips a cancelled work item
                try:
                    outcome: _Outcome = (future, self._one(fn, deadline), None)
                except BaseException as exc:  # handed to the waiter, as an executor does
                    outcome = (future, None, exc)
                batch.setdefault(loop, []).append(outcome)
            for loop, outcomes in batch.items():
                # a closed loop raises RuntimeError: nobody is waiting there any more
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_settle, outcomes)
            if jobs[-1] is None:
                return

    def ensure(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            # a daemon, so a forgotten close() cannot hang the exit; `_stop_workers` still
            # lets it finish what is queued when the interpreter exits
            self.thread = threading.Thread(target=self.run, name=self.name, daemon=True)
            self.thread.start()

    def stop(self) -> None:
        """Let the thread finish what is queued, then end it (blocks until it has)."""
        thread = self.thread
        if thread is not None and thread.is_alive():
            self.jobs.put(None)
            thread.join()
        self.thread = None

    def close(self, _: sqlite3.Connection | None = None) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class SQLiteDatabase:
    """One file in WAL mode, used through two connections, each with its own worker thread:
    one for every write (and whatever `run` is given), one for plain SELECTs.

    Dedicated threads keep the event loop free of disk I/O and serialise each connection's
    use, which SQLite needs; several processes may share the file (WAL allows one writer at a
    time, and readers alongside it). Reads have their own connection so that they never
    queue behind a write waiting for the file. Statements queued while a thread was busy run
    back to back, and their results go back to the event loop in one wake-up, which keeps the
    hand-over cheap under load.

    A statement that cannot have the file within `busy_timeout` seconds (another process
    holds it) fails with `StorageBusy`; the first such failure of a stall is logged, with its
    cause, and so is the end of the stall.
    """

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._start_lock = threading.Lock()
        self._writer = _Worker(self, "sqlite", self._connect)
        self._reader = _Worker(self, "sqlite-read", self._connect_reader)
        self._stall_began: float | None = None

    @property
    def _separate_reads(self) -> bool:
        return str(self.path) != ":memory:"

    def _connect(self) -> sqlite3.Connection:
        if self._separate_reads:
            _private_files(self.path)
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout,
                               isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # what a person typed mid-flow (a key, a password) is zeroed, not left in free pages
            conn.execute("PRAGMA secure_delete=ON")
            conn.executescript(SCHEMA)
            _add_fsm_updated(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect_reader(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout,
                               isolation_level=None)
        conn.execute("PRAGMA query_only=ON")
        return conn

    def _stalled(self, worker: _Worker, exc: BaseException) -> None:
        """From a worker thread: the file was busy. The first of a stall is logged."""
        with self._start_lock:
            worker.stalled = True
            first = self._stall_began is None
            if first:
                self._stall_began = time.monotonic()
        if first:
            log.warning("storage: %s is held by another connection or process (%s): storage "
                        "calls give up after %.0f s until it is free", self.path.name, exc,
                        self.busy_timeout)

    def _free(self, worker: _Worker) -> None:
        """From a worker thread: a statement got through after the file was busy."""
        with self._start_lock:
            worker.stalled = False
            began = self._stall_began
            ended = began is not None and not (self._writer.stalled or self._reader.stalled)
            if ended:
                self._stall_began = None
        if ended and began is not None:
            log.info("storage: %s is free again after %.0f s", self.path.name,
                     time.monotonic() - began)

    def _ensure_worker(self, worker: _Worker) -> None:
        with self._start_lock:
            worker.ensure()
            _LIVE.add(self)

    def _stop_worker(self) -> None:
        """Let the workers finish what is queued, then end them (blocks until they have)."""
        self._reader.stop()
        self._writer.stop()

    async def run(self, fn: Callable[[sqlite3.Connection], T], *, read: bool = False) -> T:
        """Run `fn` with a connection on its worker thread: the writer's, or with `read`
        the reader's (`fn` must then only read). Raises `StorageBusy` when the file could not
        be had in time."""
        worker = self._reader if read and self._separate_reads else self._writer
        if worker is self._reader and self._writer.conn is None:
            await self.run(lambda _: None)  # the writer makes the file and its tables first
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._ensure_worker(worker)
        worker.jobs.put((fn, future, loop, time.monotonic() + self.busy_timeout))
        return await future

    async def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        read = sql.lstrip()[:6].upper() == "SELECT"
        return await self.run(lambda c: c.execute(sql, params).fetchall(), read=read)

    async def ping(self) -> bool:
        rows = await self.execute("SELECT 1")
        return rows == [(1,)]

    async def close(self) -> None:
        for worker in (self._reader, self._writer):
            if worker.conn is not None:
                await self.run(worker.close, read=worker is self._reader)
        self._stop_worker()


_LIVE: weakref.WeakSet[SQLiteDatabase] = weakref.WeakSet()


@atexit.register
def _stop_workers() -> None:
    for db in list(_LIVE):
        db._stop_worker()
