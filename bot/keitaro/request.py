"""Building the HTTP request of a catalog action from its arguments (pure, no I/O)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from yarl import URL

from bot.keitaro.body_check import check_data
from bot.keitaro.catalog import Action, Danger, Kind, Location, ParamKind, RangeStyle, View
from bot.keitaro.masking import find_mask, mask_fields, mask_secret
from bot.keitaro.params import InputError, check_param
from bot.settings import KeitaroSettings

_PLACEHOLDER = re.compile(r"{(\w+)}")
ALIASES = {"dimensions": "grouping", "measures": "metrics"}  # newer report field names
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
# A whole day for the tracker: it parses start_date/end_date with PHP's DateTime and deletes
# or re-costs `BETWEEN start AND end` at second precision (D CleanerService::deleteStats,
# UpdateCampaignCostBulk::_getClickMainFilters), so a day ends at 23:59:59, not 23:59 (which
# leaves out its last 59 seconds) nor the next day's 00:00 (which takes in that second).
DAY_START, DAY_END = "00:00:00", "23:59:59"
_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LAST_MINUTE = re.compile(r"^(\d{4}-\d{2}-\d{2}) 23:59$")
# Longest request target (path and query) sent. nginx refuses a request line over its
# default `large_client_header_buffers 4 8k` (8 KiB) with 414, Apache's LimitRequestLine is
# 8190 bytes; the method, " HTTP/1.1" and a proxy's prefix need the rest.
MAX_REQUEST_TARGET = 8000
JSON_ACCEPT = "application/json"
# A download is a ZIP (the spec declares octet-stream); its errors still come as JSON.
BINARY_ACCEPT = "application/zip, application/octet-stream, application/json;q=0.5"


POSTBACK_KEY_SLOT = "{postback_key}"  # where a postback's URL takes the key, filled in when sent


@dataclass(slots=True)
class PreparedRequest:
    """A request built once from an action's arguments (`build_request`) and carried as it is:
    to the preview, the journal, Confirm (in the flow's storage) and the transport. It holds
    none of the bot's secrets: the transport adds the API key (`admin`), the postback key (the
    `{postback_key}` of a postback's URL) and the login when it sends it; `masked_url` is the
    URL as it may be shown."""

    method: str
    url: str
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    masked_url: str = ""
    accept: str = JSON_ACCEPT
    admin: bool = True  # an Admin API call: sent with the Api-Key header
    action: str = ""  # the catalog action it was built for ("" for a raw call)

    def as_json(self) -> dict[str, Any]:
        """The request as JSON-ready data (it is kept in the flow's storage until Confirm)."""
        return {"method": self.method, "url": self.url, "query": self.query, "body": self.body,
                "has_body": self.has_body, "masked_url": self.masked_url,
                "accept": self.accept, "admin": self.admin, "action": self.action}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PreparedRequest:
        return cls(**{name: data[name] for name in cls.__slots__ if name in data})


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


def checked_args(action: Action, args: dict[str, Any], *,
                 tracker_values: bool = False) -> dict[str, Any]:
    """The arguments with defaults applied; raises InputError for a missing or bad one.
    `tracker_values`: the data is the tracker's own (an Undo), checked for its shape, not
    against the choice lists a person's input is (`body_check.check_data`)."""
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
            # the fields sent override the defaults, also under their other report names
            replaced = {ALIASES[k] for k in value if k in ALIASES}
            kept = {k: v for k, v in param.default.items() if k not in replaced}
            value = {**copy.deepcopy(kept), **value}
        checked = check_param(param, value)
        if tracker_values and param.kind is ParamKind.TEXT and isinstance(value, str):
            checked = value  # the tracker's own text (a file's content) is sent unchanged
        result[param.name] = checked
        if param.kind is ParamKind.JSON:
            check_data(action, param, result[param.name], trusted=tracker_values)
    return result


def _range_body(value: dict[str, str], style: RangeStyle, timezone: str) -> dict[str, Any]:
    if style is RangeStyle.DATES:
        return {
            "start_date": f"{value['from']} {DAY_START}",
            "end_date": f"{value['to']} {DAY_END}",
            "timezone": timezone,
        }
    return {"range": {"from": value["from"], "to": value["to"], "timezone": timezone}}


def whole_days(value: Any) -> Any:
    """start_date/end_date anywhere in a body, completed to whole days: a bare date starts at
    00:00:00 or ends at 23:59:59, and an end at 23:59 is taken to its last second."""
    if isinstance(value, list):
        return [whole_days(v) for v in value]
    if not isinstance(value, dict):
        return value
    done = {k: whole_days(v) for k, v in value.items()}
    start, end = done.get("start_date"), done.get("end_date")
    if isinstance(start, str) and _BARE_DATE.match(start.strip()):
        done["start_date"] = f"{start.strip()} {DAY_START}"
    if isinstance(end, str):
        text = end.strip()
        if _BARE_DATE.match(text):
            done["end_date"] = f"{text} {DAY_END}"
        elif match := _LAST_MINUTE.match(text):
            done["end_date"] = f"{match.group(1)} {DAY_END}"
    return done


def _report_dialect(body: dict[str, Any], dialect: str) -> dict[str, Any]:
    """`grouping` and `metrics` always go out: 9.x maps `dimensions` to `grouping` but has no
    `measures` (D QueryParams.php, API-NOTES §11.9), so without `metrics` a report loses its
    numbers; trackers of every version seen read `grouping`/`metrics`. The `dimensions`
    dialect adds `dimensions`/`measures` copies for a tracker that reads only those."""
    sent = dict(body)
    for old, new in (("grouping", "dimensions"), ("metrics", "measures")):
        if old not in sent and new in sent:
            sent[old] = sent[new]
        if dialect == "dimensions" and old in sent and new not in sent:
            sent[new] = sent[old]
    return sent


def request_target(url: str, query: dict[str, str]) -> str:
    """The path and query as aiohttp puts them on the request line."""
    try:
        target = URL(url).extend_query(query) if query else URL(url)
    except ValueError:  # a URL aiohttp refuses itself (an invalid-URL error): estimate
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        return path + (f"?{urlencode(query)}" if query else "")
    return target.raw_path_qs


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


def check_args(action: Action, args: dict[str, Any], settings: KeitaroSettings, *,
               tracker_values: bool = False) -> None:
    """What can be refused before anything is read: the arguments (`checked_args`) and a
    postback without its key. The request itself is built later, once, from the arguments as
    the change completes them (`build_request`)."""
    checked_args(action, args, tracker_values=tracker_values)
    if action.kind is Kind.POSTBACK and not _postback_key(settings):
        raise InputError("postback_key_missing")


def _postback_key(settings: KeitaroSettings) -> str:
    return settings.postback_key.get_secret_value() if settings.postback_key else ""


def build_request(
    action: Action, args: dict[str, Any], settings: KeitaroSettings, *,
    tracker_values: bool = False,
) -> PreparedRequest:
    """Turn an action and checked arguments into a request; raises InputError (also for a
    write that would carry the bot's own mask `••••` in any value: masks are for display,
    never written back to the tracker)."""
    values = checked_args(action, args, tracker_values=tracker_values)
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
    if action.whole_days:
        body = whole_days(body)

    if action.kind is Kind.POSTBACK:
        key = _postback_key(settings)
        if not key:
            raise InputError("postback_key_missing")
        query = postback_query(body or {})
        path, masked_path = action.path, action.path.replace(POSTBACK_KEY_SLOT,
                                                               mask_secret(key))
        sent_path = action.path.replace(POSTBACK_KEY_SLOT, quote(key, safe=""))
        base = settings.url
        body, has_body = None, False
    else:
        path = masked_path = sent_path = _PLACEHOLDER.sub(lambda m: path_values[m.group(1)],
                                                          action.path)
        base = settings.api_base

    if action.danger is not Danger.READ:
        where = find_mask(body) or find_mask(query)
        if where is not None:
            raise InputError("mask_in_write", field=where)
    size = len(request_target(f"{base}{sent_path}", query).encode())
    if size > MAX_REQUEST_TARGET:
        raise InputError("url_too_long", size=size, max=MAX_REQUEST_TARGET)
    masked_query = mask_fields(query)
    suffix = f"?{urlencode(masked_query)}" if masked_query else ""
    return PreparedRequest(
        method=action.method,
        url=f"{base}{path}",
        query=query,
        body=body,
        has_body=has_body,
        masked_url=f"{base}{masked_path}{suffix}",
        accept=BINARY_ACCEPT if action.view is View.BINARY else JSON_ACCEPT,
        admin=action.kind is Kind.ADMIN,
        action=action.id,
    )
