"""Names a person reads for the tracker's keys: field labels on cards, entity nouns, metrics.

A field's label comes from the catalog (`Action.fields` → `BodyField.label`, the fields of
the group's writes); keys the tracker returns but no write takes (created_at, position…) have
one in the glossary (`field-<key>`, `bot/locales/*/fields.ftl`); anything else is the key itself.
"""

from __future__ import annotations

from functools import lru_cache

from bot.i18n import has, t
from bot.i18n.fields import humanise, plain_label
from bot.keitaro.catalog import CATALOG, L

LABEL_WIDTH = 24  # characters of a label on a card

@lru_cache(maxsize=64)
def _catalog_labels(group: str) -> dict[str, L]:
    """The labels the catalog gives the fields of a group's request bodies."""
    found: dict[str, L] = {}
    for action in CATALOG.in_group(group):
        for body_field in action.fields:
            found.setdefault(body_field.name, body_field.label)
    return found


@lru_cache(maxsize=4096)
def field_label(group: str | None, key: str, lang: str) -> str:
    """A field's short label in `lang`: the catalog's, a known answer field's, the key's."""
    label = _catalog_labels(group).get(key) if group else None
    text = label.get(lang) if label is not None else plain_label(key, lang)
    return text if len(text) <= LABEL_WIDTH else text[:LABEL_WIDTH - 1] + "…"


def entity_noun(group: str | None, lang: str) -> str | None:
    """One entity of a group ("Campaign"), or None when the group's items have no noun."""
    key = f"entity.{group}"
    return t(lang, key) if group and has(key) else None


def metric_label(metric: str, lang: str) -> str:
    """A report column's short header ("Clicks", "ROI %")."""
    key = f"metric.{metric}"
    return t(lang, key) if has(key) else humanise(metric)
