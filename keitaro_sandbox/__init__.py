"""A Keitaro tracker in memory, over real HTTP: for tests, the demo and `python -m bot sandbox`.

    sb = Sandbox(api_key="k" * 32, postback_key="p" * 16, seed=1, clock=None, clicks=3000)
    async with sb.running() as base_url:      # http://127.0.0.1:PORT
        ...                                   # KeitaroSettings(url=base_url, ...)
    sb.requests, sb.count("PUT", r"/campaigns/\\d+$"), sb.faults.add(...), sb.state.campaigns

Behaviour follows Keitaro 9.x where the 2022 spec and it differ (see
`../shared/keitaro/API-NOTES.md`, reference notes kept outside this repository):
routes match digit ids only and answer 400 "does not match any route" otherwise; every
exception a controller throws answers 402 `{"error": …}` (a not-found one included:
`Traffic\\Model\\Campaign #9 not found`; an archived campaign is not found by GET or PUT);
validation fails with 406 field maps (API-NOTES §12.1). As §12 says the tracker does: a stream
whose schema is `action`/`redirect` loses its offers and landings, one of type `default` its
filters and triggers, on every write (§12.3); disabling or archiving a campaign clears it as
its domains' default (§12.4); a postback whose tid matches a conversion of its click changes
that one (§12.2); an `archive` ZIP replaces an offer's or landing's files (§12.5);
`db_values=True` answers flags as "0"/"1" and decimals as "0.0700" (§12.6). Each of these
names its source (the decompiled class) where it is done. Also as 9.x: cleaning
and cost dates are taken as written and compared `BETWEEN` (so "23:59" is 23:59:00), a
report's `measures` is dropped (only `metrics` counts), a file path is joined to the folder
as given (a `..` leaves it, into `state.stray_files`), creating an existing file empties it.
Log types, state and landing action-type enums are the spec's. Choices where the
sources are silent: missing required query parameters answer 400 `{"error"}`; unknown
grid columns/metrics answer 400 naming the valid ones; conversions count in reports at
their click's time. The postback URL answers as 9.x does (API-NOTES §11.1-11.4): always 200
with a text body (`Incorrect postback code (…)` for a wrong key, `Incorrect subid`, else
`Success` before any check), and processes postbacks from a queue (`postback_delay`, or
`process_postbacks()`), so their outcome shows only in `conversions/log` and the `postbacks`
log. A PUT replaces each array it carries, as 9.x does (§11.7): items with an id (offers and
landings: with an offer/landing id already linked) are updated with the fields sent, items
without are created, items not listed are deleted; arrays not sent stay; unknown fields are
dropped. `faults.add(..., omit=(...))` leaves fields out of an answer; `hold=` sends it late.
"""

from keitaro_sandbox.app import RecordedRequest
from keitaro_sandbox.clock import ManualClock
from keitaro_sandbox.faults import KINDS as FAULT_KINDS
from keitaro_sandbox.faults import Fault, Faults
from keitaro_sandbox.sandbox import Sandbox, serve

__all__ = ["FAULT_KINDS", "Fault", "Faults", "ManualClock", "RecordedRequest", "Sandbox",
           "serve"]
