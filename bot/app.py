"""Factories: the bot, its services and a dispatcher, built fresh on every call."""

from __future__ import annotations

import asyncio
import gc
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from redis.asyncio import BlockingConnectionPool

from bot.access import AccessMiddleware, AccessPolicy, RefusalLimiter
from bot.action_runner import ActionRunner
from bot.chat_gate import ChatGate
from bot.context import ContextMiddleware
from bot.error_handlers import register_error_handlers
from bot.explore.service import Explorer
from bot.flow.engine import FlowEngine
from bot.flow.ref_names import RefNames
from bot.flow.results import ResultStore
from bot.housekeeping import EVERY as HOUSEKEEPING_EVERY
from bot.housekeeping import Housekeeper
from bot.i18n import DEFAULT_LANG, LANGS, plain
from bot.keitaro.catalog import CATALOG
from bot.keitaro.client import KeitaroClient
from bot.keitaro.masking import Redactor
from bot.lifecycle import InFlight
from bot.notify.service import Notifier
from bot.notify.store import RecordStore, RedisRecords, SQLiteRecords
from bot.notify.subscriptions import Subscriptions
from bot.person import PersonLocks, order_update_middlewares
from bot.render.report import Floors
from bot.reply import Replies, RichMode
from bot.settings import (
    AccessSettings,
    ChangesSettings,
    KeitaroSettings,
    NotifySettings,
    ReportSettings,
    StorageSettings,
)
from bot.storage.audit import AuditJournal, RedisAudit, SQLiteAudit
from bot.storage.fsm import STATE_KEPT, SQLiteStorage
from bot.storage.kv import KeyValue, RedisKV, SQLiteKV
from bot.storage.locks import RedisLocks, SharedLock, SQLiteLocks
from bot.storage.redis_client import StorageRedis
from bot.storage.redis_fsm import SharedRedisIsolation, SharedRedisStorage
from bot.storage.sqlite import SQLiteDatabase
from bot.telegram_guard import Pacer, TelegramGuard
from bot.telegram_session import BotSession
from bot.timezones import Clock, now_utc

log = logging.getLogger("bot.app")
DB_FILE = "bot.sqlite3"
REDIS_CONNECTIONS = 100  # redis-py's own default pool size
REDIS_WAIT = 30.0  # seconds a command waits for a free connection before it fails


def create_bot(
    token: str,
    *,
    api_url: str | None = None,
    session: BaseSession | None = None,
    redactor: Redactor | None = None,
    pacer: Pacer | None = None,
) -> Bot:
    """A Bot with HTML replies, optionally pointed at another Bot API server."""
    guard = TelegramGuard(redactor or Redactor([token]), pacer)
    if session is None:
        api = TelegramAPIServer.from_base(api_url) if api_url else None
        session = (BotSession(api=api, scrubber=guard.scrubber) if api
                   else BotSession(scrubber=guard.scrubber))
    session.middleware(guard)
    return Bot(
        token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


@dataclass
class Services:
    """The bot's services: what handlers take is passed to them by the dispatcher."""

    client: KeitaroClient
    storage: BaseStorage
    isolation: BaseEventIsolation
    kv: KeyValue
    audit: AuditJournal
    results: ResultStore
    runner: ActionRunner
    engine: FlowEngine
    policy: AccessPolicy
    limiter: RefusalLimiter
    redactor: Redactor
    records: RecordStore
    subscriptions: Subscriptions
    notifier: Notifier
    notify: NotifySettings
    explorer: Explorer
    inflight: InFlight = field(default_factory=InFlight)
    replies: Replies = field(default_factory=Replies)  # rich or plain, ephemeral or posted
    closers: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    async def ping(self) -> bool:
        """True while the storage answers (for /healthz)."""
        try:
            if isinstance(self.storage, RedisStorage):
                return bool(await self.storage.redis.ping())
            if isinstance(self.storage, SQLiteStorage):
                return await self.storage.db.ping()
        except Exception:
            return False
        return True

    async def close(self) -> None:
        for closer in reversed(self.closers):
            try:
                await closer()
            except Exception:
                log.exception("error while closing")


def create_services(
    keitaro: KeitaroSettings,
    access: AccessSettings,
    storage: StorageSettings,
    *,
    redactor: Redactor | None = None,
    notify: NotifySettings | None = None,
    changes: ChangesSettings | None = None,
    clock: Clock = now_utc,
    reports: ReportSettings | None = None,
    rich_messages: RichMode = "auto",
) -> Services:
    """Client, storage (Redis when configured, else SQLite under DATA_DIR) and the engine.
    The client's read-modify-writes hold locks in that storage, shared by every process.

    Without `notify` settings the notifier does not run in the background (tests, demo);
    digests can still be sent on request. `clock` tells the engine and the notifier what
    time it is (tests give the sandbox's own clock). `rich_messages` (RICH_MESSAGES): rich
    replies where the Bot API server takes them ("auto"), or plain HTML always ("off").
    """
    redactor = redactor or Redactor()
    closers: list[Callable[[], Awaitable[Any]]] = []
    fsm: BaseStorage
    isolation: BaseEventIsolation
    kv: KeyValue
    audit: AuditJournal
    records: RecordStore
    locks: SharedLock
    if storage.redis_url:
        # commands beyond the pool's connections wait for one instead of failing: a burst
        # of updates polls a per-person lock each, well over redis-py's 100 connections
        redis = StorageRedis.from_pool(BlockingConnectionPool.from_url(
            storage.redis_url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT))
        # a conversation's data lives FLOW_TTL from its last answer; its step (no data) a day
        # longer, so that the person is told it expired
        fsm = SharedRedisStorage(redis, key_builder=DefaultKeyBuilder(with_destiny=True),
                                 data_ttl=math.ceil(storage.flow_ttl),
                                 state_ttl=math.ceil(storage.flow_ttl + STATE_KEPT))
        isolation = SharedRedisIsolation(redis)
        kv, audit, records = RedisKV(redis), RedisAudit(redis), RedisRecords(redis)
        locks = RedisLocks(redis)
        closers.append(redis.aclose)
    else:
        db = SQLiteDatabase(Path(storage.data_dir) / DB_FILE,
                            busy_timeout=storage.sqlite_busy_timeout)
        fsm = SQLiteStorage(db, ttl=storage.flow_ttl)
        isolation = PersonLocks()
        kv, audit, records = SQLiteKV(db), SQLiteAudit(db), SQLiteRecords(db)
        locks = SQLiteLocks(db)
        closers.append(db.close)
    # the read-modify-writes of every process sharing this storage hold the same locks
    client = KeitaroClient(keitaro, redactor=redactor, locks=locks)
    closers.insert(0, client.close)
    reports = reports or ReportSettings()
    results = ResultStore(kv, redactor=client.redactor,
                          floors=Floors(cost=reports.min_cost, clicks=reports.min_clicks),
                          names=RefNames(client))
    explorer = Explorer(client, results, clock=clock, numbers_ttl=reports.numbers_ttl)
    changes = changes or ChangesSettings()
    runner = ActionRunner(client, audit, changes)
    notify = notify or NotifySettings(enabled=False)
    subscriptions = Subscriptions(records, max_per_chat=notify.max_per_chat,
                                  max_per_user=notify.max_per_user)
    policy = AccessPolicy(access.allowed_users)
    replies = Replies(rich_messages)
    notifier = Notifier(client, subscriptions, kv, policy=policy, tick=notify.tick,
                        conversions_every=notify.conversions_every,
                        rules_every=notify.rules_every, clock=clock,
                        min_clicks=reports.min_clicks, replies=replies)
    return Services(
        client=client,
        storage=fsm,
        isolation=isolation,
        kv=kv,
        audit=audit,
        results=results,
        runner=runner,
        engine=FlowEngine(client, runner, results, audit, flow_ttl=storage.flow_ttl,
                          clock=clock, explorer=explorer),
        policy=policy,
        limiter=RefusalLimiter(cooldown=access.refusal_cooldown),
        redactor=redactor,
        records=records,
        subscriptions=subscriptions,
        notifier=notifier,
        notify=notify,
        explorer=explorer,
        closers=closers,
        replies=replies,
    )


# The command menu, most used first: the day's money, the groups a buyer opens every day, the
# team's updates, finding by name, help and language, then the other groups in menu order,
# then the admins' commands.
FIRST_GROUPS = 4  # reports, campaigns, conversions, streams (see `catalog/groups.py`)
def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu in `lang` (`botcommand-<command>` texts), ordered by how often a team
    uses each command."""

    def own(*names: str) -> list[BotCommand]:
        return [BotCommand(command=n, description=plain(lang, f"botcommand-{n}"))
                for n in names]

    groups = [BotCommand(command=g.key, description=g.description.get(lang))
              for g in CATALOG.groups]
    return [*own("today", "menu"), *groups[:FIRST_GROUPS],
            *own("digest", "alerts", "find", "help", "lang"),
            *groups[FIRST_GROUPS:], *own("cancel", "audit", "enable_chat")]


async def register_commands(bot: Bot) -> bool:
    """Register the command menu in every language (English for everyone else); the bot
    keeps running if this fails."""
    try:
        await bot.set_my_commands(bot_commands(DEFAULT_LANG), scope=BotCommandScopeDefault())
        for lang in LANGS:
            if lang != DEFAULT_LANG:
                await bot.set_my_commands(bot_commands(lang), scope=BotCommandScopeDefault(),
                                          language_code=lang)
    except Exception as exc:
        log.warning("could not register the command menu: %s", type(exc).__name__)
        return False
    return True


def freeze_startup_objects() -> None:
    """Leave what start-up built (modules, the catalog, routers, services: some 200,000
    objects) out of the garbage collector's full passes, which otherwise scan all of it
    (~150 ms each, stopping the bot) to find the garbage of a few updates. There is next to
    no garbage at this point (a full collection here finds none), so none is collected first:
    that would cost every start, and every test's, a full pass. `gc.unfreeze()` on shutdown
    hands it all back to the collector."""
    gc.freeze()


def create_dispatcher(services: Services, routers: Sequence[Router], *,
                      audit_grace: float = 120.0) -> Dispatcher:
    """A dispatcher with access control, the update context (`ctx`), the given routers
    (`handlers.get_routers()`) and the services handlers take as arguments."""
    dp = Dispatcher(
        storage=services.storage,
        events_isolation=services.isolation,
        engine=services.engine,
        audit=services.audit,
        results=services.results,
        subscriptions=services.subscriptions,
        notifier=services.notifier,
        kv=services.kv,
        explorer=services.explorer,
        replies=services.replies,
    )
    order_update_middlewares(dp, inflight=services.inflight,
                             access=AccessMiddleware(services.policy, services.limiter),
                             context=ContextMiddleware(services.kv))
    gate = ChatGate(services.subscriptions, services.policy)
    dp.message.outer_middleware(gate)
    dp.callback_query.outer_middleware(gate)
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_routers(*routers)
    register_error_handlers(dp)

    interrupted_after = services.client.settings.timeout + audit_grace
    housekeeper = Housekeeper(services.audit, services.storage,
                              interrupted_after=interrupted_after,
                              every=min(HOUSEKEEPING_EVERY, services.engine.flow_ttl / 2))

    async def on_startup(bot: Bot) -> None:
        marked = await services.audit.mark_interrupted(older_than=interrupted_after)
        if marked:
            log.warning("%d journal entries were cut short by a restart", marked)
        await register_commands(bot)
        if services.notify.enabled:
            services.notifier.start(bot)
        housekeeper.start()
        freeze_startup_objects()

    async def on_shutdown() -> None:
        await housekeeper.stop()
        await services.notifier.stop()
        await asyncio.sleep(0)  # let updates just fetched start, and so be counted
        await services.inflight.drain()
        await services.close()
        gc.unfreeze()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp
