"""The act path's cost in statements (the round trips on PostgreSQL), counted by the engine:
the reads after the item's lock are one statement, and the writes plain UPDATEs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from regional.app import create_app
from regional.db.session import Database
from tests.regional.conftest import Template
from tests.regional.server import serving
from tests.regional.world import CREDENTIAL_KEY, Kiosk, World

# Statements of one act inside its transaction, BEGIN and COMMIT aside. Before the reads were
# folded: borrow 10, return 8, renew 8.
BUDGET = {"borrow": 8, "return": 7, "renew": 6}
# Reads that caches answer almost always (kiosk tokens, libraries' policies): not the act's.
_CACHED = ("kiosk_tokens", "FROM libraries")


class Counted:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN") or any(part in statement for part in _CACHED):
            return
        self.statements.append(statement)


@pytest.fixture
def counting(database_url: str, template: Template) -> Iterator[tuple[Kiosk, World, Counted]]:
    app = create_app(database_url, credential_key=CREDENTIAL_KEY)
    counted = Counted()
    event.listen(app.state.runtime.db.engine, "before_cursor_execute", counted)
    world_db = Database(database_url)
    world = World(world_db)
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield Kiosk(client, template.tokens["CQL"], "CQL", world, "CQL-K01"), world, counted
    finally:
        world_db.dispose()


def test_borrow_return_and_renew_stay_within_their_statements(
    counting: tuple[Kiosk, World, Counted],
) -> None:
    kiosk, world, counted = counting
    patron = world.person("CQL").patron_id
    warm, barcode = world.item("CQL"), world.item("CQL")
    assert kiosk.borrow(patron, warm)["status"] == "accepted"  # token and policies cached

    spent = {}
    for kind, act in (
        ("borrow", lambda: kiosk.borrow(patron, barcode)),
        ("renew", lambda: kiosk.renew(patron, barcode)),
        ("return", lambda: kiosk.give_back(barcode)),
    ):
        counted.statements.clear()
        assert act()["status"] == "accepted"
        spent[kind] = len(counted.statements)
    assert spent == {kind: min(spent[kind], BUDGET[kind]) for kind in spent}, (
        spent,
        counted.statements,
    )
