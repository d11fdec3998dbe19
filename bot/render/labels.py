"""Names a person reads for the tracker's keys: field labels on cards, entity nouns, metrics.

A field's label comes from the catalog (`Action.fields` → `BodyField.label`, the fields of
the group's writes); keys the tracker returns but no write takes (created_at, position…) have
a label here; anything else is the key humanised ("cost_value" → "Cost value").
"""

from __future__ import annotations

from functools import lru_cache

from bot.i18n import LANGUAGES, t
from bot.keitaro.catalog import CATALOG, L

LABEL_WIDTH = 24  # characters of a label on a card

# keys of the tracker's answers that no request body takes
RESPONSE_FIELDS: dict[str, L] = {
    "id": L("ID", "ID"),
    "name": L("Name", "Название"),
    "state": L("State", "Состояние"),
    "status": L("Status", "Статус"),
    "type": L("Type", "Тип"),
    "url": L("URL", "URL"),
    "created_at": L("Created", "Создано"),
    "updated_at": L("Updated", "Изменено"),
    "position": L("Position", "Позиция"),
    "weight": L("Weight", "Вес"),
    "group": L("Group", "Группа"),
    "domain": L("Domain", "Домен"),
    "notes": L("Notes", "Заметки"),
    "country": L("Country", "Страна"),
    "campaign": L("Campaign", "Кампания"),
    "campaign_id": L("Campaign", "Кампания"),
    "stream_id": L("Stream", "Поток"),
    "offer": L("Offer", "Оффер"),
    "offer_id": L("Offer", "Оффер"),
    "landing_id": L("Landing", "Лендинг"),
    "group_id": L("Group", "Группа"),
    "traffic_source_id": L("Source", "Источник"),
    "affiliate_network_id": L("Network", "Партнёрка"),
    "affiliate_network": L("Network", "Партнёрка"),
    "login": L("Login", "Логин"),
    "alias": L("Alias", "Алиас"),
    "method": L("Method", "Метод"),
    "statuses": L("Statuses", "Статусы"),
    "schema": L("Schema", "Схема"),
    "action_type": L("Action", "Действие"),
    "action_payload": L("Action data", "Данные действия"),
    "conversion_id": L("Conversion", "Конверсия"),
    "click_id": L("Click", "Клик"),
    "sub_id": L("Sub ID", "Sub ID"),
    "revenue": L("Revenue", "Доход"),
    "cost": L("Cost", "Расход"),
    "profit": L("Profit", "Прибыль"),
    "currency": L("Currency", "Валюта"),
    "tid": L("Transaction", "Транзакция"),
    "postback_datetime": L("Postback at", "Постбэк"),
    "click_datetime": L("Click at", "Клик"),
    "datetime": L("Time", "Время"),
    "previous_status": L("Was", "Был статус"),
    "original_status": L("Original", "Исходный"),
    "ip": L("IP", "IP"),
    "payout_value": L("Payout", "Выплата"),
    "payout_currency": L("Payout currency", "Валюта выплаты"),
    "payout_type": L("Payout type", "Тип выплаты"),
    "landing_type": L("Landing type", "Тип лендинга"),
    "offer_type": L("Offer type", "Тип оффера"),
    "network_status": L("DNS/SSL", "DNS/SSL"),
    "default_campaign": L("Default campaign", "Кампания по умолч."),
    "postback_url": L("Postback URL", "URL постбэка"),
    "count": L("Count", "Количество"),
    "success": L("Success", "Успех"),
    "message": L("Message", "Сообщение"),
    "value": L("Value", "Значение"),
    "mode": L("Mode", "Режим"),
    "payload": L("Data", "Данные"),
    "preferences": L("Preferences", "Настройки"),
    "filters": L("Filters", "Фильтры"),
    "offers": L("Offers", "Офферы"),
    "landings": L("Landings", "Лендинги"),
    "parameters": L("Parameters", "Параметры"),
    "postbacks": L("Postbacks", "Постбэки"),
}


def humanise(key: str) -> str:
    """`cost_value` → `Cost value`: a key as words, for keys nothing else names."""
    words = key.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else key


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
    if label is None:
        label = RESPONSE_FIELDS.get(key)
    text = label.get(lang) if label is not None else humanise(key)
    return text if len(text) <= LABEL_WIDTH else text[:LABEL_WIDTH - 1] + "…"


def entity_noun(group: str | None, lang: str) -> str | None:
    """One entity of a group ("Campaign"), or None when the group's items have no noun."""
    key = f"entity.{group}"
    return t(lang, key) if group and key in LANGUAGES["en"] else None


def metric_label(metric: str, lang: str) -> str:
    """A report column's short header ("Clicks", "ROI %")."""
    key = f"metric.{metric}"
    return t(lang, key) if key in LANGUAGES["en"] else humanise(metric)
