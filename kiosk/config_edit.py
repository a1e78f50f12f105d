"""Editing the config file in place: layout kept, validated first, atomic, backed up."""

from __future__ import annotations

import os
import shutil
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
        """Validate, back up the current file to FILE.bak, then replace FILE atomically."""
        self.validate()
        backup = self.path.with_name(self.path.name + ".bak")
        shutil.copy2(self.path, backup)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(self.text())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, self.path.stat().st_mode & 0o777)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a power cut
        finally:
            os.close(dir_fd)
        return backup
