"""The whole kiosk for flow and technician tests: real drivers over simulated devices, the real
service on loopback, the real window offscreen, and a watchdog on the GUI thread's longest
stall. Fixtures ``full_kiosk`` and ``tech_kiosk``; fault tests with their own config use
``running_kiosk``.

The stall is a wall-clock figure, so `make test` (often on a loaded machine) only prints it;
`make soak` (KIOSK_SOAK=1, run on a quiet machine) holds it to STALL_LIMIT_MS."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from drivers.events import LinkState
from kiosk.app import KioskApp, build_app
from kiosk.config import ROLES, KioskConfig
from kiosk.core.session import SessionView
from kiosk.core.settings import SessionSettings, SyncSettings
from kiosk.demo_env import DEMO_TECHNICIAN_PIN, DemoEnvironment
from kiosk.ui.stall_watchdog import StallWatchdog
from kiosk.ui.technician.mode import TechnicianMode
from kiosk.ui.window import KioskWindow

STALL_LIMIT_MS = 100.0
SOAK = os.environ.get("KIOSK_SOAK") == "1"


def report_stall(longest_ms: float) -> None:
    """Print the GUI thread's longest stall; under `make soak`, fail above the limit."""
    print(f"GUI thread's longest stall: {longest_ms:.0f} ms (limit {STALL_LIMIT_MS:.0f} ms)")
    if SOAK:
        assert longest_ms < STALL_LIMIT_MS, f"the GUI thread stalled {longest_ms:.0f} ms"


@dataclass
class FullKiosk:
    app: KioskApp
    env: DemoEnvironment
    watchdog: StallWatchdog
    qtbot: object
    config_path: Path | None = None  # the file technician mode saves to

    @property
    def view(self) -> SessionView:
        return self.app.controller.view

    @property
    def window(self) -> KioskWindow:
        return self.app.window

    @property
    def mode(self) -> TechnicianMode:
        return self.app.technician

    def widget(self, name: str) -> QWidget:
        found = self.window.findChild(QWidget, name)
        assert found is not None, f"no widget called {name}"
        return found

    def tap(self, name: str) -> None:
        self.qtbot.mouseClick(self.widget(name), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    def type_pin(self, pin: str) -> None:
        """On technician mode's PIN pad."""
        for digit in pin:
            self.tap(f"technician.pin.digit.{digit}")
        self.tap("technician.pin.ok")

    def enter(self, pin: str = DEMO_TECHNICIAN_PIN) -> None:
        """Into technician mode, as a technician does (the hidden spot's long press aside)."""
        self.mode.ask_pin()
        self.type_pin(pin)
        self.until(lambda: self.widget("screen.technician").isVisible())

    def sim(self, line: str) -> None:
        self.env.console.execute(line)

    def until(self, condition: Callable[[], object], timeout: float = 15.0) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=int(timeout * 1000))  # type: ignore[attr-defined]

    def in_background(self, action: Callable[[], None], timeout: float = 60.0) -> None:
        """A slow test action (stopping or starting the service) off the GUI thread."""
        done = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            try:
                action()
            except BaseException as exc:
                errors.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=run, name="test-background")
        thread.start()
        self.until(done.is_set, timeout)
        thread.join(5)
        if errors:
            raise errors[0]


def configured_roles(config: KioskConfig) -> list[str]:
    return [role for role in ROLES if getattr(config.devices, role) is not None]


@contextmanager
def running_kiosk(  # type: ignore[no-untyped-def]
    qtbot,
    env: DemoEnvironment,
    config: KioskConfig,
    config_path: Path | None = None,
    *,
    log_above_ms: float | None = None,
) -> Iterator[FullKiosk]:
    """The app built from ``config`` over the started ``env``, its window shown and every
    device connected; on leaving, reports the GUI thread's longest stall (see report_stall).
    ``log_above_ms``: log every stall longer than that (to find one)."""
    app = build_app(config, config_path)
    qtbot.addWidget(app.window)
    watchdog = StallWatchdog(log_above_ms=log_above_ms)
    try:
        app.start()
        app.window.show()
        kiosk = FullKiosk(app, env, watchdog, qtbot, config_path)
        kiosk.until(
            lambda: (
                len(app.controller.devices) == len(configured_roles(config))
                and all(
                    state == LinkState.CONNECTED for state, _ in app.controller.devices.values()
                )
            )
        )
        # The test process's own heap (hundreds of tests' objects) makes a full collection take
        # ~90 ms; that is pytest's garbage, not the kiosk's, so keep it out of the measurement.
        gc.collect()
        gc.freeze()
        watchdog.start()
        yield kiosk
        watchdog.stop()
        gc.unfreeze()
        report_stall(watchdog.longest_ms)
    finally:
        watchdog.stop()
        gc.unfreeze()
        app.close()


@pytest.fixture(name="full_kiosk")
def full_kiosk_fixture(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[FullKiosk]:  # type: ignore[no-untyped-def]
    """The whole app over the demo environment, with short session timers and a sync worker
    that probes a lost service every 100 ms (not 5 s), so a test sees it back at once."""
    env = DemoEnvironment(tmp_path / "demo", template=regional_template)
    try:
        config = env.start()
        config = config.model_copy(
            update={
                "session": SessionSettings().model_copy(
                    update={"idle_timeout_s": 2, "countdown_s": 2, "summary_s": 1}
                ),
                "sync": SyncSettings(probe_interval_ms=100, backoff_initial_ms=50),
            }
        )
        with running_kiosk(qtbot, env, config) as kiosk:
            yield kiosk
    finally:
        env.close()


@pytest.fixture(name="tech_kiosk")
def tech_kiosk_fixture(qtbot, tmp_path: Path, regional_template: Path) -> Iterator[FullKiosk]:  # type: ignore[no-untyped-def]
    """The whole app in English, started from a config file (technician mode saves to it),
    with a 1 s lockout and long press and a quick sync worker."""
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
        with running_kiosk(qtbot, env, config, path, log_above_ms=50) as kiosk:
            yield kiosk
    finally:
        env.close()
