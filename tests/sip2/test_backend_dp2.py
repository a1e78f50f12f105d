"""The SIP2 backend with dialect = "dp2" against a server that speaks as dp2's SIP server does
(sip2_library/dp2_server.py, written from dp2's public source): GBK before login, its own
checksum and fixed sequence, yyyy-MM-dd dates, OI.barcode item ids, Chinese screen messages,
first-use registration of a resident ID card by 81/82, and no-block and dates it ignores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import ServiceRefused
from kiosk.backend.port import TxnRequest
from kiosk.backend.sip2.backend import DATED_AT_REPLAY, Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.backend.types import TxnStatus
from kiosk.domain import ActKind, Credential
from patron_identity.kinds import CredentialKind
from sip2_library.dp2_server import Dp2Account, Dp2Sip2Server
from sip2_library.library import EventKind, LibrarySystem
from sip2_library.seed import HOME, ITEMS, LOGIN_PASSWORD, LOGIN_USER, PATRONS, seed_library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[LibrarySystem]:
    system = LibrarySystem(tmp_path / "dp2.db")
    seed_library(system)
    yield system
    system.close()


@pytest.fixture
def server(library: LibrarySystem) -> Iterator[Dp2Sip2Server]:
    account = Dp2Account(password=LOGIN_PASSWORD, institution=HOME)
    with Dp2Sip2Server(library, accounts={LOGIN_USER: account}) as running:
        yield running


@pytest.fixture
def backend(server: Dp2Sip2Server) -> Iterator[Sip2Backend]:
    settings = Sip2Settings(
        host=server.host,
        port=server.port,
        login_user=LOGIN_USER,
        login_password=LOGIN_PASSWORD,
        institution_id=HOME,
        location_code=HOME,
        dialect="dp2",
        answer_timeout_ms=3000,
    )
    made = Sip2Backend(settings)
    yield made
    made.close()


def resident(number: str = PATRONS.resident_id) -> Credential:
    return Credential(
        CredentialKind.ID_CARD,
        number,
        name="王小明",
        valid_to=dt.date(2040, 1, 1),
        chip_verified=True,
    )


def test_a_wrong_pin_is_told_from_an_unknown_card(backend: Sip2Backend) -> None:
    """dp2 answers both as "card number or password not right" (BL N): the patron who mistyped
    the PIN is asked for it again, not told the card is unknown."""
    with pytest.raises(ServiceRefused) as wrong:
        backend.lookup_patron(Credential(CredentialKind.LIBRARY_CARD, PATRONS.normal), "0000")
    assert wrong.value.code == "pin_invalid"
    with pytest.raises(ServiceRefused) as unknown:
        backend.lookup_patron(Credential(CredentialKind.LIBRARY_CARD, "29999999999999"), "1234")
    assert unknown.value.code == "patron_not_found"
    patron = backend.lookup_patron(
        Credential(CredentialKind.LIBRARY_CARD, PATRONS.normal), PATRONS.normal_pin
    )
    assert patron.display_name == "张*"


def test_login_in_gbk_and_status(backend: Sip2Backend) -> None:
    health = backend.health()
    assert health.status == "ok"
    assert backend.mismatch is None  # dp2's checksums verify under the dp2 dialect


def test_a_resident_id_card_registers_on_first_use(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    assert library.patron(PATRONS.resident_id) is None
    patron = backend.lookup_patron(resident())
    assert patron.registered_now and patron.display_name == "王**"
    assert library.patron(PATRONS.resident_id) is not None
    assert library.count_events(EventKind.REGISTRATION) == 1
    again = backend.lookup_patron(resident())
    assert not again.registered_now
    assert library.count_events(EventKind.REGISTRATION) == 1


def test_borrow_and_return_with_dp2s_dates_and_item_ids(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    patron = backend.lookup_patron(resident())
    assert patron.session is not None
    borrowed = backend.submit(
        TxnRequest(
            "d1", ActKind.BORROW, ITEMS.available, dt.datetime.now(), session=patron.session.id
        )
    )
    assert borrowed.accepted and borrowed.due is not None and borrowed.due > dt.date.today()
    loan = library.loan(ITEMS.available)
    assert loan is not None and loan.patron_barcode == PATRONS.resident_id
    returned = backend.submit(TxnRequest("d2", ActKind.RETURN, ITEMS.available, dt.datetime.now()))
    assert returned.accepted and library.loan(ITEMS.available) is None


def test_a_refusal_keeps_dp2s_own_words(backend: Sip2Backend) -> None:
    patron = backend.lookup_patron(resident())
    assert patron.session is not None
    refused = backend.submit(
        TxnRequest(
            "d3", ActKind.BORROW, ITEMS.on_loan_normal, dt.datetime.now(), session=patron.session.id
        )
    )
    assert refused.status == TxnStatus.REJECTED and refused.code == "item_on_loan_to_other"
    assert "已被其他读者借阅" in refused.detail  # dp2's screen messages are patron-friendly
    assert refused.patron_message == refused.detail
    assert refused.patron_message_language == "zh_CN"


def test_an_offline_borrow_is_dated_at_replay_and_says_so(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    """dp2 ignores no-block and the original date: the act still goes, and the outcome says
    the library system dated it at replay time (the journal keeps that for the sync page)."""
    backend.lookup_patron(resident())  # registered earlier, online
    three_hours_ago = dt.datetime.now() - dt.timedelta(hours=3)
    outcome = backend.submit(
        TxnRequest(
            "d4",
            ActKind.BORROW,
            ITEMS.available_2,
            three_hours_ago,
            credential=resident(),
            offline=True,
        )
    )
    assert outcome.accepted and outcome.detail == DATED_AT_REPLAY
    assert outcome.raw.get(DATED_AT_REPLAY) is True
    (event,) = library.events(EventKind.CHECKOUT, ITEMS.available_2)
    assert event.effective_at > three_hours_ago + dt.timedelta(hours=2)


def test_the_journal_keeps_that_dp2_dated_an_offline_borrow_at_replay(
    tmp_path: Path, backend: Sip2Backend, library: LibrarySystem
) -> None:
    from kiosk.backend.types import DATED_AT_REPLAY as NOTE
    from kiosk.core.circulation import Circulation
    from kiosk.core.connectivity import ConnectivityMonitor
    from kiosk.core.results import Outcome
    from kiosk.core.settings import OfflinePolicy
    from kiosk.domain import EntryState
    from kiosk.store.journal import Journal
    from kiosk.sync.replay import Replayer

    journal = Journal(tmp_path / "journal.db")
    journal.open()
    try:
        link = ConnectivityMonitor()
        circulation = Circulation(journal, backend, link, OfflinePolicy())
        who = circulation.identify(resident()).context  # online: registered by 81
        assert who is not None
        link.failure("network down")  # then the network goes
        result = circulation.borrow(who, ITEMS.available_2)
        assert result.outcome == Outcome.PROVISIONAL
        assert Replayer(journal, backend, batch_size=10).run_once().clean
        entry = journal.get(result.txn_id or "")
        assert entry is not None
        assert (entry.state, entry.result_code) == (EntryState.ACCEPTED, NOTE)
        assert library.count_events(EventKind.CHECKOUT, ITEMS.available_2) == 1
    finally:
        journal.close()


def test_a_replayed_return_of_a_reserved_book_still_checks_it_in(
    backend: Sip2Backend, library: LibrarySystem
) -> None:
    """dp2 reports any reserved item as 08 (waiting on hold shelf) even while it is out on
    loan: the replay's question must read the due date, not take 08 for 'already back'."""
    assert library.loan(ITEMS.hold_here) is not None  # on loan, and a reader waits for it
    outcome = backend.submit(
        TxnRequest("d5", ActKind.RETURN, ITEMS.hold_here, dt.datetime.now(), offline=True)
    )
    assert outcome.accepted and not outcome.replayed
    assert library.loan(ITEMS.hold_here) is None
    assert library.count_events(EventKind.CHECKIN, ITEMS.hold_here) == 1
