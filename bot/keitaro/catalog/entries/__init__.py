"""Catalog entries, one module per group the team knows; `MODULES` lists them in menu order
(the catalog checks that order against `GROUPS`)."""

from types import ModuleType

from bot.keitaro.catalog.entries import (
    blacklist,
    bots,
    campaigns,
    clicks,
    conversions,
    domains,
    filters,
    groups,
    landings,
    logs,
    networks,
    offers,
    postbacks,
    reports,
    settings,
    sources,
    streams,
    users,
)

MODULES: tuple[ModuleType, ...] = (
    reports, campaigns, conversions, streams, offers, landings, clicks, postbacks, sources, bots,
    blacklist, filters, logs, domains, networks, groups, users, settings,
)
