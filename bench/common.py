"""Shared pieces of the benchmarks: keys, child processes on loopback, CPU, percentiles, tables."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BOT_TOKEN = "4242424242:AAH-bench-token-SECRET-7c1e"  # noqa: S105 - fake, loopback only
API_KEY = "kt-bench-SECRET-1f2e3d4c5b6a"
POSTBACK_KEY = "pb-bench-SECRET"
WEBHOOK_SECRET = "wh-bench-SECRET-9a8b7c"  # noqa: S105 - fake, loopback only
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # the sandbox's fixed clock: same data every run
READY = "READY "  # a child server prints `READY <url>` on stdout once it listens
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Child:
    """A benchmark child process (a server) and the URL it printed when ready."""

    proc: asyncio.subprocess.Process
    url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)


def child_env() -> dict[str, str]:
    """The environment without any of the bot's settings, so a stray .env or variable is ignored."""
    prefixes = ("TELEGRAM_", "KEITARO_", "WEBHOOK_", "REDIS_", "DATA_DIR", "ALLOWED_USERS",
                "LOG_LEVEL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONPATH"] = str(ROOT)
    return env


@contextlib.asynccontextmanager
async def child_server(args: Sequence[str], log_path: Path,
                       timeout: float = 120.0) -> AsyncIterator[Child]:
    """Run `python -m <args>` (a module that prints `READY <url>`), stop it on exit."""
    with log_path.open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", *args, cwd=ROOT, env=child_env(),
            stdout=asyncio.subprocess.PIPE, stderr=log,
        )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), timeout)
        text = line.decode().strip()
        if not text.startswith(READY):
            raise RuntimeError(f"{args[0]} did not start: {text!r}\n{tail(log_path)}")
        yield Child(proc, text.removeprefix(READY), log_path)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def announce(url: str) -> None:
    """What a child server prints once it listens."""
    sys.stdout.write(f"{READY}{url}\n")
    sys.stdout.flush()


def tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def busy_seconds() -> float:
    """CPU time every process on the machine has used so far (Linux /proc/stat), so a run can
    tell how much of the machine other work took while it measured."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (also readable in a terminal)."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def verdict(ratio: float, target: float, higher_is_better: bool = True) -> str:
    met = ratio >= target if higher_is_better else ratio <= target
    sign = "≥" if higher_is_better else "≤"
    return f"{'MET' if met else 'MISSED'} (target {sign} {target:g})"


def revision() -> str:
    """The commit measured, with `+changes` when the work tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"
    return head + (" +changes" if dirty.strip() else "")


def machine() -> str:
    load = os.getloadavg()[0]
    return (f"{revision()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load {load:.2f} at start, {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}")
