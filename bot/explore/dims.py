"""What a report can be broken down by, what a row of each filters on, and where to go next.

A dimension is asked of `report/build` as its grouping columns (the name a person reads and
the key a drill-down filters on: `campaign` with `campaign_id`, `country` with
`country_code`); a row's filter is `{key column} EQUALS {the row's key}` (API-NOTES §5.1).
"""

from __future__ import annotations

from dataclasses import dataclass

SUB_IDS = 10  # sub_id_1 … sub_id_10: what every tracker version lists (API-NOTES §5.4)


@dataclass(frozen=True)
class Dim:
    """A report dimension: `label` is the column shown, `key` the one a filter uses."""

    name: str
    label: str
    key: str
    group: str | None = None  # the catalog group whose card an entity row opens

    @property
    def grouping(self) -> list[str]:
        return [self.label] if self.key == self.label else [self.label, self.key]

    @property
    def entity(self) -> bool:
        return self.group is not None


def _sub(n: int) -> Dim:
    return Dim(f"sub_id_{n}", f"sub_id_{n}", f"sub_id_{n}")


DIMS: dict[str, Dim] = {d.name: d for d in (
    Dim("campaign", "campaign", "campaign_id", "campaigns"),
    Dim("stream", "stream", "stream_id", "streams"),
    Dim("offer", "offer", "offer_id", "offers"),
    Dim("landing", "landing", "landing_id", "landings"),
    Dim("ts", "ts", "ts_id", "sources"),
    Dim("affiliate_network", "affiliate_network", "affiliate_network_id", "networks"),
    Dim("country", "country", "country_code"),
    Dim("device_type", "device_type", "device_type"),
    Dim("os", "os", "os"),
    *(_sub(n) for n in range(1, SUB_IDS + 1)),
)}
ENTITY_DIMS = {d.group: d for d in DIMS.values() if d.group is not None}  # group → dim
SUB_ID_DIMS = tuple(f"sub_id_{n}" for n in range(1, SUB_IDS + 1))

# the natural next groupings of a row of each dimension (sub ids are offered apart, by
# which ones the tracker fills: `bot.explore.reads.filled_sub_ids`)
NEXT: dict[str, tuple[str, ...]] = {
    "campaign": ("stream", "offer", "landing", "ts", "country", "device_type"),
    "stream": ("offer", "landing", "country", "device_type"),
    "offer": ("campaign", "country", "landing", "ts"),
    "landing": ("campaign", "offer", "country"),
    "ts": ("campaign", "offer", "country"),
    "affiliate_network": ("offer", "campaign"),
    "country": ("campaign", "offer", "ts", "device_type"),
    "device_type": ("campaign", "offer", "country", "os"),
    "os": ("campaign", "offer", "country"),
    **{name: ("country", "device_type", "offer") for name in SUB_ID_DIMS},
}
# the dimensions a report can be filtered on by buttons, and the words a one-liner uses
FILTER_DIMS = ("campaign", "ts", "country", "offer", "landing", "stream")
WORDS = {"campaign": "campaign", "campaigns": "campaign", "кампания": "campaign",
         "offer": "offer", "offers": "offer", "оффер": "offer",
         "landing": "landing", "lander": "landing", "lp": "landing", "лендинг": "landing",
         "source": "ts", "ts": "ts", "источник": "ts",
         "stream": "stream", "flow": "stream", "поток": "stream",
         "country": "country", "geo": "country", "страна": "country", "гео": "country",
         "device": "device_type", "device_type": "device_type", "устройство": "device_type",
         "os": "os", "network": "affiliate_network", "affiliate_network": "affiliate_network",
         "сеть": "affiliate_network",
         **{name: name for name in SUB_ID_DIMS}}


def next_dims(dim: str, taken: set[str]) -> list[str]:
    """Where a row of `dim` leads, without what the report is already filtered on."""
    return [d for d in NEXT.get(dim, ()) if d not in taken]


def dim_of_grouping(grouping: list[str]) -> Dim | None:
    """The one dimension a report's grouping asks for (its label column, with or without
    its key), or None for anything else (two dimensions, time, custom columns)."""
    columns = set(grouping)
    for dim in DIMS.values():
        if dim.label in columns and columns <= set(dim.grouping):
            return dim
    return None
