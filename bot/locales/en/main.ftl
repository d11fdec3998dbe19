## access
access-refused =
    ⛔ Sorry, this bot manages a private Keitaro tracker and you are not on its list.
    Your Telegram id is <code>{ $user_id }</code>: send it to an admin if you should have access.
access-refused_short = ⛔ Not allowed. Your id: { $user_id }
access-role = 🔒 <b>{ $action }</b> is not allowed for your role ({ $role }): it needs { $needed }. Nothing was sent to the tracker.
access-because = • { $reason }

## menus and help
menu-groups =
    👋 Hi, { $name }! Role: <b>{ $role }</b>.
    Choose what to manage:
menu-group =
    <b>{ $group }</b>
    Choose an operation (✏️ changes data, ⚠️ deletes or replaces):
command-unknown_op =
    🤔 <code>{ $group }</code> has no operation <code>{ $op }</code>. Try one of:
    { $ops }

## buttons
button-back = ◀ Back
button-cancel = ✖ Cancel
button-skip = ⏭ Skip
button-defaults = ⏭ Use defaults
button-groups = ☰ All groups
button-export_all = 📥 All rows (CSV)
button-menu = ☰ Menu
button-confirm = ✅ Confirm: { $action }
button-confirm_destructive = ⚠️ Yes, { $action }

## flow
flow-step = step { $n } of { $total }
flow-none = There is no operation in progress. /menu to start one.
flow-expired = ⌛ This operation expired: no answer came for { $after }, and what was typed for it has been deleted. Nothing was sent to the tracker. Start again: /menu
flow-stale = This button belongs to an older message and does nothing now.
flow-cancelled = ✖ Cancelled. Nothing was sent to the tracker. /menu
flow-nothing_to_cancel = Nothing to cancel. /menu
flow-sending = ⏳ Sending to the tracker…
flow-building = ⏳ Building the report… this can take a few seconds.
flow-loading = ⏳ Loading… this can take a few seconds.
flow-text_please = Please answer with text (or /cancel).
flow-confirm_please = Press Confirm or Cancel under the preview (or /cancel).
flow-unknown = I did not understand that. /menu shows everything I can do, /help the commands.
note-groups_domains = Groups of domains exist only on newer Keitaro versions; this tracker seems not to have them. Use <code>campaigns</code>, <code>offers</code> or <code>landings</code>.
button-request = ℹ️ Request
value-yes = yes
value-no = no
chat-enabled = ✅ This group may now receive tracker data: commands, digests and alerts. /disable_chat stops it.
chat-disabled = ⏹ This group no longer receives tracker data; its digests and alerts are off.
chat-admins_only = Only admins can enable or disable a group.
chat-private_only = This is a private chat: it always may receive data. Use it in a group.
chat-reply_hint = <i>In a group, reply to this message with your answer.</i>
flow-retype_wrong = That is not the period. Type { $period } exactly, or press Cancel.
button-undo = ↩️ Undo
button-undo_entry = ↩️ Undo #{ $id }
button-confirm_undo = ↩️ Put it back

## -- issue 12: finding your way, /lang, digest and alert menus, Russian everywhere --
help-index =
    ℹ️ <b>Keitaro bot</b> · /menu has every group as buttons. Tap a group below for its commands.

    /today — the day's money at a glance, the campaigns losing and making most
    <code>/find keto</code> — campaigns, offers, landings, streams, sources by name

    <b>Team updates</b>
    /digest — reports on a schedule
    /alerts — conversions, thresholds
    /audit — recent changes, saved states, ↩️ Undo (your own; admins: all)
    /lang — English or Russian
    /cancel — leave any step

    One line works too: <code>/reports by_offer 7d campaign=2</code>; what it leaves out, I ask for.
help-group =
    <b>{ $title }</b> · /{ $command }
    { $description }
help-periods = Periods: today, yesterday, 7d, 30d, week, last week, month, last month, or <code>2026-11-01..2026-11-07</code>.
help-marks = <i>✏️ changes data · ⚠️ deletes or replaces · 🔒 not for your role</i>
help-back = ◀ Help
help-button = ℹ️ Help
command-unknown = 🤔 I have no command { $command }. /help lists what I can do.
command-did_you_mean = 🤔 I have no command { $command }. Did you mean { $commands }?
command-did_you_mean_word = 🤔 Did you mean { $commands }?
command-did_you_mean_op = 🤔 <code>{ $group }</code> has no operation <code>{ $op }</code>. Did you mean { $ops }?
command-ignored = ℹ️ I left out <code>{ $extra }</code>: it fits no part of <code>{ $usage }</code>.
lang-current = 🌐 Language: English. Choose:
lang-auto_button = 🔄 As in Telegram
lang-set = ✅ I will speak English. /menu
lang-auto = ✅ I will speak your Telegram language. /menu
role-admin = admin
role-editor = editor
role-viewer = viewer


## the command menu Telegram shows (bot/app.py; a group's line is its description)

botcommand-menu = All groups as buttons
botcommand-digest = Scheduled reports with charts
botcommand-alerts = Conversion and threshold alerts
botcommand-help = What I can do, by group
botcommand-lang = Language: English or Russian
botcommand-cancel = Leave the current step
botcommand-audit = Recent changes (admins)
botcommand-enable_chat = Let this group receive tracker data (admins)

## this language on the /lang button
language-button = 🇬🇧 English

## issue 17: storage
storage-busy = ⏳ Storage is busy: the bot could not read or save this step within a few seconds (its data file is held by another program). Try again in a minute.
storage-unreachable = ⏳ Storage is not answering: the bot could not reach Redis to read or save this step. Try again in a minute.

## Issue 20: the buyer's day (glance, cards with numbers, reports to move through,
## find by name, alerts to act on)
button-rescope = ◀ Pick from another
botcommand-today = Today's money at a glance
botcommand-find = Find by name
