## results
result-empty = The tracker confirmed it and returned no data.
result-none = Nothing found.
result-no_rows = No rows for this query and period.
result-count = { $count } in total:
result-rows = Rows { $first }–{ $last } of { $total }
result-binary = 📦 { $name } ({ $size ->
        [one] { NUMBER($size) } byte
       *[other] { NUMBER($size) } bytes
    }) is attached.
result-expired = This result has expired; run the command again.
result-no_export = This result is too big to keep; run it again to get the file.
result-capped = ℹ️ A reply holds at most { $cap ->
        [one] { NUMBER($cap) } row
       *[other] { NUMBER($cap) } rows
    }: these are the first { NUMBER($cap) } (asked for { NUMBER($asked) }).
result-capped_every = ℹ️ A reply holds at most { $cap ->
        [one] { NUMBER($cap) } row
       *[other] { NUMBER($cap) } rows
    }: these are the first { NUMBER($cap) }.
result-capped_sent = ℹ️ A reply holds at most { $cap ->
        [one] { NUMBER($cap) } row
       *[other] { NUMBER($cap) } rows
    }: the tracker sent { NUMBER($received) }, these are the first { NUMBER($cap) }.
result-capped_all = 📥 All rows sends every row as CSV files.
export-started = ⏳ Exporting every row…
export-progress = ⏳ Exporting… { NUMBER($rows) } of { $total ->
        [one] { NUMBER($total) } row
       *[other] { NUMBER($total) } rows
    }
export-done = ✅ Exported { $rows ->
        [one] { NUMBER($rows) } row
       *[other] { NUMBER($rows) } rows
    } ({ $size }).
export-parts = Split into { $parts ->
        [one] { $parts } file
       *[other] { $parts } files
    } of at most 48 MB: Telegram lets bots upload 50 MB per file.
export-failed = ❌ The export stopped after { $rows ->
        [one] { NUMBER($rows) } row
       *[other] { NUMBER($rows) } rows
    } and no file was kept:

## a phone's screen: titles, request lines, cards, reports (bot/render)
result-not_sent = not sent
result-no_answer = no answer
request-title = ℹ️ <b>Request</b> · { $resource } · { $operation }
request-headers = Headers:
request-body = Body:
request-step = <i>Call { $n }, before it:</i>
request-final = <i>Then:</i>
request-answer = Answer: { $line } · success: { $success } · attempts: { $attempts }
card-lines = { $count ->
        [one] { NUMBER($count) } line
       *[other] { NUMBER($count) } lines
    }
card-more = <i>+{ $count ->
        [one] { $count } more field
       *[other] { $count } more fields
    } in the JSON</i>
report-sorted = by { $metric } { $arrow }
report-partial = <i>Sorted within the { $shown ->
        [one] { NUMBER($shown) } row
       *[other] { NUMBER($shown) } rows
    } received of { NUMBER($total) }; the CSV has them.</i>
report-set_m = 💰 Money
report-set_t = 📈 Traffic
report-set_o = 📋 More
report-empty = (empty)
report-empty_campaign = (no campaign)
report-empty_offer = (no offer)
report-empty_landing = (no landing)
report-empty_ts = (no source)
report-empty_stream = (no stream)
report-empty_country = (no country)
report-empty_affiliate_network = (no network)
metric-clicks = Clicks
metric-campaign_unique_clicks = Uniques
metric-conversions = Conv
metric-leads = Leads
metric-sales = Sales
metric-revenue = Revenue
metric-cost = Cost
metric-profit = Profit
metric-roi = ROI %
metric-cr = CR %
entity-campaigns = Campaign
entity-streams = Stream
entity-landings = Landing
entity-offers = Offer
entity-users = User
entity-sources = Source
entity-conversions = Conversion
entity-groups = Group
entity-domains = Domain
entity-networks = Network
entity-postbacks = Postback
entity-filters = Filter
quick-get = 🔄 Reload
quick-update = Edit
quick-delete = Delete
quick-archive = Archive
quick-campaigns-delete = Archive
quick-landings-delete = Archive
quick-sources-delete = Archive
quick-domains-delete = Archive
quick-networks-delete = Archive
quick-enable = Enable
quick-disable = Disable
quick-clone = Clone
quick-update_costs = Costs
quick-events = ⚡ Events
quick-download = 📦 ZIP
quick-structure = 🗂 Files
quick-get_file = 📄 Read file
quick-update_file = Overwrite
quick-add_file = New file
quick-remove_file = Remove file
quick-access = Access
quick-check = Check
quick-streams-list = 🔀 Streams
quick-blacklist-get = ⛔ Labels
quick-postbacks-list = 📮 Postbacks
quick-facebook_campaigns = 🎯 Campaigns

## what a change will do, what it did, and its Undo (bot.changes)
entity-bots = Bot IP list
entity-settings = Integration
entity-clicks = Statistics
entity-logs = Log
entity-blacklist = Labels
entity-reports = Report

## Issue 20: the buyer's day (glance, cards with numbers, reports to move through,
## find by name, alerts to act on)
report-tracker_order = in the tracker's order
report-left_out_cost = ℹ️ Left out of the { $metric } ranking, spent under { $floor }: { $count } (REPORT_MIN_COST).
report-left_out_clicks = ℹ️ Left out of the { $metric } ranking, under { $floor } clicks: { $count } (REPORT_MIN_CLICKS).
metric-epc = EPC
glance-title = <b>{ $period }</b> · { $span }
glance-title_so_far = <b>{ $period }</b> so far · { $span }
glance-vs_same_hours = vs same hours
glance-vs_before = vs before
glance-points = pp
glance-before_span = <i>Compared with { $span }.</i>
glance-no_before = <i>The period before could not be read: no comparison.</i>
glance-no_traffic = No clicks, costs or conversions in this period yet.
glance-failed = ❌ The tracker did not give the numbers: { $reason }
glance-losers = 🔻 <b>Losing most</b>
glance-winners = 🟢 <b>Making most</b>
card-numbers_failed = ⚠️ No numbers: the tracker answered { $reason }
card-streams_today = 🔀 <b>Streams today</b>
card-offers_today = 💼 <b>Offers today</b>, losing most first
explore-by_campaign = by campaign
explore-by_stream = by stream
explore-by_offer = by offer
explore-by_landing = by landing
explore-by_ts = by source
explore-by_affiliate_network = by network
explore-by_country = by country
explore-by_device_type = by device
explore-by_os = by OS
explore-by_sub = by { $sub } · { $name }
explore-by_sub_plain = by { $sub }
explore-by_sub_ids = 🔢 by sub_id…
explore-custom = custom report
explore-pick_crumb = pick { $dim }
explore-other_period = 📅 Other…
explore-filter = 🔍 Filter…
explore-trend = 📈 Trend
explore-filter_campaign = 🎯 Campaign
explore-filter_ts = 🚦 Source
explore-filter_country = 🌍 Country
explore-filter_offer = 💼 Offer
explore-filter_landing = 📄 Landing
explore-filter_stream = 🔀 Stream
explore-filter_title =
    🔍 <b>Filter</b> { $where }
    Keep only one campaign, source, country…: tap which, then pick it. ✖ drops a filter.
explore-subs_title = 🔢 <b>Sub ids</b> the tracker fills here ({ $where }): tap one to break down by it.
explore-subs_none = 🔢 The tracker fills no sub id for these clicks ({ $where }).
explore-subs_failed = ❌ The click log could not be read: { $reason }
explore-ask_period = 📅 Type the period for { $where }: <code>2026-11-01..2026-11-07</code>, one date, or words such as <code>last week</code>. /cancel to leave it.
explore-ask_period_again = Type it again, or /cancel.
explore-trend_failed = ❌ The trend could not be read: { $reason }
explore-trend_caption = 📈 { $metric } · { $where } · total { $total }
explore-pause_in = ⏸ Pause in «{ $stream }»
explore-pause_failed = The stream could not be read: { $reason }
explore-pause_gone = «{ $name }» is not active in that stream any more.
explore-block = 🚫 Blacklist { $value }
explore-open_card = 🗂 { $name }: its card
find-title = 🔎 <b>«{ $words }»</b>
find-usage = 🔎 <code>/find keto</code> looks for campaigns, offers, landing pages, streams and sources by name; <code>/campaigns keto</code> in one group.
find-group = <b>{ $group }</b>: { $count }
find-in_group = 🔎 <b>{ $group }</b> named «{ $words }»: { $count }
find-none_in_group = 🔎 <b>{ $group }</b>: nothing named «{ $words }», and no operation of that name. /help lists the operations.
find-nothing = Nothing has these words in its name.
find-more = …and { $count } more: add a word.
find-group_failed = <b>{ $group }</b>: could not be read ({ $reason })
explore-line_empty = ⚠️ <code>{ $what }=</code> needs a value: left out.
explore-line_one = ⚠️ <code>{ $what }=</code> takes one: left out.
explore-line_no_id = ⚠️ There is no { $what } #{ $id }: that filter is left out.
explore-line_unlisted = ⚠️ The { $what } list could not be read to find «{ $word }»: that filter is left out.
explore-line_none = ⚠️ No { $what } is named «{ $word }»: that filter is left out.
explore-line_many = ⚠️ «{ $word }» names several: { $names }. Give the id (<code>{ $what }=12</code>); that filter is left out.
metric-day = Day
metric-hour = Hour

## a result as a rich message: its request in a details block (bot.render.envelope)
rich-method = Method
rich-url = URL
rich-resource = Resource
rich-operation = Operation
rich-answer = Answer
rich-success = Success
rich-attempts = Attempts

## the tracker's codes by their meaning (bot/render/labels.py `meaning`); $group: whose
## value it is (streams, offers…), for the words that agree with it
value-state-active = { $group ->
   *[other] Active
}
value-state-disabled = { $group ->
   *[other] Paused
}
value-state-deleted = { $group ->
   *[other] Archived
}
value-state-archived = { $group ->
   *[other] Archived
}
value-status-sale = { $group ->
   *[other] Sale
}
value-status-lead = { $group ->
   *[other] Lead
}
value-status-rejected = { $group ->
   *[other] Rejected
}
value-status-rebill = { $group ->
   *[other] Rebill
}
value-mode-accept = { $group ->
   *[other] Accept
}
value-mode-reject = { $group ->
   *[other] Reject
}
value-type-position = { $group ->
   *[other] In order
}
value-type-weight = { $group ->
   *[other] By weight
}
value-type-forced = { $group ->
   *[other] Intercepting
}
value-type-regular = { $group ->
   *[other] Regular
}
value-type-default = { $group ->
   *[other] Fallback
}
value-bind_visitors-s = { $group ->
   *[other] To the stream
}
value-bind_visitors-sl = { $group ->
   *[other] Stream and landing
}
value-bind_visitors-slo = { $group ->
   *[other] Stream, landing, offer
}
value-schema-landings = { $group ->
   *[other] Landings and offers
}
value-schema-redirect = { $group ->
   *[other] Redirect
}
value-schema-action = { $group ->
   *[other] Action
}
value-uniqueness_method-ip = { $group ->
   *[other] By IP
}
value-uniqueness_method-ip_ua = { $group ->
   *[other] By IP and browser
}
value-uniqueness_method-cookie = { $group ->
   *[other] By cookie
}
value-uniqueness_method-cookie_and_ip = { $group ->
   *[other] By cookie and IP
}
value-landing_type-local = { $group ->
   *[other] Local
}
value-landing_type-external = { $group ->
   *[other] External
}
value-landing_type-preloaded = { $group ->
   *[other] Preloaded
}
value-landing_type-action = { $group ->
   *[other] Action
}
value-offer_type-local = { $group ->
   *[other] Local
}
value-offer_type-external = { $group ->
   *[other] External
}
value-offer_type-preloaded = { $group ->
   *[other] Preloaded
}
value-offer_type-action = { $group ->
   *[other] Action
}
value-action_type-http = { $group ->
   *[other] HTTP redirect
}
value-action_type-local_file = { $group ->
   *[other] Local file
}
value-action_type-status404 = { $group ->
   *[other] Not found (404)
}
value-action_type-show_text = { $group ->
   *[other] Show text
}
value-action_type-show_html = { $group ->
   *[other] Show HTML
}
value-action_type-campaign = { $group ->
   *[other] Send to a campaign
}
value-action_type-do_nothing = { $group ->
   *[other] Do nothing
}
value-action_type-blank_referrer = { $group ->
   *[other] Redirect without referrer
}
value-action_type-formsubmit = { $group ->
   *[other] Form submit
}
