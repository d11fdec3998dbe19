"""The groups users know, in menu order: the 17 of the product spec, then the extras."""

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
    Group(key="campaigns", label=L("Campaigns", "Кампания"), icon="🎯",
          description=L("Campaigns", "Кампании")),
    Group(key="streams", label=L("Streams", "Поток"), icon="🔀",
          description=L("Streams (flows) of campaigns", "Потоки кампаний")),
    Group(key="landings", label=L("Landing pages", "Лендинг"), icon="📄",
          description=L("Landing pages", "Лендинги")),
    Group(key="offers", label=L("Offers", "Оффер"), icon="💼",
          description=L("Offers", "Офферы")),
    Group(key="clicks", label=L("Clicks", "Клик"), icon="🖱",
          description=L("Click log, costs, cleaning", "Лог кликов, расходы, очистка")),
    Group(key="settings", label=L("Settings", "Настройки"), icon="⚙️",
          description=L("Tracker integrations", "Интеграции трекера")),
    Group(key="users", label=L("Users", "Пользователь"), icon="👤",
          description=L("Tracker users", "Пользователи трекера")),
    Group(key="blacklist", label=L("Blacklist", "Блэклист"), icon="⛔",
          description=L("Black/white list labels", "Метки чёрного/белого списка")),
    Group(key="bots", label=L("Bots", "Бот"), icon="🤖",
          description=L("Bot IP list", "Список IP ботов")),
    Group(key="postbacks", label=L("Postbacks", "Постбэк"), icon="📮",
          description=L("A campaign's S2S postbacks", "S2S-постбэки кампании")),
    Group(key="sources", label=L("Traffic sources", "Источник"), icon="🚦",
          description=L("Traffic sources", "Источники трафика")),
    Group(key="conversions", label=L("Conversions", "Конверсия"), icon="💰",
          description=L("Conversions", "Конверсии")),
    Group(key="reports", label=L("Statistics", "Статистика"), icon="📊",
          description=L("Reports", "Отчёты")),
    Group(key="groups", label=L("Groups", "Группа"), icon="🗂",
          description=L("Groups of campaigns, offers, landings", "Группы кампаний, офферов")),
    Group(key="filters", label=L("Filters", "Фильтр"), icon="🧰",
          description=L("Stream filters", "Фильтры потоков")),
    Group(key="logs", label=L("Logs", "Лог"), icon="📜",
          description=L("Tracker logs", "Логи трекера")),
    Group(key="domains", label=L("Domains", "Домен"), icon="🌐",
          description=L("Domains", "Домены")),
    Group(key="networks", label=L("Affiliate networks", "Партнёрская сеть"), icon="🤝",
          description=L("Affiliate networks", "Партнёрские сети")),
)
