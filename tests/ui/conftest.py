"""``make_kiosk``: a patron window over a real controller and session machine, commands only
collected. ``full_kiosk`` and ``tech_kiosk``: the whole app (tests/ui/full_kiosk.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from drivers.events import IdCard, IdCardRead
from kiosk.backend.types import HoldReady, ItemRef, Loan, Patron
from kiosk.core.results import IdentifyResult, PatronContext
from kiosk.core.session import Command, Identify, SessionMachine
from kiosk.core.settings import SessionSettings
from kiosk.core.ui_settings import UiSettings
from tests.ui.full_kiosk import full_kiosk_fixture, tech_kiosk_fixture  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 11, 23)
ID_CARD_READ = IdCardRead(
    IdCard(
        "张三",
        "male",
        "01",
        dt.date(1990, 3, 7),
        "重庆市渝中区人民路1号",
        "500103199003070113",
        "重庆市公安局渝中分局",
        dt.date(2020, 1, 1),
        None,
    ),
    id_number_valid=True,
    expired=False,
)
PATRON = Patron(
    patron_id="P-1",
    display_name="张*",
    home_library="CQL",
    loan_limit=10,
    loans=(
        Loan(ItemRef("35001000000098", "围城", "CQL"), TODAY - dt.timedelta(days=3), True, 1),
        Loan(ItemRef("35101000000039", "百年孤独", "CDL"), TODAY + dt.timedelta(days=9), False, 1),
    ),
    holds_ready=(HoldReady(ItemRef("35001000000114", "长安的荔枝", "CQL"), "CQL", TODAY),),
)


@dataclass
class Kiosk:
    window: object
    controller: object
    submitted: list[Command] = field(default_factory=list)
    now: float = 1.0  # the controller's clock, moved by tests

    def tap_card(self, event: object = None) -> Identify:
        """A card on the reader (a resident ID card unless ``event`` says otherwise)."""
        self.controller.on_device_event(event or ID_CARD_READ)
        return self.last(Identify)

    def identify(self, patron: Patron = PATRON) -> None:
        """A card tap answered by the service: the session (or account) screen opens."""
        command = self.tap_card()
        result = IdentifyResult("ok", PatronContext(command.credential, patron))
        self.controller.on_result(command, result)

    def last(self, kind: type) -> object:
        return next(c for c in reversed(self.submitted) if isinstance(c, kind))


@pytest.fixture
def make_kiosk(qtbot) -> Iterator:
    """Builds windows; each is closed (translator removed) at the end of the test."""
    from kiosk.ui.controller import KioskController
    from kiosk.ui.window import KioskWindow

    made = []

    def make(**settings: object) -> Kiosk:
        kiosk = Kiosk(None, None)
        controller = KioskController(
            SessionMachine(SessionSettings()), kiosk.submitted.extend, clock=lambda: kiosk.now
        )
        window = KioskWindow(controller, settings=UiSettings(sound=False, **settings))
        qtbot.addWidget(window)
        window.show()
        kiosk.window, kiosk.controller = window, controller
        made.append(window)
        return kiosk

    yield make
    for window in made:
        window.close()
