"""Fixtures for kiosk tests against the real reference service over loopback HTTP."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.settings import ServiceSettings
from kiosk.config import KioskConfig
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import JournalSettings, OfflinePolicy, SyncSettings
from kiosk.services import KioskServices
from regional.served import seed_data_dir
from tests.conftest import no_postgres
from tests.e2e.regional_process import RegionalService
from tests.e2e.scale_out import Region
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


@pytest.fixture
def region(
    tmp_path: Path, postgres_served_template: tuple[PostgresCluster, Path]
) -> Iterator[Region]:
    """Two served instances on a fresh PostgreSQL database behind HAProxy (tests/e2e/scale_out.py);
    the test module skips itself where HAProxy is missing."""
    cluster, keys = postgres_served_template
    url = cluster.create_database(f"region_{uuid.uuid4().hex[:8]}", "e2e_template")
    r = Region(tmp_path, keys, url)
    try:
        yield r
    finally:
        r.close()
        cluster.drop_database(url)


@pytest.fixture(params=DATABASES)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegionalService]:
    """The service in its own process on SQLite, then on PostgreSQL (a fresh database each),
    with the test module's SERVE_ARGS (more `kiosk-regional serve` options), if it has any."""
    serve_args = getattr(request.module, "SERVE_ARGS", ())
    if request.param == "sqlite":
        # Asked for here, not as an argument: the PostgreSQL half needs no SQLite network seeded.
        template = request.getfixturevalue("regional_template")
        svc = RegionalService(tmp_path / "svc", template, serve_args=serve_args)
    else:
        cluster, keys = request.getfixturevalue("postgres_served_template")
        url = cluster.create_database(f"e2e_{next(_names)}", "e2e_template")
        svc = RegionalService(tmp_path / "svc", keys, database_url=url, serve_args=serve_args)
    svc.start()
    yield svc
    svc.stop()
    if request.param != "sqlite":
        cluster.drop_database(url)


def kiosk_services(
    folder: Path,
    url: str,
    token: str,
    policy: OfflinePolicy,
    *,
    sync: SyncSettings | None = None,
    connectivity: ConnectivityMonitor | None = None,
    connect_timeout_ms: int = 500,
    read_timeout_ms: int = 2000,
    acts_ago: dt.timedelta = dt.timedelta(0),
) -> KioskServices:
    """The kiosk's Qt-free parts built as the app builds them (no devices), journal open; the
    sync worker is built but not started. ``acts_ago``: the kiosk's acts are dated this long
    before now (as if the patron had come that long ago); its requests carry the true clock."""
    config = KioskConfig(
        service=ServiceSettings(
            url=url,
            token=token,
            connect_timeout_ms=connect_timeout_ms,
            read_timeout_ms=read_timeout_ms,
        ),
        offline=policy,
        journal=JournalSettings(path=str(folder / "journal.db")),
        sync=sync or SyncSettings(),
    )
    services = KioskServices.from_config(
        config,
        connectivity=connectivity,
        with_drivers=False,
        clock=lambda: dt.datetime.now(dt.UTC) - acts_ago,
    )
    assert services.open_journal()
    return services


@pytest.fixture
def kiosk(tmp_path: Path, service: RegionalService) -> Iterator[KioskServices]:
    k = kiosk_services(tmp_path, service.url, service.token, OfflinePolicy(max_items_per_patron=2))
    yield k
    k.close()
