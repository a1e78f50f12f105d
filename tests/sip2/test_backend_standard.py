"""The SIP2 backend against a library system nobody on the kiosk's side wrote: pysip2's server
(PyPI) with its handlers over a SQLite database (sip2_library/), standard dialect, login
and error detection required. Each act is checked on the server's own database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import OutcomeUnknown, ServiceRefused
from kiosk.backend.port import TxnRequest
from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.backend.types import TxnStatus
from kiosk.domain import ActKind, Credential
from patron_identity.kinds import CredentialKind
from sip2_library.library import EventKind, LibrarySystem
from sip2_library.seed import (
    HOME,
    ITEMS,
    LOGIN_PASSWORD,
    LOGIN_USER,
    OTHER,
    PATRONS,
    seed_library,
)
from sip2_library.standard_server import StandardSip2Server


@pytest.fixture
def library(tmp_path: Path) -> Iterator[LibrarySystem]:
    system = LibrarySystem(tmp_path / "ils.db")
    seed_library(system)
    yield system
    system.close()


@pytest.fixture
def server(library: LibrarySystem) -> Iterator[StandardSip2Server]:
    with StandardSip2Server(
        library, institution=HOME, accounts={LOGIN_USER: LOGIN_PASSWORD}, error_detection=True
    ) as running:
        yield running


def settings(server: StandardSip2Server, **more: object) -> Sip2Settings:
    values: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "login_user": LOGIN_USER,
        "login_password": LOGIN_PASSWORD,
        "institution_id": HOME,
        "location_code": HOME,
        "answer_timeout_ms": 3000,
    }
    values.update(more)
    return Sip2Settings.model_validate(values)


@pytest.fixture
def backend(server: StandardSip2Server) -> Iterator[Sip2Backend]:
    made = Sip2Backend(settings(server))
    yield made
    made.close()


def card(number: str) -> Credential:
    return Credential(CredentialKind.LIBRARY_CARD, number)


def act(kind: ActKind, barcode: str, *, session: str | None = None, **more: object) -> TxnRequest:
    return TxnRequest(
        f"t-{kind}-{barcode}-{session or more.get('offline', '')}",
        kind,
        barcode,
        dt.datetime.now(),
        session=session,
        **more,  # type: ignore[arg-type]
    )


def test_status_is_the_health_probe(backend: Sip2Backend) -> None:
    health = backend.health()
    assert health.status == "ok" and health.version.startswith("sip2")
    assert (
        health.time is not None
        and abs((health.time - dt.datetime.now().astimezone()).total_seconds()) < 120
    )


def test_a_library_card_needs_its_pin_and_a_wrong_one_is_refused(backend: Sip2Backend) -> None:
    with pytest.raises(ServiceRefused) as needed:
        backend.lookup_patron(card(PATRONS.normal))
    assert needed.value.code == "pin_required"
    with pytest.raises(ServiceRefused) as wrong:
        backend.lookup_patron(card(PATRONS.normal), "0000")
    assert wrong.value.code == "pin_invalid"
    patron = backend.lookup_patron(card(PATRONS.normal), PATRONS.normal_pin)
    assert patron.display_name == "张*" and patron.session is not None
    assert {loan.item.barcode for loan in patron.loans} == {ITEMS.hold_here, ITEMS.hold_elsewhere}
    assert all(loan.item.title != loan.item.barcode for loan in patron.loans)  # titles by 17


def test_an_unknown_card_is_patron_not_found(backend: Sip2Backend) -> None:
    with pytest.raises(ServiceRefused) as unknown:
        backend.lookup_patron(card("29999999999999"), "1234")
    assert unknown.value.code == "patron_not_found"


def test_blocks_and_fines_come_from_the_patron_status(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    library.policy.pin_required = False
    fines = backend.lookup_patron(card(PATRONS.fines), "x")
    assert [b.code for b in fines.blocks] == ["fines_over_limit"] and fines.fines_cents == 2550
    blocked = backend.lookup_patron(card(PATRONS.blocked), "x")
    assert [b.code for b in blocked.blocks] == ["manual_block"]


def test_borrow_return_with_routing_and_renew(backend: Sip2Backend, library: LibrarySystem) -> None:
    patron = backend.lookup_patron(card(PATRONS.borrower), PATRONS.borrower_pin)
    assert patron.session is not None
    session = patron.session.id
    borrowed = backend.submit(act(ActKind.BORROW, ITEMS.available, session=session))
    assert borrowed.status == TxnStatus.ACCEPTED and borrowed.due is not None
    assert library.loan(ITEMS.available) is not None
    renewed = backend.submit(act(ActKind.RENEW, ITEMS.on_loan_normal, session=session))
    assert renewed.status == TxnStatus.ACCEPTED
    assert library.count_events(EventKind.RENEWAL, ITEMS.on_loan_normal) == 1
    refused = backend.submit(act(ActKind.RENEW, ITEMS.renewal_limit, session=session))
    assert refused.status == TxnStatus.REJECTED and refused.code == "renew_limit_reached"
    shelved = backend.submit(act(ActKind.RETURN, ITEMS.available))
    assert shelved.accepted and shelved.routing is not None and shelved.routing.action == "shelve"
    hold_here = backend.submit(act(ActKind.RETURN, ITEMS.hold_here))
    assert hold_here.routing is not None and hold_here.routing.action == "hold_shelf"
    hold_there = backend.submit(act(ActKind.RETURN, ITEMS.hold_elsewhere))
    assert hold_there.routing is not None and (
        hold_there.routing.action,
        hold_there.routing.library,
    ) == ("transit", OTHER)
    backend.end_session(session)


def test_checkout_refusals_say_why(backend: Sip2Backend, library: LibrarySystem) -> None:
    patron = backend.lookup_patron(card(PATRONS.normal), PATRONS.normal_pin)
    assert patron.session is not None
    session = patron.session.id
    cases = {
        ITEMS.missing_barcode: "item_not_found",
        ITEMS.on_loan_normal: "item_on_loan_to_other",
        ITEMS.held_for_other: "item_on_hold_for_other",
        ITEMS.hold_here: "already_borrowed_by_you",  # not silently renewed
    }
    for barcode, code in cases.items():
        outcome = backend.submit(act(ActKind.BORROW, barcode, session=session))
        assert (outcome.status, outcome.code) == (TxnStatus.REJECTED, code), barcode
    assert library.count_events(EventKind.RENEWAL, ITEMS.hold_here) == 0


def test_a_replayed_checkout_that_took_effect_is_not_sent_again(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    """The first sending was applied and its answer lost: the replay asks first (63) and does
    not send a second checkout, which this system would take as a renewal."""
    patron = backend.lookup_patron(card(PATRONS.borrower), PATRONS.borrower_pin)
    assert patron.session is not None
    first = backend.submit(act(ActKind.BORROW, ITEMS.available_2, session=patron.session.id))
    assert first.accepted
    library.policy.pin_required = False  # offline the card is all the kiosk has
    replay = backend.submit(
        act(ActKind.BORROW, ITEMS.available_2, offline=True, credential=card(PATRONS.borrower))
    )
    assert replay.accepted and replay.replayed
    assert library.count_events(EventKind.CHECKOUT, ITEMS.available_2) == 1
    assert library.count_events(EventKind.RENEWAL, ITEMS.available_2) == 0


def test_a_dropped_answer_is_outcome_unknown(
    backend: Sip2Backend, server: StandardSip2Server
) -> None:
    backend.health()
    server.faults.drop_mid_reply()
    with pytest.raises(OutcomeUnknown):
        backend.submit(act(ActKind.RETURN, ITEMS.on_loan_second))
    replay = backend.submit(act(ActKind.RETURN, ITEMS.on_loan_second, offline=True))
    assert replay.accepted and replay.replayed  # it had been applied: asked, not re-sent


def test_a_reply_with_a_bad_checksum_is_asked_for_again(
    backend: Sip2Backend, server: StandardSip2Server, library: LibrarySystem
) -> None:
    """The backend sends 97 for a corrupted reply and takes the good one sent again: the
    checkin happened once and the answer is whole."""
    backend.health()
    server.faults.corrupt_checksums()
    returned = backend.submit(act(ActKind.RETURN, ITEMS.on_loan_second))
    assert returned.accepted and returned.routing is not None
    assert library.count_events(EventKind.CHECKIN, ITEMS.on_loan_second) == 1


def test_a_96_makes_the_backend_send_its_request_again(
    backend: Sip2Backend, server: StandardSip2Server, library: LibrarySystem
) -> None:
    backend.health()
    server.faults.answer_96()
    returned = backend.submit(act(ActKind.RETURN, ITEMS.on_loan_second))
    assert returned.accepted
    assert library.count_events(EventKind.CHECKIN, ITEMS.on_loan_second) == 1


def test_a_slow_server_is_outcome_unknown_within_the_bounded_wait(
    server: StandardSip2Server,
) -> None:
    hurried = Sip2Backend(settings(server, answer_timeout_ms=300))
    try:
        hurried.health()
        server.faults.delay = 1.0
        with pytest.raises(OutcomeUnknown):
            hurried.submit(act(ActKind.RETURN, ITEMS.on_loan_second))
    finally:
        server.faults.clear()
        hurried.close()
