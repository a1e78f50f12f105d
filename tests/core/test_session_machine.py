"""The session state machine, driven like the kiosk drives it: inputs in, commands and views out."""

from __future__ import annotations

import datetime as dt

from drivers.events import BarcodeKind
from kiosk.backend.types import ItemRef, Loan, Patron, Routing
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext
from kiosk.core.session import Act, Identify, Screen, SessionMachine
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind, Credential

ID = Credential("id_card", "500101199001011234", "张三", chip_verified=True)
LIB = Credential("library_card", "0012345678")
ITEM, ITEM2 = "33191000105864", "33191000105872"
PATRON = Patron(
    "P-000123",
    "张*",
    "CQL",
    loan_limit=10,
    loans=(Loan(ItemRef(ITEM2, "三体"), dt.date(2026, 12, 1), renewals_left=1),),
)
SETTINGS = SessionSettings().model_copy(
    update={"idle_timeout_s": 30, "countdown_s": 10, "summary_s": 5}
)


def identified(m: SessionMachine, cred: Credential = ID, now: float = 1.0) -> None:
    (cmd,) = m.card(cred, now)
    assert cmd == Identify(cred)
    m.identified(cmd, IdentifyResult("ok", PatronContext(cred, PATRON)), now)


def test_card_tap_opens_a_borrow_session_and_scans_borrow() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    v = m.view
    assert v.screen == Screen.SESSION and v.patron_name == "张*" and v.loans_used == 1
    (cmd,) = m.scan(ITEM, BarcodeKind.ITEM, 2.0)
    assert isinstance(cmd, Act) and cmd.kind == ActKind.BORROW and cmd.who.patron == PATRON
    assert m.view.rows[0].pending and m.view.busy
    m.acted(
        cmd,
        ActResult(
            ActKind.BORROW, ITEM, Outcome.DONE, "ok", "t1", "平凡的世界", dt.date(2026, 12, 22)
        ),
        2.5,
    )
    row = m.view.rows[0]
    assert not row.pending and row.title == "平凡的世界" and row.due == dt.date(2026, 12, 22)
    assert m.view.loans_used == 2 and not m.view.busy


def test_scan_with_no_session_returns_and_shows_routing() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.scan(ITEM, BarcodeKind.ITEM, 1.0)
    assert m.view.screen == Screen.RETURNS and cmd == Act(ActKind.RETURN, ITEM, None, 0)
    m.acted(
        cmd,
        ActResult(ActKind.RETURN, ITEM, Outcome.DONE, "ok", "t", routing=Routing("transit", "CDL")),
        1.2,
    )
    assert m.view.rows[0].routing_action == "transit" and m.view.rows[0].routing_library == "CDL"


def test_isbn_and_unknown_codes_get_a_message_and_no_command() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    assert m.scan("9787536692930", BarcodeKind.ISBN, 2.0) == []
    assert m.view.message == "scan_library_label"
    assert m.scan("HELLO", BarcodeKind.UNKNOWN, 2.1) == []
    assert m.view.message == "unknown_barcode" and m.view.rows == ()


def test_pin_pad_for_a_library_card() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(LIB, 1.0)
    m.identified(cmd, IdentifyResult("pin_required"), 1.1)
    assert m.view.screen == Screen.PIN
    (cmd,) = m.press("pin", 2.0, "9999")
    assert cmd == Identify(LIB, "9999")
    m.identified(cmd, IdentifyResult("pin_invalid"), 2.1)
    assert m.view.screen == Screen.PIN and m.view.message == "pin_invalid"
    (cmd,) = m.press("pin", 3.0, "1234")
    m.identified(cmd, IdentifyResult("ok", PatronContext(LIB, PATRON)), 3.1)
    assert m.view.screen == Screen.SESSION


def test_refused_card_goes_home_with_the_reason() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0)
    m.identified(cmd, IdentifyResult("credential_expired"), 1.1)
    assert m.view.screen == Screen.HOME and m.view.message == "credential_expired"


def test_idle_timeout_countdown_then_wipe() -> None:
    m = SessionMachine(SETTINGS)
    identified(m, now=0.0)
    m.tick(29.0)
    assert m.view.screen == Screen.SESSION
    m.tick(30.0)
    assert m.view.screen == Screen.TIMEOUT and m.view.countdown_s == 10
    m.press("continue", 31.0)
    assert m.view.screen == Screen.SESSION and m.view.patron_name == "张*"
    m.tick(61.0)
    m.tick(70.0)
    assert m.view.countdown_s == 1.0
    m.tick(71.0)
    v = m.view
    assert v.screen == Screen.HOME and v.patron_name == "" and v.rows == () and v.loans == ()


def test_no_timeout_while_waiting_for_the_service() -> None:
    m = SessionMachine(SETTINGS)
    identified(m, now=0.0)
    m.scan(ITEM, BarcodeKind.ITEM, 1.0)
    m.tick(100.0)
    assert m.view.screen == Screen.SESSION


def test_second_tap_ends_the_session_with_a_summary_then_home() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    assert m.card(ID, 5.0) == []
    assert m.view.screen == Screen.SUMMARY
    m.tick(9.9)
    assert m.view.screen == Screen.SUMMARY
    m.tick(10.0)
    assert m.view.screen == Screen.HOME and m.view.patron_name == ""


def test_late_answer_for_a_patron_who_left_is_ignored() -> None:
    m = SessionMachine(SETTINGS)
    (first,) = m.card(ID, 1.0)
    other = Credential("id_card", "11010519491231002X", "李四", chip_verified=True)
    (second,) = m.card(other, 1.5)
    assert second == Identify(other)
    m.identified(first, IdentifyResult("ok", PatronContext(ID, PATRON)), 2.0)
    assert m.view.screen == Screen.IDENTIFY and m.view.patron_name == ""


def test_account_and_renew() -> None:
    m = SessionMachine(SETTINGS)
    m.press("account", 0.5)
    assert m.view.screen == Screen.IDENTIFY
    identified(m)
    assert m.view.screen == Screen.ACCOUNT and m.view.loans[0].item.barcode == ITEM2
    (cmd,) = m.press("renew", 2.0, ITEM2)
    assert cmd.kind == ActKind.RENEW
    m.acted(
        cmd, ActResult(ActKind.RENEW, ITEM2, Outcome.DONE, "ok", "t", due=dt.date(2027, 1, 5)), 2.5
    )
    assert m.view.loans[0].due == dt.date(2027, 1, 5) and m.view.loans[0].renewals_left == 0


def test_out_of_service_ignores_input_and_recovers() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    m.set_out_of_service("scanner_disconnected", 2.0)
    assert m.view.screen == Screen.OUT_OF_SERVICE and m.view.patron_name == ""
    assert m.scan(ITEM, BarcodeKind.ITEM, 3.0) == [] and m.card(ID, 3.0) == []
    m.set_out_of_service(None, 4.0)
    assert m.view.screen == Screen.HOME


def test_offline_borrows_count_toward_the_offline_limit() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0)
    m.identified(cmd, IdentifyResult("ok", PatronContext(ID, None), offline=True), 1.1)
    assert m.view.identified_offline and m.view.patron_name == "张*"
    (a,) = m.scan(ITEM, BarcodeKind.ITEM, 2.0)
    m.acted(a, ActResult(ActKind.BORROW, ITEM, Outcome.PROVISIONAL, "ok", "t", offline=True), 2.1)
    (b,) = m.scan(ITEM2, BarcodeKind.ITEM, 3.0)
    assert b.offline_count == 1


def test_books_scanned_while_the_card_is_checked_are_borrowed_after() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0)
    assert m.scan(ITEM, BarcodeKind.ITEM, 1.1) == []
    assert m.scan(ITEM, BarcodeKind.ITEM, 1.2) == []  # the same label twice: once
    commands = m.identified(cmd, IdentifyResult("ok", PatronContext(ID, PATRON)), 1.5)
    assert [(c.kind, c.barcode) for c in commands] == [(ActKind.BORROW, ITEM)]
    assert m.view.rows[0].pending
