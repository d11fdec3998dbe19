"""FILE: a local file of a landing page or offer (add, overwrite, remove).

- Reads the file first (its content: kept in the journal).
- Side effect: `add_file` on a path that exists empties that file (D EditorService::createFile
  writes "" there; API-NOTES §12.5): it is an overwrite, shown as one and needing what an
  overwrite needs (destructive, an admin's).
- Preview: new empty file, or the file emptied (its size); size before → after; what goes.
- Verified by reading the file back: there (empty, for an add), its content as sent, gone.
- Undo: a new file → removed; an overwrite (add on an existing path, or update) → the
  content before put back. A removed file has none: its content is kept in /audit.
"""

from __future__ import annotations

from typing import Any

from bot.changes.kinds.base import Change, Check, Kind, Sheet, SideEffect, catalog_reader
from bot.changes.outcome import NOT_AS_SENT, SEEN
from bot.changes.read import Reader, Seen
from bot.changes.values import Display
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action, ChangeKind, Danger
from bot.keitaro.client import KeitaroClient
from bot.storage.audit import UndoStep


def content_of(data: Any) -> str | None:
    value = data.get("data") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def overwrites(change: Change) -> bool:
    """An add on a path that has a file: the tracker empties it."""
    return change.action.key.startswith("add") and bool(content_of(change.old))


class File(Kind):
    kinds = (ChangeKind.FILE,)
    accepts_missing = True

    def reader(self, action: Action, args: dict[str, Any]) -> Reader | None:
        return catalog_reader(f"{action.group}.get_file", args)

    def named(self, change: Change) -> bool:
        return False

    def side_effects(self, change: Change) -> tuple[SideEffect, ...]:
        if overwrites(change):
            return (SideEffect("file_overwrite", (str(change.args.get("path")),),
                               Danger.DESTRUCTIVE),)
        return ()

    async def lines(self, change: Change, sheet: Sheet, client: KeitaroClient) -> list[str]:
        key, lang = change.action.key, sheet.lang
        path = str(change.args.get("path"))
        content = content_of(change.old)
        size = len(content) if content is not None else "?"
        if key.startswith("add"):
            if content is None:
                return [t(lang, "preview.file_new", path=path)]
            if not content:
                return [t(lang, "preview.file_exists", path=path)]
            return [t(lang, "preview.file_emptied", path=path, size=size)]
        if key.startswith("remove"):
            return [t(lang, "preview.file_goes", path=path, size=size)]
        new = change.args.get("data")
        return [t(lang, "preview.file_change", path=path, before=size,
                  after=len(new) if isinstance(new, str) else "?")]

    def check(self, change: Change, after: Seen, answer: Any, show: Display
              ) -> list[Check] | None:
        key, lang = change.action.key, show.lang
        path = str(change.args.get("path"))
        content = content_of(after.data) if after.ok else None
        if key.startswith("remove"):
            if after.missing:
                return [(SEEN, t(lang, "verify.file_removed", path=path))]
            return [(NOT_AS_SENT, t(lang, "verify.file_there", path=path))]
        if not after.ok:
            return [(NOT_AS_SENT, t(lang, "verify.read_failed", reason=after.error or "?"))]
        if key.startswith("add"):
            if overwrites(change) and content:
                return [(NOT_AS_SENT, t(lang, "verify.file_other", path=path))]
            return [(SEEN, t(lang, "verify.file_added", path=path))]
        if content is not None and content == change.args.get("data"):
            return [(SEEN, t(lang, "verify.file_content", path=path, size=len(content)))]
        return [(NOT_AS_SENT, t(lang, "verify.file_other", path=path))]

    def no_undo(self, change: Change) -> str | None:
        key = change.action.key
        if key.startswith("remove"):
            return "file_removed"
        if key.startswith("add"):
            return "nothing" if content_of(change.old) == "" else None  # an empty file stays
        return None if content_of(change.old) is not None else "no_before"

    def undo(self, change: Change, after: Seen | None, answer: Any) -> UndoStep | str:
        why = self.no_undo(change)
        if why is not None:
            return why
        action = change.action
        base = {"id": change.args.get("id"), "path": change.args.get("path")}
        content = content_of(change.old)
        if action.key.startswith("add") and content is None:
            remover = CATALOG.get(f"{action.group}.remove_file")
            return UndoStep(action=remover.id, args=base) if remover else "no_restore"
        writer = CATALOG.get(f"{action.group}.update_file")
        if writer is None or content is None:
            return "no_before"
        return UndoStep(action=writer.id, args={**base, "data": content})
