"""The groups users know, in menu order: by how often a media-buying team opens them.

What a buyer does every day comes first (statistics, campaigns, conversions, streams), then what
changes weekly (offers, landing pages, the click log), then set-up done at a launch (postbacks,
traffic sources), fraud clean-up (bots, blacklist), the rarer parts of a campaign's set-up
(filters, logs, domains, affiliate networks, groups) and last the admin's (users, settings).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.keitaro.catalog.model import L


class Group(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: L
    icon: str
    description: L

    def title(self, lang: str) -> str:
        """The icon and the label in `lang`: "🎯 Campaigns"."""
        return f"{self.icon} {self.label.get(lang)}"


GROUPS: tuple[Group, ...] = (
    Group(key="reports", label=L("Statistics", "Статистика"), icon="📊",
          description=L("Reports", "Отчёты")),
    Group(key="campaigns", label=L("Campaigns", "Кампании"), icon="🎯",
          description=L("Campaigns", "Кампании")),
    Group(key="conversions", label=L("Conversions", "Конверсии"), icon="💰",
          description=L("Conversions", "Конверсии")),
    Group(key="streams", label=L("Streams", "Потоки"), icon="🔀",
          description=L("Streams (flows) of campaigns", "Потоки кампаний")),
    Group(key="offers", label=L("Offers", "Офферы"), icon="💼",
          description=L("Offers", "Офферы")),
    Group(key="landings", label=L("Landing pages", "Лендинги"), icon="📄",
          description=L("Landing pages", "Лендинги")),
    Group(key="clicks", label=L("Clicks", "Клики"), icon="🖱",
          description=L("Click log, costs, cleaning", "Лог кликов, расходы, очистка")),
    Group(key="postbacks", label=L("Postbacks", "Постбэки"), icon="📮",
          description=L("A campaign's S2S postbacks", "S2S-постбэки кампании")),
    Group(key="sources", label=L("Traffic sources", "Источники"), icon="🚦",
          description=L("Traffic sources", "Источники трафика")),
    Group(key="bots", label=L("Bots", "Боты"), icon="🤖",
          description=L("Bot IP list", "Список IP ботов")),
    Group(key="blacklist", label=L("Blacklist", "Блэклист"), icon="⛔",
          description=L("Black/white list labels", "Метки чёрного/белого списка")),
    Group(key="filters", label=L("Filters", "Фильтры"), icon="🧰",
          description=L("Stream filters", "Фильтры потоков")),
    Group(key="logs", label=L("Logs", "Логи"), icon="📜",
          description=L("Tracker logs", "Логи трекера")),
    Group(key="domains", label=L("Domains", "Домены"), icon="🌐",
          description=L("Domains", "Домены")),
    Group(key="networks", label=L("Affiliate networks", "Партнёрские сети"), icon="🤝",
          description=L("Affiliate networks", "Партнёрские сети")),
    Group(key="groups", label=L("Groups", "Группы"), icon="🗂",
          description=L("Groups of campaigns, offers, landings", "Группы кампаний, офферов")),
    Group(key="users", label=L("Users", "Пользователи"), icon="👤",
          description=L("Tracker users", "Пользователи трекера")),
    Group(key="settings", label=L("Settings", "Настройки"), icon="⚙️",
          description=L("Tracker integrations", "Интеграции трекера")),
)
