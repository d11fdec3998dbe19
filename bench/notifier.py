"""The notifier at scale: tracker calls per round and how soon alerts reach their chats.

    python -m bench.notifier [--alerts 1 50 500] [--chats 200] [--conversions 30]
                             [--tracker-ms 100]

For each number of alerts, spread round-robin over `--chats` private chats (four in five are
conversion alerts with varied filters, one in five a threshold rule: spend, ROI over 3/6/12 h,
clicks drop, tracker down, each with its own threshold), a burst of new conversions arrives and
one notifier round runs. Everything is on loopback in one process: the sandbox tracker (it
counts the requests; each answer delayed `--tracker-ms`, as a tracker across a network), the
fake Bot API with Telegram's limits (`RateLimits.telegram()`), and the bot's production
services with the production `Pacer`.

- `bot`: the notifier's round (`Notifier.tick`): one `conversions/log` query for all
  conversion alerts, one `report/build` for every rule (issue 20), chats sent to at once,
  every alert with its buttons;
- `baseline` (same run, same world): the round as it was before issue 13 (finding 5), kept
  here: each conversion alert queries `conversions/log` itself (pages of 100), each rule
  reads its own report, and every notice is sent in turn, each waiting for its chat's pacing.

Figures: tracker calls in the round; Bot API messages; the delay from the round's start to the
first message, to the median chat's first message, and to the last chat's first message;
the whole round; 429s. The goal: calls per round do not grow with the number of alerts (at
most one query for conversions plus one report for all the rules).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot

from bench.common import API_KEY, BOT_TOKEN, NOW, POSTBACK_KEY, machine, table
from bot.app import Services, create_bot, create_services
from bot.keitaro.client import KeitaroClient
from bot.keitaro.masking import Redactor
from bot.notify.alerts import COLUMNS, conversions_text, evaluate, latest_conversion_id
from bot.notify.models import ConversionAlert, Rule
from bot.notify.sender import send_notice
from bot.notify.service import Notifier
from bot.settings import AccessSettings, KeitaroSettings, NotifySettings, StorageSettings
from bot.telegram_guard import Pacer
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, RateLimits

FIRST_CHAT = 700_001
FILTERS: list[dict[str, Any]] = [{}, {"statuses": ["sale"]}, {"statuses": ["lead", "rejected"]},
                                 {"campaign_ids": [1, 2]}, {"offer_ids": [1, 2, 3]}]
UNCAPPED = NotifySettings(enabled=False, max_per_chat=10**3, max_per_user=10**4)


@dataclass
class World:
    sandbox: Sandbox
    clock: ManualClock
    tg: FakeTelegram
    bot: Bot
    services: Services
    notifier: Notifier


@dataclass
class Round:
    side: str
    alerts: int
    chats: int
    shapes: int
    calls: int
    messages: int
    first: float
    median_chat: float
    last_chat: float
    seconds: float
    hits: int

    def row(self) -> list[object]:
        return [f"{self.alerts:,}", self.chats, self.side, self.calls, self.shapes,
                self.messages, f"{self.first:.2f}", f"{self.median_chat:.2f}",
                f"{self.last_chat:.2f}", f"{self.seconds:.2f}", self.hits]


def subscriptions(count: int, chats: int, head: int) -> list[ConversionAlert | Rule]:
    made: list[ConversionAlert | Rule] = []
    for n in range(count):
        chat = FIRST_CHAT + n % chats
        if n % 5 != 4:
            made.append(ConversionAlert(chat_id=chat, created_by=chat, last_seen=head,
                                        **FILTERS[n % len(FILTERS)]))
            continue
        kind = ("spend_no_conversion", "roi_below", "clicks_drop", "tracker_down")[n // 5 % 4]
        extra: dict[str, Any] = {"hours": (3, 6, 12)[n % 3]} if kind == "roi_below" else {}
        threshold = {"spend_no_conversion": 5 + n % 40, "roi_below": -10 - n % 50,
                     "clicks_drop": 20 + n % 60, "tracker_down": 0}[kind]
        made.append(Rule(chat_id=chat, created_by=chat, kind=kind, threshold=threshold,
                         **extra))
    return made


def shapes(made: list[ConversionAlert | Rule]) -> int:
    """Distinct reads a round needs: one for conversions, one report for every rule."""
    return (any(isinstance(r, Rule) for r in made)
            + any(isinstance(r, ConversionAlert) for r in made))


# -- the round before the fix (the baseline) -----------------------------------------------------


def _old_filters(alert: ConversionAlert, after: int) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [
        {"name": "conversion_id", "operator": "GREATER_THAN", "expression": after}]
    for name, values in (("status", alert.statuses), ("campaign_id", alert.campaign_ids),
                         ("offer_id", alert.offer_ids)):
        if values:
            filters.append({"name": name, "operator": "IN_LIST", "expression": values})
    return filters


async def _old_new_conversions(client: KeitaroClient, alert: ConversionAlert, now: datetime
                               ) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = alert.last_seen
    window = {"from": (now - timedelta(days=2)).date().isoformat(), "to": now.date().isoformat()}
    while len(found) < 1000:
        envelope = await client.execute("conversions.log", {
            "range": window,
            "data": {"columns": COLUMNS, "filters": _old_filters(alert, after), "limit": 100,
                     "sort": [{"name": "conversion_id", "order": "ASC"}]}})
        if not envelope.success or not isinstance(envelope.data, dict):
            return found
        rows = [r for r in envelope.data.get("rows") or [] if isinstance(r, dict)]
        found += rows
        if len(rows) < 100:
            break
        after = int(rows[-1]["conversion_id"])
    return found


async def baseline_round(w: World, now: datetime) -> None:
    """The round before the fix: a query per alert, reports per rule, one send after another."""
    client, subs = w.services.client, w.services.subscriptions
    for alert in await subs.conversion_alerts():
        rows = await _old_new_conversions(client, alert, now)
        if rows:
            alert.last_seen = max(int(r["conversion_id"]) for r in rows)
            await subs.save(alert)
            await send_notice(w.bot, subs, alert.chat_id, conversions_text(rows, alert.lang))
    for rule in await subs.rules():
        holding, answered = await evaluate(client, rule, now, client.settings.timezone)
        messages = Notifier._episodes(rule, holding, answered, now)
        await subs.save(rule)
        if messages:
            await send_notice(w.bot, subs, rule.chat_id, "\n\n".join(m.text for m in messages))


# -- measuring -----------------------------------------------------------------------------------


async def one(side: str, count: int, args: argparse.Namespace, work: Path) -> Round:
    clock = ManualClock(NOW)
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=clock, clicks=3000)
    tg = FakeTelegram(token=BOT_TOKEN, rate_limits=RateLimits.telegram())
    async with AsyncExitStack() as stack:
        tracker = await stack.enter_async_context(sandbox.running())
        api = await stack.enter_async_context(tg.running())
        settings = KeitaroSettings(_env_file=None, url=tracker, api_key=API_KEY,
                                   postback_key=POSTBACK_KEY, retries=0)
        # each subscription is its own chat's person's: all of them on the list
        people = dict.fromkeys(range(FIRST_CHAT, FIRST_CHAT + args.chats), "viewer")
        services = create_services(settings, AccessSettings(allowed_users={1: "admin", **people}),
                                   StorageSettings(DATA_DIR=work / f"{side}-{count}"),
                                   redactor=Redactor([API_KEY, POSTBACK_KEY]), notify=UNCAPPED)
        stack.push_async_callback(services.close)
        bot = create_bot(BOT_TOKEN, api_url=api, pacer=Pacer())
        stack.push_async_callback(bot.session.close)
        w = World(sandbox, clock, tg, bot, services, Notifier(
            services.client, services.subscriptions, services.kv, clock=clock,
            policy=services.policy))
        head = await latest_conversion_id(services.client, clock())
        made = subscriptions(count, args.chats, head)
        for record in made:
            await services.subscriptions.add_alert(record)
        for n in range(args.conversions):
            sandbox.add_conversion(100 + 41 * n, status=("lead", "sale", "rejected")[n % 3],
                                   revenue=5 + n)
        clock.advance(seconds=5)
        if args.tracker_ms:
            sandbox.faults.add(None, r".", delay=args.tracker_ms / 1000, times=0)
        sandbox.reset_requests()
        mark, started = len(tg.calls), time.monotonic()
        if side == "bot":
            await w.notifier.tick(bot)
        else:
            await baseline_round(w, clock())
        seconds = time.monotonic() - started
        sent = [c for c in tg.calls[mark:] if c.method == "sendMessage" and c.ok]
        firsts: dict[Any, float] = {}
        for call in sent:
            firsts.setdefault(call.chat_id, call.ts - started)
        delays = sorted(firsts.values()) or [float("nan")]
        return Round(side, count, len({r.chat_id for r in made}), shapes(made),
                     len(sandbox.requests), len(sent), delays[0], statistics.median(delays),
                     delays[-1], seconds, len(tg.rate_limit_hits))


async def main_async(args: argparse.Namespace) -> int:
    about = machine()
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="bench-notifier-") as tmp:
        for count in args.alerts:
            for side in ("bot", "baseline"):
                rounds.append(await one(side, count, args, Path(tmp)))
    print(f"# bench.notifier — {about}")
    print(f"one round after {args.conversions} new conversions; alerts round-robin over "
          f"{args.chats} private chats (4 in 5 conversion alerts, 1 in 5 threshold rules); "
          "sandbox, fake Bot API (Telegram's limits) and the bot in one process, production "
          f"Pacer; every tracker answer delayed {args.tracker_ms:g} ms; delays in seconds from "
          "the round's start\n")
    print(table(["alerts", "chats", "round", "tracker calls", "distinct reads needed",
                 "messages", "first alert s", "median chat's first s", "last chat's first s",
                 "round s", "429s"], [r.row() for r in rounds]))
    bot = {r.alerts: r for r in rounds if r.side == "bot"}
    base = {r.alerts: r for r in rounds if r.side == "baseline"}
    most = max(args.alerts)
    grows = any(r.calls > r.shapes for r in bot.values())
    print("\ncalls per round, bot: " + ", ".join(f"{n:,} alerts → {bot[n].calls}"
                                                 for n in args.alerts)
          + "; baseline: " + ", ".join(f"{n:,} → {base[n].calls}" for n in args.alerts))
    print(f"at {most:,} alerts: calls baseline/bot = {base[most].calls / bot[most].calls:.1f}×; "
          f"last chat's first alert baseline/bot = "
          f"{base[most].last_chat / max(bot[most].last_chat, 1e-3):.1f}×")
    print("goal: calls per round do not grow with the number of alerts (at most one read for "
          f"conversions and one for the rules) — {'MISSED' if grows else 'MET'}")
    return 1 if grows else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--conversions", type=int, default=30)
    parser.add_argument("--tracker-ms", type=float, default=100.0,
                        help="added to every tracker answer, as a tracker over the network")
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
