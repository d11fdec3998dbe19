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
