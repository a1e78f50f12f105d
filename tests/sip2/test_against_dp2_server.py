"""The connection against the dp2-dialect library system of sip2_library/ (written by
another hand from dp2's source): login in GBK, dp2 checksums, AY4, OI.barcode, faults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.backend.errors import OutcomeUnknown
from kiosk.backend.sip2.codec import BLANK_SIP_DATE, ChecksumState, format_sip_date
from kiosk.backend.sip2.connection import ConnectionSettings, SipConnection
from kiosk.backend.sip2.dialect import Dialect, dialect
from kiosk.backend.sip2.messages import MessageCode, SummaryItem, summary
from sip2_library.dp2_server import Dp2Account, Dp2Sip2Server
from sip2_library.library import LibrarySystem
from sip2_library.seed import HOME, ITEMS, LOGIN_PASSWORD, LOGIN_USER, PATRONS, seed_library

SC_STATUS = {"status_code": "0", "max_print_width": "080", "protocol_version": "2.00"}
DP2 = dialect("dp2")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Dp2Sip2Server]:
    library = LibrarySystem(tmp_path / "library.db")
    seed_library(library)
    dp2 = Dp2Sip2Server(library, accounts={LOGIN_USER: Dp2Account(LOGIN_PASSWORD, HOME)})
    dp2.start()
    yield dp2
    dp2.stop()


def login(conn: SipConnection) -> None:
    answer = conn.request(
        MessageCode.LOGIN,
        {"uid_algorithm": "0", "pwd_algorithm": "0"},
        {"CN": LOGIN_USER, "CO": LOGIN_PASSWORD, "CP": "自助机"},
    )
    assert answer.fixed["ok"] == "1"


def open_conn(server: Dp2Sip2Server, d: Dialect = DP2, **kw: float) -> SipConnection:
    settings = ConnectionSettings("127.0.0.1", server.port, answer_timeout_s=5.0, **kw)  # type: ignore[arg-type]
    return SipConnection(settings, d, on_connect=login if d is DP2 else None).open()


def now() -> str:
    return format_sip_date(dt.datetime.now())


def test_status_patron_and_checkout_in_the_dp2_dialect(server: Dp2Sip2Server) -> None:
    with open_conn(server) as conn:
        assert conn.logged_in
        status = conn.request(MessageCode.SC_STATUS, SC_STATUS)
        assert (status.checksum, status.sequence) == (ChecksumState.OK, 4)
        patron = conn.request(
            MessageCode.PATRON_INFORMATION,
            {
                "language": "019",
                "transaction_date": now(),
                "summary": summary(SummaryItem.CHARGED_ITEMS),
            },
            {"AO": HOME, "AA": PATRONS.borrower, "AD": PATRONS.borrower_pin},
        )
        assert patron.fixed["charged_items_count"] == "0003"
        assert f"{HOME}.{ITEMS.on_loan_normal}" in patron.all("AU")
        checkout = conn.request(
            MessageCode.CHECKOUT,
            {
                "sc_renewal_policy": "Y",
                "no_block": "N",
                "transaction_date": now(),
                "nb_due_date": BLANK_SIP_DATE,
            },
            {"AO": HOME, "AA": PATRONS.normal, "AB": DP2.item_identifier(ITEMS.available, HOME)},
        )
        assert checkout.fixed["ok"] == "1"
        assert DP2.parse_date(checkout.first("AH")) is not None  # yyyy-MM-dd
        assert conn.mismatch is None


def test_faults_of_the_dp2_server(server: Dp2Sip2Server) -> None:
    item_info = ({"transaction_date": now()}, {"AO": HOME, "AB": f"{HOME}.{ITEMS.available}"})
    with open_conn(server) as conn:
        server.faults.corrupt_checksums()  # answered by asking again with 96, as dp2 wants
        assert conn.request(MessageCode.ITEM_INFORMATION, *item_info).checksum is ChecksumState.OK
        server.faults.drop_mid_reply()
        with pytest.raises(OutcomeUnknown):
            conn.request(MessageCode.ITEM_INFORMATION, *item_info)
        # The next request reconnects and logs in again.
        answer = conn.request(MessageCode.ITEM_INFORMATION, *item_info)
        assert answer.fixed["circulation_status"] == "03" and conn.logged_in


def test_a_standard_kiosk_pointed_at_dp2_is_told(server: Dp2Sip2Server) -> None:
    with open_conn(server, dialect("standard"), max_resends=0) as conn:
        for _ in range(3):
            with pytest.raises(OutcomeUnknown):
                conn.request(MessageCode.SC_STATUS, SC_STATUS)
        assert conn.mismatch == (
            "checksum mismatch on every reply — is this a dp2 server? set dialect = dp2"
        )
