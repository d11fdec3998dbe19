## preview
preview-title = 📝 <b>Preview</b>: this request will be sent
preview-title_destructive = 🛑 <b>Careful</b>: this request deletes or replaces data
preview-postback = This goes through the tracker's postback URL (key masked).
preview-confirm_hint = Confirm to send it, or go back to change it.
preview-confirm_destructive_hint = Read what goes above; confirm only if you are sure.

## audit
audit-no_access = The journal is for editors (their own changes) and admins (all).
audit-usage = Usage: /audit [how many, up to 50] or /audit #id
audit-empty = The journal is empty: no changes yet.
audit-title = 🧾 <b>Last { $count ->
        [one] { $count } change
       *[other] { $count } changes
    }</b>
audit-snapshot = <i>previous state saved</i>
preview-unread = ⚠️ Could not read it first ({ $reason }): the change is shown as sent.
preview-not_read = {" "}<i>(not in what the tracker shows: it may ignore it)</i>
preview-unchanged = { $field }: { $value } <i>(unchanged)</i>
preview-secret = { $field }: { $mask } <i>(changed, never shown)</i>
preview-write_only = { $field }: → { $value } <i>(not readable back)</i>
preview-array = { $field }: { $before } → { $after ->
        [one] { $after } item
       *[other] { $after } items
    }, the whole list is sent (+ new, ~ changed, − removed):
preview-array_unread = ⚠️ The list as it is now could not be read: every item not listed is deleted.
preview-goes = 🗑 Goes: { $what }
preview-restores = ♻️ Comes back: { $what } (now { $state })
preview-clones = 📄 A copy of { $what } is made
preview-state = <b>State</b>: { $before } → <b>{ $after }</b>
preview-state_already = <b>State</b>: { $state } already: nothing changes
preview-ips_new = ➕ New to the list ({ $count }): { $ips }
preview-ips_there = = Already on it ({ $count }): { $ips }
preview-ips_removed = ➖ Removed from the list ({ $count }): { $ips }
preview-ips_absent = = Not on it ({ $count }): { $ips }
preview-log_goes = 🗑 Goes: every row of the <b>{ $type }</b> log ({ $count } shown by /logs now)
preview-clean_scope = 🗑 Goes: clicks and conversions of { $campaigns }, period <b>{ $period }</b>
preview-clean_all = <b>every campaign</b>
preview-clean_count = The report counts <b>{ NUMBER($clicks) }</b> { $clicks ->
        [one] click
       *[other] clicks
    } there ({ $campaigns ->
        [one] { $campaigns } campaign
       *[other] { $campaigns } campaigns
    } with clicks).
preview-clean_unknown = ⚠️ The report of that period could not be read ({ $reason }).
preview-retype = To confirm, type the period again: { $period }
preview-conversion = Conversion #{ $id }, click <code>{ $click }</code>:
preview-conversion_new = New conversion for click <code>{ $click }</code>, status <b>{ $status }</b>
preview-no_revenue = ⚠️ No revenue is sent: the tracker records revenue 0.
preview-kept_value = { $value } <i>(kept)</i>
preview-file_new = 📄 New empty file <code>{ $path }</code>
preview-file_exists = ⚠️ <code>{ $path }</code> exists already.
preview-file_goes = 🗑 Goes: file <code>{ $path }</code> ({ $size ->
        [one] { NUMBER($size) } character
       *[other] { NUMBER($size) } characters
    }; its content is kept in /audit)
preview-file_change = 📄 <code>{ $path }</code>: { NUMBER($before) } → { $after ->
        [one] { NUMBER($after) } character
       *[other] { NUMBER($after) } characters
    }
preview-link = 🔗 Campaign #{ $campaign } gets costs from integration #{ $integration }
preview-unlink = ✂️ Campaign #{ $campaign } stops getting costs from integration #{ $integration }
preview-in_file = <i>… the whole change is in the file below.</i>
preview-kept = 🧾 The state before is saved in /audit.
preview-changed_since = It changed since the preview, so nothing was sent. This is how it is now:
verify-more = … and { $count } more
verify-unreadable = Sent, and the tracker answered OK; the bot has no way to read this back.
verify-read_failed = Sent, but reading it back failed ({ $reason }): not verified.
verify-is = { $field }: { $value }
verify-changed = { $field }: { $before } → { $after }
verify-kept = { $field }: the tracker kept { $value }
verify-other = { $field }: sent { $sent }, the tracker has { $value }
verify-absent = { $field }: not in the tracker's answer, not verified
verify-secret = { $field }: sent (never shown)
verify-secret_matches = { $field }: changed (it matches what was sent; never shown)
verify-write_only = { $field }: sent (cannot be read back)
verify-created = Created { $name }
verify-state = State: { $before } → { $after }
verify-state_kept = State is still { $state }
verify-gone = { $name } is gone
verify-archived = { $name } is in the archive
verify-still_there = { $name } is still there ({ $state })
verify-no_array = The tracker's answer has no { $field } list: not verified
verify-item_added = Added: { $item } (#{ $id })
verify-item_not_added = The new item is not in the list the tracker shows
verify-item_missing = Item #{ $id } is not in the list any more
verify-item_removed = Removed: { $item }
verify-item_still_there = Still there: { $item }
verify-items_kept = The list has { $count ->
        [one] { $count } item
       *[other] { $count } items
    }, every other one kept
verify-items_lost = { $count ->
        [one] { $count } other item is
       *[other] { $count } other items are
    } missing now: { $items }
verify-array_as_sent = The list is as sent ({ $count ->
        [one] { $count } item
       *[other] { $count } items
    })
verify-array_other = The list is not as sent ({ $count ->
        [one] { $count } item
       *[other] { $count } items
    } now)
verify-ips_add = Every IP sent is on the list ({ $count } in all)
verify-ips_exclude = None of the IPs sent is on the list ({ $count } left)
verify-ips_replace = The list is as sent ({ $count ->
        [one] { $count } IP
       *[other] { $count } IPs
    })
verify-ips_clear = The list is empty
verify-ips_not_as_sent = Not as sent: { $ips } ({ $count } on the list)
verify-log_empty = The log is empty
verify-log_rows = The log still shows { $count ->
        [one] { NUMBER($count) } row
       *[other] { NUMBER($count) } rows
    }
verify-file_added = { $path } is there
verify-file_removed = { $path } is gone
verify-file_there = { $path } is still there
verify-file_content = { $path } has the content sent ({ $size ->
        [one] { NUMBER($size) } character
       *[other] { NUMBER($size) } characters
    })
verify-file_other = { $path } does not have the content sent
verify-linked = Campaign #{ $campaign } is linked
verify-unlinked = Campaign #{ $campaign } is unlinked
verify-not_linked = Campaign #{ $campaign } is not among the linked ones
verify-still_linked = Campaign #{ $campaign } is still linked
verify-clean_done = The report counts { $clicks ->
        [one] { NUMBER($clicks) } click
       *[other] { NUMBER($clicks) } clicks
    } there now
verify-clean_left = The report still counts { $clicks ->
        [one] { NUMBER($clicks) } click
       *[other] { NUMBER($clicks) } clicks
    } there
postback-wrong_key = The tracker refused the postback key: nothing was recorded. Check KEITARO_POSTBACK_KEY (Maintenance → Postback URL).
postback-no_subid = The tracker found no click id (subid) in the postback: nothing was recorded.
postback-message = The tracker answered: «{ $text }». Check /logs get postbacks.
postback-queued = Queued by the tracker, not visible yet after { $seconds } s. Check later: { $check } · /logs get postbacks
postback-confirmed = Confirmed: { $status }, { $money }
postback-revenue_kept = revenue { $revenue } kept
postback-revenue_changed = revenue { $before } → { $after }
postback-revenue_is = revenue { $revenue }
postback-created = Confirmed: conversion #{ $id }, { $status }, revenue { $revenue }
postback-other = The conversion now shows { $status }, revenue { $revenue }: not as sent
undo-will = ↩️ Can be undone for { $hours } h after (the Undo button, or /audit).
undo-offered = ↩️ Undo: the button below, for { $hours } h (and in /audit).
undo-preview_title = ↩️ <b>Undo of #{ $id }</b> ({ $who }, { $when })
undo-changed_since = ⚠️ <b>Changed since #{ $id }</b>: check before undoing:
undo-changed_field = { $field }: then { $expected }, now { $now }
undo-none-create = No Undo: to remove what is created, use { $group } delete (or archive).
undo-none-clean = No Undo: deleted statistics cannot be brought back.
undo-none-costs = No Undo: the costs before are not readable, so cannot be put back.
undo-none-other = No Undo for this operation.
undo-none-user_delete = No Undo: a deleted user cannot be restored (their API keys are gone).
undo-none-no_restore = No Undo: the bot has no restore for this.
undo-none-log_clear = No Undo: a cleared log cannot be brought back.
undo-none-conversion_create = No Undo: a conversion cannot be deleted through the API.
undo-none-transition = No Undo: putting { $current } back after { $wanted } is a change the tracker refuses.
undo-none-file_removed = No Undo from the bot: the content is kept in /audit to restore by hand.
undo-none-secret = No Undo: a secret was changed, and its old value cannot be read.
undo-none-write_only = No Undo: a write-only field was sent, and its old value cannot be read.
undo-none-no_before = No Undo: the state before could not be read.
undo-none-nothing = No Undo: nothing changed.
undo-none-no_after = No Undo: the result could not be read back.
undo-none-empty_before = No Undo: the list was empty before, and the API cannot send an empty one.
undo-none-disabled = No Undo: UNDO_HOURS is 0.
undo-stale-none = This change has no Undo.
undo-stale-done = #{ $id } was already undone (by #{ $by }).
undo-stale-expired = The Undo of #{ $id } has expired ({ $hours } h).
undo-stale-other = This Undo belongs to { $who }: only they or an admin can use it (/audit).
undo-stale-role = Your role ({ $role }) may not make this Undo: it needs { $needed }.
audit-not_found = The journal has no entry #{ $id }.
audit-hint = <i>/audit #12 shows entry #12 with its saved state.</i>
audit-before = before: { $fields }
audit-can_undo = ↩️ Undo until { $until } UTC
audit-undone = ↩️ undone by #{ $id }
audit-undo_of = ↩️ Undo of #{ $id }.
audit-undo_expired = ↩️ Undo expired
audit-no_undo = no Undo: { $why }
audit-why-create = a create
audit-why-clean = statistics deleted
audit-why-costs = costs
audit-why-other = nothing to put back
audit-why-user_delete = a user deleted
audit-why-no_restore = no restore
audit-why-log_clear = a log cleared
audit-why-conversion_create = a new conversion
audit-why-transition = the tracker refuses the status back
audit-why-file_removed = file removed (content saved)
audit-why-secret = a secret changed
audit-why-write_only = a write-only field
audit-why-no_before = the state before was not read
audit-why-nothing = nothing changed
audit-why-no_after = the result was not read back
audit-why-empty_before = the list was empty
audit-why-disabled = UNDO_HOURS is 0
audit-sent = Sent:
audit-state_before = State before:
audit-no_state_before = <i>No state before was saved (nothing to read for this operation).</i>
audit-state_after = Read back after:

## what a change is made to, in a preview (bot.changes): a postback edit changes a campaign
target-blacklist = Labels
target-bots = Bot IP list
target-campaigns = Campaign
target-clicks = Statistics
target-conversions = Conversion
target-domains = Domain
target-filters = Stream
target-groups = Group
target-landings = Landing page
target-logs = Log
target-networks = Affiliate network
target-offers = Offer
target-postbacks = Campaign
target-reports = Report
target-settings = Integration
target-sources = Traffic source
target-streams = Stream
target-users = User

## issue 16: change kinds, side effects, masks
side-domains_default = Domains that lose it as their default campaign: { $names }
side-stream_offers = Offers removed by the stream's schema: { $names }
side-stream_landings = Landing pages removed by the stream's schema: { $names }
side-stream_filters = Filters removed (a default stream has none): { $names }
side-stream_triggers = Triggers removed (a default stream has none): { $names }
side-files = Every local file is replaced by the archive's (the files before are kept for the Undo): { $names }
side-parameters = Parameters are replaced whole: these keys go: { $names }
side-removed_offers = Offers taken out of the stream: { $names }
side-removed_landings = Landing pages taken out of the stream: { $names }
side-removed_filters = Filters deleted: { $names }
side-removed_triggers = Triggers deleted: { $names }
side-removed_postbacks = S2S postbacks deleted: { $names }
side-botlist_empty = Every IP on the list goes: the list ends up empty ({ $count ->
        [one] { $count } IP
       *[other] { $count } IPs
    })
side-file_overwrite = { $names } exists: adding it empties it (an overwrite; its content is kept for the Undo)
preview-file_emptied = ⚠️ <code>{ $path }</code> exists ({ $size ->
        [one] { NUMBER($size) } character
       *[other] { NUMBER($size) } characters
    }): it is emptied
preview-conversion_changes = ⚠️ Click <code>{ $click }</code> already has conversion #{ $id } with this transaction id ({ $tid }): the tracker <b>changes that conversion</b>, it does not add one:
preview-conversion_others = The click has { $count ->
        [one] { $count } other conversion
       *[other] { $count } other conversions
    } ({ $ids }); this one is separate: its transaction id differs.
preview-conversion_separate = For a separate conversion instead, send it with a new transaction id: { $line }
verify-emptied = { $field }: empty now, as the preview said
verify-not_emptied = { $field }: still { $count ->
        [one] { $count } item
       *[other] { $count } items
    }
verify-files = The local files are the archive's ({ $count })
verify-files_other = The local files are not the archive's, or could not be read
verify-domains_cleared = Domains no longer default to it: { $names }
verify-domains_kept = Domains still default to it: { $names }
verify-domains_unread = The domains could not be read back: their default campaign is not verified
verify-archived_hidden = { $name } is in the archive (the tracker no longer shows it)
undo-gaps = ↩️ No Undo for { $fields }: the tracker never shows their values, so the bot cannot know them.
undo-also = Then, what the change did besides is put back:
audit-related = What its side effects touched, before:

## what a journal entry did, after its entity's name (bot/changes/audit_view.py); $group: whose
audit-did-create = { $group ->
   *[other] created
}
audit-did-clone = { $group ->
   *[other] copied
}
audit-did-update = { $group ->
   *[other] changed
}
audit-did-enable = { $group ->
   *[other] enabled
}
audit-did-disable = { $group ->
   *[other] paused
}
audit-did-archive = { $group ->
   *[other] archived
}
audit-did-delete = { $group ->
   *[other] deleted
}
audit-did-restore = { $group ->
   *[other] restored
}
button-audit_entry = 🧾 #{ $id }
