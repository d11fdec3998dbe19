"""Building the HTTP request of a catalog action from its arguments (pure, no I/O)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from bot.keitaro.catalog import Action, Kind, Location, ParamKind, RangeStyle, View
from bot.keitaro.masking import mask_fields, mask_secret
from bot.keitaro.params import InputError, check_param
from bot.settings import KeitaroSettings

_PLACEHOLDER = re.compile(r"{(\w+)}")
POSTBACK_FIELDS: dict[str, str] = {
    "click_id": "subid",
    "subid": "subid",
    "status": "status",
    "revenue": "payout",
    "payout": "payout",
    "currency": "currency",
    "transaction_id": "tid",
    "tid": "tid",
    "cost": "cost",
}
POSTBACK_SUB_ID = re.compile(r"^sub_id_([1-9]|[12][0-9]|30)$")
_STATUS = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
JSON_ACCEPT = "application/json"
# A download is a ZIP (the spec declares octet-stream); its errors still come as JSON.
BINARY_ACCEPT = "application/zip, application/octet-stream, application/json;q=0.5"


@dataclass(slots=True)
class PreparedRequest:
    """A request ready to send, and its masked twin for envelopes and previews."""

    method: str
    url: str
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    masked_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    masked_headers: dict[str, str] = field(default_factory=dict)


def substitute(template: Any, args: dict[str, Any]) -> Any:
    """Fill `{name}` in a JSON template; a string that is exactly `{name}` keeps the type."""
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole and whole.group(1) in args:
            return args[whole.group(1)]
        return _PLACEHOLDER.sub(lambda m: str(args.get(m.group(1), m.group(0))), template)
    if isinstance(template, dict):
        return {k: substitute(v, args) for k, v in template.items()}
    if isinstance(template, list):
        return [substitute(v, args) for v in template]
    return template


def checked_args(action: Action, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments with defaults applied; raises InputError for a missing or bad one."""
    result: dict[str, Any] = {}
    for param in action.params:
        value = args.get(param.name)
        if value is None:
            if param.required:
                raise InputError("param_missing", name=param.name)
            if param.default is None:
                continue
            value = copy.deepcopy(param.default)
        elif isinstance(param.default, dict) and isinstance(value, dict):
            value = {**copy.deepcopy(param.default), **value}  # the fields sent override
        result[param.name] = check_param(param, value)
    return result


def _range_body(value: dict[str, str], style: RangeStyle, timezone: str) -> dict[str, Any]:
    if style is RangeStyle.DATES:
        return {
            "start_date": f"{value['from']} 00:00",
            "end_date": f"{value['to']} 23:59",
            "timezone": timezone,
        }
    return {"range": {"from": value["from"], "to": value["to"], "timezone": timezone}}


def _report_dialect(body: dict[str, Any], dialect: str) -> dict[str, Any]:
    if dialect != "dimensions":
        return body
    renamed = dict(body)
    for old, new in (("grouping", "dimensions"), ("metrics", "measures")):
        if old in renamed and new not in renamed:
            renamed[new] = renamed.pop(old)
    return renamed


def postback_query(data: dict[str, Any]) -> dict[str, str]:
    """Conversion JSON → the tracker's postback parameters, refusing unknown fields."""
    query: dict[str, str] = {}
    for key, value in data.items():
        target = POSTBACK_FIELDS.get(key)
        if target is None and POSTBACK_SUB_ID.match(key):
            target = key
        if target is None:
            allowed = "click_id, status, revenue, currency, transaction_id, cost, sub_id_1..30"
            raise InputError("postback_unknown_field", field=key, allowed=allowed)
        if value is None:
            continue
        if isinstance(value, dict | list):
            raise InputError("postback_not_scalar", field=key)
        text = str(value).strip() if not isinstance(value, bool) else str(int(value))
        if target == "status" and not _STATUS.match(text):
            raise InputError("postback_status", value=text[:40])
        if target == "currency" and not _CURRENCY.match(text):
            raise InputError("postback_currency", value=text[:40])
        if target in ("payout", "cost"):
            try:
                float(text)
            except ValueError:
                raise InputError("postback_number", field=key, value=text[:40]) from None
        query[target] = text
    if not query.get("subid"):
        raise InputError("json_missing", fields="click_id")
    return query


def build_request(
    action: Action, args: dict[str, Any], settings: KeitaroSettings
) -> PreparedRequest:
    """Turn an action and checked arguments into a request; raises InputError."""
    values = checked_args(action, args)
    api_key = settings.api_key.get_secret_value()
    headers = {
        "Accept": BINARY_ACCEPT if action.view is View.BINARY else JSON_ACCEPT,
        "User-Agent": settings.user_agent,
    }
    masked_headers = dict(headers)
    if action.kind is Kind.ADMIN:
        headers["Api-Key"] = api_key
        masked_headers["Api-Key"] = mask_secret(api_key)

    path_values: dict[str, str] = {}
    template_query = substitute(action.query_template, values)
    query: dict[str, str] = {str(k): str(v) for k, v in template_query.items()}
    has_body = action.body_template is not None
    body: Any = substitute(copy.deepcopy(action.body_template), values) if has_body else None
    for param in action.params:
        if param.name not in values:
            continue
        value = values[param.name]
        if param.location is Location.PATH:
            path_values[param.name] = quote(str(value), safe="")
        elif param.location is Location.QUERY:
            query[param.name] = str(value)
        elif param.location is Location.BODY:
            has_body = True
            if body is None:
                body = [] if (param.json_array and not param.field) else {}
            if param.kind is ParamKind.RANGE:
                body.update(_range_body(value, param.range_style, settings.timezone))
            elif param.field:
                body[param.field] = value
            else:
                body.update(value)

    if action.view is View.REPORT and isinstance(body, dict):
        body = _report_dialect(body, settings.report_dialect)

    if action.kind is Kind.POSTBACK:
        key = settings.postback_key.get_secret_value() if settings.postback_key else ""
        if not key:
            raise InputError("postback_key_missing")
        query = postback_query(body or {})
        path = action.path.replace("{postback_key}", quote(key, safe=""))
        masked_path = action.path.replace("{postback_key}", mask_secret(key))
        base = settings.url
        body, has_body = None, False
    else:
        path = masked_path = _PLACEHOLDER.sub(lambda m: path_values[m.group(1)], action.path)
        base = settings.api_base

    masked_query = mask_fields(query)
    suffix = f"?{urlencode(masked_query)}" if masked_query else ""
    if has_body:
        headers["Content-Type"] = masked_headers["Content-Type"] = "application/json"
    return PreparedRequest(
        method=action.method,
        url=f"{base}{path}",
        query=query,
        body=body,
        has_body=has_body,
        masked_url=f"{base}{masked_path}{suffix}",
        headers=headers,
        masked_headers=masked_headers,
    )
