"""A small loopback tracker for the contract tests: every Admin API request is forwarded to
Prism (which validates it against the spec) and recorded with Prism's verdict; the postback
URL, which is not in the spec, is answered here and recorded for its own checks.

Prism's mock answers are placeholders (ids 0, strings "string"). Where the client reads an
answer to decide its next request (a conversion looked up before its postback is re-sent,
the filters or postbacks of an entity before an edit is written back, a group picked by id),
a validated answer is replaced by a realistic one, so the request that follows is the one a
real tracker would get, and is validated in turn.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from multidict import MultiDict
from yarl import URL

API = "/admin_api/v1"
CONVERSION = {"conversion_id": 7, "sub_id": "3f2a9c1b7e", "postback_datetime":
              "2026-11-14 10:00:00", "campaign": "FB US iOS", "offer": "Nutra US",
              "status": "lead", "previous_status": "", "revenue": 25.5, "tid": "order-881"}
FILTERS = [{"id": 12, "name": "country", "mode": "accept", "payload": ["US"]},
           {"id": 13, "name": "os", "mode": "reject", "payload": ["iOS"]}]


def _postbacks(campaign: int) -> list[dict[str, Any]]:
    return [{"id": 12, "campaign_id": campaign, "method": "GET", "statuses": ["sale"],
             "url": "https://ts.example.com/pb?c={subid}&p={revenue}"}]


@dataclass
class Exchange:
    """One request the client sent, and what Prism (or the postback stand-in) said."""

    method: str
    path: str
    query: MultiDict[str]
    headers: dict[str, str]
    body: bytes
    status: int
    violations: list[dict[str, Any]] = field(default_factory=list)  # sl-violations
    problem: str | None = None  # Prism's own error type (e.g. NO_PATH_MATCHED_ERROR)
    postback: bool = False

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def problems(self) -> set[tuple[str, str, str]]:
        """What Prism found wrong: (code, location, message) of each violation, plus its
        own refusal (no such path or method, cannot produce the accepted type)."""
        found = {(str(v.get("code")), ".".join(map(str, v.get("location", []))),
                  str(v.get("message"))) for v in self.violations}
        if self.problem:
            found.add((self.problem, "", ""))
        return found


def _patch(method: str, path: str, query: MultiDict[str], body: Any) -> Any:
    """A realistic answer instead of Prism's placeholder, for answers the client acts on."""
    if method == "POST" and path == f"{API}/conversions/log":
        return {"rows": [CONVERSION], "total": 1}
    if method == "GET" and (match := re.fullmatch(rf"{API}/streams/(\d+)", path)):
        return {**(body if isinstance(body, dict) else {}), "id": int(match.group(1)),
                "filters": FILTERS}
    if method == "GET" and (match := re.fullmatch(rf"{API}/campaigns/(\d+)", path)):
        ident = int(match.group(1))
        return {**(body if isinstance(body, dict) else {}), "id": ident,
                "postbacks": _postbacks(ident)}
    if method == "GET" and path == f"{API}/groups":
        return [{"id": 12, "name": "Nutra", "position": 1, "type": query.get("type")}]
    return None


class ContractFront:
    """The loopback app in front of Prism; `exchanges` lists every request in order."""

    def __init__(self, prism_url: str, postback_key: str) -> None:
        self.prism_url = prism_url
        self.postback_path = f"/{postback_key}/postback"
        self.exchanges: list[Exchange] = []
        self.patch: Callable[[str, str, MultiDict[str], Any], Any] = _patch
        self._session: aiohttp.ClientSession | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        query = MultiDict(request.query)
        headers = dict(request.headers)
        if request.path.endswith("/postback") and not request.path.startswith(API):
            self.exchanges.append(Exchange(request.method, request.path, query, headers, body,
                                           200, postback=True))
            return web.Response(text="Success", content_type="text/plain")
        assert self._session is not None
        forwarded = {k: v for k, v in request.headers.items()
                     if k.lower() in ("api-key", "accept", "content-type", "user-agent")}
        url = URL(self.prism_url + request.raw_path, encoded=True)
        async with self._session.request(request.method, url, headers=forwarded,
                                         data=body or None) as answer:
            raw = await answer.read()
            status = answer.status
            content_type = answer.headers.get("Content-Type", "application/json")
            violations = json.loads(answer.headers.get("sl-violations", "[]"))
        problem = None
        if "problem+json" in content_type:
            kind = json.loads(raw).get("type", "")
            problem = kind.rsplit("#", 1)[-1] or kind
        self.exchanges.append(Exchange(request.method, request.path, query, headers, body,
                                       status, violations, problem))
        if 200 <= status < 300 and not violations and "json" in content_type:
            value = json.loads(raw) if raw else None
            patched = self.patch(request.method, request.path, query, value)
            if patched is not None:
                raw = json.dumps(patched).encode()
        return web.Response(body=raw, status=status,
                            headers={"Content-Type": content_type})

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        """Serve on a free loopback port; yields the tracker's base URL."""
        runner = web.AppRunner(self.app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = aiohttp.ClientSession()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            await self._session.close()
            await runner.cleanup()
