## digests and alerts
digest-title_day =
    📊 <b>Daily digest #{ $id }</b> · { $report }
    { $period } ({ $span }, { $zone })
digest-title_week =
    📊 <b>Weekly digest #{ $id }</b> · { $report }
    { $period } ({ $span }, { $zone })
digest-report_campaign = by campaign
digest-report_offer = by offer
digest-report_country = by country
digest-report_ts = by traffic source
digest-report_custom = custom report
digest-period_yesterday = yesterday
digest-period_7d = last 7 days
digest-period_mtd = month to date
digest-no_data = <i>No traffic in this period.</i>
digest-versus =
    vs { $span }:
    { $deltas }
digest-chart_title = Clicks, conversions and revenue, { $span }
digest-failed = ⚠️ Digest #{ $id } could not be built: { $reason }
digest-list_title = 📬 <b>Digests of this chat</b>
digest-list_empty = This chat has no digests yet.
digest-item =
    #{ $id } · { $every } at { $at } { $zone } · { $report } · { $period }{ $paused }
    {"   "}next: { $next }
digest-every_day = daily
digest-paused = {" "}· ⏸ off
digest-help = New one: the buttons above, or <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code> (report: campaign, offer, country, ts or a report/build JSON; period: yesterday, 7d, mtd; <code>weekly mon</code> for weekly). <code>/digest now 3</code> sends #3 now, <code>/digest off 3</code> removes it.
digest-ask_report = ➕ <b>New digest</b> · which report?
digest-ask_period = ➕ <b>New digest</b> · { $report } · which period?
digest-ask_every = ➕ <b>New digest</b> · { $report } · { $period } · how often?
digest-ask_at = ➕ <b>New digest</b> · { $report } · { $period } · { $every } · at what time?
digest-ask_zone = ➕ <b>New digest</b> · { $report } · { $period } · { $every } at { $at } · in which time zone?
digest-saved =
    ✅ Digest #{ $id } saved: { $every } at { $at } { $zone }, { $report }, { $period }.
    Next: { $next }.
digest-removed = 🗑 Digest #{ $id } removed.
digest-not_found = This chat has no digest #{ $id }.
digest-sending = ⏳ Building digest #{ $id }…
digest-bad_line =
    ⚠️ { $problem }
    Example: <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code>
digest-bad_time = the time must be HH:MM
digest-bad_zone = unknown time zone { $zone }
digest-bad_word = I don't understand <code>{ $word }</code>
digest-bad_json = the report JSON is broken at line { $line }, column { $column }
digest-button_new = ➕ New digest
digest-button_now = 📤 #{ $id } now
digest-unreadable = #{ $id } · ⚠️ cannot be read (saved by another version?): remove it and add it again
notify-not_allowed = 🔒 Only editors and admins change what a group chat receives.
notify-limit_chat_alerts = ⚠️ This chat already has { $count ->
        [one] { $count } alert
       *[other] { $count } alerts
    }, the most a chat may have (NOTIFY_MAX_PER_CHAT). Remove one with /alerts off &lt;id&gt; first.
notify-limit_chat_digests = ⚠️ This chat already has { $count ->
        [one] { $count } digest
       *[other] { $count } digests
    }, the most a chat may have (NOTIFY_MAX_PER_CHAT). Remove one with /digest off &lt;id&gt; first.
notify-limit_user_alerts = ⚠️ You already have { $count ->
        [one] { $count } alert
       *[other] { $count } alerts
    } across your chats, the most one person may add (NOTIFY_MAX_PER_USER). Remove one first (/alerts in its chat).
notify-limit_user_digests = ⚠️ You already have { $count ->
        [one] { $count } digest
       *[other] { $count } digests
    } across your chats, the most one person may add (NOTIFY_MAX_PER_USER). Remove one first (/digest in its chat).
notify-group_disabled = 🔒 This group is not enabled for tracker data. An admin can run /enable_chat here.
notify-group_enabler_gone = 🔒 The admin who enabled this group no longer has access, so tracker data stays out of it. An admin can run /enable_chat here again.
alert-conversions = 💰 <b>{ $count ->
        [one] { $count } new conversion
       *[other] { $count } new conversions
    }</b>, revenue { $revenue }
alert-more = …and { $count } more
alert-spend = ⚠️ <b>{ $campaign }</b> spent { $cost } today with no conversion (threshold { $threshold }).
alert-roi = 📉 ROI over the last { $hours } h is <b>{ $roi }%</b>, below { $threshold }%.
alert-clicks = 📉 Clicks { $hour }–now: <b>{ $current }</b>, against { $before } the same hour yesterday (−{ $drop }%, threshold { $threshold }%).
alert-down = 🔴 <b>The tracker is not answering</b>: { $reason }
alert-up = 🟢 <b>The tracker answers again.</b>
alerts-list_title = 🔔 <b>Alerts of this chat</b>
alerts-list_empty = This chat has no alerts yet.
alerts-item_conversions = #{ $id } · new conversions{ $filters }{ $paused }
alerts-item_rule = #{ $id } · { $rule }{ $paused }
alerts-rule_spend_no_conversion = campaign spent more than { $threshold } today with no conversion
alerts-rule_roi_below = ROI below { $threshold }% over the last { $hours } h
alerts-rule_clicks_drop = clicks dropped by more than { $threshold }% against the same hour yesterday
alerts-rule_tracker_down = the tracker stops answering (and comes back)
alerts-help = Add with the buttons, or: <code>/alerts add conversions [sale,lead] [campaign=1,2]</code> · <code>/alerts add spend 50</code> · <code>/alerts add roi -30 0 min=50</code> (0: today; else the last hours) · <code>/alerts add cr 40</code> · <code>/alerts add epc 40</code> · <code>/alerts add stopped 2</code> · <code>/alerts add clicks 50</code> · <code>/alerts add down</code>; a rule takes <code>campaign=1,2</code> and <code>cooldown=60</code> (minutes). <code>/alerts off 3</code> removes #3.
alerts-saved = ✅ Alert #{ $id } saved: { $what }.
alerts-removed = 🗑 Alert #{ $id } removed.
alerts-not_found = This chat has no alert #{ $id }.
alerts-bad_line =
    ⚠️ { $problem }
    Examples: <code>/alerts add spend 50</code> · <code>/alerts add conversions sale</code>
alerts-bad_number = <code>{ $word }</code> is not a plain number: use one such as 50 or -20
alerts-button_conversions = ➕ New conversions
alerts-button_sales = ➕ New sales only
alerts-button_down = ➕ Tracker down
alerts-unreadable = #{ $id } · ⚠️ cannot be read (saved by another version?): remove it and add it again
digest-every_mon = weekly on Monday
digest-every_tue = weekly on Tuesday
digest-every_wed = weekly on Wednesday
digest-every_thu = weekly on Thursday
digest-every_fri = weekly on Friday
digest-every_sat = weekly on Saturday
digest-every_sun = weekly on Sunday
digest-change_new = new
digest-bad_period = a digest's period is yesterday, 7d or month (to date), not <code>{ $word }</code>
digest-zone_tracker = { $zone } (tracker)
digest-button_list = ◀ Digests
digest-button_remove_menu = 🗑 Remove…
digest-button_remove_yes = 🗑 Yes, remove #{ $id }
digest-remove_which = 🗑 <b>Which digest to remove?</b>
digest-remove_ask =
    🗑 <b>Remove digest #{ $id }?</b>
    { $what }
digest-cancelled = ✖ Cancelled: nothing was saved or removed.
digest-exists = ☑️ This chat has this digest already: #{ $id }, { $every } at { $at } { $zone }, { $report }, { $period }.
alerts-button_new = ➕ New alert
alerts-button_list = ◀ Alerts
alerts-button_remove_menu = 🗑 Remove…
alerts-button_remove_yes = 🗑 Yes, remove #{ $id }
alerts-new_title = ➕ <b>New alert</b> · what should I watch?
alerts-remove_which = 🗑 <b>Which alert to remove?</b>
alerts-remove_ask =
    🗑 <b>Remove alert #{ $id }?</b>
    { $what }
alerts-cancelled = ✖ Cancelled: nothing was saved or removed.
alerts-exists = ☑️ This chat has this alert already: #{ $id }, { $what }.

## issue 17: paused digests and alerts
notify-paused_author = {" "}· ⏸ paused: its author ({ $user }) no longer has the access it needs
notify-paused_chat = {" "}· ⏸ paused: whoever enabled this group is no longer an admin (an admin's /enable_chat resumes it)
notify-in_chat = {" "}· chat { $chat }
alerts-paused_elsewhere = {"\u000A"}⏸ <b>Paused in other chats</b> (only admins see these; <code>/alerts off &lt;id&gt;</code> removes one):
digest-paused_elsewhere = {"\u000A"}⏸ <b>Paused in other chats</b> (only admins see these; <code>/digest off &lt;id&gt;</code> removes one):
digest-paused_now = ⏸ Digest #{ $id } is paused: its author, or whoever enabled this group, no longer has the access it needs. Nothing was sent.

## Issue 20: the buyer's day (glance, cards with numbers, reports to move through,
## find by name, alerts to act on)
alert-roi_campaign = 📉 <b>{ $campaign }</b>: ROI over the last { $hours } h is <b>{ $roi }%</b>, below { $threshold }% ({ $cost } spent).
alert-roi_campaign_today = 📉 <b>{ $campaign }</b>: ROI today is <b>{ $roi }%</b>, below { $threshold }% ({ $cost } spent).
alert-cr_change = 📊 <b>{ $campaign }</b>: CR { $now } until { $until }, against { $before } the same hours a week ago: <b>{ $change }</b> (threshold { $threshold }%).
alert-epc_change = 📊 <b>{ $campaign }</b>: EPC { $now } until { $until }, against { $before } the same hours a week ago: <b>{ $change }</b> (threshold { $threshold }%).
alert-stopped = 🛑 <b>{ $campaign }</b>: no clicks since { $since } (it had { $before } in the day before).
alerts-pause = ⏸ Pause
alerts-open_today = 📊 Today at a glance
alerts-mute_hour = 🔕 #{ $id } for 1 h
alerts-mute_day = 🔕 #{ $id } till tomorrow
alerts-muted = 🔕 Alert #{ $id } is quiet until { $until } ({ $zone }).
alerts-muted_until = 🔕 until { $until }
alerts-unmute = 🔔 Hear #{ $id } again
alerts-unmuted = 🔔 Alert #{ $id } speaks again.
alerts-rule_roi_below_today = ROI below { $threshold }% today
alerts-rule_after_spend = , after { $min_spend } spent
alerts-rule_cr_change = CR moves by more than { $threshold }% against the same hours a week ago
alerts-rule_epc_change = EPC moves by more than { $threshold }% against the same hours a week ago
alerts-rule_clicks_stopped = a campaign gets no clicks for { $hours } h
alerts-rule_campaigns = campaigns { $ids }
alerts-rule_all_campaigns = every campaign
alerts-rule_cooldown = again after { $cooldown }
alerts-today = today
alerts-button_rule_spend = 💸 Spend, no conversion…
alerts-button_rule_roi = 📉 ROI below…
alerts-button_rule_cr = 📊 CR changes…
alerts-button_rule_epc = 📊 EPC changes…
alerts-button_rule_stopped = 🛑 Traffic stopped…
alerts-button_rule_drop = 📉 Clicks drop…
alerts-setup_spend_no_conversion = 💸 <b>Spend without a conversion</b>
alerts-setup_roi_below = 📉 <b>ROI below a value</b>, once a campaign has spent a minimum
alerts-setup_cr_change = 📊 <b>CR change</b> against the same hours a week ago
alerts-setup_epc_change = 📊 <b>EPC change</b> against the same hours a week ago
alerts-setup_clicks_stopped = 🛑 <b>Traffic stopped</b>
alerts-setup_clicks_drop = 📉 <b>All clicks drop</b>: the last hour against the same hour yesterday
alerts-ask_spend_no_conversion_threshold = Type the spend a campaign may reach today with no conversion, e.g. <code>30</code>.
alerts-ask_roi_below_threshold = Type the ROI, in %, below which to tell you, e.g. <code>-30</code>.
alerts-ask_roi_below_min_spend = Type what a campaign must have spent before its ROI counts, e.g. <code>50</code>.
alerts-ask_cr_change_threshold = Type by how many % CR may move before I tell you, e.g. <code>40</code>.
alerts-ask_epc_change_threshold = Type by how many % EPC may move before I tell you, e.g. <code>40</code>.
alerts-ask_clicks_drop_threshold = Type by how many % the clicks may drop, e.g. <code>50</code>.
alerts-setup_summary =
    🔔 <b>New alert</b>: { $rule }.
    Campaigns, cooldown (how long before the same campaign is told again) and hours by the buttons; then ✅ Save.
alerts-button_save = ✅ Save this alert
alerts-button_campaigns_all = 🎯 Campaigns: all
alerts-button_campaigns_some = 🎯 Campaigns: { $count } chosen
alerts-all_campaigns = All campaigns
alerts-pick_campaigns = 🎯 <b>Which campaigns?</b> Tap to turn on or off, then ✔ Done.
alerts-rule_nothing_asked = Nothing to type here: use the buttons.
alerts-rule_not_number = That is not a number.
alerts-rule_out_of_range = That number is out of range for this alert.

## a digest as a rich message: its tables' headers (bot.notify.digest)
digest-col_total = Total
digest-col_change = vs { $span }
digest-col_name = Name
digest-col_totals = Total
