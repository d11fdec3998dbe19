"""Names of the tracker's fields and report columns as a person reads them, in both languages.

A field's name comes from the catalog when an operation's body takes it (`BodyField.label`),
else from `FIELDS` below (what the tracker returns without taking it: ids, counters, dates,
report dimensions and metrics). A name neither knows is the tracker's own key, shown as code.
"""

from __future__ import annotations

from functools import lru_cache

from aiogram import html

from bot.keitaro.catalog import CATALOG, Action
from bot.keitaro.catalog.lang import L

FIELDS: dict[str, L] = {
    "id": L("ID", "ID"),
    "name": L("Name", "Название"),
    "alias": L("Alias", "Алиас"),
    "login": L("Login", "Логин"),
    "state": L("State", "Состояние"),
    "type": L("Type", "Тип"),
    "status": L("Status", "Статус"),
    "previous_status": L("Was", "Был статус"),
    "statuses": L("Statuses", "Статусы"),
    "schema": L("Schema", "Схема"),
    "action_type": L("Action", "Действие"),
    "action_payload": L("Action data", "Данные действия"),
    "action_options": L("Action options", "Параметры действия"),
    "url": L("URL", "URL"),
    "method": L("Method", "Метод"),
    "landing_type": L("Landing type", "Тип лендинга"),
    "offer_type": L("Offer type", "Тип оффера"),
    "network_status": L("DNS/SSL", "DNS/SSL"),
    "domain": L("Domain", "Домен"),
    "domain_id": L("Domain", "Домен"),
    "default_campaign": L("Default campaign", "Кампания по умолчанию"),
    "default_campaign_id": L("Default campaign", "Кампания по умолчанию"),
    "campaign": L("Campaign", "Кампания"),
    "campaign_id": L("Campaign", "Кампания"),
    "stream": L("Stream", "Поток"),
    "stream_id": L("Stream", "Поток"),
    "offer": L("Offer", "Оффер"),
    "offer_id": L("Offer", "Оффер"),
    "landing": L("Landing page", "Лендинг"),
    "landing_id": L("Landing", "Лендинг"),
    "position": L("Position", "Позиция"),
    "weight": L("Weight", "Вес"),
    "cost_type": L("Cost model", "Модель расхода"),
    "cost_value": L("Cost", "Расход"),
    "cost_currency": L("Cost currency", "Валюта расхода"),
    "cost_auto": L("Automatic cost", "Авторасход"),
    "payout_value": L("Payout", "Выплата"),
    "payout_currency": L("Payout currency", "Валюта выплаты"),
    "payout_type": L("Payout type", "Тип выплаты"),
    "payout_auto": L("Automatic payout", "Автовыплата"),
    "payout_upsell": L("Upsell payout", "Выплата за апсейл"),
    "country": L("Country", "Страна"),
    "group": L("Group", "Группа"),
    "group_id": L("Group", "Группа"),
    "traffic_source_id": L("Source", "Источник"),
    "ts": L("Traffic source", "Источник"),
    "ts_id": L("Traffic source", "Источник"),
    "affiliate_network": L("Network", "Партнёрка"),
    "affiliate_network_id": L("Network", "Партнёрка"),
    "postback_url": L("Postback URL", "URL постбэка"),
    "postback_statuses": L("Postback statuses", "Статусы постбэка"),
    "postbacks": L("Postbacks", "Постбэки"),
    "offer_param": L("Offer parameter", "Параметр оффера"),
    "sub_id": L("Sub ID", "Sub ID"),
    "click_id": L("Click", "Клик"),
    "conversion_id": L("Conversion", "Конверсия"),
    "revenue": L("Revenue", "Доход"),
    "tid": L("Transaction", "Транзакция"),
    "postback_datetime": L("Postback at", "Постбэк"),
    "datetime": L("Time", "Время"),
    "date": L("Date", "Дата"),
    "day": L("Day", "День"),
    "hour": L("Hour", "Час"),
    "count": L("Count", "Количество"),
    "success": L("Success", "Успех"),
    "mode": L("Mode", "Режим"),
    "modes": L("Modes", "Режимы"),
    "payload": L("Data", "Данные"),
    "notes": L("Notes", "Заметки"),
    "comments": L("Comments", "Комментарии"),
    "created_at": L("Created", "Создано"),
    "timezone": L("Time zone", "Часовой пояс"),
    "path": L("Path", "Путь"),
    "children": L("Contents", "Содержимое"),
    "ext": L("Extension", "Расширение"),
    "response": L("Response", "Ответ"),
    "conversion": L("Conversion", "Конверсия"),
    "integration": L("Integration", "Интеграция"),
    "subid": L("Sub ID", "Sub ID"),
    "currency": L("Currency", "Валюта"),
    "click_datetime": L("Click at", "Клик"),
    "original_status": L("Original", "Исходный"),
    "updated_at": L("Updated", "Изменено"),
    "accept_parameters": L("Accepts parameters", "Принимает параметры"),
    "access_data": L("Access", "Доступ"),
    "allow_indexing": L("Allow indexing", "Разрешить индексацию"),
    "alternative_offer_id": L("Alternative offer", "Запасной оффер"),
    "avscan_key": L("AVScan key", "Ключ AVScan"),
    "imklo_api_url": L("IMKLO API URL", "URL API IMKLO"),
    "bind_visitors": L("Bind visitors", "Привязка посетителей"),
    "campaigns_count": L("Campaigns", "Кампаний"),
    "streams_count": L("Streams", "Потоков"),
    "offer_count": L("Offers", "Офферов"),
    "key_count": L("API keys", "API-ключей"),
    "catch_not_found": L("Catch 404", "Перехват 404"),
    "collect_clicks": L("Collect clicks", "Собирать клики"),
    "conversion_cap_enabled": L("Conversion cap", "Лимит конверсий"),
    "conversion_timezone": L("Conversion time zone", "Часовой пояс конверсий"),
    "cookies_ttl": L("Uniqueness, hours", "Уникальность, ч"),
    "daily_cap": L("Daily cap", "Дневной лимит"),
    "data": L("Data", "Данные"),
    "defaults": L("Defaults", "По умолчанию"),
    "description": L("Description", "Описание"),
    "error_description": L("Error", "Ошибка"),
    "field": L("Field", "Поле"),
    "filter_or": L("Filters joined by OR", "Фильтры через ИЛИ"),
    "filters": L("Filters", "Фильтры"),
    "header_template": L("Header template", "Шаблон заголовка"),
    "template": L("Template", "Шаблон"),
    "template_name": L("Template", "Шаблон"),
    "tooltip": L("Tooltip", "Подсказка"),
    "ip": L("IP", "IP"),
    "is_bot": L("Bot", "Бот"),
    "is_lead": L("Lead", "Лид"),
    "is_sale": L("Sale", "Продажа"),
    "is_ssl": L("HTTPS", "HTTPS"),
    "ssl_redirect": L("Redirect to HTTPS", "Редирект на HTTPS"),
    "ssl_status": L("Certificate", "Сертификат"),
    "wildcard": L("Subdomains", "Поддомены"),
    "jid": L("Job", "Задача"),
    "key": L("Key", "Ключ"),
    "level": L("Level", "Уровень"),
    "landings": L("Landings", "Лендинги"),
    "offers": L("Offers", "Офферы"),
    "triggers": L("Triggers", "Триггеры"),
    "trigger_id": L("Trigger", "Триггер"),
    "local_path": L("Local folder", "Локальная папка"),
    "preview_path": L("Preview", "Превью"),
    "message": L("Message", "Сообщение"),
    "oid": L("Filter", "Фильтр"),
    "parameters": L("Parameters", "Параметры"),
    "preferences": L("Preferences", "Настройки"),
    "pull_api_options": L("Pull API options", "Параметры Pull API"),
    "token": L("Click API token", "Токен Click API"),
    "traffic_loss": L("Traffic loss, %", "Потеря трафика, %"),
    "uniqueness_method": L("Uniqueness by", "Уникальность по"),
    "uniqueness_use_cookies": L("Uniqueness by cookies", "Уникальность по cookies"),
    "update_in_campaigns": L("Update campaigns", "Обновлять кампании"),
    "value": L("Value", "Значение"),
    "password": L("Password", "Пароль"),
    "new_password": L("New password", "Новый пароль"),
    # report dimensions
    "campaign_group": L("Campaign group", "Группа кампаний"),
    "offer_group": L("Offer group", "Группа офферов"),
    "landing_group": L("Landing group", "Группа лендингов"),
    "source": L("Source", "Источник"),
    "region": L("Region", "Регион"),
    "city": L("City", "Город"),
    "os": L("OS", "ОС"),
    "browser": L("Browser", "Браузер"),
    "device_type": L("Device", "Устройство"),
    "language": L("Language", "Язык"),
    "isp": L("Provider", "Провайдер"),
    "connection_type": L("Connection", "Соединение"),
    "referrer": L("Referrer", "Источник перехода"),
    "week": L("Week", "Неделя"),
    "month": L("Month", "Месяц"),
    "year": L("Year", "Год"),
    # report metrics
    "clicks": L("Clicks", "Клики"),
    "campaign_unique_clicks": L("Unique clicks", "Уникальные"),
    "stream_unique_clicks": L("Unique in stream", "Уникальные в потоке"),
    "global_unique_clicks": L("Unique overall", "Уникальные всего"),
    "conversions": L("Conversions", "Конверсии"),
    "leads": L("Leads", "Лиды"),
    "sales": L("Sales", "Продажи"),
    "rejected": L("Rejected", "Отклонённые"),
    "cost": L("Cost", "Расход"),
    "profit": L("Profit", "Прибыль"),
    "roi": L("ROI", "ROI"),
    "cr": L("CR", "CR"),
    "epc": L("EPC", "EPC"),
    "cpc": L("CPC", "CPC"),
    "cpa": L("CPA", "CPA"),
    "bots": L("Bots", "Боты"),
    "lp_clicks": L("Landing clicks", "Клики лендинга"),
    "lp_ctr": L("Landing CTR", "CTR лендинга"),
}

# column headers of a report table: a few characters, as a phone has room for
SHORT: dict[str, L] = {
    "clicks": L("clicks", "клики"),
    "campaign_unique_clicks": L("uniq", "уник"),
    "conversions": L("conv", "конв"),
    "leads": L("leads", "лиды"),
    "sales": L("sales", "продажи"),
    "revenue": L("rev", "доход"),
    "cost": L("cost", "расход"),
    "profit": L("profit", "прибыль"),
    "roi": L("roi%", "ROI%"),
    "campaign": L("campaign", "кампания"),
    "offer": L("offer", "оффер"),
    "country": L("country", "страна"),
    "landing": L("landing", "лендинг"),
    "stream": L("stream", "поток"),
    "ts": L("source", "источник"),
    "day": L("day", "день"),
    "hour": L("hour", "час"),
}


@lru_cache(maxsize=1)
def _catalog_labels() -> dict[str, L]:
    """The first label the catalog gives each body field name."""
    labels: dict[str, L] = {}
    for action in CATALOG:
        for field in action.fields:
            labels.setdefault(field.name, field.label)
    return labels


def humanise(key: str) -> str:
    """`cost_value` → `Cost value`: an English label for a key nothing names."""
    words = key.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else key


def plain_label(key: str, lang: str, action: Action | None = None) -> str:
    """Plain text: a field's name in `lang`; a key nothing names is humanised in English
    and kept as the tracker's key in Russian (code, not an English word)."""
    name = field_name(key, action)
    if name is not None:
        return name.get(lang)
    return humanise(key) if lang == "en" else key


def field_name(key: str, action: Action | None = None) -> L | None:
    """A field's name in both languages, or None when neither the catalog nor `FIELDS`
    knows the key."""
    if action is not None:
        own = next((f.label for f in action.fields if f.name == key), None)
        if own is not None:
            return own
    return _catalog_labels().get(key) or FIELDS.get(key)


def field_label(key: str, lang: str, action: Action | None = None) -> str:
    """HTML: a field's name in `lang` (English keeps the tracker's key, which is what the
    JSON and one-line commands use); an unknown key as code."""
    if lang == "en":
        return html.quote(key)
    name = field_name(key, action)
    return html.quote(name.get(lang)) if name else f"<code>{html.quote(key)}</code>"


def column_label(key: str, lang: str) -> str:
    """Plain text: a report column's header, short (`clicks`, `конв`)."""
    short = SHORT.get(key)
    if short is not None:
        return short.get(lang)
    if lang == "en":
        return key
    name = field_name(key)
    return name.get(lang).lower() if name else key
