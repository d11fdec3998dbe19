"""Fields as data: every body's fields against the official spec, the checks on input made
from them, permission by effect, and secrets masked whole.

The dispatcher-level proofs (refusals before any request, previews, nothing leaked) are in
`test_changes_by_effect.py`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.changes.kinds import effect
from bot.keitaro.body_check import check_body
from bot.keitaro.catalog import CATALOG, Action, Danger, Kind, ParamKind
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.masking import MASK, SECRET_KEYS, mask_fields
from bot.keitaro.params import InputError
from bot.keitaro.request import POSTBACK_FIELDS
from tests.sandbox_fixtures import client_for, make_sandbox

T = FieldType
SPEC = Path(__file__).resolve().parents[2] / "shared/keitaro/openapi.json"
SOURCE = re.compile(r"API-NOTES §\d+|\bD\b")  # API-NOTES, or the decompiled tracker (D)
LABEL_MAX = 24  # a label and a short value fit one 34-character phone line

# Where the catalog's fields knowingly differ from the 2022 spec's request bodies:
# (actions, field path, what differs) → why. A path is `name`, `items[].name` or `obj.name`.
EXCEPTIONS: dict[tuple[tuple[str, ...], str, str], str] = {
    (("campaigns.create", "campaigns.update", "landings.create", "landings.update"),
     "group_id", "type"): "an entity's id: the spec's request types it as a string, 9.x "
                          "and every answer as an integer (API-NOTES §6.1)",
    (("offers.create", "offers.update"), "alternative_offer_id", "type"):
        "an offer's id (a whole number), offered from the offers list",
    (("campaigns.update_costs",), "cost", "type"):
        "money: the spec types it as text; a number or numeric text (\"19.22\") is taken",
    (("clicks.update_costs",), "costs[].cost", "type"):
        "money: the spec types it as text; a number or numeric text (\"19.22\") is taken",
    (("clicks.update_costs",), "costs[].timezone", "required"):
        "9.x reads timezone and currency at the top level, the spec per row: the bot takes "
        "either (API-NOTES §5.5)",
    (("clicks.update_costs",), "costs[].currency", "required"):
        "9.x reads timezone and currency at the top level, the spec per row: the bot takes "
        "either (API-NOTES §5.5)",
    (("clicks.log", "conversions.log", "conversions.get"), "limit", "type"):
        "a count of rows: a whole number (API-NOTES §5.1: int ≥ 0)",
    (("clicks.log", "conversions.log", "conversions.get"), "offset", "type"):
        "a count of rows: a whole number (API-NOTES §5.1: int ≥ 0)",
    (("streams.create", "streams.update"), "triggers[].stream_id", "required"):
        "a stream being created has no id yet; on update the path names the stream",
    (("domains.create",), "is_ssl", "required"):
        "the spec requires is_ssl without defining it; trackers and peers create domains "
        "without it (API-NOTES §4.7 #65, §11.11)",
    (("users.update",), "keyCount", "missing"):
        "a count of the user's API keys that the tracker reports (P: key_count), not a "
        "setting: sending it changes nothing a person means to change",
    (("postbacks.create", "postbacks.update"), "id", "missing"):
        "the bot names the postback (postback_id) and keeps its id itself",
    (("postbacks.create", "postbacks.update"), "campaign_id", "missing"):
        "the bot fills the campaign of the path; a postback is not moved between campaigns",
    (("filters.add", "filters.update"), "id", "missing"):
        "the bot names the filter (filter_id) and keeps its id itself",
    (("filters.update",), "name", "required"):
        "an edit is merged into the filter as read, which has its name and mode",
    (("filters.update",), "mode", "required"):
        "an edit is merged into the filter as read, which has its name and mode",
}
COMPATIBLE = {"string": {T.STR, T.TEXT, T.URL, T.ENUM, T.DATE}, "integer": {T.INT, T.REF},
              "number": {T.NUM}, "boolean": {T.BOOL}, "array": {T.TAGS, T.IDS, T.ITEMS, T.LIST},
              "object": {T.OBJECT}}


# -- the data ------------------------------------------------------------------------------


def _all_fields(fields: tuple[BodyField, ...]) -> list[BodyField]:
    found: list[BodyField] = []
    for f in fields:
        found += [f, *_all_fields(f.items)]
    return found


def test_every_action_with_a_json_body_has_fields() -> None:
    with_json = [a for a in CATALOG if any(p.kind is ParamKind.JSON for p in a.params)]
    assert len(with_json) >= 30
    assert [a.id for a in with_json if not a.fields] == []


def test_the_catalog_refuses_a_body_without_fields() -> None:
    from bot.keitaro.catalog import Catalog

    bare = CATALOG["groups.create"].model_copy(update={"fields": ()})
    with pytest.raises(ValueError, match="sends a body without fields"):
        Catalog(CATALOG.groups, (*[a for a in CATALOG if a.id != bare.id], bare))
    unknown = CATALOG["clicks.clean"].model_copy(
        update={"fields": CATALOG["clicks.clean"].fields[:2]})
    with pytest.raises(ValueError, match=r"the bot sends \w+, which is not a field"):
        Catalog(CATALOG.groups, (*[a for a in CATALOG if a.id != unknown.id], unknown))


def test_labels_are_short_and_in_both_languages() -> None:
    for action in CATALOG:
        for f in _all_fields(action.fields):
            en, ru = f.label.get("en"), f.label.get("ru")
            assert en and ru, (action.id, f.name)
            assert re.search("[а-яё]", ru, re.I) or ru == en, f.label
            assert max(len(en), len(ru)) <= LABEL_MAX, f.label


def test_secrets_and_write_only_fields_are_marked() -> None:
    users = {f.name: f for f in CATALOG["users.create"].fields}
    assert users["new_password"].secret and users["new_password"].write_only
    assert users["new_password_confirmation"].secret and users["type"].admin
    facebook = {f.name: f for f in CATALOG["settings.facebook_create"].fields}
    assert facebook["token"].secret
    assert {f.name: f for f in facebook["proxy"].items}["password"].secret
    assert {f.name for f in _all_fields(CATALOG["offers.update"].fields)
            if f.write_only} == {"archive"}
    assert {"new_password", "token", "password"} <= SECRET_KEYS


def test_every_postback_parameter_is_a_conversion_field() -> None:
    for action_id in ("conversions.create", "conversions.update"):
        names = {f.name for f in CATALOG[action_id].fields}
        assert set(POSTBACK_FIELDS) <= names
        assert {f"sub_id_{n}" for n in range(1, 31)} <= names


# -- the official spec -----------------------------------------------------------------------


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return _resolve(spec, target)
        if "allOf" in node:
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in node["allOf"]:
                resolved = _resolve(spec, part)
                merged["properties"].update(resolved.get("properties", {}))
                merged["required"] += resolved.get("required", [])
            return merged
        return {key: _resolve(spec, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(spec, value) for value in node]
    return node


def _shape(path: str) -> str:
    return re.sub(r"{\w+}", "{}", path)


def _request_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "requestBody" in operation:
                body = _resolve(spec, operation["requestBody"])
                found[(method.upper(), _shape(path))] = body["content"]["application/json"][
                    "schema"]
    return found


def _schema_of(action: Action, schemas: dict[tuple[str, str], dict[str, Any]]) -> Any:
    """The spec's request schema that `action.fields` describe: the body, the item of an
    edited array (read-modify-write), or the one property a JSON param fills."""
    if action.kind is Kind.POSTBACK:
        return None
    if action.rmw is not None:
        schema = schemas.get(("PUT", _shape(action.rmw.read_path)))
        return schema["properties"][action.rmw.field]["items"] if schema else None
    schema = schemas.get((action.spec_route[0], _shape(action.spec_route[1])))
    field = next((p.field for p in action.params if p.kind is ParamKind.JSON and p.field), None)
    if schema is not None and field is not None:
        return {"properties": {field: schema["properties"][field]}}
    return schema


def _differences(fields: tuple[BodyField, ...], schema: dict[str, Any] | None,
                 where: str = "") -> list[tuple[str, str, str]]:
    """(path, what differs, detail) between our fields and a spec schema; where the spec
    says nothing, every field of ours must cite its source."""
    found: list[tuple[str, str, str]] = []
    props = (schema or {}).get("properties") or {}
    ours = {f.name: f for f in fields}
    if schema is not None and not props and where:
        return found  # the spec leaves the items of this array untyped
    for name in (schema or {}).get("required", []):
        if name not in props and name in ours and not ours[name].required:
            found.append((f"{where}{name}", "required", "required by the spec"))
    for name, prop in props.items():
        at = f"{where}{name}"
        field = ours.get(name)
        if field is None:
            found.append((at, "missing", "in the spec, not a field"))
            continue
        kind = prop.get("type")
        if kind and field.type is not T.ANY and field.type not in COMPATIBLE[kind]:
            found.append((at, "type", f"spec {kind}, ours {field.type.value}"))
        if prop.get("enum") and not set(prop["enum"]) <= set(field.choices):
            found.append((at, "enum", f"spec {prop['enum']}"))
        if name in (schema or {}).get("required", []) and not field.required:
            found.append((at, "required", "required by the spec"))
        inner = prop.get("items") if kind == "array" else prop if kind == "object" else None
        if inner is not None and field.items:
            suffix = "[]." if kind == "array" else "."
            found += _differences(field.items, inner, at + suffix)
    for field in fields:
        if field.name not in props and not (field.source and SOURCE.search(field.source)):
            found.append((f"{where}{field.name}", "source", "not in the spec, no source cited"))
    return found


def _excused(action_id: str, path: str, what: str) -> bool:
    return any(action_id in ids and path == at and what == kind
               for ids, at, kind in EXCEPTIONS)


@pytest.mark.skipif(not SPEC.exists(), reason=f"the official spec is not at {SPEC}")
def test_fields_follow_the_spec_request_bodies() -> None:
    """Every property of the spec's request body is a field (same type family, the spec's
    enum values offered, required where the spec requires it), or an explained exception;
    every field the spec does not list cites its source."""
    schemas = _request_schemas()
    problems, used = [], set()
    for action in CATALOG:
        if not action.fields:
            continue
        for path, what, detail in _differences(action.fields, _schema_of(action, schemas)):
            if _excused(action.id, path, what):
                used.add((action.id, path, what))
            else:
                problems.append(f"{action.id}: {path}: {detail}")
    assert problems == []
    stale = [(ids, path, what) for ids, path, what in EXCEPTIONS
             if any((i, path, what) not in used for i in ids)]
    assert stale == [], "exceptions that no longer apply"
    assert all(len(reason) > 30 for reason in EXCEPTIONS.values())


def test_the_cross_check_can_fail() -> None:
    """A field missing from ours, a wrong type and an uncited extra field are all caught."""
    schema = {"properties": {"name": {"type": "string"}, "weight": {"type": "number"}},
              "required": ["name"]}
    fields = (BodyField(name="weight", type=T.BOOL, label=CATALOG["streams.update"].label),
              BodyField(name="colour", type=T.STR, label=CATALOG["streams.update"].label))
    found = {(path, what) for path, what, _ in _differences(fields, schema)}
    assert found == {("name", "missing"), ("weight", "type"), ("colour", "source")}


# -- checks on input -----------------------------------------------------------------------


def _refusal(action_id: str, data: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        check_body(CATALOG[action_id], data)
    return caught.value


@pytest.mark.parametrize(("action_id", "data", "code", "details"), [
    ("campaigns.update", {"nmae": "x"}, "field_unknown", {"field": "nmae", "closest": "name"}),
    ("campaigns.create", {"nmae": "x", "alias": "a"}, "field_unknown", {"closest": "name"}),
    ("campaigns.update", {"Name": "x"}, "field_unknown", {"closest": "name"}),
    ("campaigns.update", {"zzz": 1}, "field_unknown_list", {"field": "zzz"}),
    ("streams.update", {"filters": [{"name": "country", "mod": "accept"}]}, "field_unknown",
     {"field": "filters[0].mod", "closest": "mode"}),
    ("streams.update", {"offers": [{"offer_id": 1, "share": 50}, {"ofer_id": 2}]},
     "field_unknown", {"field": "offers[1].ofer_id", "closest": "offer_id"}),
    ("settings.facebook_update", {"proxy": {"pasword": "x"}}, "field_unknown",
     {"field": "proxy.pasword", "closest": "password"}),
    ("campaigns.update", {"cost_value": "abc"}, "field_not_number", {"field": "cost_value"}),
    ("campaigns.update", {"cookies_ttl": 1.5}, "field_not_int", {"field": "cookies_ttl"}),
    ("campaigns.update", {"cost_auto": "yes"}, "field_not_bool", {"field": "cost_auto"}),
    ("campaigns.update", {"traffic_source_id": "ts-1"}, "field_not_id", {}),
    ("campaigns.update", {"postbacks": {"url": "x"}}, "field_not_list", {"field": "postbacks"}),
    ("campaigns.update", {"postbacks": ["https://x"]}, "field_not_object",
     {"field": "postbacks[0]"}),
    ("users.update", {"preferences": "ru"}, "field_not_object", {"field": "preferences"}),
    ("campaigns.update", {"name": ["x"]}, "field_not_text", {"field": "name"}),
    ("campaigns.update", {"cost_type": "cpc"}, "field_choice",
     {"closest": "CPC", "choices": "CPC, CPUC, CPM"}),
    ("campaigns.update", {"state": "paused"}, "field_choice_list", {"value": "paused"}),
    ("postbacks.create", {"url": "https://x", "method": "GET", "statuses": ["sael"]},
     "field_choice", {"field": "statuses[0]", "closest": "sale"}),
    ("streams.update", {"action_type": "htpp"}, "field_choice", {"closest": "http"}),
    ("reports.build", {"filters": [{"name": "country", "operator": "EQUAL"}]},
     "field_choice", {"field": "filters[0].operator", "closest": "EQUALS"}),
    ("campaigns.create", {"name": "x"}, "json_missing", {"fields": "alias"}),
    ("campaigns.create", {"name": "x", "alias": ""}, "json_missing", {"fields": "alias"}),
    ("users.create", {"login": "a", "type": "USER"}, "json_missing",
     {"fields": "new_password, new_password_confirmation"}),
    ("streams.update", {"offers": [{"offer_id": 3}]}, "json_missing",
     {"fields": "offers[0].share"}),
    ("filters.replace", [{"name": "country"}], "json_missing", {"fields": "filters[0].mode"}),
    ("campaigns.create", {"name": "x" * 121, "alias": "a"}, "field_too_long", {"max": 120}),
    ("streams.update", {"offers": [{"offer_id": 3, "share": 101}]}, "field_above",
     {"field": "offers[0].share", "max": "100"}),
    ("settings.facebook_update", {"proxy": {"port": 0}}, "field_below", {"min": "1"}),
    ("conversions.create", {"click_id": "a", "revenu": 5}, "field_unknown",
     {"closest": "revenue"}),
])
def test_a_bad_body_is_refused_with_what_to_do(
    action_id: str, data: Any, code: str, details: dict[str, Any]
) -> None:
    refusal = _refusal(action_id, data)
    assert refusal.code == code, refusal
    for key, value in details.items():
        assert str(refusal.details[key]).startswith(str(value)), refusal


@pytest.mark.parametrize(("action_id", "data"), [
    ("users.update", {"new_password": "Zq7-Xv9-Lm2!", "new_password_confirmation":
                      "Zq7-Xv9-Lm2!"}),  # write-only: what the request takes, not a GET
    ("campaigns.update_costs", {"start_date": "2026-11-01", "end_date": "2026-11-01",
                                "timezone": "UTC", "cost": "19.22", "currency": "USD"}),
    ("campaigns.update_costs", {"start_date": "2026-11-01", "end_date": "2026-11-01",
                                "timezone": "UTC", "cost": 19, "currency": "USD",
                                "only_campaign_uniques": 1}),
    ("campaigns.update", {"group_id": "3", "bind_visitors": None, "notes": None}),
    ("streams.update", {"action_type": "my_custom_action"}),  # the tracker may list more
    ("streams.update", {"filters": [{"id": 7, "stream_id": 1, "name": "country",
                                     "mode": "reject", "payload": ["US"], "oid": 1}]}),
    ("campaigns.update", {"postbacks": []}),
    ("groups.create", {"name": "EU", "type": "domains"}),
    ("clicks.update_costs", {"campaign_ids": [1, "2"], "costs": [
        {"start_date": "2026-11-01", "end_date": "2026-11-01", "cost": "1.5"}]}),
    ("conversions.create", {"click_id": "abc", "status": "sale", "revenue": "25.00",
                            "sub_id_30": "x"}),
])
def test_what_the_tracker_takes_passes(action_id: str, data: Any) -> None:
    assert check_body(CATALOG[action_id], data) == data


def test_every_example_and_default_passes() -> None:
    for action in CATALOG:
        for param in action.params:
            if param.kind is ParamKind.JSON:
                if param.example:
                    check_body(action, json.loads(param.example))
                if param.default is not None:
                    check_body(action, param.default)


async def test_the_client_refuses_before_any_request() -> None:
    sb = make_sandbox(clicks=20)
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute("campaigns.update", {"id": 1, "data": {"nmae": "x"}})
        sent = client.prepare(CATALOG["campaigns.update"], {"id": 1, "data": {"name": "x"}})
    assert envelope.error is not None and envelope.error.body["code"] == "field_unknown"
    assert envelope.attempts == 0 and sb.requests == []
    assert sent.body == {"name": "x"}


# -- permission by effect ------------------------------------------------------------------


@pytest.mark.parametrize(("action_id", "args", "danger"), [
    ("streams.update", {"id": 1, "data": {"name": "x", "weight": 5}}, Danger.WRITE),
    ("streams.update", {"id": 1, "data": {"filters": []}}, Danger.DESTRUCTIVE),
    ("streams.update", {"id": 1, "data": {"offers": [{"offer_id": 1, "share": 100}]}},
     Danger.DESTRUCTIVE),
    ("streams.update", {"id": 1, "data": {"landings": []}}, Danger.DESTRUCTIVE),
    ("streams.update", {"id": 1, "data": {"triggers": []}}, Danger.DESTRUCTIVE),
    ("streams.update", {"id": 1}, Danger.WRITE),  # the body is not known yet
    ("streams.create", {"data": {"name": "x", "filters": []}}, Danger.WRITE),  # a new stream
    ("campaigns.update", {"id": 1, "data": {"postbacks": []}}, Danger.DESTRUCTIVE),
    ("campaigns.update", {"id": 1, "data": {"state": "deleted"}}, Danger.DESTRUCTIVE),
    ("campaigns.update", {"id": 1, "data": {"state": "disabled"}}, Danger.WRITE),
    ("offers.update", {"id": 1, "data": {"state": "deleted"}}, Danger.DESTRUCTIVE),
    ("users.create", {"data": {"login": "a", "type": "USER"}}, Danger.DESTRUCTIVE),
    ("users.update", {"id": 1, "data": {"preferences": {"language": "ru"}}},
     Danger.DESTRUCTIVE),
    ("users.access", {"id": 2}, Danger.DESTRUCTIVE),
    ("postbacks.create", {"campaign_id": 1, "data": {"url": "u", "method": "GET"}},
     Danger.WRITE),
    ("postbacks.update", {"campaign_id": 1, "postback_id": 2, "data": {"statuses": []}},
     Danger.WRITE),
    ("postbacks.delete", {"campaign_id": 1, "postback_id": 2}, Danger.DESTRUCTIVE),
    ("filters.add", {"stream_id": 1, "data": {"name": "country", "mode": "accept"}},
     Danger.WRITE),
    ("filters.update", {"stream_id": 1, "filter_id": 2, "data": {"payload": []}}, Danger.WRITE),
    ("filters.delete", {"stream_id": 1, "filter_id": 2}, Danger.DESTRUCTIVE),
    ("campaigns.get", {"id": 1}, Danger.READ),
])
def test_the_level_needed_follows_the_effect(
    action_id: str, args: dict[str, Any], danger: Danger
) -> None:
    action = CATALOG[action_id]
    assert effect(action, args).danger is danger
    assert effect(action, args).danger in (action.danger, Danger.DESTRUCTIVE)


def test_an_effect_says_why_in_both_languages() -> None:
    found = effect(CATALOG["streams.update"], {"id": 1, "data": {"filters": [], "name": "x"}})
    assert found.danger is Danger.DESTRUCTIVE and len(found.reasons) == 1
    reason = found.reasons[0].get("en")
    assert reason.startswith("Filters:") and "deleted" in reason
    assert found.reasons[0].get("ru").startswith("Фильтры:")
    state = effect(CATALOG["campaigns.update"], {"id": 1, "data": {"state": "deleted"}})
    assert "archive" in state.reasons[0].get("en")


def test_user_writes_need_an_admin_and_say_what_they_do() -> None:
    for key in ("create", "update", "access", "delete"):
        action = CATALOG[f"users.{key}"]
        assert action.danger is Danger.DESTRUCTIVE and action.loses is not None


# -- secrets -------------------------------------------------------------------------------


def test_a_secret_field_shows_no_character() -> None:
    password = "Zq7-Xv9-Lm2!"  # 12 characters: long enough that the old rule showed 4
    masked = mask_fields({"login": "bob", "new_password": password,
                          "proxy": {"password": password, "login": "p"},
                          "items": [{"token": "EAAB" + "x" * 40}], "empty": "",
                          "new_password_confirmation": ""})
    assert masked == {"login": "bob", "new_password": MASK,
                      "proxy": {"password": MASK, "login": "p"},
                      "items": [{"token": MASK}], "empty": "", "new_password_confirmation": ""}
    assert password[:2] not in json.dumps(masked)
