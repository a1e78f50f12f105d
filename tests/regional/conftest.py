"""Fixtures: every API test runs on SQLite and on a throwaway PostgreSQL cluster, each test on
a fresh database copied from a template that the migrations made, behind a real HTTP server."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from regional.app import create_app
from regional.auth import create_token
from regional.db.migrate import upgrade
from regional.db.session import Database
from regional.seed import LIBRARIES, upsert_libraries
from regional.services.credentials import CredentialHasher, check_key
from tests.conftest import no_postgres
from tests.regional.fleet_world import fleet  # noqa: F401  (the fleet tests' fixture)
from tests.regional.postgres import PostgresCluster
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, World, now

BACKENDS = ("sqlite", "postgresql")


@dataclass
class Template:
    """A database at the newest schema with the demo libraries and one token per library."""

    make_copy: Callable[[Path], str]
    tokens: dict[str, str] = field(default_factory=dict)
    drop: Callable[[str], None] = lambda _url: None  # a copy, once its test is done


def _prepare(url: str) -> dict[str, str]:
    upgrade(url)
    db = Database(url)
    tokens = {}
    try:
        with db.write() as session, session.begin():
            upsert_libraries(session)
            check_key(session, CredentialHasher(CREDENTIAL_KEY))
            for spec in LIBRARIES:
                tokens[spec.id] = create_token(session, f"{spec.id}-K01", spec.id, now())
    finally:
        db.dispose()
    return tokens


def make_sqlite_template(directory: Path, prepare: Callable[[str], dict[str, str]]) -> Template:
    """A template file in ``directory`` made by ``prepare``; each copy is a copy of the file."""
    path = directory / "template.db"
    tokens = prepare(f"sqlite:///{path}")

    def make_copy(test_directory: Path) -> str:
        target = test_directory / "regional.db"
        shutil.copyfile(path, target)
        return f"sqlite:///{target}"

    return Template(make_copy, tokens)


def make_postgresql_template(
    cluster: PostgresCluster | None,
    template_name: str,
    copy_prefix: str,
    prepare: Callable[[str], dict[str, str]],
) -> Template:
    """A template database made by ``prepare``; each copy is a database created from it."""
    if cluster is None:
        no_postgres("PostgreSQL binaries (initdb, pg_ctl) not found")
    tokens = prepare(cluster.create_database(template_name))
    numbers = itertools.count(1)

    def make_copy(_directory: Path) -> str:
        return cluster.create_database(f"{copy_prefix}_{next(numbers)}", template_name)

    return Template(make_copy, tokens, cluster.drop_database)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return make_sqlite_template(tmp_path_factory.mktemp("sqlite-template"), _prepare)


@pytest.fixture(scope="session")
def postgresql_template(postgres_cluster: PostgresCluster | None) -> Template:
    return make_postgresql_template(postgres_cluster, "regional_template", "test", _prepare)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def template(backend: str, request: pytest.FixtureRequest) -> Template:
    fixture: Template = request.getfixturevalue(f"{backend}_template")
    return fixture


@pytest.fixture
def database_url(template: Template, tmp_path: Path) -> Iterator[str]:
    url = template.make_copy(tmp_path)
    yield url
    template.drop(url)


@dataclass
class Service:
    """A served instance on its own fresh database, with a kiosk for every library."""

    url: str
    database_url: str
    tokens: dict[str, str]
    client: httpx.Client
    world: World

    def kiosk(self, library: str = "CQL") -> Kiosk:
        return Kiosk(self.client, self.tokens[library], library, self.world, f"{library}-K01")

    def other_kiosk(self, library: str = "CQL") -> Kiosk:
        """A second kiosk at ``library``, with a token of its own."""
        kiosk_id = f"{library}-K{len(self.tokens) + 90}"
        with self.world.db.write() as session, session.begin():
            token = create_token(session, kiosk_id, library, now())
        return Kiosk(self.client, token, library, self.world, kiosk_id)


@pytest.fixture
def service(database_url: str, template: Template) -> Iterator[Service]:
    app = create_app(database_url, credential_key=CREDENTIAL_KEY)
    world_db = Database(database_url)
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield Service(url, database_url, template.tokens, client, World(world_db))
    finally:
        world_db.dispose()
