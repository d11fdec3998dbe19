"""Fault injection: answer chosen requests with an error, a delay or a dropped connection.

`faults.add(method, path_regex, status=…, body=…, delay=…, drop=…, times=…, skip=…)` makes
the next `times` matching requests (after `skip` of them pass) get that answer;
`omit=("postbacks",)` answers normally without those fields (a tracker whose GET leaves an
array out, API-NOTES §11.7), `hold=seconds` answers normally but only that much later (the
answer is what the tracker held when the request arrived: two read-modify-writes interleave);
`add_kind("rate_limited", …)` does the same with a ready-made answer for one error kind,
and `random(rate, seed)` spreads every kind over all requests for soak tests.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from keitaro_sandbox.replies import EDITION_MESSAGE

Body = str | bytes | dict[str, Any] | list[Any] | None

SERVER_ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Error</title></head><body>"
    "<h1>An error occurred. Please check Maintenance &gt; Log</h1></body></html>\n")
CLOUDFLARE_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head>"
    "<body><h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8a1b2c3d4e5f6a7b</p>"
    "<p>error code: 1010</p></body></html>\n")
ADMIN_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Keitaro</title></head><body>"
    "<div id=\"app\">Sign in to Keitaro</div></body></html>\n")


def gateway_page(status: int, reason: str) -> str:
    return (f"<html>\n<head><title>{status} {reason}</title></head>\n<body>\n"
            f"<center><h1>{status} {reason}</h1></center>\n<hr><center>nginx</center>\n"
            "</body>\n</html>\n")


@dataclass(frozen=True)
class Answer:
    """A canned answer: status, body, content type and headers (or a delay / a drop), or
    the normal answer changed: fields left out (`omit`), sent late (`hold`)."""

    status: int | None = None
    body: Body = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    omit: tuple[str, ...] = ()
    hold: float = 0.0


KINDS: dict[str, Answer] = {
    "no_route": Answer(400, {"error": "URL 'GET http://sandbox/admin_api/v1/x' "
                                      "does not match any route"}),
    "bad_request": Answer(400, {"error": "Bad request"}),
    "unauthorized": Answer(401, {"error": "Invalid API key"}),
    "edition": Answer(402, {"error": EDITION_MESSAGE}),
    "tracker_failed": Answer(402, {"error": "SQLSTATE[HY000] [2002] Connection refused"}),
    "forbidden": Answer(403, {"error": "You have no permission to access this resource"}),
    "blocked": Answer(403, CLOUDFLARE_PAGE, "text/html", {"cf-ray": "8a1b2c3d4e5f6a7b-AMS",
                                                          "Server": "cloudflare"}),
    "not_found": Answer(404, "Traffic\\Model\\Campaign #999 not found", "text/plain"),
    "validation": Answer(406, {"name": ["This field is required"]}),
    "unprocessable": Answer(422, {"alias": ["Alias is already taken"]}),
    "rate_limited": Answer(429, {"error": "Too many requests"}, None, {"Retry-After": "0"}),
    "server_error": Answer(500, SERVER_ERROR_PAGE, "text/html"),
    "bad_gateway": Answer(502, gateway_page(502, "Bad Gateway"), "text/html"),
    "unavailable": Answer(503, gateway_page(503, "Service Temporarily Unavailable"),
                          "text/html"),
    "gateway_timeout": Answer(504, gateway_page(504, "Gateway Time-out"), "text/html"),
    "empty": Answer(200, b"", "application/json"),
    "null": Answer(200, "null", "application/json"),
    "not_json": Answer(200, "OK, saved", "text/plain"),
    "html": Answer(200, ADMIN_PAGE, "text/html"),
    "timeout": Answer(delay=1.0),
    "dropped": Answer(drop=True),
}


def without(response: web.StreamResponse, fields: tuple[str, ...]) -> web.StreamResponse:
    """A JSON answer with `fields` left out of its object (or of each object of its list)."""
    if not isinstance(response, web.Response) or response.content_type != "application/json":
        return response
    value = json.loads(response.text or "null")
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            for name in fields:
                item.pop(name, None)
    trimmed = web.Response(status=response.status, text=json.dumps(value),
                           content_type="application/json", charset="utf-8")
    return trimmed


def render(answer: Answer) -> web.Response:
    """The HTTP response of a canned answer (not used for pure delays and drops)."""
    status = answer.status if answer.status is not None else 200
    body = answer.body
    content_type = answer.content_type
    if isinstance(body, dict | list):
        raw = json.dumps(body).encode()
        content_type = content_type or "application/json"
    elif isinstance(body, str):
        raw = body.encode()
        content_type = content_type or (
            "text/html" if body.lstrip().lower().startswith(("<!doctype", "<html"))
            else "text/plain")
    elif isinstance(body, bytes):
        raw = body
        content_type = content_type or "application/octet-stream"
    else:
        raw = b""
        content_type = content_type or "application/json"
    response = web.Response(status=status, body=raw, headers=answer.headers)
    response.content_type = content_type
    return response


@dataclass
class Fault:
    """One rule; `hits` counts the requests it answered, `seen` every request it matched."""

    method: str | None
    path: re.Pattern[str]
    answer: Answer
    times: int = 1  # 0: every matching request until cleared
    skip: int = 0
    seen: int = 0
    hits: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times > 0 and self.hits >= self.times

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and bool(
            self.path.search(path))


@dataclass
class RandomFaults:
    """Each matching request fails with probability `rate`, as one of `kinds`."""

    rate: float
    rng: random.Random
    kinds: tuple[str, ...]
    method: str | None
    path: re.Pattern[str] | None
    delay: float
    injected: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, method, path)

    def pick(self, method: str, path: str) -> Answer | None:
        if self.method is not None and self.method.upper() != method:
            return None
        if self.path is not None and not self.path.search(path):
            return None
        if self.rng.random() >= self.rate:
            return None
        kind = self.kinds[self.rng.randrange(len(self.kinds))]
        self.injected.append((kind, method, path))
        answer = KINDS[kind]
        return Answer(delay=self.delay) if kind == "timeout" else answer


class Faults:
    """The fault rules of one sandbox; rules are tried in the order they were added."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []
        self.chaos: RandomFaults | None = None

    def add(self, method: str | None, path: str, *, status: int | None = None,
            body: Body = None, content_type: str | None = None,
            headers: dict[str, str] | None = None, delay: float = 0.0, drop: bool = False,
            times: int = 1, skip: int = 0, omit: tuple[str, ...] = (),
            hold: float = 0.0) -> Fault:
        """The next `times` requests whose path matches the regex `path` (searched, so
        anchor it with ^…$ for an exact path) and whose method is `method` (None: any),
        after `skip` of them passed, get this answer. With only `delay`, the normal answer
        follows the delay (computed after it); with `drop`, the connection is closed without
        an answer; with `omit`, the normal JSON answer lacks those fields (of the object, or
        of each object of a list); with `hold`, the normal answer is computed at once and
        sent `hold` seconds later."""
        answer = Answer(status, body, content_type, dict(headers or {}), delay, drop,
                        tuple(omit), hold)
        fault = Fault(method, re.compile(path), answer, times, skip)
        self.rules.append(fault)
        return fault

    def add_kind(self, kind: str, method: str | None = None, path: str = "", *,
                 times: int = 1, skip: int = 0, delay: float | None = None) -> Fault:
        """A ready-made answer from `KINDS` (e.g. "rate_limited", "bad_gateway")."""
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {', '.join(KINDS)}")
        answer = KINDS[kind]
        if delay is not None:
            answer = Answer(answer.status, answer.body, answer.content_type, answer.headers,
                            delay, answer.drop)
        fault = Fault(method, re.compile(path), answer, times, skip)
        self.rules.append(fault)
        return fault

    def random(self, rate: float, seed: int, kinds: Iterable[str] | None = None, *,
               method: str | None = None, path: str | None = None,
               delay: float = 1.0) -> RandomFaults:
        """Fail about `rate` of the requests with a kind drawn from `kinds` (default: all);
        a "timeout" waits `delay` seconds, then answers normally. Replaces earlier
        random faults; `injected` records what was injected where."""
        chosen = tuple(kinds) if kinds is not None else tuple(KINDS)
        unknown = [k for k in chosen if k not in KINDS]
        if unknown or not chosen:
            raise ValueError(f"unknown fault kinds {unknown}; use some of {', '.join(KINDS)}")
        self.chaos = RandomFaults(rate, random.Random(seed), chosen, method,
                                  re.compile(path) if path else None, delay)
        return self.chaos

    def clear(self) -> None:
        self.rules.clear()
        self.chaos = None

    def take(self, method: str, path: str) -> Answer | None:
        """The answer for this request, if a rule claims it (counting it as used)."""
        for fault in self.rules:
            if fault.exhausted or not fault.matches(method, path):
                continue
            fault.seen += 1
            if fault.seen <= fault.skip:
                continue
            fault.hits += 1
            return fault.answer
        if self.chaos is not None:
            return self.chaos.pick(method, path)
        return None
