"""CRUD handlers shared by the entity endpoints: list, get, create, update, archive,
restore, enable/disable, clone, and the shapes records are shown in."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from aiohttp import web

from keitaro_sandbox import records
from keitaro_sandbox import resources as r
from keitaro_sandbox.records import Resource
from keitaro_sandbox.replies import BadRequest, Invalid, NotFound, json_reply
from keitaro_sandbox.router import Call, Handler
from keitaro_sandbox.state import Record, State

GROUP_TABLES = {"campaigns": "campaigns", "offers": "offers", "landings": "landings",
                "domains": "domains"}


# -- how records are shown -----------------------------------------------------------------


def _campaign(state: State, out: Record) -> None:
    out["group"] = state.name_of("groups", out.get("group_id"))
    out["streams_count"] = sum(1 for s in state.streams.values()
                               if s["campaign_id"] == out["id"] and s["state"] != "deleted")
    out["ts"] = state.name_of("sources", out.get("traffic_source_id"))
    domain = state.domains.get(out.get("domain_id") or 0)
    scheme = "https" if domain and domain.get("is_ssl") else "http"
    out["domain"] = f"{scheme}://{domain['name']}/" if domain else ""


def _local(table: str, out: Record, kind_field: str) -> None:
    if out.get(kind_field) == "local":
        folder = "landers" if table == "landings" else "offers"
        out["local_path"] = f"{folder}/{out['id']}"
        out["preview_path"] = f"/{folder}/{out['id']}/index"


def _offer(state: State, out: Record) -> None:
    out["affiliate_network"] = state.name_of("networks", out.get("affiliate_network_id"))
    out["group"] = state.name_of("groups", out.get("group_id"))
    _local("offers", out, "offer_type")


def _landing(state: State, out: Record) -> None:
    out["group"] = state.name_of("groups", out.get("group_id"))
    offers = {o["offer_id"] for s in state.streams.values() if s["state"] != "deleted"
              if any(item["landing_id"] == out["id"] for item in s["landings"])
              for o in s["offers"]}
    out["offer_count"] = len(offers)
    _local("landings", out, "landing_type")


def _domain(state: State, out: Record) -> None:
    out["default_campaign"] = state.name_of("campaigns", out.get("default_campaign_id"))
    out["group"] = state.name_of("groups", out.get("group_id"))
    out["campaigns_count"] = sum(1 for c in state.campaigns.values()
                                 if c.get("domain_id") == out["id"] and c["state"] != "deleted")


PRESENTERS: dict[str, Callable[[State, Record], None]] = {
    "campaigns": _campaign, "offers": _offer, "landings": _landing, "domains": _domain,
}


# columns the tracker's database keeps as DECIMAL (read back as "0.0700")
DECIMALS = frozenset({"cost_value", "payout_value", "daily_cap", "traffic_loss"})


def as_database(value: Any, name: str = "") -> Any:
    """A value as the database driver returns it: a flag as "0"/"1", a decimal column as
    "0.0700" (D DataConverterService::restoreFromMysql returns what the driver gives:
    API-NOTES §12.6; on request, `Sandbox(db_values=True)`)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if name in DECIMALS and isinstance(value, int | float):
        return f"{float(value):.4f}"
    if isinstance(value, dict):
        return {k: as_database(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [as_database(v) for v in value]
    return value


def present(state: State, table: str, record: Record) -> Record:
    out = copy.deepcopy(record)
    extra = PRESENTERS.get(table)
    if extra is not None:
        extra(state, out)
    return as_database(out) if state.db_values else out


def find(call: Call, res: Resource, name: str = "id") -> Record:
    ident = call.int_param(name)
    record = call.state.table(res.table).get(ident)
    if record is None:
        raise NotFound(res.model, ident)
    return record


def show(call: Call, res: Resource, record: Record) -> web.Response:
    return json_reply(present(call.state, res.table, record))


# -- handlers ------------------------------------------------------------------------------


def lister(res: Resource, *, archived: bool = False) -> Handler:
    def handle(call: Call) -> web.Response:
        records = [rec for rec in call.state.table(res.table).values()
                   if (rec.get("state") == "deleted") == archived]
        return json_reply([present(call.state, res.table, rec) for rec in records])

    return handle


def getter(res: Resource, *, archived_hidden: bool = False) -> Handler:
    """GET one record. `archived_hidden`: an archived one is not found (D
    CampaignsController::showAction throws not-found for an archived campaign: API-NOTES
    §12.1), so a read after an archive gets the 402 "not found"."""

    def handle(call: Call) -> web.Response:
        record = find(call, res)
        if archived_hidden and record.get("state") == "deleted":
            raise NotFound(res.model, record["id"])
        return show(call, res, record)

    return handle


def creator(res: Resource) -> Handler:
    return lambda call: show(call, res, records.create(call.state, res, call.data()))


def updater(res: Resource, *, archived_hidden: bool = False) -> Handler:
    """PUT one record. `archived_hidden`: an archived one is not found, by the same lookup as
    its GET (`getter`)."""

    def handle(call: Call) -> web.Response:
        record = find(call, res)
        if archived_hidden and record.get("state") == "deleted":
            raise NotFound(res.model, record["id"])
        return show(call, res, records.update(call.state, res, record, call.data()))

    return handle


After = Callable[[State, Record], None]


def archiver(res: Resource, *, answer_success: bool = False, after: After | None = None
             ) -> Handler:
    """DELETE moves a record to the archive; a second DELETE finds nothing (not found).
    `after`: what the tracker's service does besides (a campaign's domains)."""

    def handle(call: Call) -> web.Response:
        record = find(call, res)
        if record.get("state") == "deleted":
            raise NotFound(res.model, record["id"])
        record["state"] = "deleted"
        record["updated_at"] = call.state.stamp()
        if after is not None:
            after(call.state, record)
        return json_reply({"success": True}) if answer_success else show(call, res, record)

    return handle


def restorer(res: Resource) -> Handler:
    def handle(call: Call) -> web.Response:
        record = find(call, res)
        if record.get("state") == "deleted":
            record["state"] = "active"
            record["updated_at"] = call.state.stamp()
        return show(call, res, record)

    return handle


def switcher(res: Resource, value: str, *, after: After | None = None) -> Handler:
    """enable/disable; an archived record is not found. `after`: what the tracker's service
    does besides (a campaign's domains)."""

    def handle(call: Call) -> web.Response:
        record = find(call, res)
        if record.get("state") == "deleted":
            raise NotFound(res.model, record["id"])
        record["state"] = value
        record["updated_at"] = call.state.stamp()
        if after is not None:
            after(call.state, record)
        return show(call, res, record)

    return handle


def nullify_domains(state: State, campaign: Record) -> None:
    """Every active domain whose default campaign is this one loses it (D
    application/Component/Campaigns/Service/CampaignService.php: disableCampaign and archive
    call DomainService::nullifyByCampaign, which updates `default_campaign_id` to null where
    it is the campaign and the domain's state is active; API-NOTES §12.4). Enabling or
    restoring the campaign does not put it back."""
    for domain in state.domains.values():
        if domain.get("default_campaign_id") == campaign["id"] and domain.get(
                "state") == "active":
            domain["default_campaign_id"] = None
            domain["updated_at"] = state.stamp()


def cloner(res: Resource) -> Handler:
    def handle(call: Call) -> web.Response:
        source = find(call, res)
        copied = records.clone(call.state, res, source)
        if res.table == "campaigns":
            for stream in [s for s in call.state.streams.values()
                           if s["campaign_id"] == source["id"] and s["state"] != "deleted"]:
                twin = records.clone(call.state, r.STREAMS, stream)
                twin["name"] = stream["name"]
                twin["campaign_id"] = copied["id"]
        files = call.state.files.get((res.table, source["id"]))
        if files is not None:
            call.state.files[(res.table, copied["id"])] = dict(files)
        return show(call, res, copied)

    return handle


def remover(res: Resource, *, answer: Callable[[Record], object] | None = None) -> Handler:
    """A real delete (users, groups, integrations)."""

    def handle(call: Call) -> web.Response:
        record = find(call, res)
        del call.state.table(res.table)[record["id"]]
        if res.table == "users":
            call.state.passwords.pop(record["id"], None)
        return json_reply(answer(record) if answer else {"success": True})

    return handle


# -- entity-specific -----------------------------------------------------------------------


def campaign_streams(call: Call) -> web.Response:
    campaign = find(call, r.CAMPAIGNS)
    streams = sorted((s for s in call.state.streams.values()
                      if s["campaign_id"] == campaign["id"] and s["state"] != "deleted"),
                     key=lambda s: (s["position"], s["id"]))
    return json_reply([present(call.state, "streams", s) for s in streams])


def domain_create(call: Call) -> web.Response:
    """Several names, one per line, add several domains; the answer is always a list."""
    data = call.data()
    raw = data.get("name")
    names = [n.strip() for n in raw.splitlines() if n.strip()] if isinstance(raw, str) else []
    if not names:
        records.check(call.state, r.DOMAINS, data, None)
    for name in names:
        records.check(call.state, r.DOMAINS, {**data, "name": name}, None)
    if len({n.lower() for n in names}) != len(names):
        raise Invalid({"name": ["The same domain is listed twice"]})
    created = [records.create(call.state, r.DOMAINS, {**data, "name": name}) for name in names]
    return json_reply([present(call.state, "domains", d) for d in created])


def domain_check(call: Call) -> web.Response:
    domain = find(call, r.DOMAINS)
    broken = domain["name"].endswith((".invalid", ".test"))
    domain["network_status"] = "error" if broken else "active"
    domain["error_description"] = "The domain does not resolve to this tracker" if broken else ""
    if not broken and domain.get("is_ssl"):
        domain["ssl_status"] = "issued"
    domain["updated_at"] = call.state.stamp()
    return show(call, r.DOMAINS, domain)


def domain_update(call: Call) -> web.Response:
    """Keitaro ignores a new name for a domain that is already active."""
    domain = find(call, r.DOMAINS)
    data = call.data()
    if domain.get("network_status") == "active":
        data = {k: v for k, v in data.items() if k != "name"}
    return show(call, r.DOMAINS, records.update(call.state, r.DOMAINS, domain, data))


def groups_list(call: Call) -> web.Response:
    kind = call.required_query("type")
    if kind not in GROUP_TABLES:
        raise BadRequest(f'Unknown group type "{kind}". Use one of: {", ".join(GROUP_TABLES)}')
    groups = sorted((g for g in call.state.groups.values() if g["type"] == kind),
                    key=lambda g: (g["position"], g["id"]))
    return json_reply([dict(g) for g in groups])


def group_delete(call: Call) -> web.Response:
    """Deletes the group; its members stay, without a group."""
    group = find(call, r.GROUPS)
    del call.state.groups[group["id"]]
    for record in call.state.table(GROUP_TABLES[group["type"]]).values():
        if record.get("group_id") == group["id"]:
            record["group_id"] = None
    return json_reply(dict(group))


def user_access(call: Call) -> web.Response:
    user = find(call, r.USERS)
    access = call.data().get("access_data")
    if not isinstance(access, dict):
        raise Invalid({"access_data": [records.REQUIRED]})
    errors = {key: [f"Must be one of: {', '.join(r.ACCESS_TYPES)}"]
              for key in r.ACCESS_KEYS if key in access and access[key] not in r.ACCESS_TYPES}
    if errors:
        raise Invalid(errors)
    user["access_data"] = {**user["access_data"], **copy.deepcopy(access)}
    user["updated_at"] = call.state.stamp()
    return show(call, r.USERS, user)
