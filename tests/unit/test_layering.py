"""Who may import whom: only kiosk/ui and kiosk/app.py import PySide6, the screens never reach
the database, the service shares nothing with the kiosk but the Qt-free patron_identity."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "shiboken6")
QT_FREE = [
    "drivers",
    "kiosk/core",
    "kiosk/store",
    "kiosk/backend",
    "kiosk/sync",
    "kiosk/commands",
    "regional",
    "patron_identity",
    "sip2_library",
]
QT_FREE_MODULES = ["kiosk/cli.py", "kiosk/config.py"]
LOCAL = ("kiosk", "drivers", "regional", "patron_identity")

# (folder, imports it must not make): a name forbids the module and everything under it.
RULES = [
    ("kiosk/ui", ("kiosk.store", "sqlalchemy", "alembic")),
    ("regional", ("kiosk", *QT)),
    ("drivers", ("kiosk", "regional", *QT)),
    ("patron_identity", ("kiosk", "drivers", "regional", *QT)),
    # The library systems the SIP2 backend is tested against share none of the kiosk's code.
    ("sip2_library", ("kiosk", *QT)),
]


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every absolute module name the file imports (at any depth), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def _hits(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for name, line in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


def _files(folder: str) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    assert found, folder  # the walk really found the package
    return found


def test_qt_free_packages_do_not_import_pyside6() -> None:
    files = [f for d in QT_FREE for f in _files(d)] + [ROOT / m for m in QT_FREE_MODULES]
    assert len(files) > 20
    offenders = [hit for f in files for hit in _hits(f, QT)]
    assert offenders == []


@pytest.mark.parametrize(("folder", "forbidden"), RULES, ids=[r[0] for r in RULES])
def test_layer_rules(folder: str, forbidden: tuple[str, ...]) -> None:
    offenders = [hit for f in _files(folder) for hit in _hits(f, forbidden)]
    assert offenders == []


def test_patron_identity_needs_only_the_standard_library() -> None:
    # The one package both sides install: nothing in it may pull a dependency along.
    outside = [
        f"{f.relative_to(ROOT)}:{line} {name}"
        for f in _files("patron_identity")
        for name, line in _imports(f)
        if name.split(".")[0] not in (*sys.stdlib_module_names, "__future__", "patron_identity")
    ]
    assert outside == []


def test_the_check_catches_an_import() -> None:
    bad = ROOT / "drivers" / "_layering_probe.py"
    bad.write_text(
        "def f():\n    from PySide6 import QtCore\n    import kiosk.domain\n", encoding="utf-8"
    )
    try:
        assert _hits(bad, QT) == ["drivers/_layering_probe.py:2 PySide6"]
        assert _hits(bad, ("kiosk",)) == ["drivers/_layering_probe.py:3 kiosk.domain"]
        assert _hits(bad, ("kiosk.dom",)) == []  # a prefix of a name is not a module
    finally:
        bad.unlink()


def _loaded(code: str) -> list[str]:
    """Top-level local and Qt modules a fresh interpreter has loaded after ``code``."""
    probe = f"import sys; {code}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.split() if m in (*LOCAL, *QT)]


def test_importing_drivers_and_cli_loads_no_qt() -> None:
    loaded = _loaded(
        "import drivers.factory, drivers.sim.console, kiosk.cli, kiosk.config; "
        "import kiosk.core, kiosk.store, kiosk.backend, kiosk.sync"
    )
    assert "kiosk" in loaded and "PySide6" not in loaded


def test_the_service_loads_neither_qt_nor_the_kiosk() -> None:
    loaded = _loaded("import regional.app, regional.cli, regional.serving, regional.seed")
    assert "regional" in loaded
    assert "kiosk" not in loaded and "PySide6" not in loaded
