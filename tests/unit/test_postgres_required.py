"""Without PostgreSQL, its tests fail where it is required (CI=true, root) and elsewhere are
skipped with a banner at the end of the session that nobody can miss."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# One test of the service's own suite and one of the kiosk's against the served service.
PG_TESTS = [
    "tests/regional/test_smoke.py::test_health_needs_no_token[postgresql]",
    "tests/e2e/test_item_order.py::test_a_void_the_service_refuses_as_too_late_is_settled_for_staff"
    "[postgresql]",
]


def run_without_postgres(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "KIOSK_REQUIRE_POSTGRES")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *PG_TESTS],
        cwd=ROOT,
        env={**clean, "KIOSK_POSTGRES_BIN": "none", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_missing_postgres_fails_under_ci() -> None:
    # As root, CI=true is moot (root requires it too); KIOSK_REQUIRE_POSTGRES unset either way.
    out = run_without_postgres(CI="true")
    assert out.returncode != 0, out.stdout
    assert out.stdout.count("PostgreSQL is required here") >= 1, out.stdout
    assert "2 error" in out.stdout and "skipped" not in out.stdout, out.stdout


def test_missing_postgres_when_not_required_is_skipped_loudly() -> None:
    out = run_without_postgres(KIOSK_REQUIRE_POSTGRES="0")
    assert out.returncode == 0, out.stdout
    assert "2 skipped" in out.stdout, out.stdout
    assert "2 TESTS SKIPPED: THE POSTGRESQL HALF WAS SKIPPED" in out.stdout, out.stdout
