"""Big exports: time and peak memory of `bot.csv_export.export_csv` against a naive export.

    python -m bench.export [--sizes 20000 200000] [--page-size 5000] [--part-mb 48]

For each size a sandbox tracker with that many clicks and conversions runs in its own process
(`bench.sandbox_server`), so its memory does not count. Each export then runs in a fresh
child process (`python -m bench.export --child ...`), which reports its own wall time and peak
RSS (`ru_maxrss`), so one run's peak cannot hide another's:

- `stream`: `export_csv` (pages fetched one at a time and written to ≤ 48 MB CSV parts);
- `naive` (baseline): the same pages, every row kept in a list, then written as one CSV by the
  bot's in-memory `csv_bytes`, as the export buttons of a single result do.

Both export `clicks/log` and `conversions/log` over all time. The target is on memory: the
streaming export's peak RSS at the largest size within 1.2× of that at the smallest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import API_KEY, POSTBACK_KEY, ROOT, child_env, child_server, machine, table
from bot.csv_export import PART_LIMIT, TELEGRAM_UPLOAD_LIMIT, export_csv
from bot.keitaro.catalog import CATALOG
from bot.keitaro.client import KeitaroClient
from bot.render.data import csv_bytes
from bot.settings import KeitaroSettings

ACTIONS = ("clicks.log", "conversions.log")
MODES = ("stream", "naive")
ALL_TIME = {"range": {"from": "2025-01-01", "to": "2030-12-31"}}
TARGET = 1.2


# -- the child: one export, its own figures ---------------------------------------------------


async def naive_export(client: KeitaroClient, action_id: str, out: Path,
                       page_size: int, max_rows: int) -> tuple[int, list[Path]]:
    """Every row in memory first, then one file."""
    action = CATALOG[action_id]
    rows: list[Any] = []
    data = {"limit": max_rows}
    async for envelope in client.iter_grid(action, {**ALL_TIME, "data": data},
                                           page_size=page_size):
        if not envelope.success or not isinstance(envelope.data, dict):
            raise RuntimeError(f"page failed: {envelope.error}")
        rows += envelope.data.get("rows") or []
    path = out / f"{action.group}-{action.key}.csv"
    path.write_bytes(csv_bytes(rows))
    return len(rows), [path]


async def child(args: argparse.Namespace) -> dict[str, Any]:
    settings = KeitaroSettings(_env_file=None, url=args.url, api_key=API_KEY,
                               postback_key=POSTBACK_KEY, timeout=120)
    client = KeitaroClient(settings)
    out = Path(args.out)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # imports and all
    start, cpu = time.perf_counter(), time.process_time()
    try:
        if args.mode == "stream":
            result = await export_csv(client, CATALOG[args.action], dict(ALL_TIME), out,
                                      page_size=args.page_size,
                                      part_limit=int(args.part_mb * 2**20))
            if result.error is not None:
                raise RuntimeError(f"export failed: {result.error.error}")
            rows, files = result.rows, result.files
        else:
            rows, files = await naive_export(client, args.action, out, args.page_size,
                                             args.rows)
    finally:
        await client.close()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"rows": rows, "seconds": seconds, "cpu": cpu,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "start_rss_mb": before,
            "files": [p.stat().st_size for p in files]}


# -- the parent: sandboxes, children, the table ----------------------------------------------


async def run_child(url: str, action: str, mode: str, rows: int, args: argparse.Namespace,
                    work: Path) -> dict[str, Any]:
    out = work / f"{action}-{mode}-{rows}"
    out.mkdir()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.export", "--child", "--url", url, "--action", action,
        "--mode", mode, "--rows", str(rows), "--page-size", str(args.page_size),
        "--part-mb", str(args.part_mb), "--out", str(out),
        cwd=ROOT, env=child_env(), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{action} {mode} {rows} failed:\n{stderr.decode()[-2000:]}")
    for path in out.iterdir():
        path.unlink()
    figures: dict[str, Any] = json.loads(stdout)
    if figures["rows"] != rows:
        raise RuntimeError(f"{action} {mode}: exported {figures['rows']} rows, not {rows}")
    return figures


def seconds_cell(figures: dict[str, Any]) -> str:
    return f"{figures['seconds']:.1f} ({figures['cpu']:.1f} / {figures['sandbox_cpu']:.1f})"


def rss_cell(figures: dict[str, Any]) -> str:
    grown = figures["peak_rss_mb"] - figures["start_rss_mb"]
    return f"{figures['peak_rss_mb']:.0f} (+{grown:.0f})"


def files_cell(sizes: list[int]) -> str:
    mb = [f"{s / 2**20:.1f}" for s in sizes]
    return f"{len(sizes)} × ≤{max(sizes) / 2**20:.1f} MB" if len(sizes) > 3 else (
        " + ".join(mb) + " MB")


async def main_async(args: argparse.Namespace) -> int:
    about = machine()  # before the run: the load average is the machine's, not ours
    results: dict[tuple[str, str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            command = ["bench.sandbox_server", "--clicks", str(size), "--conversions", str(size)]
            async with child_server(command, work / f"sandbox-{size}.log") as sandbox:
                for action in ACTIONS:
                    for mode in MODES:
                        served = sandbox.cpu_seconds()
                        figures = await run_child(sandbox.url, action, mode, size, args, work)
                        figures["sandbox_cpu"] = sandbox.cpu_seconds() - served
                        results[action, mode, size] = figures
    print(f"# bench.export — {about}")
    print(f"pages of {args.page_size} rows, parts ≤ {args.part_mb:g} MB, sandbox in its own "
          f"process, each export in a fresh process (peak RSS = the child's ru_maxrss, "
          f"+export = above its peak before the export began, i.e. after imports; CPU: "
          f"seconds used by the export's process and by the sandbox's)\n")
    rows = []
    for action in ACTIONS:
        for size in args.sizes:
            stream, naive = results[action, "stream", size], results[action, "naive", size]
            rows.append([action, f"{size:,}", seconds_cell(stream), rss_cell(stream),
                         files_cell(stream["files"]), seconds_cell(naive), rss_cell(naive),
                         f"{naive['peak_rss_mb'] / stream['peak_rss_mb']:.2f}"])
    print(table(["export", "rows", "stream s (CPU: export / sandbox)",
                 "stream peak RSS MB (+export)", "stream files",
                 "naive s (CPU: export / sandbox)", "naive peak RSS MB (+export)",
                 "naive/stream RSS"], rows))
    small, large = min(args.sizes), max(args.sizes)
    failed = False
    print()
    for action in ACTIONS:
        for mode in MODES:
            at_small, at_large = results[action, mode, small], results[action, mode, large]
            growth = at_large["peak_rss_mb"] / at_small["peak_rss_mb"]
            met = growth <= TARGET
            if mode == "stream":
                failed |= not met
            extra = [r["peak_rss_mb"] - r["start_rss_mb"] for r in (at_small, at_large)]
            print(f"{action} {mode}: peak RSS at {large:,} / at {small:,} rows = {growth:.2f}"
                  + (f" — {'MET' if met else 'MISSED'} (target ≤ {TARGET:g})"
                     if mode == "stream" else " (baseline)")
                  + f"; above start +{extra[0]:.0f} → +{extra[1]:.0f} MB")
    largest = max(max(r["files"]) for (_, mode, _), r in results.items() if mode == "stream")
    print(f"largest streamed file: {largest / 2**20:.1f} MB (parts ≤ {args.part_mb:g} MB; "
          f"Telegram's limit for bots {TELEGRAM_UPLOAD_LIMIT / 2**20:.0f} MB)")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--page-size", type=int, default=5000)
    parser.add_argument("--part-mb", type=float, default=PART_LIMIT / 2**20,
                        help="the streaming export's part size (default: the bot's 48 MB)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--action", choices=ACTIONS, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(asyncio.run(child(args))) + "\n")
        return
    raise SystemExit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
