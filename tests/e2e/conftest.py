"""Fixtures for kiosk tests against the real reference service over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.settings import ServiceSettings
from kiosk.config import KioskConfig
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.settings import JournalSettings, OfflinePolicy, SyncSettings
from kiosk.services import KioskServices
from tests.e2e.regional_process import RegionalService


@pytest.fixture
def service(tmp_path: Path, regional_template: Path) -> Iterator[RegionalService]:
    svc = RegionalService(tmp_path / "svc", regional_template)
    svc.start()
    yield svc
    svc.stop()


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
) -> KioskServices:
    """The kiosk's Qt-free parts built as the app builds them (no devices), journal open; the
    sync worker is built but not started."""
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
    services = KioskServices.from_config(config, connectivity=connectivity, with_drivers=False)
    assert services.open_journal()
    return services


@pytest.fixture
def kiosk(tmp_path: Path, service: RegionalService) -> Iterator[KioskServices]:
    k = kiosk_services(tmp_path, service.url, service.token, OfflinePolicy(max_items_per_patron=2))
    yield k
    k.close()
