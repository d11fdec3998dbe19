## issue 19: the filter editor (a stream's filters from the tracker's dictionary), and what
## an editor may do in the bot's own editors

form-shares_role = 🔒 As an editor you re-weight and add; taking out an offer already in the stream needs an admin (set its share to 0 instead).
form-shares_role_alert = 🔒 Taking it out of the stream needs an admin. Set its share to 0 instead: that stops its traffic just the same.

fedit-unread = The stream could not be read: its filters cannot be edited now.
fedit-gone = That filter is no longer on the stream.
fedit-no_dictionary = The tracker did not list its filters (GET /stream_filters). Type the filter as JSON instead.
fedit-pick_group = Which filter? ⭐ the usual ones, or a group of the tracker's; or type its name (country, IP, sub_id_1…).
fedit-pick_filter = { $group }: tap the filter.
fedit-pick_found = Tap the filter.
fedit-unknown = No filter is called «{ $text }». Tap one, or type another name.
fedit-tap = Tap one of the buttons.
fedit-pick_mode = { $filter }: which visitors does the stream take?
fedit-mode_button-accept = ✅ Only these
fedit-mode_button-reject = 🚫 All but these
fedit-picked = Picked: { $values }
fedit-found = Found for «{ $text }»: { $count }. Tap to pick.
fedit-not_found = Not found: { $values }. Tap from the list, or type a code or a name.
fedit-value_list = Tap to pick (tap again to drop), or type codes or names separated by commas: DE, AT or germ.
fedit-value_text = Type the values, one a line or separated by commas (IPs, ranges, sub_id values, a regex).
fedit-value_bool = Yes or no?
fedit-value_object = Its settings are an object: type them as JSON, like { $example }
fedit-bad_json = That is not a JSON object.
fedit-pick_one = Pick at least one value.
fedit-done = ✔ Done ({ $count })
fedit-all = ✖ The whole list
fedit-exists = The stream already has this filter: { $now }. Two filters of a kind must both match, which usually stops the traffic.
fedit-how_default = Add { $values } to it (the usual), or replace it?
fedit-how_modes = It works the other way round: replace it, or keep both?
fedit-how_same = Replace it, or keep both?
fedit-how_merge = ➕ Add { $values } to the { $filter } filter
fedit-how_replace = ♻️ Replace it
fedit-how_both = ➕ Keep both (both must match)

filter-mode-accept = accept
filter-mode-reject = reject

filter-group-geo = 🌍 Geo
filter-group-network = 📶 Network
filter-group-device = 📱 Device
filter-group-traffic = 🚦 Traffic
filter-group-time = 🕓 Time
filter-group-other = ⚙️ Other
filter-group-parameters = 🏷 Parameters

filter-type-country = Country
filter-type-region = Region
filter-type-city = City
filter-type-language = Browser language
filter-type-ip = IP address
filter-type-isp = ISP
filter-type-operator = Mobile operator
filter-type-connection_type = Connection type
filter-type-proxy = Proxy
filter-type-os = Operating system
filter-type-os_version = OS version
filter-type-browser = Browser
filter-type-browser_version = Browser version
filter-type-device_type = Device type
filter-type-device_model = Device model
filter-type-user_agent = User agent
filter-type-bot = Bot
filter-type-referrer = Referrer
filter-type-empty_referrer = Empty referrer
filter-type-keyword = Keyword
filter-type-search_engine = Search engine
filter-type-source = Source
filter-type-uniqueness = Uniqueness
filter-type-schedule = Schedule
filter-type-interval = Date interval
filter-type-limit = Click limit
filter-type-parameter = Parameter
filter-type-sub_id = Sub ID { $n }

filter-value-desktop = Desktop
filter-value-smartphone = Smartphone
filter-value-tablet = Tablet
filter-value-phablet = Phablet
filter-value-feature_phone = Feature phone
filter-value-tv = TV
filter-value-console = Console
filter-value-wearable = Wearable

fedit-add_button = ➕ Add a filter
quick-filters-list = 🧰 Filters
fedit-default_stream = A default stream takes no filters: the tracker empties them on every save. Pick another stream.
