"""Where the bot's CPU goes for one `/campaigns get 1` update: a cProfile of the server process.

    python -m bench.profile [--users 50] [--per-user 20] [--concurrency 16] [--save FILE] [--echo]

The same rig as `bench.throughput` (sandbox and fake Bot API in this process, the bot in its
own, `bench.webhook_server bot --profile`): a warm-up, then cProfile on in the bot's process
(SIGUSR1) for `users × per_user` updates, off (SIGUSR2) and saved. Printed per update: the
profiled time by area (own time of each function, a built-in's counted where it is called
from), and the bot's own functions with the most time under them. cProfile's own cost
inflates the figures several times over (and time is wall time, so a busy machine adds to
them): compare shares, not totals, with `bench.throughput`. SQLite runs in its worker thread,
which is not profiled: the storage row is the event loop's side of it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import signal
import tempfile
from collections import defaultdict
from pathlib import Path

import aiohttp

from bench.common import BOT_TOKEN, child_server, machine, table
from bench.sandbox_server import build as build_sandbox
from bench.throughput import COMMAND, ReplyWatcher, bot_ok, echo_ok, load, updates
from telegram_fake import FakeTelegram

# area of a function by where it is defined: the first rule whose text is in its file path
AREAS: list[tuple[str, tuple[str, ...]]] = [
    ("middlewares (access, lock and state, ctx, in-flight, chat gate)",
     ("bot/access.py", "bot/person.py", "bot/context.py", "bot/lifecycle.py",
      "bot/chat_gate.py", "aiogram/fsm/", "aiogram/dispatcher/middlewares/")),
    ("storage, event loop side (SQLite FSM, key-value, results)",
     ("bot/storage/", "bot/flow/results.py", "sqlite3")),
    ("rendering (texts, cards, keyboards, reply)",
     ("bot/render/", "bot/flow/keyboards.py", "bot/reply.py", "bot/i18n/", "fluent",
      "babel")),
    ("tracker client (runner, request, transport, parse, scrub)",
     ("bot/keitaro/", "bot/action_runner.py", "bot/bounded_json.py")),
    ("flow engine and handlers", ("bot/", "handlers/")),
    ("aiogram (routing, filters, Bot API methods)", ("aiogram/",)),
    ("pydantic", ("pydantic",)),
    ("aiohttp, yarl, multidict (both servers' HTTP)", ("aiohttp/", "yarl/", "multidict/")),
    ("logging", ("logging/",)),
    ("json", ("json/",)),
    ("asyncio", ("asyncio/",)),
]
OTHER = "other (stdlib, event loop wake-ups)"

Key = tuple[str, int, str]


def area_of(key: Key) -> str:
    path = key[0].replace(os.sep, "/")
    for name, parts in AREAS:
        if any(part in path for part in parts):
            return name
    return OTHER


def by_area(stats: pstats.Stats) -> dict[str, float]:
    """Own time per area; a built-in's own time goes to the areas of its callers, in the
    shares of the time it spent under each."""
    raw = stats.stats  # type: ignore[attr-defined]
    areas: dict[str, float] = defaultdict(float)

    def place(key: Key, seconds: float, depth: int = 0) -> None:
        if key[0] != "~" or depth > 5:
            areas[area_of(key)] += seconds
            return
        callers = raw[key][4]
        total = sum(c[2] for c in callers.values())
        if not callers or total <= 0:
            areas[OTHER] += seconds
            return
        for caller, c in callers.items():
            place(caller, seconds * c[2] / total, depth + 1)

    for key, (_cc, _nc, tt, _ct, _callers) in raw.items():
        if not _idle(key):
            place(key, tt)
    return areas


def _idle(key: Key) -> bool:
    """The event loop waiting for I/O (wall time, not work)."""
    return key[0] == "~" and "poll" in key[2] and "select" in key[2]


def report(stats: pstats.Stats, updates_done: int, top: int) -> str:
    areas = by_area(stats)
    total = sum(areas.values())
    rows = [[name, f"{seconds / updates_done * 1e6:,.0f}", f"{seconds / total:.0%}"]
            for name, seconds in sorted(areas.items(), key=lambda kv: -kv[1])]
    rows.append(["total (profiled)", f"{total / updates_done * 1e6:,.0f}", "100%"])
    calls = sum(entry[1] for entry in stats.stats.values())  # type: ignore[attr-defined]
    rows.append(["Python function calls per update (deterministic: the machine's load "
                 "does not change it)", f"{calls / updates_done:,.0f}", ""])
    out = [table(["area (own time)", "µs/update", "share"], rows), ""]
    raw = stats.stats  # type: ignore[attr-defined]
    ours = [(key, ct) for key, (_cc, _nc, _tt, ct, _c) in raw.items()
            if ("/bot/" in key[0] or "/handlers/" in key[0]) and key[2] != "<module>"]
    ours.sort(key=lambda kv: -kv[1])
    root = str(Path(__file__).resolve().parents[1]) + os.sep
    rows = [[f"{key[0].removeprefix(root)}:{key[1]} {key[2]}",
             f"{ct / updates_done * 1e6:,.0f}", f"{ct / total:.0%}"] for key, ct in ours[:top]]
    out += [table(["the bot's function (time under it)", "µs/update", "share"], rows), ""]
    own = sorted(((key, tt) for key, (_cc, _nc, tt, _ct, _c) in raw.items() if not _idle(key)),
                 key=lambda kv: -kv[1])
    rows = [[f"{key[0].removeprefix(root).rsplit('site-packages/', 1)[-1]}:{key[1]} {key[2]}"
             if key[0] != "~" else key[2], f"{tt / updates_done * 1e6:,.0f}", f"{tt / total:.0%}"]
            for key, tt in own[:top]]
    out.append(table(["function (own time)", "µs/update", "share"], rows))
    return "\n".join(out)


async def main_async(args: argparse.Namespace) -> int:
    about = machine()
    sandbox = build_sandbox(clicks=3000, conversions=0)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        work = Path(tmp)
        saved = args.save or work / "bot.prof"
        tg = FakeTelegram(token=BOT_TOKEN, enforce_rate_limits=False)
        async with sandbox.running() as tracker_url, tg.running() as api_url:
            command = ["bench.webhook_server", "bot", "--api-url", api_url, "--tracker-url",
                       tracker_url, "--data-dir", str(work / "data"), "--users",
                       str(args.users), "--profile", str(saved)]
            ok = bot_ok
            if args.echo:  # the baseline of bench.throughput, for its calls per update
                command, ok = ["bench.webhook_server", "echo", "--api-url", api_url,
                               "--profile", str(saved)], echo_ok
            async with child_server(command, work / "bot.log") as server:
                watcher = ReplyWatcher(tg)
                watching = asyncio.create_task(watcher.run())
                connector = aiohttp.TCPConnector(limit=args.concurrency)
                async with aiohttp.ClientSession(connector=connector) as session:
                    warm = updates(tg, args.users, args.warmup)
                    await load(session, server.url, warm, watcher, args.concurrency, ok)
                    items = updates(tg, args.users, args.per_user)
                    os.kill(server.pid, signal.SIGUSR1)
                    _, _, failures = await load(session, server.url, items, watcher,
                                                args.concurrency, ok)
                    os.kill(server.pid, signal.SIGUSR2)
                watching.cancel()
                for _ in range(600):  # the child writes the stats on SIGUSR2
                    if await asyncio.to_thread(Path(saved).exists):
                        break
                    await asyncio.sleep(0.05)
        stats = pstats.Stats(str(saved))
    print(f"# bench.profile — {about}")
    print(f"{COMMAND!r} × {len(items)} ({args.users} users, {args.concurrency} in flight), "
          f"cProfile in the bot's process; failures {failures}\n")
    print(report(stats, len(items), args.top))
    return 0 if not failures else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="keep the cProfile stats in this file")
    parser.add_argument("--echo", action="store_true",
                        help="profile the echo baseline of bench.throughput instead")
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
