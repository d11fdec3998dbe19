"""Third-party integrations: AVScan key, IMKLO URL and Facebook cost integrations."""

from __future__ import annotations

from aiohttp import web

from keitaro_sandbox import records
from keitaro_sandbox import resources as r
from keitaro_sandbox.entities import find
from keitaro_sandbox.records import REQUIRED
from keitaro_sandbox.replies import BadRequest, Invalid, NotFound, json_reply
from keitaro_sandbox.router import Call, Handler


def setting(key: str) -> tuple[Handler, Handler]:
    """GET answers `{key: value}`; PUT takes the value from the query (or a JSON body)."""

    def read(call: Call) -> web.Response:
        return json_reply({key: call.state.integrations.get(key, "")})

    def write(call: Call) -> web.Response:
        value = call.query.get(key)
        if value is None and isinstance(call.body, dict):
            value = call.body.get(key)
        if value is None:
            raise BadRequest(f'Parameter "{key}" is required')
        call.state.integrations[key] = str(value)
        return json_reply({key: call.state.integrations[key]})

    return read, write


def facebook_list(call: Call) -> web.Response:
    return json_reply({"data": [dict(f) for f in call.state.facebook.values()]})


def facebook_get(call: Call) -> web.Response:
    return json_reply({"data": dict(find(call, r.FACEBOOK))})


def facebook_create(call: Call) -> web.Response:
    return json_reply(dict(records.create(call.state, r.FACEBOOK, call.data())))


def facebook_update(call: Call) -> web.Response:
    record = records.update(call.state, r.FACEBOOK, find(call, r.FACEBOOK), call.data())
    return json_reply({"data": dict(record)})


def facebook_delete(call: Call) -> web.Response:
    record = find(call, r.FACEBOOK)
    del call.state.facebook[record["id"]]
    call.state.facebook_campaigns.pop(record["id"], None)
    return json_reply({"success": True})


def facebook_campaigns(call: Call) -> web.Response:
    record = find(call, r.FACEBOOK)
    linked = call.state.facebook_campaigns.get(record["id"], [])
    return json_reply([{"name": call.state.name_of("campaigns", cid), "value": cid}
                       for cid in linked])


def _campaign_id(call: Call) -> int:
    value = records.as_int(call.data().get("campaign_id"))
    if value is None:
        raise Invalid({"campaign_id": [REQUIRED]})
    if value not in call.state.campaigns:
        raise NotFound(r.CAMPAIGNS.model, value)
    return value


def facebook_link(call: Call) -> web.Response:
    record = find(call, r.FACEBOOK)
    campaign_id = _campaign_id(call)
    linked = call.state.facebook_campaigns.setdefault(record["id"], [])
    if campaign_id not in linked:
        linked.append(campaign_id)
    return json_reply({"success": True})


def facebook_unlink(call: Call) -> web.Response:
    """DELETE with a JSON body `{campaign_id}`."""
    record = find(call, r.FACEBOOK)
    campaign_id = _campaign_id(call)
    linked = call.state.facebook_campaigns.setdefault(record["id"], [])
    if campaign_id in linked:
        linked.remove(campaign_id)
    return json_reply({"success": True})
