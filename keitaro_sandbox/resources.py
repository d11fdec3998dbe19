"""Entity definitions: writable fields, defaults, enums, uniqueness and extra checks."""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile

from keitaro_sandbox.dictionaries import ACTION_KEYS
from keitaro_sandbox.records import REQUIRED, Child, Fields, Resource, as_int, blank
from keitaro_sandbox.replies import Invalid
from keitaro_sandbox.state import Record, State

SLUG = re.compile(r"^[A-Za-z0-9_-]+$")
ACCESS_TYPES = ("full_access", "read_only", "to_groups_and_selected",
                "created_by_user_groups_and_selected")
ACCESS_KEYS = ("campaigns_access_type", "offers_access_type", "landings_access_type",
               "traffic_sources_access_type", "streams_access_type",
               "affiliate_networks_access_type", "domains_access_type")
# Groups of domains exist only on trackers newer than the 2022 spec (API-NOTES §11.11); the
# sandbox has them.
GROUP_TYPES = ("campaigns", "offers", "landings", "domains")
# The spec's LandingRequest.action_type.
LANDING_ACTIONS = ("local_file", "http", "curl", "status404", "show_text", "show_html")


def _postback_defaults(state: State) -> Record:
    return {"method": "GET", "statuses": ["lead", "sale"], "url": ""}


def _campaign_defaults(state: State) -> Record:
    return {
        "alias": "", "name": "", "type": "position", "state": "active", "cookies_ttl": 24,
        "position": len(state.campaigns) + 1, "cost_type": "CPC", "cost_value": 0,
        "cost_currency": "", "cost_auto": False, "group_id": None, "bind_visitors": None,
        "traffic_source_id": None, "domain_id": None,
        "token": f"{state.rng.getrandbits(128):032x}", "notes": "", "parameters": {},
        "uniqueness_method": "ip", "uniqueness_use_cookies": True, "traffic_loss": 0,
    }


def _campaign_check(state: State, data: Record, current: Record | None) -> Fields:
    alias = data.get("alias")
    if isinstance(alias, str) and alias.strip() and not SLUG.match(alias):
        return {"alias": ["May contain only letters, digits, '-' and '_'"]}
    return {}


CAMPAIGNS = Resource(
    table="campaigns", model="Traffic\\Model\\Campaign",
    fields=frozenset({
        "alias", "name", "type", "state", "cookies_ttl", "position", "cost_type", "cost_value",
        "cost_currency", "cost_auto", "group_id", "bind_visitors", "traffic_source_id",
        "domain_id", "token", "notes", "parameters", "postbacks", "uniqueness_method",
        "uniqueness_use_cookies", "traffic_loss"}),
    defaults=_campaign_defaults, required=("name", "alias"),
    int_fields=frozenset({"group_id", "traffic_source_id", "domain_id", "cookies_ttl",
                          "position"}),
    enums={"type": ("position", "weight"), "state": ("active", "disabled", "deleted"),
           "cost_type": ("CPC", "CPUC", "CPM", "CPA", "CPS", "RevShare", "CPUV", "CPV"),
           "bind_visitors": (None, "", "s", "sl", "slo"),
           # the 9.x model's values (API-NOTES §12.6)
           "uniqueness_method": ("ip", "ip_ua", "cookie", "cookie_and_ip")},
    unique="alias", max_length={"name": 120, "alias": 120},
    children=(Child("postbacks", "campaign_id", ("url", "method"), _postback_defaults,
                    enums={"method": ("GET", "POST")},
                    fields=frozenset({"id", "method", "statuses", "url"})),),
    check=_campaign_check,
)


def _stream_defaults(state: State) -> Record:
    return {
        "type": "regular", "name": "", "campaign_id": None, "position": 1, "weight": 100,
        "action_options": {}, "comments": "", "state": "active", "action_type": "http",
        "action_payload": "", "schema": "redirect", "collect_clicks": False, "filter_or": False,
    }


def _stamped(state: State) -> Record:
    stamp = state.stamp()
    return {"state": "active", "share": 100, "created_at": stamp, "updated_at": stamp}


def _stream_check(state: State, data: Record, current: Record | None) -> Fields:
    campaign_id = as_int(data.get("campaign_id"))
    if "campaign_id" in data and campaign_id is not None and campaign_id not in state.campaigns:
        return {"campaign_id": [f"Campaign #{campaign_id} not found"]}
    return {}


# D application/Component/Streams/Service/StreamService.php, _updateAssociations (API-NOTES
# §12.3): on every write of a stream, one whose schema is `action` or `redirect` has its
# offers and landings emptied, one of type `default` its filters and triggers; whatever the
# body carried, and whether or not it named those arrays at all.
EMPTIED_BY_SCHEMA = {"action": ("offers", "landings"), "redirect": ("offers", "landings")}
EMPTIED_BY_TYPE = {"default": ("filters", "triggers")}


def _stream_after_write(state: State, record: Record, data: Record, created: bool) -> None:
    if created and "position" not in data:
        siblings = [s for s in state.streams.values()
                    if s["campaign_id"] == record["campaign_id"] and s["id"] != record["id"]]
        record["position"] = len(siblings) + 1
    for name in (*EMPTIED_BY_SCHEMA.get(str(record.get("schema")), ()),
                 *EMPTIED_BY_TYPE.get(str(record.get("type")), ())):
        record[name] = []


STREAMS = Resource(
    table="streams", model="Traffic\\Model\\BaseStream",
    fields=frozenset({
        "campaign_id", "type", "name", "position", "weight", "action_options", "comments",
        "state", "action_type", "action_payload", "schema", "collect_clicks", "filter_or",
        "filters", "triggers", "landings", "offers"}),
    defaults=_stream_defaults,
    required=("campaign_id", "schema", "type", "name", "action_type"),
    int_fields=frozenset({"campaign_id", "position"}),
    enums={"schema": ("landings", "redirect", "action"),
           "type": ("forced", "regular", "default"),
           "state": ("active", "disabled", "deleted"), "action_type": ACTION_KEYS},
    # The fields of each item: the spec's Filter, Trigger, LandingStream and OfferStream.
    children=(
        Child("filters", "stream_id", ("name", "mode"), lambda s: {"payload": None, "oid": 1},
              enums={"mode": ("accept", "reject")},
              fields=frozenset({"id", "name", "mode", "payload", "oid"})),
        Child("triggers", "stream_id", ("condition", "target", "action"),
              lambda s: {"enabled": True, "oid": 1, "interval": 3600, "next_run_at": 0,
                         "reverse": False, "scan_page": False},
              fields=frozenset({"id", "oid", "target", "condition", "selected_page",
                                "pattern", "action", "interval", "next_run_at",
                                "alternative_urls", "grab_from_page", "av_settings",
                                "reverse", "enabled", "scan_page"})),
        Child("landings", "stream_id", ("landing_id",), _stamped,
              int_fields=frozenset({"landing_id"}), key="landing_id",
              fields=frozenset({"landing_id", "state", "share"})),
        Child("offers", "stream_id", ("offer_id",), _stamped,
              int_fields=frozenset({"offer_id"}), key="offer_id",
              fields=frozenset({"offer_id", "state", "share"})),
    ),
    check=_stream_check, after_write=_stream_after_write,
)


def _archive_files(data: Record) -> dict[str, str] | None:
    """The files of a base64 ZIP sent in `archive`; None when there is none; raises Invalid."""
    archive = data.get("archive")
    if not isinstance(archive, str) or not archive:
        return None
    try:
        raw = base64.b64decode(archive, validate=True)
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return {info.filename: zf.read(info).decode("utf-8", "replace")
                    for info in zf.infolist() if not info.is_dir()}
    except (binascii.Error, zipfile.BadZipFile, ValueError):
        raise Invalid({"archive": ["Must be a base64-encoded ZIP archive"]}) from None


def _archive_check(state: State, data: Record, current: Record | None) -> Fields:
    try:
        _archive_files(data)
    except Invalid as exc:
        return exc.fields
    return {}


def _unpack_archive(state: State, table: str, record: Record, data: Record) -> None:
    """A ZIP sent in `archive` becomes the files of a local landing or offer: every file
    before is replaced (API-NOTES §12.5, as the project models D's archive upload)."""
    files = _archive_files(data)
    if files is not None:
        state.files[(table, record["id"])] = files


def _offer_defaults(state: State) -> Record:
    return {
        "name": "", "group_id": None, "offer_type": "external", "action_type": "http",
        "action_payload": "", "action_options": {}, "affiliate_network_id": None,
        "payout_value": 0, "payout_currency": "USD", "payout_type": "CPA",
        "payout_auto": False, "payout_upsell": False, "country": [], "state": "active",
        "notes": "", "conversion_cap_enabled": False, "daily_cap": 0,
        "conversion_timezone": "UTC", "alternative_offer_id": None,
    }


OFFERS = Resource(
    table="offers", model="Traffic\\Model\\Offer",
    fields=frozenset({
        "name", "group_id", "offer_type", "action_type", "action_payload", "action_options",
        "affiliate_network_id", "payout_value", "payout_currency", "payout_type", "payout_auto",
        "payout_upsell", "country", "state", "notes", "archive", "conversion_cap_enabled",
        "daily_cap", "conversion_timezone", "alternative_offer_id"}),
    defaults=_offer_defaults, required=("name",),
    int_fields=frozenset({"group_id", "affiliate_network_id", "alternative_offer_id"}),
    enums={"offer_type": ("local", "external", "preloaded", "action"),
           "payout_type": ("CPA", "CPC"), "state": ("active", "deleted")},
    unique="name", max_length={"name": 100}, write_only=frozenset({"archive"}),
    check=_archive_check, after_write=lambda s, r, d, _: _unpack_archive(s, "offers", r, d),
)


def _landing_defaults(state: State) -> Record:
    return {"name": "", "landing_type": "external", "action_type": "http",
            "action_payload": "", "action_options": {}, "url": "", "group_id": None,
            "state": "active", "notes": ""}


LANDINGS = Resource(
    table="landings", model="Traffic\\Model\\Landing",
    fields=frozenset({"name", "landing_type", "action_type", "action_payload",
                      "action_options", "url", "group_id", "state", "notes", "archive"}),
    defaults=_landing_defaults, required=("name",), int_fields=frozenset({"group_id"}),
    enums={"landing_type": ("local", "external", "preloaded", "action"),
           "action_type": LANDING_ACTIONS, "state": ("active", "disabled", "deleted")},
    max_length={"name": 100}, write_only=frozenset({"archive"}),
    check=_archive_check, after_write=lambda s, r, d, _: _unpack_archive(s, "landings", r, d),
)


def _source_defaults(state: State) -> Record:
    return {"name": "", "postback_url": "", "postback_statuses": ["sale"], "template_name": "",
            "accept_parameters": True, "parameters": {}, "notes": "", "state": "active",
            "traffic_loss": 0, "update_in_campaigns": ""}


SOURCES = Resource(
    table="sources", model="Traffic\\Model\\TrafficSource",
    fields=frozenset({"name", "postback_url", "postback_statuses", "template_name",
                      "accept_parameters", "parameters", "notes", "state", "traffic_loss",
                      "update_in_campaigns"}),
    defaults=_source_defaults, required=("name",), enums={"state": ("active", "disabled")},
    unique="name", max_length={"name": 50},
)


def _network_defaults(state: State) -> Record:
    return {"name": "", "postback_url": "", "offer_param": "", "state": "active",
            "template_name": "", "notes": "", "pull_api_options": ""}


NETWORKS = Resource(
    table="networks", model="Traffic\\Model\\AffiliateNetwork",
    fields=frozenset({"name", "postback_url", "offer_param", "notes", "template_name",
                      "state", "pull_api_options"}),
    defaults=_network_defaults, required=("name",), enums={"state": ("active",)},
)


def _domain_defaults(state: State) -> Record:
    return {"name": "", "network_status": "validating", "state": "active", "is_ssl": False,
            "default_campaign_id": None, "group_id": None, "wildcard": False,
            "catch_not_found": False, "ssl_redirect": False, "allow_indexing": True,
            "notes": "", "ssl_status": "none", "error_description": ""}


def _domain_check(state: State, data: Record, current: Record | None) -> Fields:
    name = data.get("name")
    if isinstance(name, str) and name.strip() and not re.fullmatch(
            r"(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d+)?", name.strip()):
        return {"name": [f'"{name}" is not a valid domain name']}
    return {}


def _domain_after_write(state: State, record: Record, data: Record, created: bool) -> None:
    record["name"] = str(record["name"]).strip().lower()


DOMAINS = Resource(
    table="domains", model="Traffic\\Model\\Domain",
    fields=frozenset({"name", "is_ssl", "default_campaign_id", "group_id", "state",
                      "catch_not_found", "notes", "ssl_redirect", "allow_indexing",
                      "wildcard"}),
    defaults=_domain_defaults, required=("name",),
    int_fields=frozenset({"default_campaign_id", "group_id"}),
    enums={"state": ("active", "deleted")}, unique="name",
    check=_domain_check, after_write=_domain_after_write,
)


def _group_check(state: State, data: Record, current: Record | None) -> Fields:
    name = data.get("name")
    kind = data.get("type", current.get("type") if current else None)
    if not isinstance(name, str) or not name.strip():
        return {}
    for other in state.groups.values():
        if other["type"] == kind and other["name"].lower() == name.strip().lower() and (
                current is None or other["id"] != current["id"]):
            return {"name": [f'"{name}" is already used by #{other["id"]}']}
    return {}


def _group_after_write(state: State, record: Record, data: Record, created: bool) -> None:
    if created and "position" not in data:
        record["position"] = sum(1 for g in state.groups.values() if g["type"] == record["type"])


GROUPS = Resource(
    table="groups", model="Traffic\\Model\\Group",
    fields=frozenset({"name", "type", "position"}),
    defaults=lambda s: {"name": "", "type": "campaigns", "position": 0},
    required=("name", "type"), int_fields=frozenset({"position"}),
    enums={"type": GROUP_TYPES}, check=_group_check, timestamps=False,
    after_write=_group_after_write,
)


def default_access(admin: bool) -> Record:
    kind = "full_access" if admin else "read_only"
    return {**{key: kind for key in ACCESS_KEYS}, "resources": [], "allowed_resources": [],
            "reports": []}


def _user_defaults(state: State) -> Record:
    return {"login": "", "type": "USER", "state": "active",
            "preferences": {"language": "en", "timezone": "UTC"},
            "access_data": default_access(False), "key_count": 0}


def _user_check(state: State, data: Record, current: Record | None) -> Fields:
    errors: Fields = {}
    if current is None:
        for name in ("new_password", "new_password_confirmation"):
            if blank(data.get(name)):
                errors[name] = [REQUIRED]
    password = data.get("new_password")
    if password is not None and data.get("new_password_confirmation") != password:
        errors.setdefault("new_password_confirmation", []).append("Passwords do not match")
    login = data.get("login")
    if isinstance(login, str) and login.strip():
        for other in state.users.values():
            if other["login"].lower() == login.strip().lower() and (
                    current is None or other["id"] != current["id"]):
                errors.setdefault("login", []).append(f'"{login}" is already used')
    preferences = data.get("preferences")
    if preferences is not None and not isinstance(preferences, dict):
        errors["preferences"] = ["Must be an object"]
    return errors


def _user_after_write(state: State, record: Record, data: Record, created: bool) -> None:
    password = data.get("new_password")
    if isinstance(password, str) and password:
        state.passwords[record["id"]] = password
    if created:
        record["access_data"] = default_access(record["type"] == "ADMIN")


USERS = Resource(
    table="users", model="Traffic\\Model\\User",
    fields=frozenset({"login", "type", "preferences", "state", "new_password",
                      "new_password_confirmation"}),
    defaults=_user_defaults, required=("login", "type"), enums={"type": ("USER", "ADMIN")},
    max_length={"login": 50},
    write_only=frozenset({"new_password", "new_password_confirmation"}),
    check=_user_check, after_write=_user_after_write,
)

FACEBOOK = Resource(
    table="facebook", model="Component\\ThirdPartyIntegration\\Model\\FacebookIntegration",
    fields=frozenset({"name", "ad_account_id", "token", "proxy_enabled", "proxy"}),
    defaults=lambda s: {"integration": "facebook", "name": "", "ad_account_id": "",
                        "token": "", "proxy_enabled": False, "proxy": {}, "last_error": "",
                        "last_raw_error": ""},
    required=("name",), timestamps=False,
)
