"""The mechanisms beyond one plain call, one module each, on top of the transport.

| `Special` | module | what it does |
|---|---|---|
| RMW | `rmw` | read-modify-write of one item of an array, under the entity's lock |
| (a PUT replacing arrays) | `arrays` | that write under the same lock, checked as previewed |
| POSTBACK_UPDATE | `postback_update` | read the conversion, check it, post its click again |
| LABELS | `labels` | `items` as a map; as a list only after the map was refused |
| FALLBACK_POST | `fallback_post` | a GET, then a POST when the tracker has no GET route |
| FIRST_ROW | `first_row` | a grid query that must find the row asked for |
| PICK_BY_ID | `pick_by_id` | a list read for the one item with the id asked for |

`bot.keitaro.client.KeitaroClient.dispatch` chooses: RMW and POSTBACK_UPDATE do their own
sending; a write replacing arrays is sent under the lock; anything else is sent once, and
LABELS, FALLBACK_POST, FIRST_ROW and PICK_BY_ID then make their answer of the first one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.keitaro.catalog import Special
from bot.keitaro.envelope import Envelope
from bot.keitaro.mechanisms import fallback_post, first_row, labels, pick_by_id
from bot.keitaro.mechanisms.call import Call

Answer = Callable[[Call, Envelope], Awaitable[Envelope]]

# what a mechanism makes of the first answer
AFTER: dict[Special, Answer] = {
    Special.LABELS: labels.answer,
    Special.FALLBACK_POST: fallback_post.answer,
    Special.FIRST_ROW: first_row.answer,
    Special.PICK_BY_ID: pick_by_id.answer,
}

__all__ = ["AFTER", "Call"]
