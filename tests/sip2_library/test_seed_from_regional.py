"""seed_from_regional: the library system holds the regional demo network as the service does
(counts and spot checks against the regional database), and the demo's SIP2 server on it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.domain import Credential
from kiosk.ui.libraries import library_name
from patron_identity.kinds import CredentialKind
from regional.seed import LIBRARIES, LIBRARY_CARDS, library_card_number
from sip2_library.demo import DemoDialect, DemoLibrarySystem
from sip2_library.from_regional import seed_from_regional
from sip2_library.library import (
    Hold,
    HoldState,
    Institution,
    Item,
    ItemStatus,
    LibrarySystem,
    Loan,
    Patron,
    Refusal,
    Routing,
)

HOMES = {spec.id: spec for spec in LIBRARIES}
CARDS = {spec.name: library_card_number(HOMES[spec.home], spec.sequence) for spec in LIBRARY_CARDS}


@pytest.fixture
def data(tmp_path: Path, regional_template: Path) -> Path:
    """A copy of the seeded network (the template is shared by the run's tests)."""
    return Path(shutil.copytree(regional_template, tmp_path / "regional"))


@pytest.fixture
def library(tmp_path: Path, data: Path) -> Iterator[LibrarySystem]:
    library = LibrarySystem(tmp_path / "library.db")
    seed_from_regional(library, data)
    yield library
    library.close()


def regional_rows(data: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data / "regional.db")) as conn:
        return conn.execute(sql, args).fetchall()


def test_counts_match_the_regional_network(tmp_path: Path, data: Path) -> None:
    library = LibrarySystem(tmp_path / "library.db")
    try:
        copied = seed_from_regional(library, data)
        with library.session() as s:
            counted = {
                table.__name__: s.scalar(select(func.count()).select_from(table))
                for table in (Institution, Patron, Item, Loan, Hold)
            }
    finally:
        library.close()
    [(libraries,)] = regional_rows(data, "SELECT count(*) FROM libraries")
    [(patrons,)] = regional_rows(data, "SELECT count(*) FROM patrons")
    [(items,)] = regional_rows(data, "SELECT count(*) FROM items")
    [(loans,)] = regional_rows(data, "SELECT count(*) FROM loans WHERE returned_at IS NULL")
    [(holds,)] = regional_rows(
        data, "SELECT count(*) FROM holds WHERE status IN ('waiting', 'ready')"
    )
    assert patrons > 0 and loans > 0 and holds > 0
    assert copied.patrons_left_out == 0  # every seeded card is known by its number
    assert (copied.institutions, copied.patrons, copied.items) == (libraries, patrons, items)
    assert (copied.loans, copied.holds) == (loans, holds)
    assert counted == {
        "Institution": libraries,
        "Patron": patrons,
        "Item": items,
        "Loan": loans,
        "Hold": holds,
    }


def test_institutions_are_the_network_libraries_by_id(library: LibrarySystem) -> None:
    assert library.institution_name("CDL") == "成都图书馆" == library_name("CDL", "zh_CN")
    assert library.institution_name("CQL") == "重庆图书馆"


def test_items_keep_title_owner_and_status(library: LibrarySystem, data: Path) -> None:
    rows = regional_rows(data, "SELECT barcode, title, owner_library_id, status FROM items")
    statuses = {
        "available": ItemStatus.AVAILABLE,
        "on_loan": ItemStatus.ON_LOAN,
        "on_hold_shelf": ItemStatus.ON_HOLD_SHELF,
        "lost": ItemStatus.MISSING,
    }
    for barcode, title, owner, status in rows:
        item = library.item(str(barcode))
        assert item is not None
        assert (item.title, item.owner_institution) == (title, owner)
        assert item.status == statuses[str(status)]
    assert {row[3] for row in rows} >= {"lost", "on_hold_shelf", "on_loan"}


def test_a_reference_copy_is_not_lent(library: LibrarySystem, data: Path) -> None:
    [(barcode,)] = regional_rows(
        data, "SELECT barcode FROM items WHERE loanable = 0 AND status = 'available' LIMIT 1"
    )
    refused = library.checkout(ZHANG_SAN.id_number.upper(), str(barcode))
    assert (refused.ok, refused.refusal) == (False, Refusal.NOT_LOANABLE)
    lent = library.checkout(ZHANG_SAN.id_number.upper(), "35001000000031")
    assert lent.ok


def test_id_card_holders_are_keyed_by_the_number_upper_cased(library: LibrarySystem) -> None:
    zhang = library.patron(ZHANG_SAN.id_number.upper())
    assert zhang is not None
    assert (zhang.name, zhang.home_institution, zhang.refusals) == ("张三", "CQL", ())
    assert library.registered_barcode(ZHANG_SAN.id_number.upper()) == zhang.barcode
    # 李四's loan is overdue: the fine it has grown to counts, as the regional service counts.
    li = library.patron(LI_SI.id_number.upper())
    assert li is not None
    assert li.overdue and li.fines_cents > 0


def test_library_cards_keep_their_pins_fines_blocks_and_expiry(library: LibrarySystem) -> None:
    lin = library.patron(CARDS["林小雨"], "1234")
    assert lin is not None and lin.pin_ok is True and lin.refusals == ()
    wrong = library.patron(CARDS["林小雨"], "9999")
    assert wrong is not None and wrong.pin_ok is False
    rich = library.patron(CARDS["钱多多"])
    assert rich is not None and rich.fines_cents == 1500
    assert Refusal.FINES_OVER_LIMIT in rich.refusals
    expired = library.patron(CARDS["冯远"])
    assert expired is not None and Refusal.CARD_EXPIRED in expired.refusals
    blocked = library.patron(CARDS["邓超群"])
    assert blocked is not None and Refusal.PATRON_BLOCKED in blocked.refusals


def test_loans_keep_due_dates_and_holds_their_pickup(library: LibrarySystem, data: Path) -> None:
    rows = regional_rows(
        data, "SELECT item_barcode, due, renewals FROM loans WHERE returned_at IS NULL"
    )
    for barcode, due, renewals in rows:
        loan = library.loan(str(barcode))
        assert loan is not None
        assert loan.due_at.date() == dt.date.fromisoformat(str(due))
        assert loan.renewals == renewals
    pickups = regional_rows(
        data,
        "SELECT h.item_barcode, h.pickup_library_id, h.status FROM holds h "
        "WHERE h.status IN ('waiting', 'ready')",
    )
    with library.session() as s:
        held = {(h.item_barcode, h.pickup_institution, h.state) for h in s.scalars(select(Hold))}
    states = {"waiting": HoldState.PENDING, "ready": HoldState.READY}
    assert held == {(str(b), str(p), states[str(st)]) for b, p, st in pickups}


def test_returns_route_as_the_network_does(library: LibrarySystem) -> None:
    """The returns scenario's books: one of Chengdu's goes home, one goes to a reader waiting
    at Jiangbei (tests/scenarios/returns.scenario)."""
    home = library.checkin("35101000000104", "CQL")
    assert (home.routing, home.destination, home.destination_name) == (
        Routing.TRANSIT_HOME,
        "CDL",
        "成都图书馆",
    )
    held = library.checkin("35004000000019", "CQL")
    assert (held.routing, held.destination) == (Routing.HOLD_ELSEWHERE, "JBL")
    shelved = library.checkin("35001000000015", "CQL")
    assert shelved.routing == Routing.SHELVE


@pytest.mark.parametrize("dialect", list(DemoDialect))
def test_the_demo_server_serves_the_network_to_the_kiosk(
    tmp_path: Path, data: Path, dialect: DemoDialect
) -> None:
    system = DemoLibrarySystem(tmp_path / "sip2", data, dialect=dialect)
    backend: Sip2Backend | None = None
    try:
        system.start()
        system.start()  # a second start (the tester panel's button) keeps it running
        assert system.running
        backend = Sip2Backend(
            Sip2Settings(
                host=system.host,
                port=system.port,
                login_user=system.login_user,
                login_password=system.login_password,
                location_code="CQL",
                institution_id="CQL",
                dialect=dialect.value,
                connect_timeout_ms=500,
                answer_timeout_ms=2000,
                max_resends=0,
            )
        )
        patron = backend.lookup_patron(
            Credential(CredentialKind.ID_CARD, ZHANG_SAN.id_number, "张三", chip_verified=True)
        )
        assert patron.display_name == "张*"
        assert patron.loan_limit == HOMES["CQL"].loan_limit
        port = system.port
        system.stop()
        assert not system.running
        system.start()  # back on the same port, as the kiosk's config says
        assert system.port == port and system.running
        assert backend.health().status == "ok"
    finally:
        if backend is not None:
            backend.close()
        system.close()


def test_the_demo_reads_standing_and_shelves_from_the_library_system(
    tmp_path: Path, data: Path
) -> None:
    system = DemoLibrarySystem(tmp_path / "sip2", data)
    try:
        card = CredentialKind.LIBRARY_CARD
        assert system.standing(card, CARDS["钱多多"]) == [
            "fines ¥15.00",
            "over the fine limit: no borrowing",
        ]
        assert system.standing(card, CARDS["冯远"]) == ["card expired"]
        assert system.standing(CredentialKind.ID_CARD, ZHANG_SAN.id_number) == []
        assert system.standing(card, "29999999999999") is None
        before = system.shelves(dt.date.today())
        (barcode, *_), _pickup = before.on_loan[0]
        system.library.checkin(barcode, "CQL")  # a return moves it off the loans
        after = system.shelves(dt.date.today())
        assert barcode not in [row[0] for row, _ in after.on_loan]
        assert before.reference and before.lost and before.available[0][2] == "CQL"
    finally:
        system.close()
