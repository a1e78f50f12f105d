"""Fixtures for kiosk tests against the real reference service over loopback HTTP."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.regional_client import RegionalClient
from kiosk.backend.settings import ServiceSettings
from kiosk.core.circulation import Circulation
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import OfflinePolicy
from kiosk.store.journal import Journal
from regional.served import seed_data_dir
from tests.conftest import no_postgres
from tests.e2e.regional_process import RegionalService
from tests.regional.postgres import PostgresCluster

DATABASES = ("sqlite", "postgresql")
_names = itertools.count(1)


@pytest.fixture
def service(tmp_path: Path, regional_template: Path) -> Iterator[RegionalService]:
    svc = RegionalService(tmp_path / "svc", regional_template)
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
def postgres_served_template(
    postgres_cluster: PostgresCluster | None, tmp_path_factory: pytest.TempPathFactory
) -> tuple[PostgresCluster, Path]:
    """The demo network seeded once into a PostgreSQL template database (and its key folder)."""
    if postgres_cluster is None:
        no_postgres("PostgreSQL binaries (initdb, pg_ctl) not found")
    folder = tmp_path_factory.mktemp("regional-pg")
    seed_data_dir(folder, postgres_cluster.create_database("e2e_template"))
    return postgres_cluster, folder


@pytest.fixture(params=DATABASES)
def served(
    request: pytest.FixtureRequest, tmp_path: Path, regional_template: Path
) -> Iterator[RegionalService]:
    """The service in its own process on SQLite, then on PostgreSQL (a fresh database each)."""
    if request.param == "sqlite":
        svc = RegionalService(tmp_path / "svc", regional_template)
    else:
        cluster, keys = request.getfixturevalue("postgres_served_template")
        url = cluster.create_database(f"e2e_{next(_names)}", "e2e_template")
        svc = RegionalService(tmp_path / "svc", keys, database_url=url)
    svc.start()
    yield svc
    svc.stop()


class Kiosk:
    """The kiosk's Qt-free parts wired as the app wires them, for one test."""

    def __init__(self, folder: Path, url: str, token: str, policy: OfflinePolicy) -> None:
        self.settings = ServiceSettings(
            url=url, token=token, connect_timeout_ms=500, read_timeout_ms=2000
        )
        self.journal = Journal(folder / "journal.db").open()
        self.backend = RegionalClient(self.settings)
        self.connectivity = ConnectivityMonitor()
        self.circulation = Circulation(self.journal, self.backend, self.connectivity, policy)

    def close(self) -> None:
        self.backend.close()
        self.journal.close()


@pytest.fixture
def kiosk(tmp_path: Path, service: RegionalService) -> Iterator[Kiosk]:
    k = Kiosk(tmp_path, service.url, service.token, OfflinePolicy(max_items_per_patron=2))
    yield k
    k.close()
