"""Journal first over SIP2: the kiosk's Circulation and Replayer with the SIP2 backend against
pysip2's server over SQLite. A lost answer, a server that is down, a restart: every act lands
once, and the server's own database shows no checkout turned into a renewal by a replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.core.circulation import Circulation
from kiosk.core.connectivity import ConnectivityMonitor
from kiosk.core.results import Outcome
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import Credential, EntryState
from kiosk.store.journal import Journal
from kiosk.sync.replay import Replayer
from patron_identity.kinds import CredentialKind
from sip2_library.library import EventKind, LibrarySystem, Policy
from sip2_library.seed import HOME, ITEMS, LOGIN_PASSWORD, LOGIN_USER, PATRONS, seed_library
from sip2_library.standard_server import StandardSip2Server
from tests.helpers import wait_until


class Kiosk:
    """The Qt-free kiosk parts over one SIP2 backend."""

    def __init__(self, tmp_path: Path, server: StandardSip2Server) -> None:
        self.journal = Journal(tmp_path / "journal.db")
        self.journal.open()
        self.backend = Sip2Backend(
            Sip2Settings(
                host=server.host,
                port=server.port,
                login_user=LOGIN_USER,
                login_password=LOGIN_PASSWORD,
                institution_id=HOME,
                location_code=HOME,
                connect_timeout_ms=1000,
                answer_timeout_ms=2000,
            )
        )
        self.connectivity = ConnectivityMonitor()
        self.circulation = Circulation(
            self.journal, self.backend, self.connectivity, OfflinePolicy(max_items_per_patron=5)
        )
        self.replayer = Replayer(self.journal, self.backend, batch_size=10)

    def close(self) -> None:
        self.backend.close()
        self.journal.close()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[LibrarySystem]:
    # PINs are for library cards at the kiosk; offline the card alone names the patron.
    system = LibrarySystem(tmp_path / "ils.db", Policy(pin_required=False))
    seed_library(system)
    yield system
    system.close()


@pytest.fixture
def server(library: LibrarySystem) -> Iterator[StandardSip2Server]:
    with StandardSip2Server(
        library, institution=HOME, accounts={LOGIN_USER: LOGIN_PASSWORD}
    ) as running:
        yield running


@pytest.fixture
def kiosk(tmp_path: Path, server: StandardSip2Server) -> Iterator[Kiosk]:
    made = Kiosk(tmp_path, server)
    yield made
    made.close()


def library_card() -> Credential:
    return Credential(CredentialKind.LIBRARY_CARD, PATRONS.borrower)


def resident(library: LibrarySystem) -> Credential:
    """A resident ID card read from its chip, of a patron the library system knows."""
    library.register(PATRONS.resident_id, PATRONS.resident_id, "王小明", "", HOME)
    return Credential(
        CredentialKind.ID_CARD,
        PATRONS.resident_id,
        name="王小明",
        valid_to=dt.date(2040, 1, 1),
        chip_verified=True,
    )


def test_a_lost_checkout_answer_is_resolved_by_asking_not_by_sending_again(
    kiosk: Kiosk, server: StandardSip2Server, library: LibrarySystem
) -> None:
    """A chip-read ID card may borrow offline: the act stands as provisional; its replay asks
    the system (63 charged items), finds it applied, and sends no second checkout (which this
    system, as many do, would take as a renewal)."""
    who = kiosk.circulation.identify(resident(library)).context
    assert who is not None
    server.faults.drop_mid_reply()  # the checkout is applied; its answer never arrives
    result = kiosk.circulation.borrow(who, ITEMS.available)
    assert result.outcome == Outcome.PROVISIONAL
    wait_until(lambda: kiosk.replayer.run_once().clean, what="the replay")
    assert library.count_events(EventKind.CHECKOUT, ITEMS.available) == 1
    assert library.count_events(EventKind.RENEWAL, ITEMS.available) == 0
    entry = kiosk.journal.get(result.txn_id or "")
    assert entry is not None and entry.state == EntryState.ACCEPTED


def test_a_checkout_the_patron_was_told_failed_is_undone_while_still_theirs(
    kiosk: Kiosk, server: StandardSip2Server, library: LibrarySystem
) -> None:
    """A library card may not borrow offline: the patron is told the book was not borrowed, so
    the applied checkout is voided: checked in, because it is still charged to that patron."""
    who = kiosk.circulation.identify(library_card(), PATRONS.borrower_pin).context
    assert who is not None
    server.faults.drop_mid_reply()
    result = kiosk.circulation.borrow(who, ITEMS.available)
    assert result.outcome != Outcome.PROVISIONAL and result.outcome != Outcome.DONE
    wait_until(lambda: kiosk.replayer.run_once().clean, what="the void")
    assert library.count_events(EventKind.CHECKOUT, ITEMS.available) == 1
    assert library.count_events(EventKind.CHECKIN, ITEMS.available) == 1
    assert library.loan(ITEMS.available) is None
    entry = kiosk.journal.get(result.txn_id or "")
    assert entry is not None and entry.state == EntryState.VOIDED


def test_acts_while_the_server_is_down_replay_once_after_it_is_back(
    kiosk: Kiosk, server: StandardSip2Server, library: LibrarySystem
) -> None:
    server.stop()
    returned = kiosk.circulation.return_item(ITEMS.on_loan_normal)
    assert returned.outcome == Outcome.PROVISIONAL
    assert kiosk.replayer.run_once().error is not None  # still down: nothing settled
    server.start()
    wait_until(lambda: kiosk.replayer.run_once().clean, what="the replay once it is back")
    assert kiosk.replayer.run_once().clean  # a second pass sends nothing
    assert library.count_events(EventKind.CHECKIN, ITEMS.on_loan_normal) == 1
    assert library.loan(ITEMS.on_loan_normal) is None
