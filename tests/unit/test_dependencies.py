"""Each install brings what it imports (docs/DEPLOY.md): the kiosk's Qt-free parts live on the
main dependencies, its screens on the `ui` extra, the service on the `regional` extra — and the
service's install never needs Qt."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {
    "kiosk",
    "drivers",
    "regional",
    "patron_identity",
    "sip2_library",
    "tests",
    "bench",
    "tools",
}
QT_SIDE = ("kiosk/ui", "kiosk/app.py")


def imported_top_levels(paths: list[Path]) -> dict[str, str]:
    """Top-level module name → one file that imports it."""
    found: dict[str, str] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def requirements(*extras: str) -> set[str]:
    """Distribution names of the main dependencies plus those of the given extras."""
    names = set()
    for line in requires("kiosk") or []:
        extra = re.search(r"extra\s*==\s*['\"]([^'\"]+)", line)
        if extra and extra.group(1) not in extras:
            continue
        names.add(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def python_files(*folders: str, skip: tuple[str, ...] = ()) -> list[Path]:
    files = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    return [p for p in files if not str(p.relative_to(ROOT)).startswith(skip)]


def not_provided(files: list[Path], wanted: set[str]) -> list[str]:
    providers = packages_distributions()
    missing = []
    for module, where in imported_top_levels(files).items():
        if module in LOCAL or module in sys.stdlib_module_names or module == "__future__":
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if not dists & wanted:
            missing.append(f"{module} (imported by {where}; from {sorted(dists) or '?'})")
    return missing


INSTALLS = {
    # what is installed: (its files, the extras it is installed with)
    "kiosk without screens": (
        python_files("drivers", "kiosk", "patron_identity", skip=QT_SIDE),
        (),
    ),
    "kiosk": (python_files("drivers", "kiosk", "patron_identity"), ("ui",)),
    "service": (python_files("regional", "drivers", "patron_identity"), ("regional",)),
}


@pytest.mark.parametrize("install", INSTALLS)
def test_each_install_imports_only_what_it_brings(install: str) -> None:
    files, extras = INSTALLS[install]
    missing = not_provided(files, requirements(*extras))
    assert not missing, f"not installed with {extras or 'no extra'}: " + "; ".join(missing)


def test_the_service_s_install_brings_no_qt() -> None:
    assert "pyside6-essentials" in requirements("ui")
    assert not {
        name for name in requirements("regional") if name.startswith(("pyside", "shiboken"))
    }
