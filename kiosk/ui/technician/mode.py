"""Technician mode's coordinator: the hidden entry, the PIN, taking the window over from the
patron screens, routing device events, and leaving by itself when idle."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QWidget

from drivers.events import DeviceStateChanged, Event
from kiosk.core.settings import TechnicianSettings
from kiosk.core.technician_gate import GateAnswer
from kiosk.technician import TechnicianDesk
from kiosk.ui.technician.hold_spot import HoldSpot
from kiosk.ui.technician.jobs import JobRunner
from kiosk.ui.technician.pin_page import TechnicianPinPage
from kiosk.ui.technician.screen import TechnicianScreen

log = logging.getLogger(__name__)

TICK_MS = 250
PIN_IDLE_S = 30.0  # a PIN pad someone walked away from goes back to the patrons sooner
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class ScreenHost(Protocol):
    """Where technician mode shows its pages in place of the patron screens (KioskWindow)."""

    def add_page(self, page: QWidget) -> None: ...

    def take_over(self, page: QWidget) -> None: ...

    def give_back(self) -> None: ...


class TechnicianMode(QObject):
    """``host`` shows its pages in place of the patron screens; a long press on ``spot`` asks
    for the PIN.

    While the PIN pad or the technician screen is up, device data goes to the Test view and
    never to the patron session; link changes still reach both.
    """

    def __init__(
        self,
        host: ScreenHost,
        spot: HoldSpot,
        desk: TechnicianDesk,
        settings: TechnicianSettings,
        *,
        patron_events: Callable[[Event], None],
        on_quit: Callable[[], None],
        on_restart: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.desk = desk
        self.settings = settings
        self.patron_events = patron_events
        self.on_quit = on_quit
        self.on_restart = on_restart
        self.clock = clock
        self.jobs = JobRunner(self)
        self.pin_page = TechnicianPinPage()
        self.screen = TechnicianScreen(
            desk, self.jobs, on_restart=self._restart, on_quit=self._quit
        )
        for page in (self.pin_page, self.screen):
            host.add_page(page)  # built and laid out now, not when a technician waits
        self.pin_page.submitted.connect(self._check_pin)
        self.pin_page.cancelled.connect(self.leave)
        self.screen.exit_requested.connect(self.leave)
        self.where: str | None = None  # None (patron mode), "pin" or "screen"
        self._last_activity = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._was_locked = False
        self.spot = spot
        self.spot.hold_s = settings.long_press_s
        self.spot.held.connect(self.ask_pin)

    @property
    def active(self) -> bool:
        return self.where is not None

    def close(self) -> None:
        self.leave()
        self._tick.stop()
        self._watch(False)
        self.desk.clear_taps()
        self.jobs.close()

    # ---- entry ----------------------------------------------------------------------------
    @Slot()
    def ask_pin(self) -> None:
        if self.active:
            return
        log.info("technician entry asked for")
        self.pin_page.reset()
        self._go("pin", self.pin_page)
        if not self.desk.pin_set:
            self.pin_page.show_not_set()
        elif self.desk.lock_seconds_left() > 0:
            self._show_locked()

    def _show_locked(self) -> None:
        self._was_locked = True
        self.pin_page.show_locked(self.desk.lock_seconds_left())

    def _check_pin(self, pin: str) -> None:
        if self.desk.lock_seconds_left() > 0:
            self._show_locked()
            return
        self.pin_page.show_checking()
        self.jobs.submit(lambda: self.desk.try_pin(pin), self._pin_answer)

    def _pin_answer(self, answer: GateAnswer) -> None:
        if self.where != "pin":
            return  # left (idle or Back) while the PIN was being checked
        if answer == GateAnswer.OPEN:
            log.info("technician mode entered")
            self.screen.enter()
            self._go("screen", self.screen)
        elif answer == GateAnswer.LOCKED:
            log.warning("technician entry locked after repeated wrong PINs")
            self._show_locked()
        elif answer == GateAnswer.NOT_SET:
            self.pin_page.show_not_set()
        else:
            log.info("wrong technician PIN")
            self.pin_page.show_wrong(self.desk.attempts_left())

    # ---- in and out -----------------------------------------------------------------------
    def _go(self, where: str, page: QWidget) -> None:
        self.where = where
        self._last_activity = self.clock()
        self.host.take_over(page)
        self._watch(True)
        self._tick.start()

    @Slot()
    def leave(self) -> None:
        if not self.active:
            return
        if self.where == "screen":
            log.info("technician mode left")
            self.screen.leave()
        self.where = None
        self._was_locked = False
        self._tick.stop()
        self._watch(False)
        self.pin_page.reset()
        self.host.give_back()

    def _quit(self) -> None:
        log.warning("technician asked to exit to the desktop")
        self.leave()
        self.on_quit()

    def _restart(self) -> None:
        log.warning("technician asked to restart the kiosk app")
        self.leave()
        self.on_restart()

    # ---- idle -----------------------------------------------------------------------------
    def _watch(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._last_activity = self.clock()
        return False

    def _on_tick(self) -> None:
        idle = self.clock() - self._last_activity
        if self.where == "pin":
            if self.desk.lock_seconds_left() > 0:
                self._show_locked()
            elif self._was_locked:
                self._was_locked = False
                self.pin_page.reset()  # the lockout is over: the pad works again
            limit = min(PIN_IDLE_S, self.settings.idle_timeout_s)
        else:
            limit = self.settings.idle_timeout_s
        if idle >= limit:
            log.info("technician mode left after %.0f s idle", idle)
            self.leave()

    # ---- device events --------------------------------------------------------------------
    @Slot(object)
    def route_device_event(self, event: Event) -> None:
        """Connected to the bridge in place of the patron controller."""
        if not self.active:
            self.patron_events(event)
            return
        if isinstance(event, DeviceStateChanged):
            self.patron_events(event)  # the patron side must know when it takes over again
        if self.where == "screen":
            self.screen.devices.on_device_event(event)
            if self.screen.rfid is not None:
                self.screen.rfid.on_device_event(event)
