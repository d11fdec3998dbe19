"""The groups users know, in menu order: by how often a media-buying team opens them.

What a buyer does every day comes first (statistics, campaigns, conversions, streams), then what
changes weekly (offers, landing pages, the click log), then set-up done at a launch (postbacks,
traffic sources), fraud clean-up (bots, blacklist), the rarer parts of a campaign's set-up
(filters, logs, domains, affiliate networks, groups) and last the admin's (users, settings).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from bot.keitaro.catalog.model import L
from bot.keitaro.catalog.texts import group_texts


class Group(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: L = L("")  # `group-<key>`
    icon: str
    description: L = L("")  # `group-<key>-description`

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, data: Any) -> Any:
        return {**group_texts(data["key"]), **data} if isinstance(data, dict) else data

    def title(self, lang: str) -> str:
        """The icon and the label in `lang`: "🎯 Campaigns"."""
        return f"{self.icon} {self.label.get(lang)}"


GROUPS: tuple[Group, ...] = (
    Group(key="reports", icon="📊"),
    Group(key="campaigns", icon="🎯"),
    Group(key="conversions", icon="💰"),
    Group(key="streams", icon="🔀"),
    Group(key="offers", icon="💼"),
    Group(key="landings", icon="📄"),
    Group(key="clicks", icon="🖱"),
    Group(key="postbacks", icon="📮"),
    Group(key="sources", icon="🚦"),
    Group(key="bots", icon="🤖"),
    Group(key="blacklist", icon="⛔"),
    Group(key="filters", icon="🧰"),
    Group(key="logs", icon="📜"),
    Group(key="domains", icon="🌐"),
    Group(key="networks", icon="🤝"),
    Group(key="groups", icon="🗂"),
    Group(key="users", icon="👤"),
    Group(key="settings", icon="⚙️"),
)
