"""Only kiosk/ui and kiosk/app.py may import PySide6: drivers and core stay Qt-free."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = ["drivers", "kiosk/core", "kiosk/store", "kiosk/backend", "kiosk/sync", "kiosk/commands"]
QT_FREE_MODULES = ["kiosk/cli.py", "kiosk/config.py", "kiosk/logging_setup.py"]


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for n in names
            if n.split(".")[0] in ("PySide6", "shiboken6")
        ]
    return found


def test_qt_free_packages_do_not_import_pyside6() -> None:
    files = [f for d in QT_FREE for f in (ROOT / d).rglob("*.py")] + [
        ROOT / m for m in QT_FREE_MODULES
    ]
    assert len(files) > 20  # the walk really found the packages
    offenders = [hit for f in files for hit in _qt_imports(f)]
    assert offenders == []


def test_the_check_catches_an_import(tmp_path: Path) -> None:
    bad = ROOT / "drivers" / "_layering_probe.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n", encoding="utf-8")
    try:
        assert _qt_imports(bad) == ["drivers/_layering_probe.py:2"]
    finally:
        bad.unlink()


def test_importing_drivers_and_cli_loads_no_qt() -> None:
    code = (
        "import sys, drivers.factory, drivers.sim.console, kiosk.cli, kiosk.config; "
        "import kiosk.core, kiosk.store, kiosk.backend, kiosk.sync; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
