"""Files of local landing pages and offers: tree, read, add, overwrite, remove, ZIP."""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from aiohttp import web

from keitaro_sandbox.entities import find
from keitaro_sandbox.records import Resource
from keitaro_sandbox.replies import ApiError, BadRequest, NotFound, json_reply
from keitaro_sandbox.router import Call, Handler
from keitaro_sandbox.state import Record

ZIP_TIME = (2024, 1, 1, 0, 0, 0)
# D EditorService::createFile: only these extensions may be created ("Validation error").
CREATABLE = ("php", "html", "css", "js", "txt")


class FileOps:
    """The six file endpoints of one entity type (landing pages or offers)."""

    def __init__(self, res: Resource, kind_field: str, label: str) -> None:
        self.res = res
        self.kind_field = kind_field
        self.label = label

    def _files(self, call: Call) -> tuple[Record, dict[str, str]]:
        record = find(call, self.res)
        files = call.state.files.get((self.res.table, record["id"]))
        if files is None:
            if record.get(self.kind_field) != "local":
                raise BadRequest(f"{self.label} #{record['id']} is not local: it has no files")
            files = call.state.files[(self.res.table, record["id"])] = {}
        return record, files

    def _locate(self, call: Call) -> tuple[dict[str, str], str]:
        """Where the tracker's editor reads or writes `path`: it joins the path to the
        folder as given (D EditorService, API-NOTES §11.6), so `..` can leave the folder;
        such a file lands in `state.stray_files`."""
        record, files = self._files(call)
        folder = f"{'landers' if self.res.table == 'landings' else 'offers'}/{record['id']}"
        full = posixpath.normpath(f"{folder}/{call.required_query('path')}")
        if full.startswith(folder + "/"):
            return files, full[len(folder) + 1:]
        return call.state.stray_files, full

    def structure(self, call: Call) -> web.Response:
        _, files = self._files(call)
        return json_reply(tree(files))

    def get_file(self, call: Call) -> web.Response:
        files, path = self._locate(call)
        if path not in files:
            raise NotFound("File", message=f"File {path} not found")
        return json_reply({"data": files[path]})

    def add_file(self, call: Call) -> web.Response:
        """An allowed extension only; an existing file is emptied, not refused (D
        EditorService::createFile writes "" to the path; API-NOTES §12.5)."""
        files, path = self._locate(call)
        if posixpath.splitext(path)[1].lstrip(".").lower() not in CREATABLE:
            raise ApiError({"error": "Validation error"}, status=406)
        files[path] = ""
        return json_reply({"path": path})

    def update_file(self, call: Call) -> web.Response:
        files, path = self._locate(call)
        data = call.query.get("data")
        if data is None and isinstance(call.body, dict):
            data = call.body.get("data")
        if data is None:
            raise BadRequest('Parameter "data" is required')
        files[path] = str(data)
        return json_reply({"path": path})

    def remove_file(self, call: Call) -> web.Response:
        """Removing a file that is not there succeeds (D: a filesystem remove)."""
        files, path = self._locate(call)
        files.pop(path, None)
        return json_reply({"success": True})

    def download(self, call: Call) -> web.Response:
        record, files = self._files(call)
        name = f"{self.res.table[:-1]}_{record['id']}.zip"
        return web.Response(body=zip_bytes(files), content_type="application/zip",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def handlers(self) -> dict[str, Handler]:
        return {"get_structure": self.structure, "get_file": self.get_file,
                "add_file": self.add_file, "update_file": self.update_file,
                "remove_file": self.remove_file, "download": self.download}


def tree(files: dict[str, str]) -> Record:
    """EditorFiles: {name, type root|folder|file, ext, path, children}; folders first."""
    root: Record = {"name": "", "type": "root", "ext": "", "path": "", "children": []}
    folders: dict[str, Record] = {"": root}
    for path in sorted(files):
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in folders:
                node: Record = {"name": parts[depth - 1], "type": "folder", "ext": "",
                                "path": folder, "children": []}
                folders["/".join(parts[:depth - 1])]["children"].append(node)
                folders[folder] = node
        name = parts[-1]
        ext = name.rsplit(".", 1)[1] if "." in name else ""
        folders["/".join(parts[:-1])]["children"].append(
            {"name": name, "type": "file", "ext": ext, "path": path, "children": []})
    for node in folders.values():
        node["children"].sort(key=_order)
    return root


def _order(node: dict[str, Any]) -> tuple[bool, str]:
    return node["type"] != "folder", str(node["name"])


def zip_bytes(files: dict[str, str]) -> bytes:
    """A real ZIP of the files, with fixed timestamps so equal files give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(zipfile.ZipInfo(path, ZIP_TIME), files[path])
    return buffer.getvalue()
