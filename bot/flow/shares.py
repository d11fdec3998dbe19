"""Shares as buyers type them: `70/30`, `50 30 20`, `60/40 #12 #15`.

Numbers alone are the shares of the list as it stands, in its order; with `#ids` (as many as
the numbers) they are the shares of those offers (landings), in the order given: one not in
the list yet is added, one in the list but not named keeps its place at 0 %. The shares must
make 100 %; anything else is refused with the reason (InputError), the list untouched.
"""

from __future__ import annotations

import re
from typing import Any

from bot.keitaro.params import InputError

_SPLIT = re.compile(r"[\s/,;:+|\-–—]+")


def looks_like_shares(text: str) -> bool:
    """Typed shares rather than JSON: digits, `#`, `%` and separators only."""
    raw = text.strip()
    return bool(raw) and raw[:1] not in "[{" and re.fullmatch(r"[\d\s/,;:+|#%.\-–—]+",
                                                              raw) is not None


def parse_shares(text: str, items: list[dict[str, Any]], key: str,
                 known: set[int] | None = None) -> list[dict[str, Any]]:
    """The list with the shares typed (a copy); `known`: the ids that exist (to refuse
    `#99`)."""
    shares: list[int] = []
    ids: list[int] = []
    for word in (w for w in _SPLIT.split(text.strip()) if w):
        bare = word.strip("%")
        if bare.startswith("#") and bare[1:].isdigit():
            ids.append(int(bare[1:]))
        elif bare.isdigit():
            shares.append(int(bare))
        else:
            raise InputError("shares_format", value=word[:20])
    if not shares:
        raise InputError("shares_format", value=text.strip()[:20])
    if any(share > 100 for share in shares):
        raise InputError("shares_over", share=max(shares))
    if sum(shares) != 100:
        raise InputError("shares_sum", total=sum(shares), typed=" + ".join(map(str, shares)))
    if not ids:
        if len(shares) != len(items):
            raise InputError("shares_count", count=len(items), given=len(shares))
        return [{**item, "share": share} for item, share in zip(items, shares, strict=True)]
    if len(ids) != len(shares):
        raise InputError("shares_ids", ids=len(ids), given=len(shares))
    if len(set(ids)) != len(ids):
        raise InputError("shares_twice")
    unknown = [i for i in ids if known is not None and i not in known
               and not any(item.get(key) == i for item in items)]
    if unknown:
        raise InputError("shares_unknown", id=unknown[0])
    by_id = dict(zip(ids, shares, strict=True))
    result = [{**item, "share": by_id.get(int(item.get(key) or 0), 0)} for item in items]
    have = {item.get(key) for item in items}
    result += [{key: i, "share": by_id[i], "state": "active"} for i in ids if i not in have]
    return result
