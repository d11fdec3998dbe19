"""Routes of the Admin API, matched the way Keitaro 9.x does (`[i:id]` means digits only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from keitaro_sandbox.replies import BadRequest
from keitaro_sandbox.state import Record, State

_PLACEHOLDER = re.compile(r"{(\w+)}")


@dataclass
class Call:
    """One Admin API request, as handlers see it."""

    state: State
    method: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any

    def int_param(self, name: str = "id") -> int:
        return int(self.params[name])

    def data(self) -> Record:
        """The JSON object sent as the body; `{}` when there is none."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise BadRequest("The request body must be a JSON object")
        return self.body

    def required_query(self, name: str) -> str:
        value = self.query.get(name)
        if value is None or not value.strip():
            raise BadRequest(f'Parameter "{name}" is required')
        return value

    def int_query(self, name: str, default: int | None = None) -> int | None:
        value = self.query.get(name)
        if value is None or value == "":
            return default
        if not value.strip().isdigit():
            raise BadRequest(f'Parameter "{name}" must be a non-negative integer')
        return int(value)


Handler = Callable[[Call], web.StreamResponse]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    pattern: re.Pattern[str]


def _compile(template: str) -> re.Pattern[str]:
    """`/campaigns/{id}` → `^/campaigns/(?P<id>\\d+)$`; ids are digits, other names any
    path segment."""
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1)
        body = r"\d+" if name == "id" or name.endswith("_id") else r"[^/]+"
        parts.append(f"(?P<{name}>{body})")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$")


class Router:
    """Method + path template → handler; first match wins."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        self.routes.append(Route(method, template, handler, _compile(template)))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found:
                return route, found.groupdict()
        return None
