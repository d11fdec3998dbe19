"""Shared helpers for the sandbox and client tests: keys, a fixed clock, a raw HTTP helper."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bot.keitaro.client import KeitaroClient
from bot.settings import KeitaroSettings
from keitaro_sandbox import ManualClock, Sandbox

API_KEY = "sbx-api-key-7f3a9c2e51d04b86a1e9"
POSTBACK_KEY = "pbk-4e8d2a61c9f3"
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
API = "/admin_api/v1"


def make_sandbox(**kwargs: Any) -> Sandbox:
    kwargs.setdefault("clock", ManualClock(NOW))
    return Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, **kwargs)


def settings(url: str, **overrides: Any) -> KeitaroSettings:
    values: dict[str, Any] = {
        "url": url,
        "api_key": API_KEY,
        "postback_key": POSTBACK_KEY,
        "timezone": "UTC",
        "retries": 2,
        "timeout": 10.0,
    }
    values.update(overrides)
    return KeitaroSettings(**values)


async def no_sleep(delay: float) -> None:
    """Stands in for the client's backoff sleep."""


@asynccontextmanager
async def client_for(url: str, **overrides: Any) -> AsyncIterator[KeitaroClient]:
    client = KeitaroClient(settings(url, **overrides))
    client.sleep = no_sleep
    try:
        yield client
    finally:
        await client.close()


@dataclass
class Reply:
    status: int
    content_type: str
    text: str
    headers: dict[str, str]
    raw: bytes

    def json(self) -> Any:
        return json.loads(self.text)


class Http:
    """A bare HTTP client for the sandbox's own tests (no KeitaroClient logic)."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base = base
        self.session = session

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, str] | None = None,
        key: str | None = API_KEY,
        data: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        raw: bool = False,
    ) -> Reply:
        """`path` is under /admin_api/v1 unless `raw`."""
        sent = dict(headers or {})
        if key is not None:
            sent["Api-Key"] = key
        url = self.base + (path if raw else API + path)
        kwargs: dict[str, Any] = {"headers": sent, "params": params}
        if json_body is not None:
            kwargs["json"] = json_body
        elif data is not None:
            kwargs["data"] = data
        async with self.session.request(method, url, **kwargs) as response:
            raw = await response.read()
            return Reply(
                response.status,
                response.content_type,
                raw.decode("utf-8", "replace"),
                dict(response.headers),
                raw,
            )

    async def get(self, path: str, **kw: Any) -> Reply:
        return await self.request("GET", path, **kw)

    async def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.request("POST", path, json_body=body, **kw)

    async def put(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.request("PUT", path, json_body=body, **kw)

    async def delete(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return await self.request("DELETE", path, json_body=body, **kw)


@asynccontextmanager
async def connected(sb: Sandbox) -> AsyncIterator[Http]:
    """Run `sb` and point a raw HTTP helper at it."""
    async with sb.running() as base, aiohttp.ClientSession() as session:
        yield Http(base, session)


@asynccontextmanager
async def serving(**kwargs: Any) -> AsyncIterator[tuple[Sandbox, Http]]:
    """A new running sandbox and a raw HTTP helper pointed at it."""
    sb = make_sandbox(**kwargs)
    async with connected(sb) as http:
        yield sb, http
