"""Changes you can trust: what a write will change, what it did, and how to put it back.

- `kinds`: what kind of change an action makes (update, state, archive, array item, …)
  and how the entity it touches is read;
- `values`: fields by their names in the user's language, values as shown, secrets never;
- `preview`: before → after of exactly what is sent, read from the tracker first;
- `verify`: the entity read back after the write, and the outcome said as it was seen;
- `postbacks`: the tracker's postback rules (answers, status mapping, transitions, revenue);
- `undo`: the change that puts a change back, or why there is none;
- `audit_view`: the journal as /audit shows it.

The flow engine, the action runner and the journal use these; none of them holds the logic.
"""
