## questions
ask-id = Send the id
ask-int = Send a number
ask-text = Send the text
ask-enum = Choose one
ask-json = Send the data as JSON
ask-range = Choose the period
ask-ips = Send IP addresses or ranges
ask-path = Send the file's path
hint-id = A positive whole number.
hint-int = A whole number, 0 or more.
hint-text = {""}
hint-enum = Press a button or type one of the values.
hint-range = Press a button, or type a period (<code>yesterday</code>, <code>last week</code>) or dates as <code>2026-11-01..2026-11-07</code>.
hint-ips = IPv4/IPv6 or CIDR, separated by spaces, commas or new lines.
hint-path = Relative to the folder, e.g. <code>css/style.css</code>: no <code>..</code>, no leading <code>/</code>.
hint-json = A JSON object; only the fields you send are changed.
hint-json_array = A JSON array; it replaces the whole list.
hint-json_required = Required fields: { $fields }.
hint-json_default = Or press <i>Use defaults</i>.
hint-example = Example:
hint-pick = Or pick one below:
hint-pick_failed = (Could not load the list to pick from: { $reason })
hint-optional = Optional: press <i>Skip</i> to leave it out.
hint-cancel = <i>/cancel to stop.</i>
range-today = Today
range-yesterday = Yesterday
range-7d = 7 days
range-30d = 30 days
range-month = This month

## answers that cannot be used
input-invalid = This answer cannot be used.
input-id_empty = Send a number.
input-id_not_number = <code>{ $value }</code> is not a number: send a whole positive number.
input-id_too_big = That number is too big (at most { $max }).
input-id_not_positive = An id must be above zero (got { $value }).
input-json_empty = Send JSON data.
input-json_too_long = The JSON is too long (at most 100 000 characters).
input-json_syntax = Broken JSON at line { $line }, column { $column }: { $reason }.
input-json_too_deep = The JSON is nested too deeply (at most { $max ->
        [one] { $max } level
       *[other] { $max } levels
    }).
input-json_value = <code>{ $value }</code> cannot be sent: JSON has no such value. Use a plain number or text.
input-json_not_array = Send a JSON array: <code>[ … ]</code>.
input-json_not_object = Send a JSON object: <code>{"{"} … {"}"}</code>.
input-field_unknown = Unknown field <code>{ $field }</code>: did you mean <code>{ $closest }</code>?
input-field_unknown_list = Unknown field <code>{ $field }</code>. This operation takes: { $allowed }.
input-field_not_text = <code>{ $field }</code> must be text, not <code>{ $value }</code>.
input-field_not_int = <code>{ $field }</code> must be a whole number, not <code>{ $value }</code>.
input-field_not_number = <code>{ $field }</code> must be a number (e.g. 19.22), not <code>{ $value }</code>.
input-field_not_bool = <code>{ $field }</code> must be true or false, not <code>{ $value }</code>.
input-field_not_id = <code>{ $field }</code> must be an id (a whole number), not <code>{ $value }</code>.
input-field_not_list = <code>{ $field }</code> must be a list: <code>[ … ]</code>.
input-field_not_object = <code>{ $field }</code> must be an object: <code>{"{"} … {"}"}</code>.
input-field_choice = <code>{ $value }</code> is not a value of <code>{ $field }</code>: did you mean <code>{ $closest }</code>? Allowed: { $choices }.
input-field_choice_list = <code>{ $value }</code> is not a value of <code>{ $field }</code>. Allowed: { $choices }.
input-field_too_long = <code>{ $field }</code> is too long (at most { $max ->
        [one] { NUMBER($max) } character
       *[other] { NUMBER($max) } characters
    }).
input-field_below = <code>{ $field }</code> must be at least { $min }.
input-field_above = <code>{ $field }</code> must be at most { $max }.
input-json_missing = Missing required field(s): <code>{ $fields }</code>.
input-range_format = Send a period such as <code>yesterday</code>, <code>7d</code>, <code>last week</code>, <code>last month</code> or <code>2026-11-01..2026-11-07</code>, or press a button.
input-range_bad_date = That date does not exist; use YYYY-MM-DD.
input-range_reversed = The period starts ({ $start }) after it ends ({ $end }).
input-range_too_long = The period is too long (at most 10 years).
input-ips_empty = Send at least one IP address.
input-ips_too_many = Too many addresses at once (at most { $max }).
input-ips_invalid = <code>{ $value }</code> is not an IP address or range.
input-text_empty = Send some text.
input-text_too_long = Too long (at most { $max ->
        [one] { NUMBER($max) } character
       *[other] { NUMBER($max) } characters
    }).
input-text_control = The text contains control characters; send plain text.
input-path_empty = Send the file's path.
input-path_too_long = The path is too long (at most { $max ->
        [one] { NUMBER($max) } character
       *[other] { NUMBER($max) } characters
    }).
input-path_control = The path contains control characters; send a plain path.
input-path_backslash = Use <code>/</code> between folders, not a backslash.
input-path_absolute = <code>{ $value }</code> is not relative: give the path inside the folder, without a leading <code>/</code>, <code>~</code> or drive.
input-path_encoded = <code>{ $value }</code> has %-encoded characters; type them as they are.
input-path_parent = A path may not go up with <code>..</code>: give the path inside the folder.
input-path_segment = <code>{ $value }</code> has an empty or <code>.</code> part; write it like <code>css/style.css</code>.
input-url_too_long = Not sent: this would be a { NUMBER($size) }-byte URL (the API carries this text in the URL), and web servers in front of trackers refuse URLs over about 8 KB (at most { $max ->
        [one] { NUMBER($max) } byte
       *[other] { NUMBER($max) } bytes
    } here). Send a shorter text, or edit a big file in the tracker's own editor.
input-enum_unknown = Choose one of: { $choices }.
input-param_missing = <b>{ $name }</b> is required.
input-postback_unknown_field = Unknown field <b>{ $field }</b>. Allowed: { $allowed }.
input-postback_not_scalar = <b>{ $field }</b> must be a single value, not a list or object.
input-postback_status = <code>{ $value }</code> is not a status (e.g. lead, sale, rejected).
input-postback_currency = <code>{ $value }</code> is not a currency code (e.g. USD).
input-postback_number = <b>{ $field }</b> must be a number, not <code>{ $value }</code>.
input-postback_key_missing = Conversions are created through the tracker's postback URL, and KEITARO_POSTBACK_KEY is not set. Ask the bot's admin to set it.
input-conversion_click_mismatch = Conversion { $id } belongs to click <code>{ $owner }</code>, not <code>{ $click }</code>.
input-too_many_args = Too much on the line: <code>{ $extra }</code>.
input-conversion_status_mapped = The tracker would record <code>{ $value }</code> as <b>{ $becomes }</b>. Send one of: { $offered }.
input-conversion_transition = The tracker refuses { $current } → { $wanted } (it allows Lead → Sale, Lead → Rejected, Sale → Rejected, Rebill → Rejected). Nothing was sent.
input-conversion_unread = Conversion { $id } could not be read ({ $reason }), so its revenue cannot be kept. Nothing was sent.
input-rmw_unread = The list could not be read ({ $reason }). Nothing was sent.
input-array_missing = The tracker's answer has no <code>{ $field }</code> list, so the bot cannot tell what is in it. Nothing was written: writing the list back would delete every item in it. Check it in the tracker.
input-item_not_found = There is no item #{ $id } in <b>{ $field }</b>.
input-undo_taken = Entry #{ $entry } was already undone. Nothing was sent.
range-week = This week
range-last_week = Last week
range-last_month = Last month
json_reason-value = a value was expected: a number, <code>"text"</code> in double quotes, <code>true</code>, <code>false</code>, <code>null</code>, <code>{"{"}…{"}"}</code> or <code>[…]</code>
json_reason-property_name = a field name in straight double quotes was expected (a phone's curly quotes “ ” do not count)
json_reason-comma = a comma was expected between two items
json_reason-colon = a colon was expected after a field name
json_reason-unterminated = a text is not closed with a double quote
json_reason-control = a line break or tab inside a text (write <code>\n</code> instead)
json_reason-escape = a backslash starts an unknown escape
json_reason-extra = there is more after the end of the JSON
json_reason-trailing_comma = a comma before a closing bracket
json_reason-other = this is not valid JSON here

## forms (bot/flow/form.py)
form-menu = Tap a field to fill it, or ✅ Preview.
form-menu_run = Tap a field to fill it, or ✅ Show.
form-menu_defaults = Tap a field to fill it, or ⏭ Use defaults.
form-menu_fields = Tap a field to fill it.
form-edit_pick = What to change? Tap a field.
form-json_too = <i>Or type</i> <code>field=value</code> <i>pairs or the JSON.</i>
form-field = <b>{ $field }</b>
form-now = Now: <code>{ $value }</code>
form-hint-choice = Tap a value.
form-hint-ref = Tap one, or type its id.
form-hint-toggle = Tap to turn on or off, then ✔ Done. On: { $picked }
form-hint-json = Type it as JSON.
form-hint-other = Or type another value the tracker knows.
form-hint-str = Type the value.
form-hint-text = Type the text.
form-hint-url = Type the URL (macros such as {"{"}subid{"}"} are kept).
form-hint-int = Type a whole number.
form-hint-num = Type a number, e.g. 19.5.
form-hint-tags = Type the values, separated by commas.
form-hint-ids = Type the ids, separated by commas.
form-preview = ✅ Preview
form-run = ✅ Show
form-done = ✔ Done
form-pick_one = Turn at least one on.
form-shares_total = Total: { $total } %
form-shares_not_100 = (must be 100 %)
form-shares_not_100_alert = The shares total { $total } %: make them 100 % (⚖ Even splits them).
form-shares_hint = ±10 a share, 🗑 removes one, ➕ adds one, ⚖ splits evenly; ✔ Done at 100 %.
form-shares_add = Tap the one to add.
form-shares_add_button = ➕ Add
form-shares_even = ⚖ Even

## issue 16: change kinds, side effects, masks
input-mask_in_write = Not sent: <code>{ $field }</code> holds the mask ••••, which only stands for a hidden value. Send the real value (or leave the field out).

## Issue 20: the buyer's day (glance, cards with numbers, reports to move through,
## find by name, alerts to act on)
hint-pick_scope = Pick from { $what } first, then the one you need; or type words of its name:
hint-pick_found = 🔎 «{ $words }»: { $count } found.
hint-pick_none = 🔎 Nothing here is named «{ $words }»: type other words, or the id.
hint-pick_words = <i>Words of a name narrow the list.</i>
