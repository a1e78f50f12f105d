"""Fixtures for the staff console: the real service on loopback (SQLite and PostgreSQL, a
fresh database each test) with a clock the test moves, staff accounts, and Debian's Chromium
driven by Playwright."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from regional.app import create_app
from regional.console.accounts import StaffRole, create_staff
from regional.db.session import Database
from regional.services.clock import utc_now
from tests.regional.conftest import (
    Template,
    _prepare,
    make_postgresql_template,
    make_sqlite_template,
)
from tests.regional.postgres import PostgresCluster
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, World

PASSWORD = "correct horse battery"
# username: (role, library)
STAFF = {
    "ops": (StaffRole.OPERATOR, None),
    "cql": (StaffRole.LIBRARY, "CQL"),
    "cdl": (StaffRole.LIBRARY, "CDL"),
}
BACKENDS = ("sqlite", "postgresql")


class MovableClock:
    """The service's clock: the real time plus an offset the test moves (never a sleep)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return utc_now() + self.offset

    def advance(self, by: dt.timedelta) -> None:
        self.offset += by


@dataclass
class Console:
    """A served instance with its console, its clock, kiosks and staff accounts."""

    url: str
    database_url: str
    tokens: dict[str, str]
    client: httpx.Client
    world: World
    clock: MovableClock

    def kiosk(self, library: str = "CQL") -> Kiosk:
        return Kiosk(self.client, self.tokens[library], library, self.world, f"{library}-K01")

    @contextmanager
    def signed_in(self, username: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
        """A client of its own with a session of ``username``, closed after."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            answer = sign_in(client, username, password)
            assert answer.status_code == 303, answer.text
            yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found is not None, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    form = client.get("/console/login")
    assert form.status_code == 200
    return client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf": csrf_of(form.text)},
    )


def _prepare_console(url: str) -> dict[str, str]:
    """The regional tests' template (libraries, a token per library) and the staff accounts."""
    tokens = _prepare(url)
    db = Database(url)
    try:
        with db.write() as session, session.begin():
            for name, (role, library) in STAFF.items():
                create_staff(session, name, PASSWORD, role, library, utc_now())
    finally:
        db.dispose()
    return tokens


@pytest.fixture(scope="session")
def console_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return make_sqlite_template(tmp_path_factory.mktemp("console-template"), _prepare_console)


@pytest.fixture(scope="session")
def console_postgresql_template(postgres_cluster: PostgresCluster | None) -> Template:
    return make_postgresql_template(
        postgres_cluster, "console_template", "console", _prepare_console
    )


@pytest.fixture(params=BACKENDS)
def console(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Console]:
    template: Template = request.getfixturevalue(f"console_{request.param}_template")
    database_url = template.make_copy(tmp_path)
    clock = MovableClock()
    app = create_app(database_url, credential_key=CREDENTIAL_KEY, clock=clock)
    world_db = Database(database_url)
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield Console(url, database_url, template.tokens, client, World(world_db), clock)
    finally:
        world_db.dispose()
        template.drop(database_url)


def heartbeat(
    console: Console,
    library: str = "CQL",
    *,
    paper: str = "ok",
    devices: dict[str, Any] | None = None,
    pending: int = 0,
    stats: list[dict[str, Any]] | None = None,
) -> None:
    """One heartbeat of the library's kiosk K01, as the kiosk sends it."""
    kiosk = console.kiosk(library)
    body = {
        "sent_at": console.clock().isoformat(),
        "version": "0.1.0",
        "uptime_s": 3600,
        "devices": devices
        or {
            "id_card_reader": {"state": "connected"},
            "scanner": {"state": "connected"},
            "printer": {"state": "connected"},
        },
        "printer_paper": paper,
        "pending_count": pending,
        "oldest_pending_s": 120 if pending else None,
        "last_sync_at": console.clock().isoformat(),
        "clock_offset_s": 0.4,
        "out_of_service": False,
        "stats": stats or [],
    }
    answer = kiosk.post(f"/kiosks/{kiosk.kiosk_id}/heartbeat", body)
    assert answer.status_code == 200, answer.text


def this_hour(console: Console, hours_ago: int = 0) -> str:
    hour = console.clock().replace(minute=0, second=0, microsecond=0)
    return (hour - dt.timedelta(hours=hours_ago)).isoformat()
