"""Real bot processes for tests: `python -m bot run` in webhook mode, and a Redis server."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram
from tests.harness import API_KEY, BOT_TOKEN, POSTBACK_KEY, USERS, WEBHOOK_SECRET
from tests.sandbox_fixtures import NOW

ROOT = Path(__file__).resolve().parents[1]


@asynccontextmanager
async def world(postback_delay: float | None = None
                ) -> AsyncIterator[tuple[Sandbox, FakeTelegram, str, str]]:
    """The sandbox tracker and the fake Bot API on loopback, for bot processes to use:
    (sandbox, tg, tracker URL, Bot API URL). Postbacks are processed `postback_delay`
    seconds after they arrive (None: when the test calls `sandbox.process_postbacks()`)."""
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=300, postback_delay=postback_delay)
    tg = FakeTelegram(token=BOT_TOKEN)
    async with AsyncExitStack() as stack:
        tracker = await stack.enter_async_context(sandbox.running())
        api = await stack.enter_async_context(tg.running())
        yield sandbox, tg, tracker, api


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BotProcess:
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
                try:
                    async with session.get(self.health_url) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise TimeoutError(f"bot not healthy in {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def bot_env(tracker_url: str, api_url: str, port: int, *, data_dir: Path | None = None,
            redis_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(
        ("TELEGRAM_", "KEITARO_", "WEBHOOK_", "REDIS_", "DATA_DIR", "ALLOWED_USERS"))}
    env.update(
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_API_URL=api_url,
        KEITARO_URL=tracker_url,
        KEITARO_API_KEY=API_KEY,
        KEITARO_POSTBACK_KEY=POSTBACK_KEY,
        KEITARO_TIMEOUT="5",
        ALLOWED_USERS=",".join(f"{uid}:{role}" for uid, role in USERS.items()),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/webhook",
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    if data_dir is not None:
        env["DATA_DIR"] = str(data_dir)
    if redis_url is not None:
        env["REDIS_URL"] = redis_url
    return env


def start_bot(env: dict[str, str], log_path: Path) -> BotProcess:
    handle = log_path.open("ab")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "--env-file", str(log_path.parent / "no.env"), "run"],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    handle.close()
    return BotProcess(proc=proc, port=int(env["WEBHOOK_PORT"]), log_path=log_path)


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A redis-server on a free loopback port; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        import pytest

        pytest.skip("redis-server is not installed (CI installs Debian's redis-server)")
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603 - a fixed local binary
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)
