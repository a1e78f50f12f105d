"""The kiosk-wide rules both the windowed and the headless kiosk drive: device health, journal
health and its probing, result dispatch to the session machine, and sound cues."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from drivers.events import (
    BarcodeScanned,
    CardPresented,
    DeviceStateChanged,
    Event,
    IdCardLifted,
    IdCardRead,
    LinkState,
    RfidTagArrived,
    RfidTagLeft,
)
from kiosk.core.connectivity import Link
from kiosk.core.results import ActResult, IdentifyResult, ResultCode
from kiosk.core.rfid_pad import RfidPad
from kiosk.core.runner import (
    EndSession,
    ProbeJournal,
    ProbeResult,
    Result,
    SecurityResult,
    Task,
)
from kiosk.core.session import Act, Identify, Screen, SessionMachine, SessionView, SetSecurity
from kiosk.core.usage import FleetObserver, UsageEvent, UsageKind
from kiosk.domain import Credential

PROBE_INTERVAL_S = 2.0
# Each stops the kiosk when it fails, if the kiosk has it (a kiosk without a pad never waits
# for one).
REQUIRED_ROLES = ("id_card_reader", "scanner", "rfid_reader")

DeviceStates = dict[str, tuple[LinkState, str]]  # role -> (state, reason)


class Cue(StrEnum):
    """A sound the patron hears."""

    SUCCESS = "success"
    ERROR = "error"
    ATTENTION = "attention"


class KioskLoop:
    """Owns the session machine and the kiosk-wide conditions. Single-threaded: one owner (the
    GUI thread or the headless loop) feeds it inputs, each with the monotonic time ``now``.

    Commands go out through ``submit``; the view, the device table and cues are published to
    the ``on_*`` callbacks (the view only when it changed)."""

    def __init__(
        self,
        machine: SessionMachine,
        submit: Callable[[list[Task]], None],
        *,
        required_roles: tuple[str, ...] = REQUIRED_ROLES,
        probe_interval_s: float = PROBE_INTERVAL_S,
        on_view: Callable[[SessionView], None] | None = None,
        on_devices: Callable[[DeviceStates], None] | None = None,
        on_cue: Callable[[Cue], None] | None = None,
        pad: RfidPad | None = None,
        fleet: FleetObserver | None = None,
    ) -> None:
        self.machine = machine
        self.fleet = fleet  # the heartbeat: counts and state for the network's statistics
        self.pad = pad  # the RFID book pad, if this kiosk has one
        self.required_roles = required_roles
        self.probe_interval_s = probe_interval_s
        self.devices: DeviceStates = {}
        self._submit = submit
        self._on_view = on_view or (lambda view: None)
        self._on_devices = on_devices or (lambda devices: None)
        self._on_cue = on_cue or (lambda cue: None)
        self._journal_problem = False
        self._next_probe: float | None = None
        self._last_view: SessionView | None = None
        self._session: str | None = None  # the patron session the service holds open for us
        self._next_reminder: float | None = None  # of a card left on the reader

    @property
    def view(self) -> SessionView:
        return self.machine.view

    @property
    def journal_problem(self) -> bool:
        return self._journal_problem

    # ---- inputs -----------------------------------------------------------------------------
    def publish(self) -> None:
        """Publish the current view even if unchanged (a screen that has just started)."""
        self._last_view = None
        self._publish()

    def tick(self, now: float) -> list[Task]:
        warned = self.machine.view.screen == Screen.TIMEOUT
        tasks: list[Task] = list(self.machine.tick(now))
        if warned and self.machine.view.screen == Screen.HOME:
            self._count(UsageEvent(UsageKind.TIMEOUT))  # the countdown ran out, not a button
        self._remind_of_card(now)
        if self._next_probe is not None and now >= self._next_probe:
            # While the journal cannot be written, ask now and then whether it can again.
            self._next_probe = now + self.probe_interval_s
            tasks.append(ProbeJournal())
        return self._apply(tasks)

    def press(self, action: str, now: float, arg: str = "") -> list[Task]:
        return self._apply(list(self.machine.press(action, now, arg)))

    def device_event(self, event: Event, now: float) -> list[Task]:
        if isinstance(event, DeviceStateChanged):
            before = self.devices.get(event.role)
            self.devices[event.role] = (event.state, event.reason or "")
            if before is not None and before[0] == LinkState.CONNECTED != event.state:
                self._count(UsageEvent(UsageKind.DEVICE_FAULT, reason=event.role))
            self._on_devices(dict(self.devices))
            if self.fleet is not None:
                self.fleet.devices_changed(dict(self.devices))
            self._update_service_state(now)
            return []
        if isinstance(event, IdCardRead | CardPresented):
            credential = Credential.from_event(event)
            on_reader = isinstance(event, IdCardRead)
            return self._apply(list(self.machine.card(credential, now, on_reader=on_reader)))
        if isinstance(event, IdCardLifted):
            self.machine.lifted(now, event.seen_lying)
            return self._apply([])
        if isinstance(event, BarcodeScanned):
            commands = self.machine.scan(event.data, event.kind, now)
            if not commands and self.machine.view.message:
                self._on_cue(Cue.ERROR)
            return self._apply(list(commands))
        if isinstance(event, RfidTagArrived) and self.pad is not None:
            book = self.pad.arrived(event)
            if book is None:
                return []  # read at its arrival already
            tasks = self._apply(list(self.machine.tag(book, now)))
            if not book.usable:
                self._on_cue(Cue.ERROR)
            return tasks
        if isinstance(event, RfidTagLeft) and self.pad is not None:
            self.pad.left(event.uid)
            self.machine.tag_left(event.uid)
            return []
        return []

    def result(self, command: Task, result: Result, now: float) -> list[Task]:
        if isinstance(result, ProbeResult):
            if result.journal_ok:
                self.set_journal_problem(False, now)
            return []
        if isinstance(command, Identify) and isinstance(result, IdentifyResult):
            if result.code == ResultCode.JOURNAL_UNAVAILABLE:
                self.set_journal_problem(True, now)
            self._on_cue(Cue.SUCCESS if result.ok else Cue.ATTENTION)
            known = self.machine.has_patron  # the account screen's refresh identifies again
            tasks = self._apply(list(self.machine.identified(command, result, now)))
            if not known and result.ok and self.machine.has_patron:
                self._count(UsageEvent(UsageKind.SESSION))
            opened = result.context.session_id if result.context is not None else None
            if opened is not None and opened != self.machine.patron_session:
                self._submit([EndSession(opened)])  # the patron left before the answer came
            return tasks
        if isinstance(command, Act) and isinstance(result, ActResult):
            if result.code == ResultCode.JOURNAL_UNAVAILABLE:
                self.set_journal_problem(True, now)
            elif result.succeeded and self._journal_problem:
                self.set_journal_problem(False, now)
            self._on_cue(Cue.SUCCESS if result.succeeded else Cue.ERROR)
            return self._apply(list(self.machine.acted(command, result, now)))
        if isinstance(command, SetSecurity) and isinstance(result, SecurityResult):
            if not result.verified:
                self._on_cue(Cue.ATTENTION)  # the screen asks for the book back on the pad
            return self._apply(list(self.machine.secured(command, result.verified, now)))
        return []

    def link(self, link: Link) -> None:
        self.machine.set_offline(link == Link.OFFLINE)
        self._publish()

    def set_journal_problem(self, problem: bool, now: float) -> None:
        """The journal failed (or works again). While it is failing the kiosk is out of service
        and ``tick`` asks the runner every ``probe_interval_s`` whether it takes writes."""
        self._journal_problem = problem
        if not problem:
            self._next_probe = None
        elif self._next_probe is None:
            self._next_probe = now + self.probe_interval_s
        self._update_service_state(now)

    # ---- helpers ----------------------------------------------------------------------------
    def _remind_of_card(self, now: float) -> None:
        """While a card is left on the reader the attention cue repeats (the screen says why)."""
        if not self.machine.view.card_left:
            self._next_reminder = None
        elif self._next_reminder is None or now >= self._next_reminder:
            self._next_reminder = now + self.machine.settings.card_reminder_s
            self._on_cue(Cue.ATTENTION)

    def _update_service_state(self, now: float) -> None:
        reason = None
        if self._journal_problem:
            reason = str(ResultCode.JOURNAL_UNAVAILABLE)
        else:
            for role in self.required_roles:
                state = self.devices.get(role)
                if state is not None and state[0] != LinkState.CONNECTED:
                    reason = f"{role}_{state[1] or state[0]}"
                    break
        self.machine.set_out_of_service(reason, now)
        if self.fleet is not None:
            self.fleet.service_state(reason)
        self._publish()

    def _count(self, event: UsageEvent) -> None:
        if self.fleet is not None:
            self.fleet.usage(event)

    def _apply(self, tasks: list[Task]) -> list[Task]:
        if tasks:
            self._submit(tasks)
        self._publish()
        return tasks

    def _follow_session(self) -> None:
        """Whenever the patron at the kiosk changes (finished, timed out, wiped by a fault, a
        new card), the service hears that the previous patron's session is over."""
        current = self.machine.patron_session
        if current != self._session:
            ended, self._session = self._session, current
            if ended is not None:
                self._submit([EndSession(ended)])

    def _publish(self) -> None:
        self._follow_session()
        view = self.machine.view
        if view != self._last_view:  # ticks mostly change nothing: spare the screens a redraw
            self._last_view = view
            self._on_view(view)
