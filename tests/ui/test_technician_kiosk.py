"""Technician mode over the whole app: entry with the PIN, lockout, idle exit, fullscreen guard.

Also home of ``tech_kiosk``: the real app over simulated devices and the reference service,
with the GUI stall watchdog (the other technician test modules import it)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.app import KioskApp, build_app
from kiosk.core.session import Screen
from kiosk.core.settings import SyncSettings
from kiosk.demo_env import DEMO_TECHNICIAN_PIN, DemoEnvironment
from kiosk.ui.stall_watchdog import StallWatchdog
from tests.ui.full_kiosk import report_stall
from tests.ui.helpers_ui import child


@dataclass
class TechKiosk:
    app: KioskApp
    env: DemoEnvironment
    qtbot: object
    watchdog: StallWatchdog
    config_path: Path

    @property
    def window(self) -> QWidget:
        return self.app.window  # type: ignore[return-value]

    @property
    def mode(self):  # type: ignore[no-untyped-def]
        return self.app.technician

    def widget(self, name: str) -> QWidget:
        return child(self.window, name)

    def tap(self, name: str) -> None:
        self.qtbot.mouseClick(self.widget(name), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    def type_pin(self, pin: str) -> None:
        for digit in pin:
            self.tap(f"technician.pin.digit.{digit}")
        self.tap("technician.pin.ok")

    def enter(self, pin: str = DEMO_TECHNICIAN_PIN) -> None:
        self.mode.ask_pin()
        self.type_pin(pin)
        self.wait(lambda: self.widget("screen.technician").isVisible())

    def wait(self, condition: Callable[[], object], timeout_s: float = 10) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=int(timeout_s * 1000))  # type: ignore[attr-defined]

    def off_gui_thread(self, work: Callable[[], object], timeout_s: float = 60) -> None:
        """Slow things (starting a service process) must not stall the GUI thread under test."""
        done = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            try:
                work()
            except BaseException as exc:
                errors.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=run, name="test-helper")
        thread.start()
        self.wait(done.is_set, timeout_s)
        thread.join()
        assert not errors, errors


@pytest.fixture
def tech_kiosk(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[TechKiosk]:
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    (tmp_path / "demo").mkdir()
    try:
        config = env.start()
        config = config.model_copy(
            update={
                "ui": config.ui.model_copy(update={"language": "en", "sound": False}),
                "technician": config.technician.model_copy(
                    update={"lockout_s": 1.0, "long_press_s": 1.0}
                ),
                "sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50),
            }
        )
        path = env.write_config(config)
        app = build_app(config, path)
    except BaseException:
        env.close()
        raise
    app.start()
    app.window.show()  # type: ignore[attr-defined]
    watchdog = StallWatchdog(log_above_ms=50)
    kiosk = TechKiosk(app, env, qtbot, watchdog, path)
    try:
        kiosk.wait(lambda: len(app.controller.devices) == 3, 20)
        # The test process's heap (pytest, the service's modules, hypothesis…) makes a full
        # collection take ~90 ms here; start-up objects are permanent anyway, so they are
        # left out of collections, as a long-running kiosk would do after start-up.
        gc.collect()
        gc.freeze()
        watchdog.start()
        yield kiosk
        stall = watchdog.longest_ms
    finally:
        watchdog.stop()
        gc.unfreeze()
        app.close()
        env.close()
    report_stall(stall)


def test_a_long_press_on_the_hidden_spot_asks_for_the_pin(tech_kiosk: TechKiosk, qtbot) -> None:
    spot = tech_kiosk.widget("home.technician_spot")
    assert not spot.findChildren(QWidget)  # nothing in it to see or tap
    qtbot.mouseClick(spot, Qt.MouseButton.LeftButton)  # a tap does nothing
    qtbot.wait(50)
    assert not tech_kiosk.widget("technician.pin").isVisible()
    qtbot.mousePress(spot, Qt.MouseButton.LeftButton, pos=spot.rect().center())
    tech_kiosk.wait(lambda: tech_kiosk.widget("technician.pin").isVisible(), 3)
    qtbot.mouseRelease(spot, Qt.MouseButton.LeftButton, pos=spot.rect().center())
    tech_kiosk.tap("technician.pin.cancel")
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"


def test_right_pin_opens_and_exit_returns_to_patrons(tech_kiosk: TechKiosk) -> None:
    tech_kiosk.enter()
    for name in ("technician.tab.devices", "technician.tab.sync", "technician.tab.info"):
        assert tech_kiosk.widget(name).isVisible()
    tech_kiosk.tap("technician.exit")
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"
    assert not tech_kiosk.mode.active


def test_wrong_pins_lock_the_entry_for_the_lockout(tech_kiosk: TechKiosk) -> None:
    mode = tech_kiosk.mode
    mode.ask_pin()
    message = tech_kiosk.widget("technician.pin.message")
    for tries_left in (4, 3, 2, 1):
        tech_kiosk.type_pin("1111")
        tech_kiosk.wait(lambda n=tries_left: f"{n} more wrong PIN" in message.text())
    tech_kiosk.type_pin("1111")
    tech_kiosk.wait(lambda: "locked for 0:01 more" in message.text())
    assert not tech_kiosk.widget("technician.pin.ok").isEnabled()
    assert not tech_kiosk.widget("technician.pin.digit.2").isEnabled()
    # The lockout (1 s here) runs out by itself; then the right PIN opens.
    tech_kiosk.wait(lambda: tech_kiosk.widget("technician.pin.digit.2").isEnabled(), 3)
    assert not message.isVisible()
    tech_kiosk.type_pin(DEMO_TECHNICIAN_PIN)
    tech_kiosk.wait(lambda: tech_kiosk.widget("screen.technician").isVisible())


def test_idle_technician_mode_leaves_by_itself(tech_kiosk: TechKiosk) -> None:
    now = [1000.0]
    tech_kiosk.mode.clock = lambda: now[0]
    tech_kiosk.enter()
    now[0] += tech_kiosk.app.config.technician.idle_timeout_s - 1
    tech_kiosk.qtbot.wait(300)  # type: ignore[attr-defined]
    assert tech_kiosk.mode.active
    now[0] += 1
    tech_kiosk.wait(lambda: not tech_kiosk.mode.active, 2)
    assert tech_kiosk.window.stack.currentWidget().objectName() == "screen.home"


def test_scans_in_technician_mode_never_reach_the_patron_session(tech_kiosk: TechKiosk) -> None:
    tech_kiosk.enter()
    tech_kiosk.env.console.execute("scan 35001000000023")
    tech_kiosk.qtbot.wait(300)  # type: ignore[attr-defined]
    tech_kiosk.tap("technician.exit")
    assert tech_kiosk.app.controller.view.screen == Screen.HOME


def test_quit_and_restart_only_from_the_info_page(tech_kiosk: TechKiosk) -> None:
    asked: list[str] = []
    tech_kiosk.mode.on_quit = lambda: asked.append("quit")
    tech_kiosk.mode.on_restart = lambda: asked.append("restart")
    assert not tech_kiosk.widget("technician.quit").isVisible()
    tech_kiosk.enter()
    assert not tech_kiosk.widget("technician.quit").isVisible()
    tech_kiosk.tap("technician.tab.info")
    tech_kiosk.wait(lambda: "answered in" in tech_kiosk.widget("technician.info.reachable").text())
    assert tech_kiosk.widget("technician.info.kiosk").text().startswith("KIOSK-1")
    tech_kiosk.tap("technician.restart")
    assert asked == ["restart"] and not tech_kiosk.mode.active
    tech_kiosk.enter()
    tech_kiosk.tap("technician.tab.info")
    tech_kiosk.tap("technician.quit")
    assert asked == ["restart", "quit"]
