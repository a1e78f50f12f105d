"""The fleet fixture: a served instance whose clock the test moves, and a kiosk of two
libraries, for the heartbeat and /metrics tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import select

from regional.app import create_app
from regional.db.models import KioskStatsHourly
from regional.db.session import Database
from regional.services.fleet import FleetSettings
from tests.metrics import samples
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, World

if TYPE_CHECKING:  # conftest imports this module for its fixture
    from tests.regional.conftest import Template

START = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)
HEARTBEATS_PER_MINUTE = 6


class SettableClock:
    """The service's clock, moved by the test instead of waited for."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Fleet:
    url: str
    tokens: dict[str, str]
    client: httpx.Client
    clock: SettableClock
    db: Database
    cql: Kiosk
    cdl: Kiosk

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        response = self.client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        return samples(response.text)


@pytest.fixture
def fleet(database_url: str, template: Template) -> Iterator[Fleet]:
    clock = SettableClock(START)
    app = create_app(
        database_url,
        credential_key=CREDENTIAL_KEY,
        clock=clock,
        fleet_settings=FleetSettings(
            offline_after_s=180, pending_after_s=600, heartbeats_per_minute=HEARTBEATS_PER_MINUTE
        ),
    )
    db = Database(database_url)
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            world = World(db)
            yield Fleet(
                url,
                template.tokens,
                client,
                clock,
                db,
                Kiosk(client, template.tokens["CQL"], "CQL", world, "CQL-K01"),
                Kiosk(client, template.tokens["CDL"], "CDL", world, "CDL-K01"),
            )
    finally:
        db.dispose()


def stored_counts(db: Database, kiosk_id: str) -> dict[tuple[str, str, str, str], int]:
    with db.read() as session:
        rows = session.scalars(
            select(KioskStatsHourly).where(KioskStatsHourly.kiosk_id == kiosk_id)
        )
        return {(r.kind, r.result, r.reason, r.owner_library_id): r.count for r in rows}
