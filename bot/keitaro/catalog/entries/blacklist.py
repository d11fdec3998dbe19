"""Блэклист: black/white list labels that reports put on sources, sub ids and other values."""

from bot.keitaro.catalog.builders import body, choice, ident, text
from bot.keitaro.catalog.fields import BodyField, FieldType
from bot.keitaro.catalog.model import Action, Danger, Location, Special
from bot.keitaro.catalog.model import ChangeKind as C

G = "blacklist"
R, W = Danger.READ, Danger.WRITE

# LabelsRequest of the spec: `items` maps a report value to its list (API-NOTES §4.13 #94)
LABELS: tuple[BodyField, ...] = (
    BodyField(name="campaign_id", type=FieldType.REF, ref="campaigns.list", required=True),
    BodyField(name="ref_name", type=FieldType.STR, required=True),
    BodyField(name="items", type=FieldType.OBJECT, required=True),
)

ENTRIES = (
    Action(group=G, key="get",
           method="GET", path="/report/labels", danger=R, change=C.READ,
           params=(ident("campaign", name="campaign_id", location=Location.QUERY,
                         pick="campaigns.list"),
                   text("ref_name",
                        "sub_id_1", max_length=64),
                   choice("label_name", ("blacklist", "whitelist")))),
    Action(group=G, key="set",
           method="POST", path="/report/labels", danger=W, change=C.SENT, special=Special.LABELS,
           fields=LABELS,
           note="items as a map {value: label} (D LabelService::updateLabels); a list of "
                "{value, label} only after the tracker refused the map with 400/406",
           params=(body(example={"campaign_id": 1, "ref_name": "sub_id_1",
                                 "items": {"site-123": "blacklist", "site-456": "whitelist"}}),)),
)
