"""The kiosk installs with `pip install .` alone (docs/DEPLOY.md): every third-party module
that drivers/ and kiosk/ import comes from a main dependency, not only from an extra."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"kiosk", "drivers", "regional", "tests", "bench", "tools"}


def imported_top_levels(folder: Path) -> dict[str, str]:
    """Top-level module name → one file that imports it."""
    found: dict[str, str] = {}
    for path in folder.rglob("*.py"):
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


def main_requirements() -> set[str]:
    names = set()
    for line in requires("kiosk") or []:
        if "extra ==" in line:
            continue
        names.add(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_the_kiosk_imports_only_what_a_plain_install_brings() -> None:
    providers = packages_distributions()
    wanted = main_requirements()
    missing = []
    for folder in ("drivers", "kiosk"):
        for module, where in imported_top_levels(ROOT / folder).items():
            if module in LOCAL or module in sys.stdlib_module_names or module == "__future__":
                continue
            dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
            if not dists & wanted:
                missing.append(f"{module} (imported by {where}; from {sorted(dists) or '?'})")
    assert not missing, "not in [project] dependencies: " + "; ".join(missing)
