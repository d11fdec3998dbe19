"""Files the fake knows: uploads from the bot, files sent by simulated users, served by getFile."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import secrets
import struct
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # sendDocument and friends
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile
_ID_PREFIX = MappingProxyType(
    {"document": "BQAC", "photo": "AgAC", "video": "BAAC", "audio": "CQAC"}
)


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part of a request (`attach://` references resolve to this)."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class StoredFile:
    """A file with a Telegram file_id; `file_path` is what getFile returns for downloading."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def file_size(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"StoredFile({self.kind}, {self.file_name!r}, {self.file_size} bytes, {self.file_id})"
        )

    def document_json(self) -> dict[str, Any]:
        """A Bot API `Document` (or Audio/Video) object."""
        body: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            body["file_name"] = self.file_name
        if self.mime_type:
            body["mime_type"] = self.mime_type
        body["file_size"] = self.file_size
        return body

    def photo_json(self) -> list[dict[str, Any]]:
        """A Bot API `PhotoSize` list (one size: the fake does not resample)."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": self.file_size,
            }
        ]

    def file_json(self) -> dict[str, Any]:
        """A Bot API `File` object as getFile returns it."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG, or a plausible default for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(data) and data[index] == 0xFF:
            marker, length = data[index + 1], int.from_bytes(data[index + 2 : index + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
                height, width = struct.unpack(">HH", data[index + 5 : index + 9])
                return int(width), int(height)
            index += 2 + length
    return 512, 512


class FileStore:
    """file_id → StoredFile, and file_path → StoredFile for the download route."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self,
        data: bytes,
        *,
        kind: str = "document",
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Store `data` under a fresh file_id (file_unique_id depends on the content only)."""
        number = len(self._by_id) + 1
        token = secrets.token_urlsafe(18)
        file_id = f"{_ID_PREFIX.get(kind, 'CAAC')}{number:05d}{token}"
        digest = hashlib.sha256(data).digest()[:12]
        unique_id = "AQAD" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif kind == "photo":
            suffix = ".jpg"
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        width, height = image_size(data) if kind == "photo" else (0, 0)
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=unique_id,
            kind=kind,
            data=data,
            file_path=f"{kind}s/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self._by_id[file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def clear(self) -> None:
        self._by_id.clear()
        self._by_path.clear()
