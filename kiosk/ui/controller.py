"""Drives the session machine on the GUI thread and publishes its view model to the screens."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from drivers.events import (
    BarcodeScanned,
    CardPresented,
    DeviceStateChanged,
    Event,
    IdCardRead,
    LinkState,
)
from kiosk.core.connectivity import Link
from kiosk.core.results import ActResult, IdentifyResult
from kiosk.core.runner import ProbeJournal, ProbeResult, Result, Task
from kiosk.core.session import Act, Command, Identify, SessionMachine, SessionView
from kiosk.domain import Credential

log = logging.getLogger(__name__)

TICK_MS = 200
PROBE_MS = 2000
REQUIRED_ROLES = ("id_card_reader", "scanner")


class KioskController(QObject):
    """Nothing here blocks: commands go to the worker through ``submit``; results, device
    events and link changes come back through the bridge's queued signals."""

    view_changed = Signal(object)  # SessionView
    devices_changed = Signal(object)  # dict role -> (LinkState, reason)
    cue = Signal(str)  # "success" | "error" | "attention": sound cues

    def __init__(
        self,
        machine: SessionMachine,
        submit: Callable[[Sequence[Task]], None],
        *,
        required_roles: tuple[str, ...] = REQUIRED_ROLES,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.machine = machine
        self._submit = submit
        self._clock = clock
        self._required = required_roles
        self.devices: dict[str, tuple[LinkState, str]] = {}
        self._journal_problem = False
        self._last_view: SessionView | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        # While the journal cannot be written, ask now and then whether it can again.
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_MS)
        self._probe_timer.timeout.connect(lambda: self._submit([ProbeJournal()]))

    @property
    def view(self) -> SessionView:
        return self.machine.view

    def start(self) -> None:
        self._timer.start()
        self._last_view = None
        self._publish()

    def stop(self) -> None:
        self._timer.stop()
        self._probe_timer.stop()

    # ---- inputs -------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        self._apply(self.machine.tick(self._clock()))

    @Slot(str, str)
    def press(self, action: str, arg: str = "") -> None:
        self._apply(self.machine.press(action, self._clock(), arg))

    @Slot(object)
    def on_device_event(self, event: Event) -> None:
        now = self._clock()
        if isinstance(event, DeviceStateChanged):
            self.devices[event.role] = (event.state, event.reason or "")
            self.devices_changed.emit(dict(self.devices))
            self._update_service_state(now)
        elif isinstance(event, IdCardRead | CardPresented):
            self._apply(self.machine.card(Credential.from_event(event), now))
        elif isinstance(event, BarcodeScanned):
            commands = self.machine.scan(event.data, event.kind, now)
            if not commands and self.machine.view.message:
                self.cue.emit("error")
            self._apply(commands)

    @Slot(object, object)
    def on_result(self, command: Task, result: Result) -> None:
        now = self._clock()
        if isinstance(result, ProbeResult):
            if result.journal_ok:
                self.set_journal_problem(False)
            return
        if isinstance(command, Identify) and isinstance(result, IdentifyResult):
            if result.code == "journal_unavailable":
                self.set_journal_problem(True)
            self.cue.emit("success" if result.ok else "attention")
            self._apply(self.machine.identified(command, result, now))
        elif isinstance(command, Act) and isinstance(result, ActResult):
            if result.code == "journal_unavailable":
                self.set_journal_problem(True)
            elif result.succeeded and self._journal_problem:
                self.set_journal_problem(False)
            self.cue.emit("success" if result.succeeded else "error")
            self._apply(self.machine.acted(command, result, now))

    @Slot(object)
    def on_link(self, link: Link) -> None:
        self.machine.set_offline(link == Link.OFFLINE)
        self._publish()

    def set_journal_problem(self, problem: bool) -> None:
        self._journal_problem = problem
        if problem:
            self._probe_timer.start()
        else:
            self._probe_timer.stop()
        self._update_service_state(self._clock())

    # ---- helpers ------------------------------------------------------------------------
    def _update_service_state(self, now: float) -> None:
        reason = None
        if self._journal_problem:
            reason = "journal_unavailable"
        else:
            for role in self._required:
                state = self.devices.get(role)
                if state is not None and state[0] != LinkState.CONNECTED:
                    reason = f"{role}_{state[1] or state[0]}"
                    break
        self.machine.set_out_of_service(reason, now)
        self._publish()

    def _apply(self, commands: list[Command]) -> None:
        if commands:
            self._submit(commands)
        self._publish()

    def _publish(self) -> None:
        view = self.machine.view
        if view != self._last_view:  # ticks mostly change nothing: spare the screens a redraw
            self._last_view = view
            self.view_changed.emit(view)
