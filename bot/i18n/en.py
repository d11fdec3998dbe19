"""English texts. Keys must match `ru.py` (a test checks it)."""

TEXTS: dict[str, str] = {
    # access
    "access.refused": (
        "⛔ Sorry, this bot manages a private Keitaro tracker and you are not on its list.\n"
        "Your Telegram id is <code>{user_id}</code>: send it to an admin if you should have "
        "access."
    ),
    "access.refused_short": "⛔ Not allowed. Your id: {user_id}",
    "access.role": (
        "🔒 <b>{action}</b> is not allowed for your role ({role}): it needs {needed}. "
        "Nothing was sent to the tracker."
    ),
    # menus and help
    "menu.groups": "👋 Hi, {name}! Role: <b>{role}</b>.\nChoose what to manage:",
    "menu.group": "<b>{group}</b>\nChoose an operation (✏️ changes data, ⚠️ deletes or replaces):",
    "help.intro": (
        "<b>Keitaro bot</b>: manage the tracker from chat.\n"
        "/menu — buttons for everything · /cancel — leave any step · /help — this list\n"
        "One-line commands: <code>/&lt;group&gt; &lt;operation&gt; [id] [JSON]</code>; "
        "whatever you leave out, I ask for. Changes are previewed and need your confirmation."
    ),
    "help.outro": (
        "Examples: <code>/campaigns get 12</code> · <code>/reports by_campaign 7d</code> · "
        "<code>/conversions update 55 {{\"click_id\": \"abc\", \"status\": \"sale\"}}</code>\n"
        "Periods: today, yesterday, 7d, 30d, month or 2026-11-01..2026-11-07. "
        "Admins: /audit [n] shows recent changes."
    ),
    "command.unknown_op": (
        "🤔 <code>{group}</code> has no operation <code>{op}</code>. Try one of:\n{ops}"
    ),
    "command.bad_line": "⚠️ {problem}\nUsage: <code>{usage}</code>",
    # buttons
    "button.back": "◀ Back",
    "button.cancel": "✖ Cancel",
    "button.skip": "⏭ Skip",
    "button.defaults": "⏭ Use defaults",
    "button.groups": "☰ All groups",
    "button.export_all": "📥 All rows (CSV)",
    "button.menu": "☰ Menu",
    "button.confirm": "✅ Confirm: {action}",
    "button.confirm_destructive": "⚠️ Yes, {action}",
    # flow
    "flow.step": "step {n} of {total}",
    "flow.none": "There is no operation in progress. /menu to start one.",
    "flow.stale": "This button belongs to an older message and does nothing now.",
    "flow.cancelled": "✖ Cancelled. Nothing was sent to the tracker. /menu",
    "flow.nothing_to_cancel": "Nothing to cancel. /menu",
    "flow.sending": "⏳ Sending to the tracker…",
    "flow.building": "⏳ Building the report… this can take a few seconds.",
    "flow.loading": "⏳ Loading… this can take a few seconds.",
    "flow.text_please": "Please answer with text (or /cancel).",
    "flow.confirm_please": "Press Confirm or Cancel under the preview (or /cancel).",
    "flow.unknown": "I did not understand that. /menu shows everything I can do, /help the commands.",
    # questions
    "ask.id": "Send the id",
    "ask.int": "Send a number",
    "ask.text": "Send the text",
    "ask.enum": "Choose one",
    "ask.json": "Send the data as JSON",
    "ask.range": "Choose the period",
    "ask.ips": "Send IP addresses or ranges",
    "ask.path": "Send the file's path",
    "hint.id": "A positive whole number.",
    "hint.int": "A whole number, 0 or more.",
    "hint.text": "",
    "hint.enum": "Press a button or type one of the values.",
    "hint.range": "Press a button, or type dates as <code>2026-11-01..2026-11-07</code>.",
    "hint.ips": "IPv4/IPv6 or CIDR, separated by spaces, commas or new lines.",
    "hint.path": "Relative to the folder, e.g. <code>css/style.css</code>: no <code>..</code>, no leading <code>/</code>.",
    "hint.json": "A JSON object; only the fields you send are changed.",
    "hint.json_array": "A JSON array; it replaces the whole list.",
    "hint.json_required": "Required fields: <b>{fields}</b>.",
    "hint.json_default": "Or press <i>Use defaults</i>.",
    "hint.example": "Example:",
    "hint.pick": "Or pick one below:",
    "hint.pick_failed": "(Could not load the list to pick from: {reason})",
    "hint.optional": "Optional: press <i>Skip</i> to leave it out.",
    "hint.cancel": "<i>/cancel to stop.</i>",
    "note.groups_domains": "Groups of domains exist only on newer Keitaro versions; this tracker seems not to have them. Use campaigns, offers or landings.",
    "range.today": "Today",
    "range.yesterday": "Yesterday",
    "range.7d": "7 days",
    "range.30d": "30 days",
    "range.month": "This month",
    # preview
    "preview.title": "📝 <b>Preview</b>: this request will be sent",
    "preview.title_destructive": "🛑 <b>Careful</b>: this request deletes or replaces data",
    "preview.body": "Body:",
    "preview.body_cut": "<i>(the body is cut here; it is sent in full)</i>",
    "preview.postback": "This goes through the tracker's postback URL (key masked).",
    "preview.confirm_hint": "Confirm to send it, or go back to change it.",
    "preview.confirm_destructive_hint": (
        "This cannot be undone from the bot (the old state is kept in /audit). "
        "Confirm only if you are sure."
    ),
    # results
    "result.empty": "The tracker confirmed it and returned no data.",
    "result.none": "Nothing found.",
    "result.no_rows": "No rows for this query and period.",
    "result.count": "{count} in total:",
    "result.rows": "Rows {first}–{last} of {total}",
    "result.columns": "<i>{columns}</i>",
    "result.binary": "📦 {name} ({size} bytes) is attached.",
    "result.expired": "This result has expired; run the command again.",
    "result.no_export": "This result is too big to keep; run it again to get the file.",
    "export.started": "⏳ Exporting every row…",
    "export.progress": "⏳ Exporting… {rows} of {total} rows",
    "export.done": "✅ Exported {rows} rows ({size}).",
    "export.parts": "Split into {parts} files of at most 48 MB: Telegram lets bots upload 50 MB per file.",
    "export.failed": "❌ The export stopped after {rows} rows and no file was kept:",
    # errors
    "error.invalid_input": "The request is not valid.",
    "error.not_configured": "The bot is not configured for this.",
    "error.bad_request": "The tracker rejected the request as malformed.",
    "error.no_route": "The tracker does not know this API route.",
    "error.unauthorized": "The tracker refused the API key.",
    "error.edition": "This tracker's edition has no Admin API.",
    "error.tracker_failed": "The tracker failed while processing the request.",
    "error.forbidden": "The API key's user has no right to do this.",
    "error.blocked": "A firewall in front of the tracker (e.g. Cloudflare) blocked the request.",
    "error.not_found": "The tracker has no such object.",
    "error.validation": "The tracker did not accept the data:",
    "error.rate_limited": "The tracker asks to slow down (too many requests).",
    "error.server_error": "The tracker had an internal error.",
    "error.http_error": "The tracker answered with an unexpected error.",
    "error.bad_response": "The tracker's answer is not what the API returns.",
    "error.timeout": "The tracker did not answer in time.",
    "error.connection_refused": "The tracker refused the connection.",
    "error.dns_failure": "The tracker's address does not resolve.",
    "error.connection_error": "The connection to the tracker failed.",
    "error.tls_error": "The secure (TLS) connection to the tracker failed.",
    "error.proxy_error": "The proxy between the bot and the tracker failed.",
    "error.redirect": "The tracker answered with a redirect instead of the API.",
    "error.invalid_url": "The tracker's address is not a valid URL.",
    "error.missing_array": (
        "The tracker's answer has no <code>{field}</code> list, so the bot cannot tell what is in it. Nothing was written."
    ),
    "error.busy": (
        "Another change to this list is still being made (by someone else or another bot process). Nothing was sent."
    ),
    "error.changed": (
        "The list has changed since the preview (<code>{field}</code>). Nothing was sent."
    ),
    "error.conflict": (
        "The list changed while it was being written: <code>{field}</code> is not what the bot wrote."
    ),
    "error.internal": (
        "⚠️ Something went wrong on the bot's side while handling that. If it was a change, check /audit before repeating it; /cancel starts over."
    ),
    "error.internal_tracker": (
        "⚠️ The tracker call failed unexpectedly. If it was a change, check /audit before repeating it."
    ),
    "error.uncertain": (
        "❓ The request may have reached the tracker: check the result before trying again."
    ),
    "advice.invalid_input": "Fix the data and try again.",
    "advice.not_configured": "Ask the bot's admin to set it up (see README, settings).",
    "advice.bad_request": "Check the data against the example and try again.",
    "advice.no_route": "The tracker may be an older or newer version; tell the bot's admin.",
    "advice.unauthorized": "Check KEITARO_API_KEY (Maintenance → Users → API keys).",
    "advice.edition": "The Admin API needs an Expert/Team/Enterprise edition.",
    "advice.tracker_failed": "Check the data; details are in the tracker's Maintenance → Logs.",
    "advice.forbidden": "Use an admin user's API key, or ask for the right in Keitaro.",
    "advice.blocked": "Allow the bot's IP or User-Agent in the firewall.",
    "advice.not_found": "Check the id: {group} shows what exists.",
    "advice.validation": "Fix the fields above and send the data again.",
    "advice.rate_limited": "Wait a minute and try again.",
    "advice.server_error": "Try again in a minute; see the tracker's Maintenance → Logs.",
    "advice.http_error": "Try again later or tell the bot's admin.",
    "advice.bad_response": "Check KEITARO_URL: it must be the tracker's address.",
    "advice.timeout": "Try again in a minute; a report over a shorter period is faster.",
    "advice.connection_refused": "Is the tracker up? Check KEITARO_URL and the port.",
    "advice.dns_failure": "Check the host name in KEITARO_URL.",
    "advice.connection_error": "Try again in a minute.",
    "advice.tls_error": "Renew or fix the tracker's HTTPS certificate, or check the host in KEITARO_URL.",
    "advice.proxy_error": "Check the proxy's address and credentials, or ask the bot's admin.",
    "advice.redirect": "Set KEITARO_URL to the address the tracker redirects to (http/https, host).",
    "advice.invalid_url": "Fix KEITARO_URL: e.g. https://tracker.example.com",
    "advice.missing_array": (
        "Writing the list back would delete every item in it. Check it in the tracker; if this repeats, tell the bot's admin (the tracker may be another version)."
    ),
    "advice.busy": "Try again in a minute.",
    "advice.changed": "Look at the list as it is now and make the change again.",
    "advice.conflict": (
        "Someone may have edited it at the same time. Look at the list now ({group}) and redo your change if it is missing."
    ),
    "conflict.missing": "• Gone, though they were there: {items}",
    "conflict.kept": "• Still there, though removed: {item}",
    "conflict.unlike": "• Not as sent: {item}",
    "conflict.unlike_new": "• The new item is not there as sent",
    # answers that cannot be used
    "input.invalid": "This answer cannot be used.",
    "input.id_empty": "Send a number.",
    "input.id_not_number": "<code>{value}</code> is not a number: send a whole positive number.",
    "input.id_too_big": "That number is too big (at most {max}).",
    "input.id_not_positive": "An id must be above zero (got {value}).",
    "input.json_empty": "Send JSON data.",
    "input.json_too_long": "The JSON is too long (at most 100 000 characters).",
    "input.json_syntax": "Broken JSON at line {line}, column {column}: {reason}.",
    "input.json_too_deep": "The JSON is nested too deeply (at most {max} levels).",
    "input.json_value": (
        "<code>{value}</code> cannot be sent: JSON has no such value. Use a plain number or "
        "text."
    ),
    "input.json_not_array": "Send a JSON array: <code>[ … ]</code>.",
    "input.json_not_object": "Send a JSON object: <code>{{ … }}</code>.",
    "input.json_missing": "Missing required field(s): <b>{fields}</b>.",
    "input.range_format": (
        "Send a period as <code>2026-11-01..2026-11-07</code> or press a button."
    ),
    "input.range_bad_date": "That date does not exist; use YYYY-MM-DD.",
    "input.range_reversed": "The period starts ({start}) after it ends ({end}).",
    "input.range_too_long": "The period is too long (at most 10 years).",
    "input.ips_empty": "Send at least one IP address.",
    "input.ips_too_many": "Too many addresses at once (at most {max}).",
    "input.ips_invalid": "<code>{value}</code> is not an IP address or range.",
    "input.text_empty": "Send some text.",
    "input.text_too_long": "Too long (at most {max} characters).",
    "input.text_control": "The text contains control characters; send plain text.",
    "input.path_empty": "Send the file's path.",
    "input.path_too_long": "The path is too long (at most {max} characters).",
    "input.path_control": "The path contains control characters; send a plain path.",
    "input.path_backslash": "Use <code>/</code> between folders, not a backslash.",
    "input.path_absolute": "<code>{value}</code> is not relative: give the path inside the folder, without a leading <code>/</code>, <code>~</code> or drive.",
    "input.path_encoded": "<code>{value}</code> has %-encoded characters; type them as they are.",
    "input.path_parent": "A path may not go up with <code>..</code>: give the path inside the folder.",
    "input.path_segment": "<code>{value}</code> has an empty or <code>.</code> part; write it like <code>css/style.css</code>.",
    "input.url_too_long": "Not sent: this would be a {size}-byte URL (the API carries this text in the URL), and web servers in front of trackers refuse URLs over about 8 KB (at most {max} bytes here). Send a shorter text, or edit a big file in the tracker's own editor.",
    "input.enum_unknown": "Choose one of: {choices}.",
    "input.param_missing": "<b>{name}</b> is required.",
    "input.postback_unknown_field": "Unknown field <b>{field}</b>. Allowed: {allowed}.",
    "input.postback_not_scalar": "<b>{field}</b> must be a single value, not a list or object.",
    "input.postback_status": "<code>{value}</code> is not a status (e.g. lead, sale, rejected).",
    "input.postback_currency": "<code>{value}</code> is not a currency code (e.g. USD).",
    "input.postback_number": "<b>{field}</b> must be a number, not <code>{value}</code>.",
    "input.postback_key_missing": (
        "Conversions are created through the tracker's postback URL, and KEITARO_POSTBACK_KEY "
        "is not set. Ask the bot's admin to set it."
    ),
    "input.conversion_click_mismatch": (
        "Conversion {id} belongs to click <code>{owner}</code>, not <code>{click}</code>."
    ),
    "input.too_many_args": "Too much on the line: <code>{extra}</code>.",
    # digests and alerts
    "digest.title_day": "📊 <b>Daily digest #{id}</b> · {report} · {period} ({span}, {zone})",
    "digest.title_week": "📊 <b>Weekly digest #{id}</b> · {report} · {period} ({span}, {zone})",
    "digest.report_campaign": "by campaign",
    "digest.report_offer": "by offer",
    "digest.report_country": "by country",
    "digest.report_ts": "by traffic source",
    "digest.report_custom": "custom report",
    "digest.period_yesterday": "yesterday",
    "digest.period_7d": "last 7 days",
    "digest.period_mtd": "month to date",
    "digest.no_data": "<i>No traffic in this period.</i>",
    "digest.versus": "vs {span}: {deltas}",
    "digest.chart_title": "Clicks, conversions and revenue, {span}",
    "digest.failed": "⚠️ Digest #{id} could not be built: {reason}",
    "digest.list_title": "📬 <b>Digests of this chat</b>",
    "digest.list_empty": "This chat has no digests yet.",
    "digest.item": "#{id} · {every} at {at} {zone} · {report} · {period}{paused}\n   next: {next}",
    "digest.every_day": "daily",
    "digest.every_week": "weekly on {day}",
    "digest.paused": " · ⏸ off",
    "digest.help": "New one: the buttons below, or <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code> (report: campaign, offer, country, ts or a report/build JSON; period: yesterday, 7d, mtd; <code>weekly mon</code> for weekly). <code>/digest now 3</code> sends #3 now, <code>/digest off 3</code> removes it.",
    "digest.ask_report": "➕ <b>New digest</b> · which report?",
    "digest.ask_period": "➕ <b>New digest</b> · {report} · which period?",
    "digest.ask_every": "➕ <b>New digest</b> · {report} · {period} · how often?",
    "digest.ask_at": "➕ <b>New digest</b> · {report} · {period} · {every} · at what time?",
    "digest.ask_zone": "➕ <b>New digest</b> · {report} · {period} · {every} at {at} · in which time zone?",
    "digest.saved": "✅ Digest #{id} saved: {every} at {at} {zone}, {report}, {period}.\nNext: {next}.",
    "digest.removed": "🗑 Digest #{id} removed.",
    "digest.not_found": "This chat has no digest #{id}.",
    "digest.sending": "⏳ Building digest #{id}…",
    "digest.bad_line": "⚠️ {problem}\nExample: <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code>",
    "digest.bad_time": "the time must be HH:MM",
    "digest.bad_zone": "unknown time zone {zone}",
    "digest.bad_word": "I don't understand <code>{word}</code>",
    "digest.bad_json": "the report JSON is broken at line {line}, column {column}",
    "digest.button_new": "➕ New digest",
    "digest.button_now": "📤 #{id} now",
    "digest.button_remove": "🗑 #{id}",
    "digest.unreadable": "#{id} · ⚠️ cannot be read (saved by another version?): remove it and add it again",
    "notify.not_allowed": "🔒 Only editors and admins change what a group chat receives.",
    "notify.group_disabled": "🔒 This group is not enabled for tracker data. An admin can run /enable_chat here.",
    "chat.enabled": "✅ This group may now receive tracker data: commands, digests and alerts. /disable_chat stops it.",
    "chat.disabled": "⏹ This group no longer receives tracker data; its digests and alerts are off.",
    "chat.admins_only": "Only admins can enable or disable a group.",
    "chat.private_only": "This is a private chat: it always may receive data. Use it in a group.",
    "chat.reply_hint": "<i>In a group, reply to this message with your answer.</i>",
    "alert.conversions": "💰 <b>{count} new conversion(s)</b>, revenue {revenue}",
    "alert.more": "…and {count} more",
    "alert.spend": "⚠️ <b>{campaign}</b> spent {cost} today with no conversion (threshold {threshold}).",
    "alert.roi": "📉 ROI over the last {hours} h is <b>{roi}%</b>, below {threshold}%.",
    "alert.clicks": "📉 Clicks {hour}–now: <b>{current}</b>, against {before} the same hour yesterday (−{drop}%, threshold {threshold}%).",
    "alert.down": "🔴 <b>The tracker is not answering</b>: {reason}",
    "alert.up": "🟢 <b>The tracker answers again.</b>",
    "alerts.list_title": "🔔 <b>Alerts of this chat</b>",
    "alerts.list_empty": "This chat has no alerts yet.",
    "alerts.item_conversions": "#{id} · new conversions{filters}{paused}",
    "alerts.item_rule": "#{id} · {rule}{paused}",
    "alerts.rule_spend_no_conversion": "campaign spent more than {threshold} today with no conversion",
    "alerts.rule_roi_below": "ROI below {threshold}% over the last {hours} h",
    "alerts.rule_clicks_drop": "clicks dropped by more than {threshold}% against the same hour yesterday",
    "alerts.rule_tracker_down": "the tracker stops answering (and comes back)",
    "alerts.help": "Add with the buttons, or: <code>/alerts add conversions [sale,lead] [campaign=1,2]</code> · <code>/alerts add spend 50</code> · <code>/alerts add roi -20 6</code> · <code>/alerts add clicks 50</code> · <code>/alerts add down</code>. <code>/alerts off 3</code> removes #3.",
    "alerts.saved": "✅ Alert #{id} saved: {what}.",
    "alerts.removed": "🗑 Alert #{id} removed.",
    "alerts.not_found": "This chat has no alert #{id}.",
    "alerts.bad_line": "⚠️ {problem}\nExamples: <code>/alerts add spend 50</code> · <code>/alerts add conversions sale</code>",
    "alerts.bad_number": "<code>{word}</code> is not a plain number: use one such as 50 or -20",
    "alerts.button_conversions": "➕ New conversions",
    "alerts.button_sales": "➕ New sales only",
    "alerts.button_spend": "➕ Spend > {value}, no conversion",
    "alerts.button_roi": "➕ ROI < {value}% (6 h)",
    "alerts.button_clicks": "➕ Clicks drop > {value}%",
    "alerts.button_down": "➕ Tracker down",
    "alerts.button_remove": "🗑 #{id}",
    "alerts.unreadable": "#{id} · ⚠️ cannot be read (saved by another version?): remove it and add it again",
    # audit
    "audit.admins_only": "Only admins can read the audit journal.",
    "audit.usage": "Usage: /audit [how many, up to 50]",
    "audit.empty": "The journal is empty: no changes yet.",
    "audit.title": "🧾 <b>Last {count} changes</b>",
    "audit.snapshot": "<i>previous state saved</i>",
}
