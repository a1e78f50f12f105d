"""Shared fixtures: offscreen Qt, a check that no test leaves a thread running, and the
PostgreSQL cluster (required under CI=true or as root; else its absence is shouted at the end)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.browser import browser, page  # noqa: F401 (fixtures: one browser per worker)
from tests.regional.postgres import PostgresCluster, find_bin_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PG_SKIPPED = "the PostgreSQL half was skipped"


def postgres_required() -> bool:
    """KIOSK_REQUIRE_POSTGRES=1 or 0 decides (the Makefile sets it); unset, PostgreSQL is
    required under CI=true and when running as root (who can install it: `make postgres`)."""
    wanted = os.environ.get("KIOSK_REQUIRE_POSTGRES")
    if wanted in ("0", "1"):
        return wanted == "1"
    return os.environ.get("CI") == "true" or os.geteuid() == 0


def no_postgres(why: str) -> NoReturn:
    """Fail where PostgreSQL is required, else skip (and the session's summary says so)."""
    if postgres_required():
        pytest.fail(
            f"{why}; PostgreSQL is required here (CI=true, root or KIOSK_REQUIRE_POSTGRES=1)",
            pytrace=False,
        )
    pytest.skip(f"{PG_SKIPPED}: {why}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if PG_SKIPPED in str(r.longrepr)
    ]
    if skipped:
        reporter = terminalreporter
        reporter.write_sep("!", f"{len(skipped)} TESTS SKIPPED: {PG_SKIPPED.upper()}", red=True)
        reporter.write_line(
            "The service's PostgreSQL tests did not run: only SQLite was tested. Install "
            "PostgreSQL (`sudo make postgres`), or set KIOSK_REQUIRE_POSTGRES=1 to make this "
            "a failure.",
            red=True,
            bold=True,
        )
        reporter.write_sep("!", red=True)


@pytest.fixture(autouse=True)
def no_leaked_threads():
    """Every thread a test starts must be stopped by that test."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for t in leaked:
        t.join(timeout=2.0)
    leaked = [t for t in leaked if t.is_alive()]
    assert not leaked, f"threads left running: {[t.name for t in leaked]}"


@pytest.fixture(autouse=True)
def own_root_logging() -> Iterator[None]:
    """A test that runs a command in this process (`kiosk.cli.main`) installs the process's log
    handler, on the standard error pytest captured for that test only: taken off again after
    it, so a later test's log lines do not go to a closed stream."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def regional_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo network, migrated and seeded once per run; tests serve copies of it."""
    from regional.served import seed_data_dir

    return seed_data_dir(tmp_path_factory.mktemp("regional") / "template")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster | None]:
    """One throwaway PostgreSQL cluster for the run, or None where its binaries are missing."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if postgres_required():
            no_postgres("PostgreSQL binaries (initdb, pg_ctl) not found")
        yield None
        return
    cluster = PostgresCluster.start(bin_dir)
    try:
        yield cluster
    finally:
        cluster.stop()
