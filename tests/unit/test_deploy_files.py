"""The shipped systemd units and udev rules parse (systemd-analyze verify where available)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
RULE_KEY = re.compile(
    r'^(?P<key>[A-Z_]+(\{[A-Za-z0-9_]+\})?)(?P<op>==|!=|\+=|-=|:=|=)"(?P<value>[^"]*)"$'
)
MATCH_KEYS = {"SUBSYSTEM", "KERNEL", "ATTRS", "ATTR", "ENV", "ACTION", "SUBSYSTEMS", "KERNELS"}
ASSIGN_KEYS = {"SYMLINK", "GROUP", "MODE", "OWNER", "ENV", "TAG", "RUN"}


def test_units_have_what_a_kiosk_needs() -> None:
    assert {u.name for u in UNITS} == {
        "library-kiosk.service",
        "kiosk-regional.service",
        "kiosk-regional@.service",
    }
    for unit in UNITS:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(unit)
        assert parser["Service"]["Restart"] == "on-failure"
        assert parser["Service"]["ExecStart"].startswith("/")
        assert "WantedBy" in parser["Install"]
    kiosk = (DEPLOY / "systemd" / "library-kiosk.service").read_text()
    assert "/usr/bin/cage" in kiosk and "kiosk run --config /etc/library-kiosk/kiosk.toml" in kiosk


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd not installed")
@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_units_pass_systemd_analyze_verify(unit: Path, tmp_path: Path) -> None:
    # verify insists the programs exist: point them at /bin/true, keep every other line.
    text = re.sub(
        r"/opt/library-kiosk/\.venv/bin/[a-z-]+|/usr/bin/cage", "/bin/true", unit.read_text()
    )
    copy = tmp_path / unit.name
    copy.write_text(text)
    out = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "", out.stderr  # unknown keys are only warnings: none allowed


def test_udev_rules_are_well_formed() -> None:
    rules = (DEPLOY / "udev" / "99-library-kiosk.rules").read_text().splitlines()
    checked = 0
    for number, line in enumerate(rules, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for part in [p.strip() for p in line.split(", ")]:
            m = RULE_KEY.match(part)
            assert m, f"line {number}: cannot read {part!r}"
            base = m["key"].split("{")[0]
            if m["op"] in ("==", "!="):
                assert base in MATCH_KEYS, f"line {number}: {base} cannot be matched"
            else:
                assert base in ASSIGN_KEYS, f"line {number}: {base} cannot be assigned"
        assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in line, f"line {number}: ModemManager not kept off"
        checked += 1
    assert checked == 4
