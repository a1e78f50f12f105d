"""An online act never overtakes an earlier act for the same item that still waits for the
service, and a return replayed late never closes a loan that began after it. Deterministic:
each step waits for the one before; no sync worker thread runs, so "before the sync worker has
replayed it" is a fact of the test, not a race. On SQLite and on PostgreSQL where the service
decides (a late act against a newer loan, a void too late); on SQLite only where the kiosk does."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN, card_for
from kiosk.core.connectivity import Link
from kiosk.core.results import Outcome, PatronContext
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import Credential, EntryState, Told
from kiosk.services import KioskServices
from kiosk.sync.worker import Replayer
from patron_identity.id_number import make_id_number
from tests.e2e.conftest import kiosk_services
from tests.e2e.regional_process import RegionalService
from tests.fault_proxy import FaultProxy


def chip(card) -> Credential:  # type: ignore[no-untyped-def]
    return Credential("id_card", card.id_number, card.name, card.valid_to, chip_verified=True)


@pytest.fixture
def kiosk(tmp_path: Path, served: RegionalService) -> Iterator[KioskServices]:
    k = kiosk_services(tmp_path / "kiosk", served.url, served.token, OfflinePolicy())
    yield k
    k.close()


@dataclass
class TwoKiosks:
    """Kiosk A reaches the service through a proxy the test can cut; kiosk B directly."""

    proxy: FaultProxy
    a: KioskServices
    b: KioskServices


@pytest.fixture
def two_kiosks(tmp_path: Path, served: RegionalService) -> Iterator[TwoKiosks]:
    proxy = FaultProxy(served.port)
    # A's acts happened ten minutes before B's: replayed late, they must still come first.
    a = kiosk_services(
        tmp_path / "a", proxy.url, served.token, OfflinePolicy(), acts_ago=dt.timedelta(minutes=10)
    )
    b = kiosk_services(
        tmp_path / "b", served.url, served.create_token("CQL-T2", "CQL"), OfflinePolicy()
    )
    try:
        yield TwoKiosks(proxy, a, b)
    finally:
        a.close()
        b.close()
        proxy.close()


# Where what is shown is the kiosk's own ordering (its journal holds an online act back, it looks
# a card up before replaying): the database cannot change that, and what the service then does
# with acts that arrive in order runs on both databases in the other tests here and in
# tests/regional.
KIOSK_SIDE = pytest.mark.parametrize("served", ["sqlite"], indirect=True)


def patron(kiosk: KioskServices, card) -> PatronContext:  # type: ignore[no-untyped-def]
    found = kiosk.circulation.identify(chip(card))
    assert found.ok and not found.offline and found.context is not None, found
    return found.context


def number(served: RegionalService, who: PatronContext) -> int:
    """The database's id of the patron behind the opaque id the kiosk was told."""
    assert who.patron is not None
    found: int = served.query("SELECT id FROM patrons WHERE public_id=?", who.patron.patron_id)[0][
        0
    ]
    return found


def back_online(kiosk: KioskServices) -> None:
    """What the sync worker's probe does when the service answers again, and nothing more:
    the kiosk is online, its pending acts not yet replayed."""
    for _ in range(2):  # online after two successes (hysteresis)
        kiosk.backend.health()
        kiosk.connectivity.success()
    assert kiosk.connectivity.state == Link.ONLINE


def open_loans(service: RegionalService, barcode: str) -> list[int]:
    rows = service.query(
        "SELECT patron_id FROM loans WHERE item_barcode=? AND returned_at IS NULL", barcode
    )
    return [r[0] for r in rows]


def loans_counted(service: RegionalService, patron_number: int) -> int:
    rows = service.query("SELECT active_loans FROM patrons WHERE id=?", patron_number)
    counted: int = rows[0][0]
    actual: int = service.query(
        "SELECT count(*) FROM loans WHERE patron_id=? AND returned_at IS NULL", patron_number
    )[0][0]
    assert counted == actual, f"patron {patron_number}: counter {counted}, open loans {actual}"
    return counted


def exceptions_of(service: RegionalService, txn_id: str) -> list[str]:
    rows = service.query("SELECT result FROM transactions WHERE txn_id=?", txn_id)
    assert rows, f"{txn_id} never reached the service"
    result = rows[0][0]
    if isinstance(result, str):  # SQLite hands JSON back as text
        result = json.loads(result)
    return [e["code"] for e in result["exceptions"]]


@KIOSK_SIDE
def test_a_borrow_waits_for_the_offline_return_of_its_copy(
    kiosk: KioskServices, served: RegionalService
) -> None:
    """1. Returned offline by one patron; another borrows it as soon as the service is back."""
    first, second = patron(kiosk, ZHANG_SAN), patron(kiosk, LI_SI)
    had = {p: loans_counted(served, number(served, p)) for p in (first, second)}
    book = served.available_items("CQL", 1)[0]
    assert kiosk.circulation.borrow(first, book).outcome == Outcome.DONE

    served.stop()
    returned = kiosk.circulation.return_item(book)
    assert returned.outcome == Outcome.PROVISIONAL and kiosk.connectivity.state == Link.OFFLINE
    served.start()
    back_online(kiosk)
    assert kiosk.journal.stats().pending == 1  # the return is still waiting

    lent = kiosk.circulation.borrow(patron(kiosk, LI_SI), book)
    assert (lent.outcome, lent.code) == (Outcome.DONE, "ok"), lent
    assert not lent.offline
    assert kiosk.journal.get(returned.txn_id).state == EntryState.ACCEPTED
    assert kiosk.journal.stats().pending == 0
    assert open_loans(served, book) == [number(served, second)]
    assert loans_counted(served, number(served, first)) == had[first]
    assert loans_counted(served, number(served, second)) == had[second] + 1
    assert exceptions_of(served, returned.txn_id) == []


@KIOSK_SIDE
def test_borrowing_again_what_you_returned_offline_leaves_you_one_loan(
    kiosk: KioskServices, served: RegionalService
) -> None:
    """2. The same patron borrows again the copy they returned offline a moment ago."""
    reader = patron(kiosk, ZHANG_SAN)
    had = loans_counted(served, number(served, reader))
    book = served.available_items("CDL", 1)[0]
    assert kiosk.circulation.borrow(reader, book).outcome == Outcome.DONE

    served.stop()
    returned = kiosk.circulation.return_item(book)
    assert returned.outcome == Outcome.PROVISIONAL
    served.start()
    back_online(kiosk)

    again = kiosk.circulation.borrow(patron(kiosk, ZHANG_SAN), book)
    assert (again.outcome, again.code) == (Outcome.DONE, "ok"), again
    assert open_loans(served, book) == [number(served, reader)]
    assert loans_counted(served, number(served, reader)) == had + 1
    # The first loan ended at the return, and the open one began after it.
    rows = served.query(
        "SELECT borrowed_at, returned_at FROM loans WHERE item_barcode=? ORDER BY id", book
    )
    assert len(rows) == 2 and rows[0][1] is not None and rows[1][1] is None
    assert str(rows[0][1]) <= str(rows[1][0])
    # Replaying the journal now sends nothing more and changes nothing.
    assert Replayer(kiosk.journal, kiosk.backend, 100).run_once().settled == 0
    assert open_loans(served, book) == [number(served, reader)]


def test_an_offline_return_replayed_after_another_kiosks_borrow_leaves_that_loan_open(
    two_kiosks: TwoKiosks, served: RegionalService
) -> None:
    """3. Two kiosks: A takes back a copy while cut off from the service; B lends the copy
    online; A's return arrives afterwards and must not end B's loan."""
    proxy, a, b = two_kiosks.proxy, two_kiosks.a, two_kiosks.b
    book = served.available_items("CQL", 1)[0]
    proxy.mode = "drop_before"  # kiosk A's line to the service is cut
    returned = a.circulation.return_item(book)  # a copy read in the library, put back
    assert returned.outcome == Outcome.PROVISIONAL

    borrower = patron(b, LI_SI)
    had = loans_counted(served, number(served, borrower))
    lent = b.circulation.borrow(borrower, book)
    assert lent.outcome == Outcome.DONE, lent

    proxy.mode = "pass"
    assert Replayer(a.journal, a.backend, 100).run_once().clean
    entry = a.journal.get(returned.txn_id)
    assert entry is not None and entry.state == EntryState.CONFLICT  # for staff
    assert exceptions_of(served, returned.txn_id) == ["return_after_loan_replaced"]
    assert open_loans(served, book) == [number(served, borrower)]
    assert loans_counted(served, number(served, borrower)) == had + 1
    assert served.query("SELECT status FROM items WHERE barcode=?", book)[0][0] == "on_loan"


def test_an_offline_borrow_and_return_replayed_after_another_kiosks_borrow_change_nothing(
    two_kiosks: TwoKiosks, served: RegionalService
) -> None:
    """3b. Kiosk A, cut off, lends a copy and takes it back; kiosk B then lends it online.
    A's borrow and return arrive afterwards: B's loan stays, and A's patron owes nothing."""
    proxy, a, b = two_kiosks.proxy, two_kiosks.a, two_kiosks.b
    book = served.available_items("CDL", 1)[0]
    proxy.mode = "drop_before"
    offline = a.circulation.identify(chip(ZHANG_SAN))
    assert offline.offline and offline.context is not None
    lent_a = a.circulation.borrow(offline.context, book, 0)
    back_a = a.circulation.return_item(book)
    assert [lent_a.outcome, back_a.outcome] == [Outcome.PROVISIONAL] * 2

    borrower = patron(b, LI_SI)
    had = loans_counted(served, number(served, borrower))
    assert b.circulation.borrow(borrower, book).outcome == Outcome.DONE

    proxy.mode = "pass"
    assert Replayer(a.journal, a.backend, 100).run_once().clean
    assert exceptions_of(served, lent_a.txn_id) == ["offline_borrow_before_newer_loan"]
    assert exceptions_of(served, back_a.txn_id) == ["return_after_loan_replaced"]
    assert open_loans(served, book) == [number(served, borrower)]
    assert loans_counted(served, number(served, borrower)) == had + 1
    first = patron(b, ZHANG_SAN)  # A's patron has no loan of the copy
    assert all(loan.item.barcode != book for loan in first.patron.loans)
    assert loans_counted(served, number(served, first)) == len(first.patron.loans)


def test_a_void_the_service_refuses_as_too_late_is_settled_for_staff(
    kiosk: KioskServices, served: RegionalService
) -> None:
    reader = patron(kiosk, ZHANG_SAN)
    book = served.available_items("CQL", 1)[0]
    lent = kiosk.circulation.borrow(reader, book)
    assert lent.outcome == Outcome.DONE and lent.txn_id is not None
    kiosk.journal.tell(lent.txn_id, Told.NOT_DONE)  # e.g. the screen never showed it: undo it
    served.execute(
        "UPDATE transactions SET received_at = received_at - INTERVAL '25 hours' WHERE txn_id=?"
        if served.database_url.startswith("postgresql")
        else "UPDATE transactions SET received_at = datetime(received_at, '-25 hours') "
        "WHERE txn_id=?",
        lent.txn_id,
    )
    assert Replayer(kiosk.journal, kiosk.backend, 100).run_once().clean  # not stuck on it
    entry = kiosk.journal.get(lent.txn_id)
    assert entry is not None and entry.state == EntryState.CONFLICT
    assert entry.result_code == "void_refused:void_too_late" and not entry.void_requested
    assert open_loans(served, book) == [number(served, reader)]  # the act stands, for staff to undo


@KIOSK_SIDE
def test_a_first_time_card_holders_offline_borrow_is_recorded_after_replay(
    kiosk: KioskServices, served: RegionalService
) -> None:
    """The service registers a card only in a lookup: the kiosk looks the card up (with the
    chip block it kept) before replaying the offline borrow."""
    newcomer = card_for(make_id_number("510104", dt.date(1990, 3, 3), 123))
    book = served.available_items("CDL", 1)[0]
    served.stop()
    offline = kiosk.circulation.identify(chip(newcomer))
    assert offline.offline and offline.context is not None
    lent = kiosk.circulation.borrow(offline.context, book, 0)
    assert lent.outcome == Outcome.PROVISIONAL
    served.start()
    assert Replayer(kiosk.journal, kiosk.backend, 100).run_once().clean
    entry = kiosk.journal.get(lent.txn_id or "")
    assert entry is not None and entry.state == EntryState.ACCEPTED, entry
    back_online(kiosk)
    holder = patron(kiosk, newcomer)
    assert holder.patron is not None and not holder.patron.registered_now
    assert open_loans(served, book) == [number(served, holder)]
