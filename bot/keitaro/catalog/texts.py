"""Where the catalog's texts are: Fluent message ids found by convention, so that a new entry
needs only its lines in `bot/locales/<language>/catalog.ftl` (and `fields.ftl`):

- a group: `group-<group>` (its name) and `group-<group>-description` (the command menu's line);
- an action: `action-<group>-<key>` (its label), and `loses-<group>-<key>` (what a destructive
  one loses, said before the confirmation) when the action is destructive;
- a parameter's question: `param-<group>-<param>` when there is one, else the builder's own
  (`param-id-<entity>` for an id, `param-file-path`, `param-file-data`), else the kind's
  generic one (`ask-<kind>`, in questions.ftl);
- a body field's name, the most specific that exists: `field-<path>-in-<group>` (this group's
  own name for it), `field-<parent>-<name>` (an item's field: `field-postbacks-id`),
  `field-<name>` (the glossary, which also names the keys the tracker answers with).

Ids keep the catalog's keys as they are (`action-campaigns-update_costs`). `tests/test_texts.py`
checks that every group, action, parameter and field has its text in every language.
"""

from __future__ import annotations

from typing import Any

from bot.i18n.texts import has
from bot.keitaro.catalog.lang import Text


def group_texts(key: str) -> dict[str, Text]:
    return {"label": Text(f"group-{key}"), "description": Text(f"group-{key}-description")}


def action_label(group: str, key: str) -> Text:
    return Text(f"action-{group}-{key}")


def loses(group: str, key: str) -> Text | None:
    found = f"loses-{group}-{key}"
    return Text(found) if has(found) else None


def prompt(group: str, name: str, default: Text | None) -> Text | None:
    """A parameter's question: the group's own for this name, else the builder's."""
    own = f"param-{group}-{name}"
    return Text(own) if has(own) else default


def field_ids(group: str, parent: str | None, name: str) -> tuple[str, ...]:
    """The ids that may name a field, the most specific first."""
    if parent:
        return (f"field-{parent}-{name}-in-{group}", f"field-{parent}-{name}", f"field-{name}")
    return (f"field-{name}-in-{group}", f"field-{name}")


def field_label(group: str, parent: str | None, name: str) -> Text:
    ids = field_ids(group, parent, name)
    return Text(next((found for found in ids if has(found)), ids[-1]))


def labelled(fields: Any, group: str, parent: str | None = None) -> tuple[Any, ...]:
    """Body fields (and their items' fields) with the names they have in `group`."""
    return tuple(f.model_copy(update={"label": field_label(group, parent, f.name),
                                      "items": labelled(f.items, group, f.name)})
                 for f in fields)
