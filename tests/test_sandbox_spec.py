"""Coverage: every operation of the official spec is in the catalog, and every catalog
entry is routed by the sandbox."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.keitaro.catalog import CATALOG, Kind
from keitaro_sandbox.routes import build_router
from tests.sandbox_fixtures import serving

SPEC = Path(__file__).resolve().parents[2] / "shared/keitaro/openapi.json"
METHODS = ("get", "post", "put", "delete", "patch")
# Where Keitaro 9.x (and the catalog) differ from the 2022 spec, the entry's `spec` field
# names the spec's route; these are the known errata it must cover.
KNOWN_ERRATA = {("GET", "/streams_actions"), ("POST", "/logs/types")}


def _shape(path: str) -> str:
    """`/campaigns/{campaign_id}` and `/campaigns/{id}` are the same route."""
    return re.sub(r"{\w+}", "{}", path)


def _spec_operations() -> set[tuple[str, str]]:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    return {(method.upper(), _shape(path)) for path, item in spec["paths"].items()
            for method in item if method in METHODS}


@pytest.mark.skipif(not SPEC.exists(), reason=f"the official spec is not at {SPEC} "
                                              "(it lives outside the repository)")
def test_every_spec_operation_is_in_the_catalog() -> None:
    operations = _spec_operations()
    assert len(operations) == 107
    covered = {(a.spec_route[0], _shape(a.spec_route[1])) for a in CATALOG
               if a.kind is Kind.ADMIN}
    assert operations - covered == set()
    errata = {(a.spec[0], _shape(a.spec[1])) for a in CATALOG if a.spec is not None}
    assert errata == KNOWN_ERRATA
    assert errata <= operations


def test_every_admin_entry_is_routed_by_the_sandbox() -> None:
    router = build_router()
    for action in CATALOG:
        if action.kind is not Kind.ADMIN:
            continue
        path = re.sub(r"{(\w+)}", lambda m: "system" if m.group(1) == "type" else "1",
                      action.path)
        assert router.match(action.method, path) is not None, action.id


async def test_spec_errata_behave_like_keitaro_9() -> None:
    async with serving(clicks=20) as (_, http):
        spelled = await http.get("/streams_actions")
        routed = await http.get("/stream_actions")
        posted = await http.post("/logs/types")
    assert spelled.status == 400 and "does not match any route" in spelled.json()["error"]
    assert routed.status == 200 and posted.status == 200


async def test_states_and_types_follow_the_spec_enums() -> None:
    """OfferRequest.state is active|deleted, the other entities also take "deleted" on a
    PUT (it archives), LandingRequest.action_type has the spec's six values."""
    async with serving(clicks=20) as (_, http):
        archived = await http.put("/offers/3", {"state": "deleted"})
        in_archive = [o["id"] for o in (await http.get("/offers")).json()]
        disabled = await http.put("/offers/4", {"state": "disabled"})
        campaign = await http.put("/campaigns/2", {"state": "deleted"})
        deleted = [c["id"] for c in (await http.get("/campaigns/deleted")).json()]
        meta = await http.post("/landing_pages", {"name": "LP", "action_type": "meta"})
        shown = await http.post("/landing_pages", {"name": "LP2", "action_type": "show_html"})
        domain = await http.put("/domains/1", {"state": "deleted"})
    assert archived.status == 200 and 3 not in in_archive
    assert disabled.status == 406 and "state" in disabled.json()
    assert campaign.status == 200 and 2 in deleted
    assert meta.status == 406 and "action_type" in meta.json()
    assert shown.status == 200 and domain.status == 200
