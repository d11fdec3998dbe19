"""Настройки: the tracker's third-party integrations (AVScan, IMKLO, Facebook costs)."""

from bot.keitaro.catalog.builders import body, ident, text
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, L, Location
from bot.keitaro.catalog.model import ChangeKind as C

G = "settings"
FB = ident("integration", pick="settings.facebook_list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
CAMPAIGN = ident("campaign", name="campaign_id", location=Location.BODY, pick="campaigns.list")
T = FieldType

PROXY: tuple[BodyField, ...] = (
    BodyField(name="protocol", type=T.ENUM, choices=("http", "https", "socks5"),
              label=L("Protocol", "Протокол")),
    BodyField(name="address", type=T.STR, label=L("Address", "Адрес")),
    BodyField(name="port", type=T.INT, label=L("Port", "Порт"), minimum=1, maximum=65535),
    BodyField(name="login", type=T.STR, label=L("Login", "Логин")),
    BodyField(name="password", type=T.STR, label=L("Password", "Пароль"), secret=True),
)
# FacebookIntegrationRequest of the spec (API-NOTES §4.15, §6.12)
FACEBOOK: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, label=L("Name", "Название")),
    BodyField(name="ad_account_id", type=T.STR, label=L("Ad account", "Рекламный аккаунт")),
    BodyField(name="token", type=T.STR, label=L("Access token", "Токен доступа"), secret=True),
    BodyField(name="proxy_enabled", type=T.BOOL, label=L("Use a proxy", "Через прокси")),
    BodyField(name="proxy", type=T.OBJECT, items=PROXY, label=L("Proxy", "Прокси")),
)
LINK: tuple[BodyField, ...] = (
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list", required=True,
              label=L("Campaign", "Кампания")),
)

ENTRIES = (
    Action(group=G, key="avscan_get", label=L("AVScan key", "Ключ AVScan"),
           method="GET", path="/integrations/avscan", danger=R, change=C.READ),
    Action(group=G, key="avscan_set", label=L("Set AVScan key", "Задать ключ AVScan"),
           method="PUT", path="/integrations/avscan", danger=W, change=C.SETTING,
           snapshot="avscan_get",
           params=(text("avscan_key", L("The AVScan API key", "Ключ API AVScan"),
                        "av-123456", max_length=200),)),
    Action(group=G, key="imklo_get", label=L("IMKLO URL", "URL IMKLO"),
           method="GET", path="/integrations/imklo", danger=R, change=C.READ),
    Action(group=G, key="imklo_set", label=L("Set IMKLO URL", "Задать URL IMKLO"),
           method="PUT", path="/integrations/imklo", danger=W, change=C.SETTING,
           snapshot="imklo_get",
           params=(text("imklo_api_url", L("The IMKLO API URL", "URL API IMKLO"),
                        "https://imklo.example.com/api", max_length=500),)),
    Action(group=G, key="facebook_list", label=L("Facebook integrations", "Интеграции Facebook"),
           method="GET", path="/integrations/facebook", danger=R, change=C.READ),
    Action(group=G, key="facebook_get", label=L("Get a Facebook integration",
                                                "Получить интеграцию Facebook"),
           method="GET", path="/integrations/facebook/{id}", danger=R, change=C.READ, params=(FB,)),
    Action(group=G, key="facebook_create", label=L("Add a Facebook integration",
                                                   "Добавить интеграцию Facebook"),
           method="POST", path="/integrations/facebook", danger=W, change=C.CREATE,
           fields=required(FACEBOOK, "name"),
           params=(body(example={"name": "FB main", "ad_account_id": "act_123",
                                 "token": "EAAB...", "proxy_enabled": False}),)),
    Action(group=G, key="facebook_update", label=L("Update a Facebook integration",
                                                   "Обновить интеграцию Facebook"),
           method="PUT", path="/integrations/facebook/{id}", danger=W, change=C.UPDATE,
           snapshot="facebook_get", fields=FACEBOOK,
           params=(FB, body(example={"name": "FB main 2"}))),
    Action(group=G, key="facebook_delete", label=L("Delete a Facebook integration",
                                                   "Удалить интеграцию Facebook"),
           method="DELETE", path="/integrations/facebook/{id}", danger=D, change=C.DELETE,
           snapshot="facebook_get", params=(FB,),
           loses=L("The integration is deleted: Facebook costs stop being imported.",
                   "Интеграция будет удалена: расходы Facebook перестанут загружаться.")),
    Action(group=G, key="facebook_campaigns", label=L("Linked campaigns", "Связанные кампании"),
           method="GET", path="/integrations/facebook/{id}/campaign", danger=R, change=C.READ,
           params=(FB,)),
    Action(group=G, key="facebook_link", label=L("Link a campaign", "Привязать кампанию"),
           method="POST", path="/integrations/facebook/{id}/campaign", danger=W, change=C.LINK,
           fields=LINK, params=(FB, CAMPAIGN)),
    Action(group=G, key="facebook_unlink", label=L("Unlink a campaign", "Отвязать кампанию"),
           method="DELETE", path="/integrations/facebook/{id}/campaign", danger=D, change=C.LINK,
           fields=LINK, params=(FB, CAMPAIGN),
           loses=L("The campaign stops getting costs from this Facebook integration.",
                   "Кампания перестанет получать расходы из этой интеграции Facebook.")),
)
