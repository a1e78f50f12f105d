"""PostgreSQL connections that die while pooled (a restart, an idle timeout): the pool does not
ping before each use, so the act that meets a dead one runs again on a new connection."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.regional.conftest import Service


@pytest.fixture(params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _end_the_service_connections(database_url: str) -> int:
    """What a restart of PostgreSQL does to the service's pooled connections."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(ended)


def test_an_act_after_the_pooled_connections_died_is_applied(service: Service) -> None:
    kiosk = service.kiosk("CQL")
    patron = service.world.person("CQL").patron_id
    first, second = service.world.item("CQL"), service.world.item("CQL")
    assert kiosk.borrow(patron, first)["status"] == "accepted"  # the pool holds connections now

    assert _end_the_service_connections(service.database_url) >= 1

    result = kiosk.borrow(patron, second)
    assert result["status"] == "accepted", result
    assert kiosk.give_back(first)["status"] == "accepted"
