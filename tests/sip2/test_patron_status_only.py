"""A library system whose 98 says it takes patron status (23) but not patron information (63):
the kiosk identifies patrons by 23, says their loans cannot be shown here, and sends no 35
to a system that does not take it. A scripted server on loopback (tests/sip2/sip_server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.backend.sip2.backend import Sip2Backend
from kiosk.backend.sip2.codec import decode, encode, format_sip_date
from kiosk.backend.sip2.messages import MessageCode
from kiosk.backend.sip2.settings import Sip2Settings
from kiosk.domain import Credential
from patron_identity.kinds import CredentialKind
from tests.sip2.sip_server import ScriptedSipServer

NOW = format_sip_date(__import__("datetime").datetime(2026, 12, 4, 10, 0))
# Everything but patron information (position 7) and end patron session (position 8).
BX = "YYYNYNYNNNYNNNYN"


def answer(frame: bytes) -> list[bytes]:
    request = decode(frame)
    code = request.code
    if code is MessageCode.LOGIN:
        fixed, fields, reply = {"ok": "1"}, [], MessageCode.LOGIN_RESPONSE
    elif code is MessageCode.SC_STATUS:
        reply = MessageCode.ACS_STATUS
        fixed = {
            "online_status": "Y",
            "checkin_ok": "Y",
            "checkout_ok": "Y",
            "acs_renewal_policy": "Y",
            "status_update_ok": "N",
            "offline_ok": "N",
            "timeout_period": "030",
            "retries_allowed": "003",
            "date_time_sync": NOW,
            "protocol_version": "2.00",
        }
        fields = [("AO", "CQLIB"), ("AM", "Test Library"), ("BX", BX)]
    elif code is MessageCode.PATRON_STATUS:
        reply = MessageCode.PATRON_STATUS_RESPONSE
        fixed = {
            "patron_status": " " * 10 + "Y" + " " * 3,
            "language": "000",
            "transaction_date": NOW,
        }
        fields = [
            ("AO", "CQLIB"),
            ("AA", request.first("AA")),
            ("AE", "赵六"),
            ("BL", "Y"),
            ("CQ", "Y" if request.first("AD") == "1234" else "N"),
            ("BV", "31.50"),
        ]
    else:
        return []  # nothing else is asked for in these tests
    return [encode(reply, fixed, fields, sequence=request.sequence)]


@pytest.fixture
def server() -> Iterator[ScriptedSipServer]:
    running = ScriptedSipServer(answer).start()
    yield running
    running.close()


@pytest.fixture
def backend(server: ScriptedSipServer) -> Iterator[Sip2Backend]:
    made = Sip2Backend(
        Sip2Settings(port=server.port, login_user="k", login_password="p", answer_timeout_ms=2000)
    )
    yield made
    made.close()


def test_patrons_are_identified_by_patron_status_and_their_loans_are_not_claimed(
    backend: Sip2Backend, server: ScriptedSipServer
) -> None:
    patron = backend.lookup_patron(
        Credential(CredentialKind.LIBRARY_CARD, "21000000000009"), "1234"
    )
    assert not patron.account_known and patron.loans == () and patron.holds_ready == ()
    assert patron.display_name == "赵*" and patron.fines_cents == 3150
    assert [b.code for b in patron.blocks] == ["fines_over_limit"]
    codes = [frame[:2] for frame in server.frames()]
    assert b"23" in codes and b"63" not in codes
    assert patron.session is not None
    backend.end_session(patron.session.id)
    assert b"35" not in [frame[:2] for frame in server.frames()]


def test_a_wrong_pin_is_refused_by_patron_status_too(backend: Sip2Backend) -> None:
    from kiosk.backend.errors import ServiceRefused

    with pytest.raises(ServiceRefused) as wrong:
        backend.lookup_patron(Credential(CredentialKind.LIBRARY_CARD, "21000000000009"), "9999")
    assert wrong.value.code == "pin_invalid"
