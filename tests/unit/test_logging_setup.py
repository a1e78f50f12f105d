"""`[logging] file`: its folder is made when missing; a file that cannot be written leaves the
kiosk running, logging to standard error with one line that says what to fix."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from patron_identity.logging_setup import setup_logging


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_missing_log_folder_is_made(tmp_path: Path, restore_root_logging: None) -> None:
    file = tmp_path / "var" / "log" / "library-kiosk" / "kiosk.log"
    setup_logging("INFO", file)
    logging.getLogger("kiosk.test").info("started")
    assert "started" in file.read_text(encoding="utf-8")


def test_an_unwritable_log_file_falls_back_to_stderr(
    tmp_path: Path, restore_root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")  # a file where the log's folder should be
    handler = setup_logging("INFO", blocker / "kiosk.log")
    logging.getLogger("kiosk.test").info("still running")
    assert isinstance(handler, logging.StreamHandler)
    err = capsys.readouterr().err
    assert f"cannot write the log file {blocker / 'kiosk.log'}" in err
    assert "fix [logging] file" in err and "still running" in err


def test_alembic_setup_chatter_is_kept_out(tmp_path: Path, restore_root_logging: None) -> None:
    setup_logging("INFO", tmp_path / "kiosk.log")
    assert not logging.getLogger("alembic.runtime.migration").isEnabledFor(logging.INFO)
