"""Buttons reach the real session machine with the right action and argument."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from drivers.events import BarcodeKind, BarcodeScanned
from kiosk.core.results import ActResult, Outcome
from kiosk.core.session import Act, Intent, Screen
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind
from tests.ui.conftest import TODAY
from tests.ui.helpers_ui import child, visible_texts


def click(qtbot, window, name: str) -> None:
    widget = child(window, name)
    assert widget.isVisible() and widget.isEnabled(), f"{name} cannot be tapped"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_home_buttons(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    machine = kiosk.controller.machine
    click(qtbot, kiosk.window, "home.borrow")
    assert machine.view.screen == Screen.IDENTIFY and machine.view.intent == Intent.BORROW
    assert kiosk.window.stack.currentWidget().objectName() == "screen.identify"
    click(qtbot, kiosk.window, "identify.cancel")
    assert machine.view.screen == Screen.HOME
    click(qtbot, kiosk.window, "home.account")
    assert machine.view.intent == Intent.ACCOUNT
    click(qtbot, kiosk.window, "identify.cancel")
    click(qtbot, kiosk.window, "home.return")
    assert machine.view.screen == Screen.RETURNS
    click(qtbot, kiosk.window, "returns.finish")
    assert machine.view.screen == Screen.HOME


def test_borrow_then_account_renew_and_finish(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    kiosk.identify()
    machine = kiosk.controller.machine
    assert machine.view.screen == Screen.SESSION
    kiosk.controller.on_device_event(BarcodeScanned("35001000000031", "]F0", BarcodeKind.ITEM))
    act = kiosk.last(Act)
    assert (act.kind, act.barcode) == (ActKind.BORROW, "35001000000031")
    assert len(child(kiosk.window, "session.items").rows()) == 1

    click(qtbot, kiosk.window, "session.account")
    assert machine.view.screen == Screen.ACCOUNT
    kiosk.controller.on_result(kiosk.submitted[-1], _fresh(kiosk))  # the account's fresh loans
    click(qtbot, kiosk.window, "account.renew.35101000000039")
    renew = kiosk.last(Act)
    assert (renew.kind, renew.barcode) == (ActKind.RENEW, "35101000000039")
    assert not child(kiosk.window, "account.renew_all").isEnabled()  # one renewal at a time
    new_due = TODAY + dt.timedelta(days=40)
    kiosk.controller.on_result(
        renew, ActResult(ActKind.RENEW, renew.barcode, Outcome.DONE, "ok", due=new_due)
    )
    assert "Renewed." in visible_texts(kiosk.window) or "续借成功。" in visible_texts(kiosk.window)
    before = len(kiosk.submitted)
    click(qtbot, kiosk.window, "account.renew_all")
    kinds = [(c.kind, c.barcode) for c in kiosk.submitted[before:]]
    assert (ActKind.RENEW, "35001000000098") in kinds
    click(qtbot, kiosk.window, "account.finish")
    assert machine.view.screen == Screen.SUMMARY
    click(qtbot, kiosk.window, "summary.done")
    assert machine.view.screen == Screen.HOME


def test_timeout_continue(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    kiosk.identify()
    machine = kiosk.controller.machine
    kiosk.now += SessionSettings().idle_timeout_s + 1  # long idle: the warning
    kiosk.controller.tick()
    assert machine.view.screen == Screen.TIMEOUT
    assert kiosk.window.stack.currentWidget().objectName() == "screen.timeout"
    click(qtbot, kiosk.window, "timeout.continue")
    assert machine.view.screen == Screen.SESSION


def _fresh(kiosk):
    from kiosk.core.results import IdentifyResult, PatronContext
    from tests.ui.conftest import PATRON

    command = kiosk.submitted[-1]
    return IdentifyResult("ok", PatronContext(command.credential, PATRON))
