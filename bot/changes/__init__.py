"""Changes you can trust: what a write will change, what it did, and how to put it back.

- `kinds`: one module per change kind (state, update, item, array, file, conversion, setting,
  link, clean, create, delete, sent): what it reads first, its preview lines, its side
  effects, how it is verified and how it is undone; every catalog entry declares its kind;
- `plan`: a change planned once (read first, completed, side effects, effect, watched arrays,
  and its request, built once);
- `permission`: whether a person may make it, decided there and nowhere else;
- `read`: the tracker's data as it is (masked only where shown);
- `values`: fields by their names in the user's language, values as shown, secrets never;
- `preview`, `verify`, `undo`: the orchestration around the kinds;
- `postbacks`: the tracker's postback rules (answers, status mapping, transitions, revenue);
- `audit_view`: the journal as /audit shows it.

The flow engine, the action runner and the journal use these; none of them holds the logic.
"""
