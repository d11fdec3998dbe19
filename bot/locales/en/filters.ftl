## issue 19: the filter editor (a stream's filters from the tracker's dictionary), and what
## an editor may do in the bot's own editors

form-shares_role = 🔒 As an editor you re-weight and add; taking out an offer already in the stream needs an admin (set its share to 0 instead).
form-shares_role_alert = 🔒 Taking it out of the stream needs an admin. Set its share to 0 instead: that stops its traffic just the same.
