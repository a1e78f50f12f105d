"""Drives the core kiosk loop on the GUI thread: a timer ticks it, the bridge's queued signals
feed it, and what it publishes goes out as Qt signals to the screens."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from drivers.events import Event
from kiosk.core.connectivity import Link
from kiosk.core.kiosk_loop import REQUIRED_ROLES, Cue, DeviceStates, KioskLoop
from kiosk.core.rfid_pad import RfidPad
from kiosk.core.runner import Result, Task
from kiosk.core.session import SessionMachine, SessionView
from kiosk.core.usage import FleetObserver

TICK_MS = 200


class KioskController(QObject):
    """Nothing here blocks: commands go to the worker through ``submit``; results, device
    events and link changes come back through the bridge's queued signals."""

    view_changed = Signal(object)  # SessionView
    devices_changed = Signal(object)  # dict role -> (LinkState, reason)
    cue = Signal(str)  # a Cue: sound cues

    def __init__(
        self,
        machine: SessionMachine,
        submit: Callable[[Sequence[Task]], None],
        *,
        required_roles: tuple[str, ...] = REQUIRED_ROLES,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        pad: RfidPad | None = None,
        fleet: FleetObserver | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.loop = KioskLoop(
            machine,
            submit,
            required_roles=required_roles,
            on_view=self.view_changed.emit,
            on_devices=self.devices_changed.emit,
            on_cue=self._emit_cue,
            pad=pad,
            fleet=fleet,
        )
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def machine(self) -> SessionMachine:
        return self.loop.machine

    @property
    def view(self) -> SessionView:
        return self.loop.view

    @property
    def devices(self) -> DeviceStates:
        return self.loop.devices

    def start(self) -> None:
        self._timer.start()
        self.loop.publish()

    def stop(self) -> None:
        self._timer.stop()

    # ---- inputs -------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        self.loop.tick(self._clock())

    @Slot(str, str)
    def press(self, action: str, arg: str = "") -> None:
        self.loop.press(action, self._clock(), arg)

    @Slot(object)
    def on_device_event(self, event: Event) -> None:
        self.loop.device_event(event, self._clock())

    @Slot(object, object)
    def on_result(self, command: Task, result: Result) -> None:
        self.loop.result(command, result, self._clock())

    @Slot(object)
    def on_link(self, link: Link) -> None:
        self.loop.link(link)

    def set_journal_problem(self, problem: bool) -> None:
        self.loop.set_journal_problem(problem, self._clock())

    def _emit_cue(self, cue: Cue) -> None:
        self.cue.emit(str(cue))
