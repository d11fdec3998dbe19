"""What every update pays for: no handler filter that aiogram has to run in a thread."""

from __future__ import annotations

from aiogram import Router

from handlers import get_routers


def _routers(router: Router) -> list[Router]:
    return [router, *(r for sub in router.sub_routers for r in _routers(sub))]


def test_every_handler_filter_is_async() -> None:
    """aiogram 3 runs a synchronous filter (a bare `State`, a magic `F` filter) through
    `asyncio.to_thread`: a thread hand-off for every update that reaches its handler, about a
    tenth of a read command's CPU for two such filters before the /<group> routers. States go
    in `StateFilter`, magic filters inside an async filter (`CallbackData.filter`)."""
    synchronous = [
        f"{router.name}.{name}: {handler.callback.__name__} {flt.callback!r}"
        for top in get_routers() for router in _routers(top)
        for name, observer in router.observers.items()
        for handler in observer.handlers for flt in handler.filters or []
        if not flt.awaitable
    ]
    assert synchronous == []
