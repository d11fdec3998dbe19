"""Deterministic sample data: the same seed and clock always give the same tracker."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from keitaro_sandbox import records
from keitaro_sandbox import resources as r
from keitaro_sandbox.clock import Clock, stamp, stamp_ts
from keitaro_sandbox.samples import COUNTRY_INDEX
from keitaro_sandbox.state import State
from keitaro_sandbox.traffic import ClickRoute, Traffic

DAY = 86400

LANDING_FILES = {
    "index.html": "<!doctype html>\n<html><head><title>Quiz</title>"
                  "<link rel=\"stylesheet\" href=\"css/style.css\"></head>\n"
                  "<body><h1>Answer 3 questions</h1><a href=\"{offer}\">Start</a>"
                  "<script src=\"js/app.js\"></script></body></html>\n",
    "css/style.css": "body { font-family: sans-serif; margin: 2em; }\n",
    "js/app.js": "document.querySelector('h1').dataset.ready = '1';\n",
    "img/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n",
}
OFFER_FILES = {
    "index.php": "<?php\n$subid = $_GET['subid'] ?? '';\n?>\n<form method=\"post\">"
                 "<input type=\"hidden\" name=\"sub1\" value=\"<?= $subid ?>\"></form>\n",
    "thanks.html": "<!doctype html>\n<html><body>Thank you!</body></html>\n",
    "css/form.css": "form { max-width: 30em; }\n",
}

_OFFERS: tuple[tuple[str, int | None, float, list[str], str, int | None], ...] = (
    # name, network index, payout, countries, offer_type, group index
    ("Keto Slim US", 0, 32.0, ["US"], "external", 0),
    ("Keto Slim DE", 0, 28.0, ["DE"], "external", 0),
    ("Vulkan Casino BR", 1, 45.0, ["BR"], "external", 2),
    ("Joy Dating GB", 2, 12.0, ["GB"], "external", 1),
    ("Loan Express MX", 3, 18.0, ["MX", "ES"], "external", None),
    ("Smart VPN Global", 1, 6.0, [], "external", None),
    ("Hair Grow IN", 0, 9.0, ["IN"], "external", 0),
    ("Crypto Pro CA", 2, 60.0, ["CA", "US"], "external", None),
    ("Local Nutra Shop", None, 25.0, ["US", "CA"], "local", 0),
    ("Local Sweeps FR", 3, 3.5, ["FR"], "local", 2),
)
_LANDINGS: tuple[tuple[str, str, int | None], ...] = (
    ("Quiz Keto v1", "external", 0),
    ("Casino Wheel Prelander", "external", 1),
    ("Nutra Advertorial", "external", 1),
    ("Dating Chat Prelander", "external", None),
    ("Local Quiz v2", "local", 0),
    ("Local Story Prelander", "local", 1),
)
_CAMPAIGNS: tuple[tuple[str, str, int, int, str, float, int | None, list[int]], ...] = (
    # name, alias, source index, domain index, cost type, cost, group index, offer indexes
    ("FB US iOS Nutra", "fb-us-ios-nutra", 0, 0, "CPC", 0.45, 0, [0, 7, 8]),
    ("Google DE Keto", "google-de-keto", 1, 1, "CPC", 0.60, 0, [1]),
    ("TikTok BR Casino", "tiktok-br-casino", 2, 0, "CPM", 1.80, 1, [2]),
    ("Push GB Dating", "push-gb-dating", 3, 2, "CPC", 0.03, None, [3]),
    ("Native MX Loans", "native-mx-loans", 4, 2, "CPC", 0.12, 2, [4]),
    ("Pop IN Hair", "pop-in-hair", 3, 1, "CPM", 0.90, 0, [6, 5]),
    ("FB CA Crypto", "fb-ca-crypto", 0, 0, "CPC", 0.85, 2, [7]),
    ("Taboola FR Sweeps", "taboola-fr-sweeps", 4, 2, "CPA", 2.50, None, [9, 5]),
)


def seed_state(seed: int, clock: Clock, clicks: int) -> State:
    """A tracker with ~8 campaigns and their streams, offers, sources… and `clicks` clicks."""
    rng = random.Random(seed)
    state = State(clock=clock, rng=random.Random(seed + 1), traffic=Traffic(rng.getrandbits(40)))
    _groups(state)
    sources = _sources(state)
    networks = _networks(state)
    domains = _domains(state)
    offers = _offers(state, networks)
    landings = _landings(state)
    campaigns = _campaigns(state, rng, sources, domains, offers, landings)
    _defaults(state, domains, campaigns)
    _users(state)
    _settings(state, campaigns)
    now = state.now_ts()
    weights = {cid: rng.randint(1, 10) for cid in campaigns}
    state.traffic.clicks.routes.extend(_routes(state, weights))
    state.traffic.clicks.generate(rng, clicks, now - 30 * DAY, now)
    payouts = {o["id"]: float(o["payout_value"]) for o in state.offers.values()}
    state.traffic.seed_conversions(rng, payouts, now)
    _logs(state, rng)
    _backdate(state, rng)
    return state


def _groups(state: State) -> None:
    for kind, names in (("campaigns", ("Nutra", "Gambling", "Finance")),
                        ("offers", ("Nutra", "Dating", "Sweepstakes")),
                        ("landings", ("Quizzes", "Prelanders")),
                        ("domains", ("Main", "Reserve"))):
        for name in names:
            records.create(state, r.GROUPS, {"name": name, "type": kind})


def _group_ids(state: State, kind: str) -> list[int]:
    return [g["id"] for g in state.groups.values() if g["type"] == kind]


def _param(name: str, placeholder: str, alias: str = "") -> dict[str, str]:
    return {"name": name, "placeholder": placeholder, "alias": alias}


def _sources(state: State) -> list[int]:
    rows = (
        ("Facebook", "", ["sale"], {"sub_id_1": _param("ad_id", "{{ad.id}}"),
                                     "sub_id_2": _param("placement", "{{placement}}")}),
        ("Google Ads", "", ["sale"], {"keyword": _param("keyword", "{keyword}"),
                                       "external_id": _param("gclid", "{gclid}")}),
        ("TikTok Ads", "", ["lead", "sale"], {"sub_id_1": _param("cid", "__CID__")}),
        ("PropellerAds", "https://ad.propellerads.com/conversion.php?visitor_id={external_id}"
                         "&payout={payout}", ["sale"],
         {"external_id": _param("visitor_id", "${SUBID}"), "cost": _param("cost", "${COST}")}),
        ("Taboola", "https://trc.taboola.com/actions-handler/log/3/s2s-action?"
                    "click-id={external_id}&name=lead", ["lead", "sale"],
         {"external_id": _param("click_id", "{click_id}"),
          "sub_id_5": _param("site", "{site}")}),
    )
    return [records.create(state, r.SOURCES, {
        "name": name, "postback_url": url, "postback_statuses": statuses,
        "template_name": name.lower().replace(" ", "_"), "parameters": params,
        "traffic_loss": 0})["id"] for name, url, statuses, params in rows]


def _networks(state: State) -> list[int]:
    rows = (("AdCombo", "adcombo"), ("Dr.Cash", "drcash"), ("CPA.House", "cpahouse"),
            ("Everad", "everad"))
    return [records.create(state, r.NETWORKS, {
        "name": name, "template_name": template,
        "postback_url": "{postback_url}?subid={subid}&status={status}&payout={payout}",
        "offer_param": "sub1={subid}&sub2={campaign_name}"})["id"] for name, template in rows]


def _domains(state: State) -> list[int]:
    groups = _group_ids(state, "domains")
    ids = []
    for n, (name, status) in enumerate((("go.trk-alpha.com", "active"),
                                        ("click.nutra-best.net", "active"),
                                        ("lp.promo-zone.io", "active"),
                                        ("new-domain.example", "validating"))):
        record = records.create(state, r.DOMAINS, {
            "name": name, "group_id": groups[n % 2], "ssl_redirect": n < 2, "is_ssl": n < 3})
        record["network_status"] = status
        record["ssl_status"] = "issued" if n < 3 else "none"
        ids.append(record["id"])
    return ids


def _defaults(state: State, domains: list[int], campaigns: list[int]) -> None:
    """Two domains open the first campaign when no path matches (their default campaign)."""
    for domain in domains[1:3]:
        state.domains[domain]["default_campaign_id"] = campaigns[0]


def _offers(state: State, networks: list[int]) -> list[int]:
    groups = _group_ids(state, "offers")
    ids = []
    for name, network, payout, countries, kind, group in _OFFERS:
        slug = name.lower().replace(" ", "-")
        record = records.create(state, r.OFFERS, {
            "name": name, "offer_type": kind,
            "action_type": "local_file" if kind == "local" else "http",
            "action_payload": "" if kind == "local" else f"https://aff.example.com/{slug}?"
                                                         "sub1={subid}",
            "affiliate_network_id": None if network is None else networks[network],
            "payout_value": payout, "payout_currency": "USD", "country": countries,
            # a network's offer takes the payout its postbacks carry and counts upsells; a
            # local one pays a fixed amount (postbacks' revenue is not used, API-NOTES §11.1)
            "payout_auto": kind != "local", "payout_upsell": kind != "local",
            "group_id": None if group is None else groups[group]})
        if kind == "local":
            state.files[("offers", record["id"])] = dict(OFFER_FILES)
        ids.append(record["id"])
    return ids


def _landings(state: State) -> list[int]:
    groups = _group_ids(state, "landings")
    ids = []
    for name, kind, group in _LANDINGS:
        slug = name.lower().replace(" ", "-")
        record = records.create(state, r.LANDINGS, {
            "name": name, "landing_type": kind,
            "action_type": "local_file" if kind == "local" else "http",
            "url": "" if kind == "local" else f"https://lp.example.com/{slug}",
            "group_id": None if group is None else groups[group]})
        if kind == "local":
            state.files[("landings", record["id"])] = dict(LANDING_FILES)
        ids.append(record["id"])
    return ids


def _postbacks(rng: random.Random, source: str) -> list[dict[str, Any]]:
    urls = [f"https://postback.{source.lower().replace(' ', '')}.example/cb?click={{subid}}"
            "&payout={revenue}&status={status}",
            "https://s2s.example.net/track?cid={subid}&sum={revenue}",
            "https://hooks.example.org/conv?tid={tid}&status={status}"]
    statuses = (["lead", "sale"], ["sale"], ["sale", "rejected"], ["lead", "sale", "rejected"])
    return [{"url": urls[n], "method": "GET" if n != 1 else "POST",
             "statuses": statuses[rng.randrange(len(statuses))]}
            for n in range(rng.randint(1, 3))]


def _campaigns(state: State, rng: random.Random, sources: list[int], domains: list[int],
               offers: list[int], landings: list[int]) -> list[int]:
    groups = _group_ids(state, "campaigns")
    ids = []
    for n, (name, alias, source, domain, cost_type, cost, group, offer_ix) in enumerate(
            _CAMPAIGNS):
        record = records.create(state, r.CAMPAIGNS, {
            "name": name, "alias": alias, "type": "weight" if n % 3 == 2 else "position",
            "cost_type": cost_type, "cost_value": cost, "cost_currency": "USD",
            "traffic_source_id": sources[source], "domain_id": domains[domain],
            "group_id": None if group is None else groups[group],
            "bind_visitors": "slo" if n % 2 == 0 else None,
            "parameters": dict(state.sources[sources[source]]["parameters"]),
            "postbacks": _postbacks(rng, state.sources[sources[source]]["name"]),
            "state": "disabled" if n == 4 else "active"})
        ids.append(record["id"])
        _streams(state, rng, record, [offers[i] for i in offer_ix], landings)
    old = records.create(state, r.CAMPAIGNS, {"name": "Old Test Campaign", "alias": "old-test",
                                        "traffic_source_id": sources[0]})
    old["state"] = "deleted"
    return ids


def _streams(state: State, rng: random.Random, campaign: dict[str, Any], offers: list[int],
             landings: list[int]) -> None:
    cid = campaign["id"]
    count = rng.randint(2, 4)
    countries = sorted({c for o in offers for c in state.offers[o]["country"]})
    if count >= 3:
        records.create(state, r.STREAMS, {
            "campaign_id": cid, "type": "forced", "name": "Bots -> 404", "schema": "action",
            "action_type": "status404", "collect_clicks": True,
            "filters": [{"name": "bot", "mode": "accept", "payload": None}]})
    for n in range(max(1, count - 2)):
        chosen = offers[n % len(offers):] + offers[: n % len(offers)]
        lands = [landings[(cid + n) % len(landings)]] if n % 2 == 0 else []
        stream = records.create(state, r.STREAMS, {
            "campaign_id": cid, "type": "regular",
            "name": f"{'/'.join(countries) or 'All'} offers" + (f" #{n + 1}" if n else ""),
            # offers with or without landing pages: the `landings` schema (a `redirect`
            # stream has no offers: API-NOTES §12.3)
            "schema": "landings",
            "action_type": "local_file" if lands else "http",
            "weight": 100 - 20 * n, "collect_clicks": True,
            "filters": [{"name": "country", "mode": "accept", "payload": countries}]
                       if countries else [],
            "landings": [{"landing_id": lid, "share": 100} for lid in lands],
            "offers": [{"offer_id": oid, "share": 100 // len(chosen)} for oid in chosen],
            "triggers": [{"condition": "not_respond", "target": "offers", "action": "disable",
                          "interval": 600}] if n == 0 and cid % 3 == 1 else []})
        if stream["triggers"]:
            state.stream_events[stream["id"]] = [
                {"stream_id": stream["id"], "trigger_id": stream["triggers"][0]["id"],
                 "level": "warning", "state": "unread",
                 "message": f"Offer #{chosen[0]} did not respond in 10 s",
                 "date": stamp(state.now() - timedelta(hours=h + 2))} for h in range(2)]
    records.create(state, r.STREAMS, {
        "campaign_id": cid, "type": "default", "name": "Default", "schema": "redirect",
        "action_type": "http", "action_payload": "https://www.google.com/",
        "collect_clicks": False})
    if cid == 2:
        old = records.create(state, r.STREAMS, {
            "campaign_id": cid, "type": "regular", "name": "Old test stream",
            "schema": "redirect", "action_type": "http",
            "action_payload": "https://old.example.com/"})
        old["state"] = "deleted"


def _routes(state: State, weights: dict[int, int]) -> list[ClickRoute]:
    routes = []
    for stream in state.streams.values():
        campaign = state.campaigns.get(stream["campaign_id"])
        if campaign is None or campaign["id"] not in weights or stream["state"] == "deleted":
            continue
        countries: tuple[int, ...] = ()
        for item in stream["filters"]:
            if item["name"] == "country" and isinstance(item["payload"], list):
                countries = tuple(COUNTRY_INDEX[c] for c in item["payload"]
                                  if c in COUNTRY_INDEX)
        share = {"forced": 1, "regular": 8, "default": 1}[stream["type"]]
        cost = float(campaign["cost_value"])
        per_click = {"CPC": cost, "CPUC": cost, "CPM": cost / 1000}.get(
            campaign["cost_type"], 0.0)
        routes.append(ClickRoute(
            campaign_id=campaign["id"], stream_id=stream["id"],
            source_id=campaign["traffic_source_id"] or 0,
            offers=tuple(o["offer_id"] for o in stream["offers"]),
            landings=tuple(item["landing_id"] for item in stream["landings"]),
            countries=countries, cost=round(per_click, 4),
            weight=weights[campaign["id"]] * share))
    return routes


def _users(state: State) -> None:
    for login, kind, password in (("admin", "ADMIN", "admin-Pass-1"),
                                  ("alice", "USER", "alice-Pass-1"),
                                  ("bob", "USER", "bob-Pass-1")):
        records.create(state, r.USERS, {"login": login, "type": kind, "new_password": password,
                                  "new_password_confirmation": password,
                                  "preferences": {"language": "en" if login != "bob" else "ru",
                                                  "timezone": "UTC"}})
    state.users[1]["key_count"] = 1


def _settings(state: State, campaigns: list[int]) -> None:
    for name, account in (("FB main", "act_1234567890"), ("FB reserve", "act_2233445566")):
        records.create(state, r.FACEBOOK, {"name": name, "ad_account_id": account,
                                     "token": f"EAAB{state.rng.getrandbits(64):016x}"})
    state.facebook_campaigns = {1: [campaigns[0], campaigns[6]], 2: []}
    state.integrations = {"avscan_key": f"av-{state.rng.getrandbits(32):08x}",
                          "imklo_api_url": "https://imklo.example.com/api"}
    state.botlist = ["66.249.64.0/19", "157.55.39.0/24", "40.77.167.0/24", "5.255.250.18",
                     "95.108.213.0/24", "2a02:6b8::/32"]
    state.labels = {(campaigns[0], "sub_id_1"): {"ad-101": "blacklist", "ad-117": "whitelist"},
                    (campaigns[1], "source"): {"spam.example.com": "blacklist"}}


def _logs(state: State, rng: random.Random) -> None:
    """Rows as the tracker would have written them, oldest first."""
    clicks = state.traffic.clicks
    now = state.now()
    for n in range(12):
        state.log("system", ("Cron job finished: " if n % 3 else "Database backup created: ")
                  + f"{rng.randint(10, 900)} ms")
    for index in range(max(0, len(clicks) - 20), len(clicks)):
        route = clicks.routes[clicks.route[index]]
        state.log("traffic", f"Campaign #{route.campaign_id}: click {clicks.sub_id(index)} "
                             f"-> stream #{route.stream_id}", campaign_id=route.campaign_id)
        state.logs["traffic"][-1].datetime = stamp_ts(clicks.ts[index])
    for conversion in state.traffic.conversions.items[-10:]:
        state.log("postbacks", f"subid={clicks.sub_id(conversion.click)} "
                               f"status={conversion.status} payout={conversion.revenue:g}: "
                               f"conversion #{conversion.id} saved")
    for domain in state.domains.values():
        state.log("ssl", f"{domain['name']}: certificate "
                         + ("issued" if domain["ssl_status"] == "issued" else "pending"))
    for kind, rows in state.logs.items():
        if kind in ("traffic", "sent_postbacks"):
            continue
        for age, row in enumerate(reversed(rows)):
            row.datetime = stamp(now - timedelta(minutes=7 * age + rng.randint(0, 6)))
    sent = state.traffic.conversions.items[-5:]
    for index, conversion in enumerate(sent):  # S2S postbacks to traffic sources, oldest first
        age = len(sent) - 1 - index
        state.log("sent_postbacks", f"GET https://ts.example.com/pb?c={clicks.sub_id(conversion.click)}"
                                    f"&status={conversion.status} -> 200 OK")
        state.logs["sent_postbacks"][-1].datetime = stamp(now - timedelta(minutes=7 * age + 1))


def _backdate(state: State, rng: random.Random) -> None:
    """Seeded records were 'created' over the last months, not all this second."""
    now = state.now()
    for table in ("campaigns", "streams", "offers", "landings", "sources", "networks",
                  "domains", "users", "facebook"):
        for record in state.table(table).values():
            created = now - timedelta(days=rng.randint(31, 200), minutes=rng.randint(0, 1439))
            record["created_at"] = stamp(created)
            record["updated_at"] = stamp(created + timedelta(days=rng.randint(0, 30)))
