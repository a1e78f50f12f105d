"""The kiosk's side of the trust rules, against the real service: it names a patron online by
the session their lookup opened and ends that session when the patron is done (finish, second
tap, timeout, a patron who left before the answer); offline it names them by the chip-read
card and keeps to the offline item limit per episode, counted as the service counts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.barcode.classify import BarcodeKind
from drivers.events import BarcodeScanned, IdCard, IdCardRead
from drivers.idcard.demo_cards import LI_SI, ZHANG_SAN
from kiosk.core.kiosk_loop import KioskLoop
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.runner import CommandRunner, Task
from kiosk.core.session import Screen, SessionMachine
from kiosk.core.settings import OfflinePolicy, SessionSettings
from kiosk.services import KioskServices
from kiosk.sync.replay import Replayer
from tests.e2e.conftest import kiosk_services
from tests.e2e.regional_process import RegionalService
from tests.e2e.test_offline_and_sync import chip
from tests.fault_proxy import FaultProxy

SETTINGS = SessionSettings().model_copy(
    update={"idle_timeout_s": 60, "countdown_s": 15, "summary_s": 8}
)


class DrivenKiosk:
    """The kiosk loop (session machine and kiosk-wide rules) over the real kiosk services, in
    step on the test's thread: each task runs as the worker thread would run it, and its result
    is fed back, until none is left."""

    def __init__(self, services: KioskServices) -> None:
        self.services = services
        self.runner = CommandRunner(services.circulation, lambda _task, _result: None)
        self.queue: list[Task] = []
        self.loop = KioskLoop(SessionMachine(SETTINGS), self.queue.extend, required_roles=())
        self.now = 0.0

    def _settle(self) -> None:
        while self.queue:
            task = self.queue.pop(0)
            self.loop.result(task, self.runner.execute(task), self.now)

    def tap(self, card: IdCard) -> None:
        self.loop.device_event(IdCardRead(card, id_number_valid=True, expired=False), self.now)
        self._settle()

    def scan(self, barcode: str) -> None:
        self.loop.device_event(BarcodeScanned(barcode, None, BarcodeKind.ITEM), self.now)
        self._settle()

    def press(self, action: str) -> None:
        self.loop.press(action, self.now)
        self._settle()

    def wait(self, seconds: float) -> None:
        self.now += seconds
        self.loop.tick(self.now)
        self._settle()


def open_sessions(service: RegionalService) -> int:
    rows = service.query("SELECT count(*) FROM patron_sessions WHERE ended_at IS NULL")
    count: int = rows[0][0]
    return count


@pytest.fixture
def driven(tmp_path: Path, service: RegionalService) -> Iterator[DrivenKiosk]:
    services = kiosk_services(tmp_path / "k", service.url, service.token, OfflinePolicy())
    try:
        yield DrivenKiosk(services)
    finally:
        services.close()


def test_the_kiosk_ends_the_session_when_the_patron_finishes(
    driven: DrivenKiosk, service: RegionalService
) -> None:
    book = service.available_items("CQL", 1)[0]
    driven.tap(ZHANG_SAN)
    assert driven.loop.view.screen == Screen.SESSION and open_sessions(service) == 1
    who = driven.loop.machine._s.who  # kept to show the ended session is dead
    assert who is not None and who.session_id is not None
    driven.scan(book)
    assert driven.loop.view.rows[-1].outcome == Outcome.DONE
    driven.press("finish")
    assert driven.loop.view.screen == Screen.SUMMARY and open_sessions(service) == 0
    # Whoever held on to it can do nothing with it now.
    other = service.available_items("CQL", 2)[1]
    late = driven.services.circulation.borrow(who, other)
    assert (late.outcome, late.code) == (Outcome.REFUSED, ResultCode.SESSION_INVALID)
    assert service.active_loans(other) == 0


def test_a_second_tap_and_a_timeout_end_the_session_too(
    driven: DrivenKiosk, service: RegionalService
) -> None:
    driven.tap(ZHANG_SAN)
    assert open_sessions(service) == 1
    driven.tap(ZHANG_SAN)  # a second tap ends the session
    assert driven.loop.view.screen == Screen.SUMMARY and open_sessions(service) == 0
    driven.wait(SETTINGS.summary_s)
    driven.tap(LI_SI)
    assert driven.loop.view.screen == Screen.SESSION and open_sessions(service) == 1
    driven.wait(SETTINGS.idle_timeout_s)
    assert driven.loop.view.screen == Screen.TIMEOUT and open_sessions(service) == 1
    driven.wait(SETTINGS.countdown_s)
    assert driven.loop.view.screen == Screen.HOME and open_sessions(service) == 0


def test_offline_the_item_limit_holds_per_episode_as_the_service_counts_it(
    tmp_path: Path, service: RegionalService
) -> None:
    proxy = FaultProxy(service.port)
    policy = OfflinePolicy()  # 3 items, the demo libraries' offline item limit
    kiosk = kiosk_services(tmp_path / "k", proxy.url, service.token, policy)
    try:
        books = service.available_items("CQL", 6)
        proxy.mode = "drop_before"
        circulation = kiosk.circulation
        first = circulation.identify(chip(ZHANG_SAN))
        assert first.ok and first.offline and first.context is not None
        told = [circulation.borrow(first.context, b).outcome for b in books[:2]]
        # The patron finishes and taps again: a new session, the same offline episode.
        again = circulation.identify(chip(ZHANG_SAN))
        assert again.context is not None
        third = circulation.borrow(again.context, books[2])
        fourth = circulation.borrow(again.context, books[3])
        assert [*told, third.outcome] == [Outcome.PROVISIONAL] * 3
        assert (fourth.outcome, fourth.code) == (Outcome.REFUSED, ResultCode.OFFLINE_LIMIT_REACHED)
        # Another card has its own allowance.
        other = circulation.identify(chip(LI_SI))
        assert other.context is not None
        assert circulation.borrow(other.context, books[4]).outcome == Outcome.PROVISIONAL
        # Replayed, the service agrees: every one lent, none outside the policy.
        proxy.mode = "pass"
        assert Replayer(kiosk.journal, kiosk.backend, 10).run_once().clean
        for book in (*books[:3], books[4]):
            assert service.active_loans(book) == 1
        exceptions = service.query(
            "SELECT count(*) FROM transactions WHERE offline AND result LIKE '%offline_limit%'"
        )
        assert exceptions == [(0,)]
        # Heard of, those no longer count: offline again, a new episode begins.
        proxy.mode = "drop_before"
        kiosk.connectivity.failure("test")
        later = circulation.identify(chip(ZHANG_SAN))
        assert later.context is not None and later.offline
        assert circulation.borrow(later.context, books[5]).outcome == Outcome.PROVISIONAL
        proxy.mode = "pass"
        assert Replayer(kiosk.journal, kiosk.backend, 10).run_once().clean
        assert service.active_loans(books[5]) == 1
    finally:
        kiosk.close()
        proxy.close()
