"""Issue 13, "people walk away with the wrong idea": a card left on the reader, messages that say
what happened and what to do, titles on failed rows, renewals in the summary, and no other
patron's name on a patron screen; in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from drivers.events import BarcodeKind, BarcodeScanned, IdCardLifted
from kiosk.backend.types import Block, Routing
from kiosk.core.results import ActResult, Outcome, ResultCode
from kiosk.core.session import Act, ItemRow, Screen, SessionView
from kiosk.domain import ActKind
from tests.ui.helpers_ui import all_texts, child, visible_texts

BOOK = "35001000000031"
OWN = "35001000000098"  # 围城, on loan to PATRON

CARD_LEFT = {
    "en": "An ID card is still on the reader",
    "zh_CN": "读卡器上还有一张身份证",
}


def shown(window: object) -> str:
    return "\n".join(visible_texts(window))  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_card_left_on_the_reader_is_said_until_it_is_lifted(make_kiosk, language) -> None:
    kiosk = make_kiosk(language=language)
    kiosk.identify()
    kiosk.controller.on_device_event(BarcodeScanned(BOOK, None, BarcodeKind.ITEM))
    assert CARD_LEFT[language] not in shown(kiosk.window)  # the patron's card, still in use
    kiosk.controller.press("finish")
    assert kiosk.controller.view.screen == Screen.SUMMARY
    assert child(kiosk.window, "card_left").isVisible()
    assert CARD_LEFT[language] in shown(kiosk.window)
    kiosk.now += 60  # summary over, home for the next patron: still said
    kiosk.controller.tick()
    assert kiosk.controller.view.screen == Screen.HOME
    assert CARD_LEFT[language] in shown(kiosk.window)
    kiosk.controller.on_device_event(IdCardLifted())
    assert not child(kiosk.window, "card_left").isVisible()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_your_own_loan_scanned_to_borrow_offers_a_return(make_kiosk, qtbot, language) -> None:
    kiosk = make_kiosk(language=language)
    kiosk.identify()
    kiosk.controller.on_device_event(BarcodeScanned(OWN, None, BarcodeKind.ITEM))
    act = kiosk.last(Act)
    refused = ActResult(ActKind.BORROW, OWN, Outcome.REFUSED, ResultCode.ALREADY_BORROWED_BY_YOU)
    kiosk.controller.on_result(act, refused)
    button = child(kiosk.window, "session.return_item")
    assert button.isVisible()
    text = shown(kiosk.window)
    # The title from the patron's loans, not only the barcode.
    assert kiosk.controller.view.rows[-1].title == "围城"
    assert ("Return it" if language == "en" else "还这本书") in text
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.last(Act) == Act(ActKind.RETURN, OWN, None, 0)
    assert not button.isVisible()


def test_a_blocked_patron_is_not_told_to_scan_books(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    view = SessionView(
        Screen.SESSION,
        patron_name="张*",
        blocks=(Block("fines_over_limit", ""),),
        fines_cents=5000,
    )
    kiosk.window.render(view)
    text = shown(kiosk.window)
    assert "Scan the library label" not in text
    # What to do about the block and how to return books, in the block's own notice.
    notice = child(kiosk.window, "session.notices.0").text()
    assert "pay them at the service desk to borrow again" in notice
    assert notice.endswith("To return books, press Finish.")


def _summary(rows: tuple[ItemRow, ...]) -> SessionView:
    return SessionView(Screen.SUMMARY, rows=rows)


def test_the_summary_does_not_count_already_yours_and_lists_failed_renewals(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    rows = (
        ItemRow(ActKind.BORROW, BOOK, False, Outcome.DONE, ResultCode.OK, "白鹿原"),
        ItemRow(
            ActKind.BORROW, OWN, False, Outcome.REFUSED, ResultCode.ALREADY_BORROWED_BY_YOU, "围城"
        ),
        ItemRow(
            ActKind.RENEW,
            "35101000000039",
            False,
            Outcome.REFUSED,
            ResultCode.RENEW_BLOCKED_BY_HOLD,
            "百年孤独",
        ),
    )
    kiosk.window.render(_summary(rows))
    text = shown(kiosk.window)
    assert "could not be borrowed" not in text
    assert "Not renewed: 百年孤独" in text


def test_a_book_returned_already_is_not_a_failure(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    row = ItemRow(ActKind.RETURN, BOOK, False, Outcome.REFUSED, ResultCode.NOT_ON_LOAN, "白鹿原")
    kiosk.window.render(SessionView(Screen.RETURNS, rows=(row,)))
    text = shown(kiosk.window)
    assert "Already returned" in text and "Not returned" not in text


def test_no_other_patrons_name_on_a_hold_shelf_return(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.controller.on_device_event(BarcodeScanned(BOOK, None, BarcodeKind.ITEM))
    act = kiosk.last(Act)
    result = ActResult(
        ActKind.RETURN,
        BOOK,
        Outcome.DONE,
        ResultCode.OK,
        "t",
        "白鹿原",
        routing=Routing("hold_shelf", "CQL", "李*"),
    )
    kiosk.controller.on_result(act, result)
    assert "hold shelf" in shown(kiosk.window)
    assert "李" not in all_texts(kiosk.window)
    assert "李" not in repr(kiosk.controller.view)  # not even in the view model


@pytest.mark.parametrize(
    ("code", "language", "words"),
    [
        (ResultCode.ID_CARD_EXPIRED, "en", "use your new ID card"),
        (ResultCode.ID_CARD_EXPIRED, "zh_CN", "新的身份证"),
        (ResultCode.NOT_BORROWED_CARD_REFUSED, "en", "press Return"),
        (ResultCode.NOT_BORROWED_CARD_REFUSED, "zh_CN", "还书"),
        (ResultCode.ITEM_ON_LOAN_TO_OTHER, "en", "press Finish"),
        (ResultCode.ITEM_ON_LOAN_TO_OTHER, "zh_CN", "完成"),
    ],
)
def test_messages_say_what_to_do_with_buttons_the_screen_has(
    make_kiosk, code, language, words
) -> None:
    kiosk = make_kiosk(language=language)
    kiosk.window.render(SessionView(message=code))
    assert words in child(kiosk.window, "message").text()
    assert "renew it at the service desk" not in child(kiosk.window, "message").text()


def test_title_of_a_refused_row_comes_from_an_earlier_answer(make_kiosk) -> None:
    kiosk = make_kiosk(language="en")
    kiosk.identify()
    scan = BarcodeScanned(BOOK, None, BarcodeKind.ITEM)
    kiosk.controller.on_device_event(scan)
    kiosk.controller.on_result(
        kiosk.last(Act),
        ActResult(
            ActKind.BORROW, BOOK, Outcome.DONE, ResultCode.OK, "t", "白鹿原", dt.date(2026, 12, 20)
        ),
    )
    kiosk.controller.press("return_item", BOOK)
    refused = ActResult(ActKind.RETURN, BOOK, Outcome.FAILED, ResultCode.SERVICE_UNREACHABLE)
    kiosk.controller.on_result(kiosk.last(Act), refused)
    assert kiosk.controller.view.rows[-1].title == "白鹿原"


def _fully_shown(rows_list, row) -> bool:
    top = row.mapTo(rows_list.viewport(), QPoint(0, 0)).y()
    return row.isVisible() and top >= 0 and top + row.height() <= rows_list.viewport().height()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_newest_row_is_whole_in_view_and_a_refusal_names_the_book(
    make_kiosk, qtbot, language
) -> None:
    kiosk = make_kiosk(language=language)
    kiosk.identify()
    rows_list = child(kiosk.window, "session.items")
    for n in range(12):
        barcode = f"350010000001{n:02d}"
        kiosk.controller.on_device_event(BarcodeScanned(barcode, None, BarcodeKind.ITEM))
        if n < 11:
            answer = ActResult(ActKind.BORROW, barcode, Outcome.DONE, ResultCode.OK, "t", f"书{n}")
        else:  # the last one is refused, and its row grows a line of detail
            answer = ActResult(
                ActKind.BORROW, barcode, Outcome.REFUSED, ResultCode.ITEM_NOT_LOANABLE
            )
        kiosk.controller.on_result(kiosk.last(Act), answer)
        newest = rows_list.rows()[-1]
        qtbot.waitUntil(lambda newest=newest: _fully_shown(rows_list, newest))
    assert not _fully_shown(rows_list, rows_list.rows()[0])  # the list did overflow
    banner = child(kiosk.window, "message")
    assert banner.isVisible() and "350010000001" + "11" in banner.text()
    kiosk.controller.on_device_event(BarcodeScanned(BOOK, None, BarcodeKind.ITEM))
    assert not banner.isVisible()  # the next scan takes the patron's attention


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "cannot be shown while the network is down"), ("zh_CN", "暂时无法显示您的账户")],
)
def test_the_offline_account_says_it_cannot_be_shown_and_names_the_limit(
    make_kiosk, language, words
) -> None:
    kiosk = make_kiosk(language=language)
    view = SessionView(
        Screen.ACCOUNT, patron_name="张*", offline=True, identified_offline=True, offline_limit=3
    )
    kiosk.window.render(view)
    text = shown(kiosk.window)
    assert words in text and "3" in child(kiosk.window, "account.loans.empty").text()
    assert "You have no books on loan." not in text and "您目前没有在借的图书。" not in text
    assert not child(kiosk.window, "account.renew_all").isVisible()


def test_a_loan_that_cannot_be_renewed_has_its_button_disabled(make_kiosk) -> None:
    from kiosk.backend.types import ItemRef, Loan

    kiosk = make_kiosk(language="en")
    loans = (
        Loan(ItemRef("35001000000098", "围城"), dt.date(2026, 12, 1), True, 0),
        Loan(ItemRef("35101000000039", "百年孤独"), dt.date(2026, 12, 30), False, 1),
    )
    kiosk.window.render(SessionView(Screen.ACCOUNT, patron_name="张*", loans=loans))
    assert not child(kiosk.window, "account.renew.35001000000098").isEnabled()
    assert child(kiosk.window, "account.renew.35101000000039").isEnabled()


def test_account_and_summary_show_nothing_identifying_beyond_the_masked_greeting(
    make_kiosk,
) -> None:
    from tests.ui.conftest import ID_CARD_READ

    kiosk = make_kiosk(language="en")
    kiosk.identify()
    kiosk.controller.press("account")
    kiosk.controller.on_result(kiosk.submitted[-1], _fresh_answer(kiosk))
    assert kiosk.controller.view.screen == Screen.ACCOUNT
    card = ID_CARD_READ.card
    secrets = (card.name, card.id_number, card.id_number[-4:], card.address, "P-1")
    text = all_texts(kiosk.window)
    assert "张*" in text
    assert not [s for s in secrets if s in text]
    kiosk.controller.press("finish")
    text = all_texts(kiosk.window)
    assert not [s for s in secrets if s in text]


def _fresh_answer(kiosk):
    from kiosk.core.results import IdentifyResult, PatronContext
    from tests.ui.conftest import PATRON

    command = kiosk.submitted[-1]
    return IdentifyResult("ok", PatronContext(command.credential, PATRON))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_library_systems_own_words_show_to_a_patron_who_reads_them(
    make_kiosk, language
) -> None:
    """A SIP2 system whose screen messages are written for patrons (dp2's, in Chinese): a
    Chinese reader sees its words for a refusal, an English reader the kiosk's own."""
    kiosk = make_kiosk(language=language)
    kiosk.identify()
    kiosk.controller.on_device_event(BarcodeScanned(BOOK, None, BarcodeKind.ITEM))
    act = kiosk.last(Act)
    own_words = "册 '35001000000031' 已被其他读者借阅"
    refused = ActResult(
        ActKind.BORROW,
        BOOK,
        Outcome.REFUSED,
        ResultCode.ITEM_ON_LOAN_TO_OTHER,
        library_message=own_words,
        library_message_language="zh_CN",
    )
    kiosk.controller.on_result(act, refused)
    text = shown(kiosk.window)
    assert (own_words in text) == (language == "zh_CN")
    if language == "en":
        assert "on loan to another reader" in text


def test_an_account_the_library_system_does_not_tell_is_not_shown_as_empty(make_kiosk) -> None:
    from kiosk.core.session import Intent

    kiosk = make_kiosk(language="en")
    kiosk.window.render(
        SessionView(Screen.ACCOUNT, intent=Intent.ACCOUNT, patron_name="赵*", account_known=False)
    )
    text = shown(kiosk.window)
    assert "Your loans cannot be shown at this kiosk" in text
    assert "You have no books on loan" not in text
    assert not child(kiosk.window, "account.renew_all").isVisible()
