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
    (cmd,) = m.card(LIB, 1.0)
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


# ---- a card left on the reader (issue 13, points 1, 3 and 7) ---------------------------------
def _on_reader(m: SessionMachine, cred: Credential = ID, now: float = 1.0) -> None:
    (cmd,) = m.card(cred, now, on_reader=True)
    m.identified(cmd, IdentifyResult("ok", PatronContext(cred, PATRON)), now)


def test_a_card_left_after_finish_is_said_until_it_is_lifted() -> None:
    m = SessionMachine(SETTINGS)
    _on_reader(m)
    m.scan(ITEM, BarcodeKind.ITEM, 1.5)
    assert not m.view.card_left  # the patron's own card, in use
    m.press("finish", 2.0)
    assert m.view.screen == Screen.SUMMARY and m.view.card_left
    m.tick(2.0 + SETTINGS.summary_s)
    assert m.view.screen == Screen.HOME and m.view.card_left  # home says it too
    m.lifted(9.0)
    assert not m.view.card_left


def test_a_card_left_after_a_timeout_is_said_and_not_taken_by_the_next_patron() -> None:
    m = SessionMachine(SETTINGS)
    _on_reader(m)
    m.tick(1.0 + SETTINGS.idle_timeout_s)
    assert m.view.screen == Screen.TIMEOUT and m.view.card_left
    m.tick(1.0 + SETTINGS.idle_timeout_s + SETTINGS.countdown_s)
    assert m.view.screen == Screen.HOME and m.view.card_left and m.view.patron_name == ""
    # The next patron presses Borrow: the card lying there is not theirs to use.
    assert m.press("borrow", 50.0) == []
    assert m.view.screen == Screen.IDENTIFY and m.view.card_left


def test_a_card_put_down_while_out_of_service_is_taken_when_a_session_starts() -> None:
    m = SessionMachine(SETTINGS)
    m.set_out_of_service("scanner_link_lost", 0.5)
    assert m.card(ID, 1.0, on_reader=True) == []
    m.set_out_of_service(None, 2.0)
    assert m.view.screen == Screen.HOME and not m.view.card_left
    assert m.press("borrow", 3.0) == [Identify(ID)]
    assert m.view.screen == Screen.IDENTIFY and not m.view.card_left


def test_a_second_patrons_card_during_a_session_starts_their_session() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    m.scan(ITEM, BarcodeKind.ITEM, 2.0)
    assert m.card(LIB, 3.0) == [Identify(LIB)]
    assert m.view.screen == Screen.IDENTIFY and m.view.rows == () and m.view.patron_name == ""
    # The same card again ends the session as before.
    m.identified(Identify(LIB), IdentifyResult("ok", PatronContext(LIB, PATRON)), 3.1)
    assert m.card(LIB, 4.0) == [] and m.view.screen == Screen.SUMMARY


def test_a_refused_cards_message_leaves_with_the_card_or_the_patron() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0, on_reader=True)
    m.identified(cmd, IdentifyResult("credential_expired"), 1.1)
    assert m.view.screen == Screen.HOME and m.view.message == "id_card_expired"
    assert m.view.card_left
    m.lifted(2.0)
    assert m.view.message is None and not m.view.card_left
    (cmd,) = m.card(LIB, 3.0)
    m.identified(cmd, IdentifyResult("patron_blocked"), 3.1)
    m.tick(3.1 + SETTINGS.idle_timeout_s - 1)
    assert m.view.message == "patron_blocked"
    m.tick(3.1 + SETTINGS.idle_timeout_s)
    assert m.view.message is None  # the next patron does not read it


def test_a_book_scanned_after_a_refused_card_is_not_quietly_returned() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(LIB, 1.0)
    m.identified(cmd, IdentifyResult("patron_blocked"), 1.1)
    assert m.scan(ITEM, BarcodeKind.ITEM, 2.0) == []
    assert m.view.screen == Screen.HOME and m.view.message == "not_borrowed_card_refused"
    m.press("return", 3.0)  # said plainly: Return, then the book
    (cmd,) = m.scan(ITEM, BarcodeKind.ITEM, 4.0)
    assert isinstance(cmd, Act) and cmd.kind == ActKind.RETURN


def test_an_expired_resident_id_card_gets_words_a_library_can_keep() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0)
    m.identified(cmd, IdentifyResult("credential_expired"), 1.1)
    assert m.view.message == "id_card_expired"  # not "renew it at the desk"
    (cmd,) = m.card(LIB, 2.0)
    m.identified(cmd, IdentifyResult("credential_expired"), 2.1)
    assert m.view.message == "credential_expired"


def test_a_book_scanned_again_after_its_return_is_not_sent_again() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.scan(ITEM, BarcodeKind.ITEM, 1.0)
    m.acted(cmd, ActResult(ActKind.RETURN, ITEM, Outcome.DONE, "ok", "t"), 1.1)
    assert m.scan(ITEM, BarcodeKind.ITEM, 2.0) == []
    assert m.view.message == "already_returned_here" and len(m.view.rows) == 1


def test_your_own_loan_scanned_to_borrow_can_be_returned_there() -> None:
    m = SessionMachine(SETTINGS)
    identified(m)
    (cmd,) = m.scan(ITEM2, BarcodeKind.ITEM, 2.0)
    m.acted(cmd, ActResult(ActKind.BORROW, ITEM2, Outcome.REFUSED, "already_borrowed_by_you"), 2.1)
    (cmd,) = m.press("return_item", 3.0, ITEM2)
    assert cmd == Act(ActKind.RETURN, ITEM2, None, 0)
    m.acted(cmd, ActResult(ActKind.RETURN, ITEM2, Outcome.DONE, "ok", "t"), 3.1)
    assert m.view.screen == Screen.SESSION and m.view.loans_used == 0 and m.view.loans == ()
    assert [r.kind for r in m.view.rows] == [ActKind.BORROW, ActKind.RETURN]


def test_renew_all_renews_only_what_it_helps_and_keeps_each_result() -> None:
    today = dt.date(2026, 12, 4)
    fresh = Loan(ItemRef("35001000000031", "白鹿原"), today + dt.timedelta(days=30), False, 2)
    overdue = Loan(ItemRef("35001000000098", "围城"), today - dt.timedelta(days=3), True, 1)
    soon = Loan(ItemRef("35101000000039", "百年孤独"), today + dt.timedelta(days=2), False, 1)
    spent = Loan(ItemRef("35101000000047", "活着"), today + dt.timedelta(days=1), False, 0)
    patron = Patron("P-1", "张*", "CQL", loan_limit=10, loans=(fresh, overdue, soon, spent))
    m = SessionMachine(SETTINGS, today=lambda: today)
    (cmd,) = m.card(ID, 1.0)
    m.identified(cmd, IdentifyResult("ok", PatronContext(ID, patron)), 1.0)
    # One renewed by its own button first: renew all must not overwrite that result.
    (single,) = m.press("renew", 2.0, soon.item.barcode)
    new_due = today + dt.timedelta(days=30)
    m.acted(
        single, ActResult(ActKind.RENEW, soon.item.barcode, Outcome.DONE, "ok", due=new_due), 2.1
    )
    commands = m.press("renew_all", 3.0)
    assert [c.barcode for c in commands if isinstance(c, Act)] == [overdue.item.barcode]
    m.acted(
        commands[0],
        ActResult(ActKind.RENEW, overdue.item.barcode, Outcome.DONE, "ok", due=new_due),
        3.1,
    )
    by_barcode = {loan.item.barcode: loan for loan in m.view.loans}
    renewed = by_barcode[overdue.item.barcode]
    assert renewed.due == new_due and not renewed.overdue  # the badge goes with the new date
    assert [r.outcome for r in m.view.rows] == [Outcome.DONE, Outcome.DONE]
    assert m.press("renew_all", 4.0) == [] and m.view.message == "nothing_to_renew"


def test_the_offline_item_limit_stays_in_the_view_across_patrons() -> None:
    m = SessionMachine(SETTINGS, offline_limit=3)
    identified(m)
    m.press("finish", 2.0)
    m.tick(60.0)
    assert m.view.screen == Screen.HOME and m.view.offline_limit == 3


def test_a_reader_that_cannot_tell_a_lift_keeps_a_refused_cards_words() -> None:
    m = SessionMachine(SETTINGS)
    (cmd,) = m.card(ID, 1.0, on_reader=True)
    m.identified(cmd, IdentifyResult("patron_blocked"), 1.1)
    m.lifted(1.2, seen_lying=False)  # a halting reader, right after its read
    assert m.view.message == "patron_blocked" and not m.view.card_left
