"""What the kiosk loop tells the heartbeat: a session per identified patron (not per account
refresh), a timeout when the countdown runs out, a device fault when a connected device goes,
device states and out of service as they change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from drivers.events import DeviceStateChanged, LinkState
from kiosk.core.kiosk_loop import KioskLoop
from kiosk.core.results import IdentifyResult, PatronContext, ResultCode
from kiosk.core.session import Identify, Screen, SessionMachine
from kiosk.core.settings import SessionSettings
from kiosk.core.usage import UsageEvent, UsageKind
from tests.core.test_kiosk_loop import ID, PATRON

IDLE_S = 60.0
COUNTDOWN_S = 20.0


@dataclass
class Recorder:
    events: list[UsageEvent] = field(default_factory=list)
    devices: list[dict[str, tuple[str, str]]] = field(default_factory=list)
    reasons: list[str | None] = field(default_factory=list)

    def usage(self, event: UsageEvent) -> None:
        self.events.append(event)

    def devices_changed(self, states: Mapping[str, tuple[str, str]]) -> None:
        self.devices.append(dict(states))

    def service_state(self, out_of_service_reason: str | None) -> None:
        self.reasons.append(out_of_service_reason)

    def kinds(self) -> list[tuple[UsageKind, str]]:
        return [(e.kind, e.reason) for e in self.events]


def make_loop(fleet: Recorder) -> KioskLoop:
    settings = SessionSettings().model_copy(
        update={"idle_timeout_s": IDLE_S, "countdown_s": COUNTDOWN_S}
    )
    loop = KioskLoop(SessionMachine(settings), lambda tasks: None, fleet=fleet)
    for role in ("id_card_reader", "scanner"):
        loop.device_event(DeviceStateChanged(role, LinkState.CONNECTED), 0.0)
    return loop


def identify(loop: KioskLoop, now: float) -> None:
    loop.machine.card(ID, now)
    loop.result(Identify(ID), IdentifyResult(ResultCode.OK, PatronContext(ID, PATRON)), now)


def test_a_session_and_its_timeout_are_counted_once() -> None:
    fleet = Recorder()
    loop = make_loop(fleet)
    identify(loop, 1.0)
    assert loop.view.screen == Screen.SESSION
    # The account screen asks again for fresh loans: the same patron, no new session.
    loop.result(Identify(ID, None), IdentifyResult(ResultCode.OK, PatronContext(ID, PATRON)), 2.0)
    assert fleet.kinds() == [(UsageKind.SESSION, "")]

    loop.tick(2.0 + IDLE_S)
    assert loop.view.screen == Screen.TIMEOUT
    assert fleet.kinds() == [(UsageKind.SESSION, "")]
    loop.tick(2.0 + IDLE_S + COUNTDOWN_S + 0.1)
    assert loop.view.screen == Screen.HOME
    assert fleet.kinds() == [(UsageKind.SESSION, ""), (UsageKind.TIMEOUT, "")]


def test_a_device_going_away_is_a_fault_and_its_state_goes_out_at_once() -> None:
    fleet = Recorder()
    loop = make_loop(fleet)
    assert fleet.events == []  # connecting at start is no fault
    loop.device_event(DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost"), 5.0)
    assert fleet.kinds() == [(UsageKind.DEVICE_FAULT, "scanner")]
    assert fleet.devices[-1]["scanner"] == (LinkState.DISCONNECTED, "link_lost")
    assert fleet.reasons[-1] == "scanner_link_lost"
    loop.device_event(DeviceStateChanged("scanner", LinkState.ERROR, "link_lost"), 6.0)
    assert len(fleet.events) == 1  # still the same fault
    loop.device_event(DeviceStateChanged("scanner", LinkState.CONNECTED), 7.0)
    assert fleet.reasons[-1] is None
