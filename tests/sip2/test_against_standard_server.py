"""The connection against sip2_library/'s standard server (pysip2 from PyPI, another
hand's code): error detection required, login required, checksums both ways, 96 and faults."""

from __future__ import annotations

import datetime as dt
import gc
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import OutcomeUnknown
from kiosk.backend.sip2.codec import ChecksumState, format_sip_date
from kiosk.backend.sip2.connection import ConnectionSettings, SipConnection
from kiosk.backend.sip2.dialect import dialect
from kiosk.backend.sip2.messages import MessageCode, SummaryItem, summary

pytest.importorskip("pysip2")

from sip2_library.library import LibrarySystem
from sip2_library.seed import (
    HOME,
    ITEMS,
    LOGIN_PASSWORD,
    LOGIN_USER,
    PATRONS,
    seed_library,
)
from sip2_library.standard_server import StandardSip2Server

SC_STATUS = {"status_code": "0", "max_print_width": "080", "protocol_version": "2.00"}
STANDARD = dialect("standard")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[StandardSip2Server]:
    library = LibrarySystem(tmp_path / "library.db")
    seed_library(library)
    acs = StandardSip2Server(library, institution=HOME, accounts={LOGIN_USER: LOGIN_PASSWORD})
    acs.start()
    yield acs
    acs.stop()
    # pysip2 0.1.0's App.start() cancels its listener's task without closing the listener
    # socket (pysip2/server.py, start): collect it here, where that leak is known, rather than
    # let its ResourceWarning land on whichever test runs next.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def login(conn: SipConnection) -> None:
    answer = conn.request(
        MessageCode.LOGIN,
        {"uid_algorithm": "0", "pwd_algorithm": "0"},
        {"CN": LOGIN_USER, "CO": LOGIN_PASSWORD, "CP": "lobby"},
    )
    assert answer.fixed["ok"] == "1"


def open_conn(server: StandardSip2Server) -> SipConnection:
    settings = ConnectionSettings("127.0.0.1", server.port, answer_timeout_s=5.0)
    return SipConnection(settings, STANDARD, on_connect=login).open()


def now() -> str:
    return format_sip_date(dt.datetime.now())


def test_status_patron_checkout_and_checkin(server: StandardSip2Server) -> None:
    with open_conn(server) as conn:
        status = conn.request(MessageCode.SC_STATUS, SC_STATUS)
        assert status.checksum is ChecksumState.OK and status.fixed["online_status"] == "Y"
        patron = conn.request(
            MessageCode.PATRON_INFORMATION,
            {
                "language": "001",
                "transaction_date": now(),
                "summary": summary(SummaryItem.CHARGED_ITEMS),
            },
            {"AO": HOME, "AA": PATRONS.borrower, "AD": PATRONS.borrower_pin},
        )
        assert patron.checksum is ChecksumState.OK
        assert ITEMS.on_loan_normal in patron.all("AU")
        checkout = conn.request(
            MessageCode.CHECKOUT,
            {
                "sc_renewal_policy": "Y",
                "no_block": "N",
                "transaction_date": now(),
                # Required as a date: pysip2 refuses 18 blanks; the 3M guide's own example
                # repeats the transaction date here.
                "nb_due_date": now(),
            },
            {"AO": HOME, "AA": PATRONS.normal, "AB": ITEMS.available, "AD": PATRONS.normal_pin},
        )
        assert checkout.fixed["ok"] == "1"
        checkin = conn.request(
            MessageCode.CHECKIN,
            {"no_block": "N", "transaction_date": now(), "return_date": now()},
            {"AP": "lobby", "AO": HOME, "AB": ITEMS.available},
        )
        assert checkin.fixed["ok"] == "1"
        assert conn.mismatch is None


def test_faults_of_the_standard_server(server: StandardSip2Server) -> None:
    item_info = ({"transaction_date": now()}, {"AO": HOME, "AB": ITEMS.available})
    with open_conn(server) as conn:
        server.faults.answer_96()
        assert conn.request(MessageCode.ITEM_INFORMATION, *item_info).checksum is ChecksumState.OK
        # (Its corrupt_checksums knob is left out: the server keeps the corrupted copy as the
        # reply to resend, so a 97 gets the same bad frame; tests/sip2/test_connection.py
        # covers bad checksum → 97 with a server that resends a good one.)
        server.faults.drop_mid_reply()
        with pytest.raises(OutcomeUnknown):
            conn.request(MessageCode.ITEM_INFORMATION, *item_info)
        answer = conn.request(MessageCode.ITEM_INFORMATION, *item_info)
        assert answer.fixed["circulation_status"] == "03"
