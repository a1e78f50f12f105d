"""The PIN pad: dots only, sent on OK, never in a label or a log."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from drivers.events import CardPresented, CredentialKind
from kiosk.core.results import IdentifyResult
from kiosk.core.session import Screen
from tests.ui.helpers_ui import all_texts, child

PIN = "8642"


def test_pin_is_collected_locally_and_sent_once(make_kiosk, qtbot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    kiosk = make_kiosk()
    window = kiosk.window
    command = kiosk.tap_card(CardPresented(CredentialKind.LIBRARY_CARD, "25001000000017"))
    kiosk.controller.on_result(command, IdentifyResult("pin_required"))
    assert kiosk.controller.machine.view.screen == Screen.PIN
    assert window.stack.currentWidget().objectName() == "screen.pin"
    sent_before = len(kiosk.submitted)
    for digit in PIN:
        qtbot.mouseClick(child(window, f"pin.digit.{digit}"), Qt.MouseButton.LeftButton)
        assert PIN[:2] not in all_texts(window)
    assert child(window, "pin.dots").text().count("●") == len(PIN)
    assert len(kiosk.submitted) == sent_before  # nothing leaves before OK
    qtbot.mouseClick(child(window, "pin.ok"), Qt.MouseButton.LeftButton)
    sent = kiosk.submitted[sent_before:]
    assert len(sent) == 1 and sent[0].pin == PIN
    assert child(window, "pin.dots").text().count("●") == 0
    assert PIN not in all_texts(window)
    assert PIN not in caplog.text


def test_clear_and_cancel(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    command = kiosk.tap_card(CardPresented(CredentialKind.LIBRARY_CARD, "25001000000017"))
    kiosk.controller.on_result(command, IdentifyResult("pin_required"))
    qtbot.mouseClick(child(window, "pin.digit.5"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(window, "pin.clear"), Qt.MouseButton.LeftButton)
    assert child(window, "pin.dots").text().count("●") == 0
    assert not child(window, "pin.ok").isEnabled()
    qtbot.mouseClick(child(window, "pin.cancel"), Qt.MouseButton.LeftButton)
    assert kiosk.controller.machine.view.screen == Screen.HOME
