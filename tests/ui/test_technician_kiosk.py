"""Technician mode over the whole app: entry with the PIN, lockout, idle exit, fullscreen guard
(``tech_kiosk``: tests/ui/full_kiosk.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.session import Screen
from kiosk.demo_env import DEMO_TECHNICIAN_PIN
from tests.ui.full_kiosk import FullKiosk


def test_a_long_press_on_the_hidden_spot_asks_for_the_pin(tech_kiosk: FullKiosk, qtbot) -> None:
    spot = tech_kiosk.widget("home.technician_spot")
    assert not spot.findChildren(QWidget)  # nothing in it to see or tap
    qtbot.mouseClick(spot, Qt.MouseButton.LeftButton)  # a tap does nothing
    qtbot.wait(50)
    assert not tech_kiosk.widget("technician.pin").isVisible()
    qtbot.mousePress(spot, Qt.MouseButton.LeftButton, pos=spot.rect().center())
    tech_kiosk.until(lambda: tech_kiosk.widget("technician.pin").isVisible(), 3)
    qtbot.mouseRelease(spot, Qt.MouseButton.LeftButton, pos=spot.rect().center())
    tech_kiosk.tap("technician.pin.cancel")
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"


def test_right_pin_opens_and_exit_returns_to_patrons(tech_kiosk: FullKiosk) -> None:
    tech_kiosk.enter()
    for name in ("technician.tab.devices", "technician.tab.sync", "technician.tab.info"):
        assert tech_kiosk.widget(name).isVisible()
    tech_kiosk.tap("technician.exit")
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"
    assert not tech_kiosk.mode.active


def test_wrong_pins_lock_the_entry_for_the_lockout(tech_kiosk: FullKiosk) -> None:
    mode = tech_kiosk.mode
    mode.ask_pin()
    message = tech_kiosk.widget("technician.pin.message")
    for tries_left in (4, 3, 2, 1):
        tech_kiosk.type_pin("1111")
        tech_kiosk.until(lambda n=tries_left: f"{n} more wrong PIN" in message.text())
    tech_kiosk.type_pin("1111")
    tech_kiosk.until(lambda: "locked for 0:01 more" in message.text())
    assert not tech_kiosk.widget("technician.pin.ok").isEnabled()
    assert not tech_kiosk.widget("technician.pin.digit.2").isEnabled()
    # The lockout (1 s here) runs out by itself; then the right PIN opens.
    tech_kiosk.until(lambda: tech_kiosk.widget("technician.pin.digit.2").isEnabled(), 3)
    assert not message.isVisible()
    tech_kiosk.type_pin(DEMO_TECHNICIAN_PIN)
    tech_kiosk.until(lambda: tech_kiosk.widget("screen.technician").isVisible())


def test_idle_technician_mode_leaves_by_itself(tech_kiosk: FullKiosk) -> None:
    now = [1000.0]
    tech_kiosk.mode.clock = lambda: now[0]
    tech_kiosk.enter()
    now[0] += tech_kiosk.app.config.technician.idle_timeout_s - 1
    tech_kiosk.qtbot.wait(300)  # type: ignore[attr-defined]
    assert tech_kiosk.mode.active
    now[0] += 1
    tech_kiosk.until(lambda: not tech_kiosk.mode.active, 2)
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"


def test_scans_in_technician_mode_never_reach_the_patron_session(tech_kiosk: FullKiosk) -> None:
    tech_kiosk.enter()
    tech_kiosk.env.console.execute("scan 35001000000023")
    tech_kiosk.qtbot.wait(300)  # type: ignore[attr-defined]
    tech_kiosk.tap("technician.exit")
    assert tech_kiosk.app.controller.view.screen == Screen.HOME


def test_quit_and_restart_only_from_the_info_page(tech_kiosk: FullKiosk) -> None:
    asked: list[str] = []
    tech_kiosk.mode.on_quit = lambda: asked.append("quit")
    tech_kiosk.mode.on_restart = lambda: asked.append("restart")
    assert not tech_kiosk.widget("technician.quit").isVisible()
    tech_kiosk.enter()
    assert not tech_kiosk.widget("technician.quit").isVisible()
    tech_kiosk.tap("technician.tab.info")
    tech_kiosk.until(lambda: "answered in" in tech_kiosk.widget("technician.info.reachable").text())
    assert tech_kiosk.widget("technician.info.kiosk").text().startswith("CQL-DEMO")
    tech_kiosk.tap("technician.restart")
    assert asked == ["restart"] and not tech_kiosk.mode.active
    tech_kiosk.enter()
    tech_kiosk.tap("technician.tab.info")
    tech_kiosk.tap("technician.quit")
    assert asked == ["restart", "quit"]
