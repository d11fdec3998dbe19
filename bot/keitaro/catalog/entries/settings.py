"""Настройки: the tracker's third-party integrations (AVScan, IMKLO, Facebook costs)."""

from bot.keitaro.catalog.builders import body, ident, text
from bot.keitaro.catalog.fields import BodyField, FieldType, required
from bot.keitaro.catalog.model import Action, Danger, Location
from bot.keitaro.catalog.model import ChangeKind as C

G = "settings"
FB = ident("integration", pick="settings.facebook_list")
R, W, D = Danger.READ, Danger.WRITE, Danger.DESTRUCTIVE
CAMPAIGN = ident("campaign", name="campaign_id", location=Location.BODY, pick="campaigns.list")
T = FieldType

PROXY: tuple[BodyField, ...] = (
    BodyField(name="protocol", type=T.ENUM, choices=("http", "https", "socks5")),
    BodyField(name="address", type=T.STR),
    BodyField(name="port", type=T.INT, minimum=1, maximum=65535),
    BodyField(name="login", type=T.STR),
    BodyField(name="password", type=T.STR, secret=True),
)
# FacebookIntegrationRequest of the spec (API-NOTES §4.15, §6.12)
FACEBOOK: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR),
    BodyField(name="ad_account_id", type=T.STR),
    BodyField(name="token", type=T.STR, secret=True),
    BodyField(name="proxy_enabled", type=T.BOOL),
    BodyField(name="proxy", type=T.OBJECT, items=PROXY),
)
LINK: tuple[BodyField, ...] = (
    BodyField(name="campaign_id", type=T.REF, ref="campaigns.list", required=True),
)

ENTRIES = (
    Action(group=G, key="avscan_get",
           method="GET", path="/integrations/avscan", danger=R, change=C.READ),
    Action(group=G, key="avscan_set",
           method="PUT", path="/integrations/avscan", danger=W, change=C.SETTING,
           snapshot="avscan_get",
           params=(text("avscan_key",
                        "av-123456", max_length=200),)),
    Action(group=G, key="imklo_get",
           method="GET", path="/integrations/imklo", danger=R, change=C.READ),
    Action(group=G, key="imklo_set",
           method="PUT", path="/integrations/imklo", danger=W, change=C.SETTING,
           snapshot="imklo_get",
           params=(text("imklo_api_url",
                        "https://imklo.example.com/api", max_length=500),)),
    Action(group=G, key="facebook_list",
           method="GET", path="/integrations/facebook", danger=R, change=C.READ),
    Action(group=G, key="facebook_get",
           method="GET", path="/integrations/facebook/{id}", danger=R, change=C.READ, params=(FB,)),
    Action(group=G, key="facebook_create",
           method="POST", path="/integrations/facebook", danger=W, change=C.CREATE,
           fields=required(FACEBOOK, "name"),
           params=(body(example={"name": "FB main", "ad_account_id": "act_123",
                                 "token": "EAAB...", "proxy_enabled": False}),)),
    Action(group=G, key="facebook_update",
           method="PUT", path="/integrations/facebook/{id}", danger=W, change=C.UPDATE,
           snapshot="facebook_get", fields=FACEBOOK,
           params=(FB, body(example={"name": "FB main 2"}))),
    Action(group=G, key="facebook_delete",
           method="DELETE", path="/integrations/facebook/{id}", danger=D, change=C.DELETE,
           snapshot="facebook_get", params=(FB,)),
    Action(group=G, key="facebook_campaigns",
           method="GET", path="/integrations/facebook/{id}/campaign", danger=R, change=C.READ,
           params=(FB,)),
    Action(group=G, key="facebook_link",
           method="POST", path="/integrations/facebook/{id}/campaign", danger=W, change=C.LINK,
           fields=LINK, params=(FB, CAMPAIGN)),
    Action(group=G, key="facebook_unlink",
           method="DELETE", path="/integrations/facebook/{id}/campaign", danger=D, change=C.LINK,
           fields=LINK, params=(FB, CAMPAIGN)),
)
