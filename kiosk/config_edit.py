"""Editing the config file in place: layout kept, validated first, atomic, backed up."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from kiosk.config import KioskConfig, parse_config


class ConfigEditor:
    """Load once, ``set`` keys, ``save``: nothing is written unless the result is valid."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.document = tomlkit.parse(self.path.read_text(encoding="utf-8"))

    def set(self, dotted_key: str, value: Any) -> None:
        """Set ``devices.scanner.baudrate`` etc., making tables as needed."""
        *tables, key = dotted_key.split(".")
        node: Any = self.document
        for name in tables:
            if name not in node:
                node[name] = tomlkit.table()
            node = node[name]
            if not isinstance(node, Table | dict):
                raise ValueError(f"{dotted_key}: {name} is not a table")
        node[key] = value

    def text(self) -> str:
        return tomlkit.dumps(self.document)

    def validate(self) -> KioskConfig:
        """The config the edited text would give; raises ConfigError naming each problem."""
        return parse_config(self.text(), str(self.path))

    def save(self) -> Path:
        """Validate, back up the current file to FILE.bak, then replace FILE atomically. Both
        keep the file's mode and, where this user may set them, its owner and group: a root
        technician's save must leave a file the kiosk user can still read."""
        self.validate()
        original = self.path.stat()
        backup = self.path.with_name(self.path.name + ".bak")
        _replace(backup, self.path.read_bytes(), original)
        _replace(self.path, self.text().encode("utf-8"), original)
        return backup


def _replace(path: Path, data: bytes, like: os.stat_result) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (never half a file),
    with the mode, owner and group of ``like``; fsync the file and its folder."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, like.st_mode & 0o777)
        if (like.st_uid, like.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(tmp, like.st_uid, like.st_gid)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a power cut
    finally:
        os.close(dir_fd)
