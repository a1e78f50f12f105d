"""Editing the config in place keeps comments, refuses bad values, writes with a backup."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, load_config
from kiosk.config_edit import ConfigEditor
from kiosk.core.technician_gate import GateAnswer, TechnicianGate
from patron_identity.pins import hash_pin, verify_pin

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    shutil.copy(EXAMPLE, path)
    return path


def test_save_keeps_comments_and_backs_up(config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    editor = ConfigEditor(config_file)
    editor.set("devices.scanner.baudrate", 115200)
    editor.set("devices.scanner.terminator", "crlf")
    backup = editor.save()
    after = config_file.read_text(encoding="utf-8")
    assert backup.read_text(encoding="utf-8") == before
    assert "# Line speed in baud (Zebra LS4208: 9600; Honeywell 4820i: 115200)." in after
    config = load_config(config_file)
    assert config.devices.scanner.baudrate == 115200
    assert config.devices.scanner.terminator == "crlf"
    # Only the two values changed: every other line is as it was.
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_save_by_root_leaves_the_kiosk_users_file_theirs(config_file: Path) -> None:
    """DEPLOY.md: the config belongs to the kiosk user; a technician's `set-pin` or save run as
    root must not leave a file (or a backup) the kiosk can no longer read or replace."""
    kiosk_uid, kiosk_gid = 4242, 4243
    os.chown(config_file, kiosk_uid, kiosk_gid)
    config_file.chmod(0o640)
    stale_backup = config_file.with_name("kiosk.toml.bak")
    stale_backup.write_text("old", encoding="utf-8")  # an earlier backup, root's
    editor = ConfigEditor(config_file)
    editor.set("devices.scanner.baudrate", 115200)
    editor.save()
    for path in (config_file, stale_backup):
        st = path.stat()
        assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (kiosk_uid, kiosk_gid, 0o640), path
    assert load_config(config_file).devices.scanner.baudrate == 115200


def test_invalid_values_are_refused_before_writing(config_file: Path) -> None:
    before = config_file.read_text(encoding="utf-8")
    editor = ConfigEditor(config_file)
    editor.set("devices.scanner.baudrate", 9601)
    with pytest.raises(ConfigError, match=r"devices\.scanner\.baudrate"):
        editor.save()
    assert config_file.read_text(encoding="utf-8") == before
    assert not config_file.with_name("kiosk.toml.bak").exists()


def test_set_pin_stores_only_a_hash(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("246813\n"))
    assert main(["config", "set-pin", str(config_file), "--pin-stdin"]) == 0
    text = config_file.read_text(encoding="utf-8")
    assert "246813" not in text
    stored = load_config(config_file).technician.pin_hash
    assert verify_pin("246813", stored) and not verify_pin("246814", stored)
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["config", "set-pin", str(config_file), "--pin-stdin"]) == 2
    assert "4 to 12 digits" in capsys.readouterr().err


def test_a_plain_pin_in_the_file_is_refused(config_file: Path) -> None:
    editor = ConfigEditor(config_file)
    editor.set("technician.pin_hash", "1234")
    with pytest.raises(ConfigError, match=r"technician\.pin_hash: must be a PIN hash"):
        editor.validate()


def test_gate_locks_after_five_wrong_pins() -> None:
    gate = TechnicianGate(hash_pin("2468"), max_attempts=5, lockout_s=60)
    assert [gate.try_pin("0000", t) for t in range(4)] == [GateAnswer.WRONG] * 4
    assert gate.try_pin("0000", 4) == GateAnswer.LOCKED
    assert gate.try_pin("2468", 10) == GateAnswer.LOCKED  # even the right PIN, while locked
    assert gate.seconds_left(10) == 54
    assert gate.try_pin("2468", 64) == GateAnswer.OPEN
    assert TechnicianGate(None).try_pin("2468", 0) == GateAnswer.NOT_SET
