"""Each patron flow through the full kiosk: real drivers over simulated devices, the real
service, the real window; the fixture prints the GUI thread's longest stall (make soak holds it
to a limit)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.core.results import Outcome
from kiosk.core.session import Screen
from tests.ui.full_kiosk import FullKiosk

CQL_BOOK, CDL_BOOK = "35001000000031", "35101000000021"  # 白鹿原, 三体Ⅱ·黑暗森林


def texts(root: QWidget) -> str:
    return "\n".join(
        w.text()
        for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton)
        if w.isVisible()
    )


def click(kiosk: FullKiosk, name: str) -> None:
    button = kiosk.widget(name)
    kiosk.until(lambda: button.isVisible() and button.isEnabled())
    kiosk.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def done(kiosk: FullKiosk, n: int) -> bool:
    rows = kiosk.view.rows
    return len(rows) >= n and not any(r.pending for r in rows)


def test_borrow_two_books_then_summary_then_home(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    assert k.widget("screen.session").isVisible()
    k.sim(f"scan {CQL_BOOK}")
    k.sim(f"scan {CDL_BOOK}")
    k.until(lambda: done(k, 2))
    assert [r.outcome for r in k.view.rows] == [Outcome.DONE, Outcome.DONE]
    k.until(lambda: "白鹿原" in texts(k.window) and "三体Ⅱ·黑暗森林" in texts(k.window))
    assert "张*" in texts(k.window) and ZHANG_SAN.name not in texts(k.window)
    click(k, "session.finish")
    k.until(lambda: k.view.screen == Screen.SUMMARY)
    k.until(lambda: k.view.screen == Screen.HOME)
    assert "白鹿原" not in texts(k.window)


def test_returns_say_where_each_book_goes(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    k.sim("scan 35001000000015")  # owned here: the cart
    k.sim("scan 35101000000104")  # Chengdu Library's: the transit bin
    k.until(lambda: k.view.screen == Screen.RETURNS and done(k, 2))
    actions = [(r.routing_action, r.routing_library) for r in k.view.rows]
    assert actions[0][0] == "shelve" and actions[1] == ("transit", "CDL")
    k.until(lambda: "成都图书馆" in texts(k.window))
    click(k, "lang.en")
    k.until(lambda: "Chengdu Library" in texts(k.window))


def test_isbn_on_the_cover_gets_plain_words(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    click(k, "lang.en")
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.sim("scan 9787536692930")
    k.until(lambda: k.view.message == "scan_library_label")
    k.until(lambda: "library label" in k.widget("message").text())  # type: ignore[attr-defined]
    assert k.view.rows == ()


def test_idle_session_counts_down_continues_then_wipes(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.until(lambda: k.view.screen == Screen.TIMEOUT)
    assert k.widget("screen.timeout").isVisible()
    click(k, "timeout.continue")
    k.until(lambda: k.view.screen == Screen.SESSION)
    k.until(lambda: k.view.screen == Screen.HOME, timeout=10)
    assert "张*" not in texts(k.window)


def test_offline_lends_provisionally_and_syncs_when_back(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    service = k.env.service
    assert service is not None
    k.in_background(service.stop)
    k.sim(f"card {ZHANG_SAN.id_number}")
    k.until(lambda: k.view.screen == Screen.SESSION and k.view.offline)
    assert k.widget("banner.offline").isVisible()
    k.sim(f"scan {CQL_BOOK}")
    k.until(lambda: done(k, 1))
    assert k.view.rows[0].outcome == Outcome.PROVISIONAL and k.view.rows[0].due is not None
    k.in_background(service.start)
    journal = k.app.services.journal
    k.until(lambda: not k.view.offline and journal.stats().pending == 0, timeout=30)
    assert not k.widget("banner.offline").isVisible()


def test_unplugged_scanner_is_out_of_service_until_replugged(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    k.sim("unplug scanner")
    k.until(lambda: k.view.screen == Screen.OUT_OF_SERVICE)
    assert k.widget("screen.out-of-service").isVisible()
    k.sim(f"scan {CQL_BOOK}")  # nothing happens while out of service
    k.sim("replug scanner")
    k.until(lambda: k.view.screen == Screen.HOME)
    assert k.view.rows == ()


def test_library_card_pin_pad(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    k.sim("tap 25001000000017")
    k.until(lambda: k.view.screen == Screen.PIN)
    for digit in "1234":
        click(k, f"pin.digit.{digit}")
    click(k, "pin.ok")
    k.until(lambda: k.view.screen == Screen.SESSION)
    assert "1234" not in texts(k.window)


def test_account_lists_loans_and_renews_all(full_kiosk: FullKiosk) -> None:
    k = full_kiosk
    click(k, "home.account")
    k.until(lambda: k.view.screen == Screen.IDENTIFY)
    k.sim(f"card {LI_SI.id_number}")
    k.until(lambda: k.view.screen == Screen.ACCOUNT)
    assert k.widget("screen.account").isVisible()
    renewable = [loan for loan in k.view.loans if loan.renewals_left > 0]
    click(k, "account.renew_all")
    k.until(lambda: done(k, len(renewable)))
    click(k, "account.finish")
    k.until(lambda: k.view.screen in (Screen.SUMMARY, Screen.HOME))
