"""Every Admin API route of the sandbox (paths relative to /admin_api/v1), as one table.

Routes follow Keitaro 9.x where it differs from the 2022 spec: `/stream_actions` (the
spec's `/streams_actions` answers "does not match any route"), `GET /logs/types` (POST is
accepted too), `PUT /landing_pages/{id}/clone`.
"""

from __future__ import annotations

from keitaro_sandbox import botlist, entities, integrations, logs, stats, streams
from keitaro_sandbox import resources as r
from keitaro_sandbox.entities import (
    archiver,
    cloner,
    creator,
    getter,
    lister,
    remover,
    restorer,
    switcher,
    updater,
)
from keitaro_sandbox.files import FileOps
from keitaro_sandbox.router import Router


def _files(router: Router, prefix: str, ops: FileOps) -> None:
    handlers = ops.handlers()
    router.add("GET", f"{prefix}/{{id}}/download", handlers["download"])
    router.add("GET", f"{prefix}/{{id}}/get_structure", handlers["get_structure"])
    router.add("GET", f"{prefix}/{{id}}/get_file", handlers["get_file"])
    router.add("PUT", f"{prefix}/{{id}}/update_file", handlers["update_file"])
    router.add("POST", f"{prefix}/{{id}}/add_file", handlers["add_file"])
    router.add("DELETE", f"{prefix}/{{id}}/remove_file", handlers["remove_file"])


def build_router() -> Router:
    router = Router()
    add = router.add

    add("GET", "/campaigns", lister(r.CAMPAIGNS))
    add("GET", "/campaigns/deleted", lister(r.CAMPAIGNS, archived=True))
    add("POST", "/campaigns", creator(r.CAMPAIGNS))
    add("GET", "/campaigns/{id}", getter(r.CAMPAIGNS, archived_hidden=True))
    add("PUT", "/campaigns/{id}", updater(r.CAMPAIGNS, archived_hidden=True))
    add("DELETE", "/campaigns/{id}", archiver(r.CAMPAIGNS, after=entities.nullify_domains))
    add("POST", "/campaigns/{id}/restore", restorer(r.CAMPAIGNS))
    add("POST", "/campaigns/{id}/enable", switcher(r.CAMPAIGNS, "active"))
    add("POST", "/campaigns/{id}/disable", switcher(r.CAMPAIGNS, "disabled",
                                                    after=entities.nullify_domains))
    add("POST", "/campaigns/{id}/clone", cloner(r.CAMPAIGNS))
    add("POST", "/campaigns/{id}/update_costs", stats.campaign_update_costs)
    add("GET", "/campaigns/{id}/streams", entities.campaign_streams)

    add("GET", "/streams/deleted", lister(r.STREAMS, archived=True))
    add("GET", "/streams/search", streams.search)
    add("POST", "/streams", creator(r.STREAMS))
    add("GET", "/streams/{id}", getter(r.STREAMS))
    add("PUT", "/streams/{id}", updater(r.STREAMS))
    add("DELETE", "/streams/{id}", archiver(r.STREAMS))
    add("POST", "/streams/{id}/enable", switcher(r.STREAMS, "active"))
    add("POST", "/streams/{id}/disable", switcher(r.STREAMS, "disabled"))
    add("POST", "/streams/{id}/restore", restorer(r.STREAMS))
    add("GET", "/streams/{id}/events", streams.events)
    add("GET", "/stream_filters", streams.filters)
    add("GET", "/stream_schemas", streams.schemas)
    add("GET", "/stream_types", streams.types)
    add("GET", "/stream_actions", streams.actions)

    add("GET", "/landing_pages", lister(r.LANDINGS))
    add("POST", "/landing_pages", creator(r.LANDINGS))
    add("GET", "/landing_pages/{id}", getter(r.LANDINGS))
    add("PUT", "/landing_pages/{id}", updater(r.LANDINGS))
    add("DELETE", "/landing_pages/{id}", archiver(r.LANDINGS))
    add("PUT", "/landing_pages/{id}/clone", cloner(r.LANDINGS))
    _files(router, "/landing_pages", FileOps(r.LANDINGS, "landing_type", "Landing page"))

    add("GET", "/offers", lister(r.OFFERS))
    add("POST", "/offers", creator(r.OFFERS))
    add("GET", "/offers/{id}", getter(r.OFFERS))
    add("PUT", "/offers/{id}", updater(r.OFFERS))
    add("DELETE", "/offers/{id}/archive", archiver(r.OFFERS))
    add("POST", "/offers/{id}/clone", cloner(r.OFFERS))
    _files(router, "/offers", FileOps(r.OFFERS, "offer_type", "Offer"))

    add("GET", "/affiliate_networks", lister(r.NETWORKS))
    add("POST", "/affiliate_networks", creator(r.NETWORKS))
    add("GET", "/affiliate_networks/{id}", getter(r.NETWORKS))
    add("PUT", "/affiliate_networks/{id}", updater(r.NETWORKS))
    add("DELETE", "/affiliate_networks/{id}", archiver(r.NETWORKS))
    add("POST", "/affiliate_networks/{id}/clone", cloner(r.NETWORKS))

    add("GET", "/traffic_sources", lister(r.SOURCES))
    add("POST", "/traffic_sources", creator(r.SOURCES))
    add("GET", "/traffic_sources/{id}", getter(r.SOURCES))
    add("PUT", "/traffic_sources/{id}", updater(r.SOURCES))
    add("DELETE", "/traffic_sources/{id}", archiver(r.SOURCES, answer_success=True))
    add("POST", "/traffic_sources/{id}/clone", cloner(r.SOURCES))

    add("GET", "/domains", lister(r.DOMAINS))
    add("GET", "/domains/deleted", lister(r.DOMAINS, archived=True))
    add("POST", "/domains", entities.domain_create)
    add("GET", "/domains/{id}", getter(r.DOMAINS))
    add("PUT", "/domains/{id}", entities.domain_update)
    add("DELETE", "/domains/{id}", archiver(r.DOMAINS))
    add("POST", "/domains/{id}/check", entities.domain_check)
    add("POST", "/domains/{id}/restore", restorer(r.DOMAINS))

    add("GET", "/groups", entities.groups_list)
    add("POST", "/groups", creator(r.GROUPS))
    add("PUT", "/groups/{id}", updater(r.GROUPS))
    add("DELETE", "/groups/{id}/delete", entities.group_delete)

    add("GET", "/users", lister(r.USERS))
    add("POST", "/users", creator(r.USERS))
    add("GET", "/users/{id}", getter(r.USERS))
    add("PUT", "/users/{id}", updater(r.USERS))
    add("DELETE", "/users/{id}", remover(r.USERS))
    add("PUT", "/users/{id}/access", entities.user_access)

    add("GET", "/botlist", botlist.read)
    add("PUT", "/botlist", botlist.replace)
    add("DELETE", "/botlist", botlist.clear)
    add("POST", "/botlist/add", botlist.add)
    add("POST", "/botlist/exclude", botlist.exclude)

    add("POST", "/clicks/log", stats.clicks_log)
    add("POST", "/clicks/update_costs", stats.clicks_update_costs)
    add("POST", "/clicks/clean", stats.clicks_clean)
    add("POST", "/conversions/log", stats.conversions_log)
    add("POST", "/report/build", stats.report_build)
    add("GET", "/report/labels", stats.labels_get)
    add("POST", "/report/labels", stats.labels_set)

    add("GET", "/logs/types", logs.types)
    add("POST", "/logs/types", logs.types)
    add("GET", "/logs/{type}", logs.read)
    add("DELETE", "/logs/{type}", logs.clear)

    for key in ("avscan_key", "imklo_api_url"):
        read, write = integrations.setting(key)
        path = f"/integrations/{key.split('_')[0]}"
        add("GET", path, read)
        add("PUT", path, write)
    add("GET", "/integrations/facebook", integrations.facebook_list)
    add("POST", "/integrations/facebook", integrations.facebook_create)
    add("GET", "/integrations/facebook/{id}", integrations.facebook_get)
    add("PUT", "/integrations/facebook/{id}", integrations.facebook_update)
    add("DELETE", "/integrations/facebook/{id}", integrations.facebook_delete)
    add("GET", "/integrations/facebook/{id}/campaign", integrations.facebook_campaigns)
    add("POST", "/integrations/facebook/{id}/campaign", integrations.facebook_link)
    add("DELETE", "/integrations/facebook/{id}/campaign", integrations.facebook_unlink)
    return router
