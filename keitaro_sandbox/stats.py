"""Statistics endpoints: grid queries, cost updates, cleaning and report labels."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from keitaro_sandbox import grid, records
from keitaro_sandbox import resources as r
from keitaro_sandbox.columns import click_getters
from keitaro_sandbox.ranges import parse_instant, zone
from keitaro_sandbox.records import REQUIRED, Fields
from keitaro_sandbox.replies import ApiError, BadRequest, Invalid, NotFound, json_reply
from keitaro_sandbox.router import Call
from keitaro_sandbox.state import Record, State
from keitaro_sandbox.traffic import FLAG_UNIQUE_CAMPAIGN

COST_FILTERS = ("keyword", "external_id", "creative_id", "ad_campaign_id", "source",
                *(f"sub_id_{n}" for n in range(1, 16)))
LABELS = ("blacklist", "whitelist")


def report_build(call: Call) -> web.Response:
    return json_reply(grid.report(call.state, call.data()))


def clicks_log(call: Call) -> web.Response:
    return json_reply(grid.clicks_log(call.state, call.data()))


def conversions_log(call: Call) -> web.Response:
    return json_reply(grid.conversions_log(call.state, call.data()))


# -- costs and cleaning --------------------------------------------------------------------


def _moments(data: Record, errors: Fields, prefix: str, tz_name: Any) -> tuple[int, int] | None:
    """start_date/end_date → [start, end + 1 s): both moments count (SQL BETWEEN), taken
    exactly as written ("2026-11-01 23:59" is 23:59:00), as Keitaro 9.x does."""
    for name in ("start_date", "end_date"):
        if records.blank(data.get(name)):
            errors.setdefault(f"{prefix}{name}", []).append(REQUIRED)
    if errors:
        return None
    try:
        tz = zone(tz_name)
        start = parse_instant(data["start_date"], tz)
        end = parse_instant(data["end_date"], tz) + 1
    except ApiError as exc:
        errors.setdefault(f"{prefix}start_date", []).append(str(exc.body.get("error")))
        return None
    if start >= end:
        errors.setdefault(f"{prefix}end_date", []).append("Must not be before start_date")
        return None
    return start, end


def _cost(value: Any, errors: Fields, name: str) -> float:
    try:
        cost = float(str(value).replace(",", "."))
    except ValueError:
        errors.setdefault(name, []).append("Must be a number")
        return 0.0
    if cost < 0:
        errors.setdefault(name, []).append("Must not be negative")
    return cost


def _spread(state: State, campaign_ids: set[int], span: tuple[int, int], cost: float,
            uniques: bool, filters: Record) -> int:
    """Give the matching clicks of the period equal shares of `cost`."""
    clicks = state.traffic.clicks
    getters = click_getters(state, zone("UTC"))
    wanted = {k: {v.strip().lower() for v in str(value).split(",") if v.strip()}
              for k, value in filters.items()}
    chosen = [
        i for i in clicks.window(*span)
        if not clicks.removed[i]
        and clicks.routes[clicks.route[i]].campaign_id in campaign_ids
        and (not uniques or clicks.flags[i] & FLAG_UNIQUE_CAMPAIGN)
        and all(str(getters[k](i)).lower() in values for k, values in wanted.items())
    ]
    for i in chosen:
        clicks.cost[i] = cost / len(chosen)
    return len(chosen)


def _cost_filters(value: Any, errors: Fields, name: str) -> Record:
    if value in (None, "", []):
        return {}
    if not isinstance(value, dict):
        errors.setdefault(name, []).append("Must be an object such as {\"sub_id_1\": \"a,b\"}")
        return {}
    unknown = [k for k in value if k not in COST_FILTERS]
    if unknown:
        errors.setdefault(name, []).append(
            f"Unknown filter {', '.join(unknown)}; use {', '.join(COST_FILTERS)}")
    return {k: v for k, v in value.items() if k in COST_FILTERS}


def campaign_update_costs(call: Call) -> web.Response:
    campaign = call.state.campaigns.get(call.int_param())
    if campaign is None:
        raise NotFound(r.CAMPAIGNS.model, call.int_param())
    data = call.data()
    errors: Fields = {name: [REQUIRED] for name in ("start_date", "end_date", "timezone",
                                                    "cost", "currency")
                      if records.blank(data.get(name))}
    span = _moments(data, errors, "", data.get("timezone")) if not errors else None
    cost = _cost(data.get("cost"), errors, "cost") if not errors else 0.0
    filters = _cost_filters(data.get("filters"), errors, "filters")
    if errors or span is None:
        raise Invalid(errors)
    _spread(call.state, {campaign["id"]}, span, cost, bool(data.get("only_campaign_uniques")),
            filters)
    return json_reply({"success": True})


def clicks_update_costs(call: Call) -> web.Response:
    data = call.data()
    errors: Fields = {}
    ids = data.get("campaign_ids")
    if not isinstance(ids, list) or not ids:
        errors["campaign_ids"] = [REQUIRED]
    elif not all(records.as_int(i) is not None for i in ids):
        errors["campaign_ids"] = ["Must be an array of campaign ids"]
    costs = data.get("costs")
    if not isinstance(costs, list) or not costs:
        errors["costs"] = [REQUIRED]
    elif not all(isinstance(c, dict) for c in costs):
        errors["costs"] = ["Must be an array of objects"]
    if errors:
        raise Invalid(errors)
    assert isinstance(ids, list) and isinstance(costs, list)
    plan = []
    for n, entry in enumerate(costs):
        prefix = f"costs.{n}."
        tz_name = entry.get("timezone") or data.get("timezone")
        span = _moments(entry, errors, prefix, tz_name)
        if records.blank(entry.get("cost")):
            errors.setdefault(f"{prefix}cost", []).append(REQUIRED)
            continue
        cost = _cost(entry.get("cost"), errors, f"{prefix}cost")
        filters = _cost_filters(entry.get("filters"), errors, f"{prefix}filters")
        if span is not None:
            plan.append((span, cost, filters))
    if errors:
        raise Invalid(errors)
    campaign_ids = {int(i) for i in ids}
    uniques = str(data.get("only_campaign_uniques", 0)) in ("1", "True", "true")
    for span, cost, filters in plan:
        _spread(call.state, campaign_ids, span, cost, uniques, filters)
    return json_reply({"success": True})


def clicks_clean(call: Call) -> web.Response:
    data = call.data()
    errors: Fields = {}
    span = _moments(data, errors, "", data.get("timezone"))
    campaign_id = data.get("campaign_id")
    if campaign_id not in (None, "") and records.as_int(campaign_id) is None:
        errors["campaign_id"] = ["Must be an integer"]
    if errors or span is None:
        raise Invalid(errors)
    campaign = None if campaign_id in (None, "") else records.as_int(campaign_id)
    clicks, conversions = call.state.traffic.remove(span[0], span[1], campaign)
    call.state.log("system", f"Statistics cleaned: {clicks} clicks, {conversions} conversions")
    return json_reply({"success": True})


# -- labels --------------------------------------------------------------------------------


def labels_get(call: Call) -> web.Response:
    campaign_id = call.required_query("campaign_id")
    ref_name = call.required_query("ref_name")
    label_name = call.required_query("label_name")
    if not campaign_id.isdigit():
        raise BadRequest('Parameter "campaign_id" must be an integer')
    marks = call.state.labels.get((int(campaign_id), ref_name), {})
    return json_reply({value: label for value, label in marks.items() if label == label_name})


def labels_set(call: Call) -> web.Response:
    data = call.data()
    errors: Fields = {}
    for name in ("campaign_id", "ref_name", "items"):
        if records.blank(data.get(name)):
            errors[name] = [REQUIRED]
    items = data.get("items")
    if items is not None and not isinstance(items, dict):
        errors["items"] = ['Must be an object {"value": "blacklist" | "whitelist"}']
    elif isinstance(items, dict):
        bad = [k for k, v in items.items() if v not in (*LABELS, None, "")]
        if bad:
            errors["items"] = [f"Labels must be blacklist or whitelist (see {', '.join(bad)})"]
    campaign_id = records.as_int(data.get("campaign_id"))
    if "campaign_id" not in errors and campaign_id is None:
        errors["campaign_id"] = ["Must be an integer"]
    if errors:
        raise Invalid(errors)
    assert isinstance(items, dict) and campaign_id is not None
    if campaign_id not in call.state.campaigns:
        raise NotFound(r.CAMPAIGNS.model, campaign_id)
    marks = call.state.labels.setdefault((campaign_id, str(data["ref_name"])), {})
    for value, label in items.items():
        if label in (None, ""):
            marks.pop(str(value), None)
        else:
            marks[str(value)] = str(label)
    return json_reply({"success": True})
