"""Memory of an interactive read: peak RSS of the bot answering a huge `/clicks log`.

    python -m bench.memory [--sizes 20000 200000 1000000] [--baseline-sizes 20000 200000]

A viewer sends `/clicks log <all time> {"limit": N}` (issue 13, finding 4: N = 100,000,000 read
180k rows into memory, 1 GB). For each N, each measurement runs in a fresh child process: the
whole bot (production factories, SQLite storage, polling an in-process fake Bot API), which
reports its own peak RSS (`ru_maxrss`) once the reply and its files are out. The tracker runs
in its own process, so its memory does not count:

- `sandbox`: the sandbox tracker with N clicks, which honours `limit`: the bot's row cap
  (`KEITARO_MAX_ROWS`) is what bounds the read;
- `ignoring`: a tracker that ignores `limit` and streams all N rows: the byte cap
  (`KEITARO_MAX_ANSWER_MB`) is what bounds it (past it, a clear error and no rows);
- `uncapped` (baseline, same run): the bot with both caps lifted, against the sandbox, as
  before the fix. Only at `--baseline-sizes` (1M rows uncapped needs ~6 GB).

The target: the capped bot's peak RSS at the largest N within 1.2× of that at the smallest.
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

from aiohttp import web

from bench.common import (
    API_KEY,
    BOT_TOKEN,
    POSTBACK_KEY,
    ROOT,
    announce,
    child_env,
    child_server,
    machine,
    table,
)

VIEWER = 30_001
ALL_TIME = "2025-01-01..2030-12-31"
TRACKERS = ("sandbox", "ignoring")
TARGET = 1.2
ROW = {"click_id": "0000000000", "datetime": "2026-11-19 12:00:00", "campaign": "FB CA Crypto",
       "stream": "Main", "offer": "Keto DE", "country": "DE", "ip": "93.184.216.34",
       "is_bot": 0, "is_lead": 0, "is_sale": 0, "revenue": 0}


# -- a tracker that ignores `limit` ------------------------------------------------------------


async def serve_ignoring(rows: int) -> None:
    """`clicks/log` answers `rows` rows whatever the limit, streamed in chunks."""
    async def clicks_log(request: web.Request) -> web.StreamResponse:
        await request.read()
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            await response.write(b'{"rows": [')
            batch: list[str] = []
            for n in range(rows):
                batch.append(json.dumps({**ROW, "click_id": f"{n:010x}"}))
                if len(batch) == 1000 or n == rows - 1:
                    tail = "," if n < rows - 1 else ""
                    await response.write((",".join(batch) + tail).encode())
                    batch = []
            await response.write(f'], "total": {rows}}}'.encode())
        except (ConnectionResetError, RuntimeError):
            pass  # the bot stopped reading at its byte cap
        return response

    app = web.Application()
    app.router.add_post("/admin_api/v1/clicks/log", clicks_log)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    announce(f"http://127.0.0.1:{port}")
    await asyncio.Event().wait()


# -- the child: the bot answering one read -----------------------------------------------------


async def child(args: argparse.Namespace) -> dict[str, Any]:
    from bot.app import create_bot, create_dispatcher, create_services
    from bot.keitaro.masking import Redactor
    from bot.settings import AccessSettings, KeitaroSettings, StorageSettings
    from handlers import get_routers
    from telegram_fake import FakeTelegram

    settings = KeitaroSettings(_env_file=None, url=args.url, api_key=API_KEY,
                               postback_key=POSTBACK_KEY, timeout=600)
    if args.mode == "uncapped":  # the bot before the caps: every row asked for, all read
        settings.max_rows = 10**9
        settings.max_answer_mb = 10**6
    tg = FakeTelegram(token=BOT_TOKEN, enforce_rate_limits=False)
    redactor = Redactor([BOT_TOKEN, API_KEY, POSTBACK_KEY])
    async with tg.running() as api_url:
        services = create_services(settings, AccessSettings(allowed_users={VIEWER: "viewer"}),
                                   StorageSettings(DATA_DIR=Path(args.out)), redactor=redactor)
        bot = create_bot(BOT_TOKEN, api_url=api_url, redactor=redactor)
        dp = create_dispatcher(services, get_routers())
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                       polling_timeout=1))
        await tg.wait_call("getMe", timeout=60)
        sim = tg.user(VIEWER)
        await sim.say("/help", timeout=60)  # warm: the first update's imports and caches
        start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        mark = len(tg.calls)
        started = time.perf_counter()
        line = f'/clicks log {ALL_TIME} {{"limit": {args.rows}}}'
        tg.push(tg.message(VIEWER, line))
        result = await tg.wait_call(
            ("sendMessage", "editMessageText"), timeout=1200, after=mark,
            where=lambda c: FakeTelegram.visible_text(c).startswith(("✅", "❌")))
        seconds = time.perf_counter() - started
        await sim.say("/help", timeout=600)  # handled after the read's files went out
        text = FakeTelegram.visible_text(result)
        files = [c for c in tg.calls[mark:] if c.method == "sendDocument" and c.ok]
        await dp.stop_polling()
        await polling
    return {"seconds": seconds, "start_rss_mb": start_rss,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "reply": summary(text), "files": len(files)}


def summary(text: str) -> str:
    """What the reply said, in a few words: rows shown, or the error."""
    lines = text.splitlines()
    if text.startswith("❌"):
        body = lines[lines.index("") + 1:] if "" in lines else lines[1:]
        return "❌ " + (body[0] if body else "error")
    rows = next((x for x in lines if x.startswith("Rows ")), "")
    note = next((x for x in lines if x.startswith("ℹ️")), "")
    return "✅ " + "; ".join(x for x in (rows, note.split(":")[0]) if x)


# -- the parent: trackers, children, the table -------------------------------------------------


async def run_child(url: str, mode: str, rows: int, work: Path, tracker: str
                    ) -> dict[str, Any]:
    out = work / f"{tracker}-{mode}-{rows}"
    out.mkdir()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.memory", "--child", "--url", url, "--mode", mode,
        "--rows", str(rows), "--out", str(out),
        cwd=ROOT, env=child_env(), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} {rows} failed:\n{stderr.decode()[-3000:]}")
    figures: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    return figures


def rss_cell(figures: dict[str, Any]) -> str:
    grown = figures["peak_rss_mb"] - figures["start_rss_mb"]
    return f"{figures['peak_rss_mb']:.0f} (+{grown:.0f})"


async def main_async(args: argparse.Namespace) -> int:
    about = machine()  # before the run: the load average is the machine's, not ours
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            command = ["bench.sandbox_server", "--clicks", str(size)]
            async with child_server(command, work / f"sandbox-{size}.log",
                                    timeout=600) as sandbox:
                results["sandbox", size] = await run_child(sandbox.url, "capped", size, work,
                                                           "sandbox")
                if size in args.baseline_sizes:
                    results["uncapped", size] = await run_child(sandbox.url, "uncapped", size,
                                                                work, "sandbox")
            command = ["bench.memory", "--serve-ignoring", "--rows", str(size)]
            async with child_server(command, work / f"ignoring-{size}.log") as ignoring:
                results["ignoring", size] = await run_child(ignoring.url, "capped", size, work,
                                                            "ignoring")
    print(f"# bench.memory — {about}")
    print(f'a viewer\'s `/clicks log {ALL_TIME} {{"limit": N}}`; the bot in a fresh process '
          "per row (peak RSS = its ru_maxrss; +read = above its peak after start-up and one "
          "warm-up update); the tracker in its own process\n")
    rows = []
    for kind in ("sandbox", "ignoring", "uncapped"):
        for size in args.sizes:
            figures = results.get((kind, size))
            if figures is None:
                continue
            name = {"sandbox": "capped bot, sandbox (honours limit)",
                    "ignoring": "capped bot, tracker ignoring limit",
                    "uncapped": "baseline: caps lifted, sandbox"}[kind]
            rows.append([name, f"{size:,}", rss_cell(figures), f"{figures['seconds']:.1f}",
                         figures["files"], figures["reply"]])
    print(table(["bot and tracker", "N rows asked", "peak RSS MB (+read)", "reply s",
                 "files", "reply"], rows))
    small, large = min(args.sizes), max(args.sizes)
    failed = False
    print()
    for kind in TRACKERS:
        growth = results[kind, large]["peak_rss_mb"] / results[kind, small]["peak_rss_mb"]
        met = growth <= TARGET
        failed |= not met
        print(f"capped bot, {kind}: peak RSS at {large:,} / at {small:,} rows = {growth:.2f} — "
              f"{'MET' if met else 'MISSED'} (target ≤ {TARGET:g})")
    sizes = [s for s in args.sizes if ("uncapped", s) in results]
    if len(sizes) >= 2:
        lo, hi = min(sizes), max(sizes)
        growth = results["uncapped", hi]["peak_rss_mb"] / results["uncapped", lo]["peak_rss_mb"]
        versus = results["uncapped", hi]["peak_rss_mb"] / results["sandbox", hi]["peak_rss_mb"]
        print(f"baseline (caps lifted): peak RSS at {hi:,} / at {lo:,} rows = {growth:.2f}; "
              f"at {hi:,} rows {versus:.2f}× the capped bot's")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000, 1_000_000])
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[20_000, 200_000],
                        help="sizes at which the uncapped baseline also runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-ignoring", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("capped", "uncapped"), help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_ignoring:
        asyncio.run(serve_ignoring(args.rows))
        return
    if args.child:
        sys.stdout.write(json.dumps(asyncio.run(child(args))) + "\n")
        return
    raise SystemExit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
