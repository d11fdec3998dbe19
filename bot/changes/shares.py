"""A stream's offers and landings with their shares, named as people know them: the lines a
preview, a result and an Undo's preview say a change of shares in (`Keto DE (#7) 50 → 70 %`).

Items are matched by what they point to (`offer_id`, `landing_id`), not by the link's own id:
an Undo sends the links again without ids (the tracker gives them new ones), and still reads
as the shares going back.
"""

from __future__ import annotations

from typing import Any

from aiogram import html

from bot.i18n import Html, t
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.render.data import item_title
from bot.render.labels import choice_label

# the arrays of shares a stream has: the item's reference, and the list that names it
SHARE_LISTS = {"offers": ("offer_id", "offers.list"), "landings": ("landing_id", "landings.list")}


def is_shares(field: BodyField | None) -> bool:
    """`field` is a list of shares (items that point to an entity and carry a `share`)."""
    return (field is not None and field.type is FieldType.ITEMS and field.item_key is not None
            and any(i.name == "share" for i in field.items))


def names_of(listed: Any) -> dict[int, str]:
    """{id: name} of a list read from the tracker (offers, landings)."""
    if not isinstance(listed, list):
        return {}
    return {i["id"]: item_title(i) for i in listed
            if isinstance(i, dict) and isinstance(i.get("id"), int)}


def named(ident: Any, names: dict[int, str]) -> str:
    """`Keto DE (#7)`, or `#7` when the name is not known (plain text)."""
    name = names.get(ident) if isinstance(ident, int) else None
    return f"{name} (#{ident})" if name else f"#{ident}"


def _share(item: dict[str, Any]) -> str:
    value = item.get("share")
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def share_rows(before: list[Any], after: list[Any], key: str, names: dict[int, str],
               lang: str) -> list[str]:
    """Plain-text lines, one an item: `~ Keto DE (#7) 50 → 70 %` changed, `+ … 30 %` added,
    `− … 33 %` removed, `  … 50 %` as it was; a state that changes is said too."""
    was = {i.get(key): i for i in before if isinstance(i, dict)}
    rows: list[str] = []
    seen: set[Any] = set()
    for item in after:
        if not isinstance(item, dict):
            continue
        ident = item.get(key)
        seen.add(ident)
        old = was.get(ident)
        name = named(ident, names)
        if old is None:
            rows.append(f"+ {name} {_share(item)} %")
            continue
        share = (f"{_share(old)} → {_share(item)} %" if _share(old) != _share(item)
                 else f"{_share(item)} %")
        state = ""
        if "state" in item and old.get("state", item["state"]) != item["state"]:
            state = " · " + t(lang, "preview.share_state",
                              before=choice_label("state", str(old.get("state")), lang),
                              after=choice_label("state", str(item["state"]), lang))
        mark = "~" if "→" in share or state else " "
        rows.append(f"{mark} {name} {share}{state}")
    rows += [f"− {named(i.get(key), names)} {_share(i)} %" for i in before
             if isinstance(i, dict) and i.get(key) not in seen]
    return rows


def share_lines(title: str, before: list[Any], after: list[Any], key: str,
                names: dict[int, str], lang: str) -> list[str]:
    """HTML lines of a preview or result: the list's name (`title`) and an item a line."""
    rows = share_rows(before, after, key, names, lang)
    return [t(lang, "preview.shares", field=Html(f"<b>{html.quote(title)}</b>"),
              before=len(before), after=len(after)),
            *(html.quote(row) for row in rows)]
