"""Shared fixtures: offscreen Qt, and a check that no test leaves a thread running."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.regional.postgres import PostgresCluster, find_bin_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
        if os.environ.get("KIOSK_REQUIRE_POSTGRES") == "1":
            pytest.fail("KIOSK_REQUIRE_POSTGRES=1 but no initdb/pg_ctl was found")
        yield None
        return
    cluster = PostgresCluster.start(bin_dir)
    try:
        yield cluster
    finally:
        cluster.stop()
