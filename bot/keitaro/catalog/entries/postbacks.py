"""Постбэк: a campaign's S2S postbacks, edited by read-modify-write of `postbacks`."""

from bot.keitaro.catalog.builders import body, ident
from bot.keitaro.catalog.entries.campaigns import S2S_POSTBACK
from bot.keitaro.catalog.fields import only, optional, required
from bot.keitaro.catalog.model import Action, Danger, Location, Rmw, RmwOp, Special
from bot.keitaro.catalog.model import ChangeKind as C

G = "postbacks"
CAMPAIGN = ident("campaign", name="campaign_id", pick="campaigns.list")
POSTBACK = ident("postback", name="postback_id", location=Location.TEMPLATE,
                 pick="postbacks.list")
PATH = "/campaigns/{campaign_id}"
NOTE = "no REST resource: edits the campaign's postbacks array, keeping the untouched ones"
# what an edit of one postback takes: its id and campaign are the bot's to fill
POSTBACK_EDIT = only(S2S_POSTBACK, "url", "method", "statuses")


def _rmw(op: RmwOp, *, required: tuple[str, ...] = ()) -> Rmw:
    item = None if op in (RmwOp.LIST, RmwOp.ADD) else "postback_id"
    return Rmw(read_path=PATH, field="postbacks", op=op, item_param=item, item_required=required)


ENTRIES = (
    Action(group=G, key="list",
           method="GET", path=PATH, danger=Danger.READ, change=C.READ, special=Special.RMW,
           rmw=_rmw(RmwOp.LIST), params=(CAMPAIGN,), note=NOTE),
    Action(group=G, key="get",
           method="GET", path=PATH, danger=Danger.READ, change=C.READ, special=Special.RMW,
           rmw=_rmw(RmwOp.GET), params=(CAMPAIGN, POSTBACK), note=NOTE),
    Action(group=G, key="create",
           method="PUT", path=PATH, danger=Danger.WRITE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.ADD, required=("url", "method")), note=NOTE,
           fields=required(POSTBACK_EDIT, "url", "method"),
           params=(CAMPAIGN, body(example={"url": "https://ts.example.com/pb?click={subid}"
                                                  "&payout={revenue}",
                                           "method": "GET", "statuses": ["lead", "sale"]}))),
    Action(group=G, key="update",
           method="PUT", path=PATH, danger=Danger.WRITE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.UPDATE), note=NOTE,
           fields=optional(POSTBACK_EDIT),
           params=(CAMPAIGN, POSTBACK, body(example={"statuses": ["sale"]}))),
    Action(group=G, key="delete",
           method="PUT", path=PATH, danger=Danger.DESTRUCTIVE, change=C.ITEM, special=Special.RMW,
           rmw=_rmw(RmwOp.DELETE), params=(CAMPAIGN, POSTBACK), note=NOTE),
)
