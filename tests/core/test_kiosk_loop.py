"""The kiosk-wide rules, without Qt: out of service on a required device or the journal,
recovery through journal probes, and results dispatched to the session with their cues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from drivers.events import (
    BarcodeKind,
    BarcodeScanned,
    DeviceStateChanged,
    IdCard,
    IdCardLifted,
    IdCardRead,
    LinkState,
    RfidTagArrived,
    RfidTagLeft,
)
from drivers.idcard.demo_cards import ZHANG_SAN
from kiosk.backend.types import Patron, PatronSession
from kiosk.core.connectivity import Link
from kiosk.core.kiosk_loop import Cue, KioskLoop
from kiosk.core.results import ActResult, IdentifyResult, Outcome, PatronContext, ResultCode
from kiosk.core.rfid_pad import RfidPad, RfidSettings
from kiosk.core.runner import EndSession, ProbeJournal, ProbeResult, Task
from kiosk.core.session import Act, Identify, Screen, SessionMachine, SessionView
from kiosk.core.settings import SessionSettings
from kiosk.domain import ActKind, Credential
from tests.core.test_rfid_pad import memory

ID = Credential("id_card", "500101199001011234", "张三", chip_verified=True)
ITEM = "33191000105864"
PATRON = Patron("P-000123", "张*", "CQL", loan_limit=10)
PROBE_S = 2.0


@dataclass
class Outputs:
    tasks: list[Task] = field(default_factory=list)
    views: list[SessionView] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    devices: list[dict[str, tuple[LinkState, str]]] = field(default_factory=list)

    def probes(self) -> int:
        return sum(isinstance(t, ProbeJournal) for t in self.tasks)


@pytest.fixture
def out() -> Outputs:
    return Outputs()


@pytest.fixture
def loop(out: Outputs) -> KioskLoop:
    loop = KioskLoop(
        SessionMachine(SessionSettings(idle_timeout_s=300)),
        out.tasks.extend,
        probe_interval_s=PROBE_S,
        on_view=out.views.append,
        on_devices=out.devices.append,
        on_cue=out.cues.append,
    )
    for role in ("id_card_reader", "scanner", "card_reader"):
        loop.device_event(DeviceStateChanged(role, LinkState.CONNECTED), 0.0)
    return loop


def _card() -> IdCard:
    return ZHANG_SAN


def scan(barcode: str = ITEM, kind: BarcodeKind = BarcodeKind.ITEM) -> BarcodeScanned:
    return BarcodeScanned(barcode, None, kind)


def returned(loop: KioskLoop, out: Outputs, code: ResultCode, now: float) -> None:
    """A book scanned on the home screen and its return answered with ``code``."""
    loop.device_event(scan(), now)
    act = out.tasks[-1]
    assert isinstance(act, Act) and act.kind == ActKind.RETURN
    outcome = Outcome.DONE if code == ResultCode.OK else Outcome.FAILED
    loop.result(act, ActResult(ActKind.RETURN, ITEM, outcome, code), now)


def test_a_required_device_down_is_out_of_service_until_it_is_back(
    loop: KioskLoop, out: Outputs
) -> None:
    loop.device_event(DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost"), 1.0)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    assert loop.view.out_of_service_reason == "scanner_link_lost"
    assert out.devices[-1]["scanner"] == (LinkState.DISCONNECTED, "link_lost")
    assert out.views[-1].screen == Screen.OUT_OF_SERVICE
    loop.device_event(scan(), 1.5)  # nobody can be served meanwhile
    assert out.tasks == []
    loop.device_event(DeviceStateChanged("scanner", LinkState.CONNECTED), 2.0)
    assert loop.view.screen == Screen.HOME


def test_a_device_the_kiosk_can_do_without_does_not_stop_it(loop: KioskLoop) -> None:
    loop.device_event(DeviceStateChanged("card_reader", LinkState.ERROR, "port_missing"), 1.0)
    assert loop.view.screen == Screen.HOME
    # A receipt printer out of paper: no receipts, but borrowing and returning go on.
    loop.device_event(DeviceStateChanged("printer", LinkState.ERROR, "paper_out"), 1.5)
    assert loop.view.screen == Screen.HOME


def test_a_journal_failure_is_out_of_service_and_probes_bring_it_back(
    loop: KioskLoop, out: Outputs
) -> None:
    returned(loop, out, ResultCode.JOURNAL_UNAVAILABLE, 1.0)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    assert loop.view.out_of_service_reason == ResultCode.JOURNAL_UNAVAILABLE
    assert out.cues[-1] == Cue.ERROR
    loop.tick(1.0 + PROBE_S / 2)
    assert out.probes() == 0  # not before the interval
    loop.tick(1.0 + PROBE_S)
    assert out.probes() == 1
    loop.result(ProbeJournal(), ProbeResult(journal_ok=False), 3.1)
    loop.tick(3.2)
    assert loop.view.screen == Screen.OUT_OF_SERVICE and out.probes() == 1
    loop.tick(1.0 + 2 * PROBE_S)
    assert out.probes() == 2
    loop.result(ProbeJournal(), ProbeResult(journal_ok=True), 5.1)
    assert loop.view.screen == Screen.HOME and not loop.journal_problem
    loop.tick(100.0)
    assert out.probes() == 2  # probing stops with the problem


def test_a_journal_failure_on_identify_also_stops_the_kiosk(loop: KioskLoop, out: Outputs) -> None:
    loop.device_event(DeviceStateChanged("id_card_reader", LinkState.CONNECTED), 0.5)
    loop.machine.card(ID, 1.0)  # straight to the machine: only the answer matters here
    loop.result(Identify(ID), IdentifyResult(ResultCode.JOURNAL_UNAVAILABLE), 1.1)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    assert out.cues[-1] == Cue.ATTENTION


def test_a_journal_problem_at_start_probes_too(loop: KioskLoop, out: Outputs) -> None:
    loop.set_journal_problem(True, 10.0)
    assert loop.view.out_of_service_reason == ResultCode.JOURNAL_UNAVAILABLE
    loop.tick(10.0 + PROBE_S)
    assert out.probes() == 1


def test_a_journal_problem_outranks_a_device_and_recovery_leaves_the_device_reason(
    loop: KioskLoop,
) -> None:
    loop.device_event(DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost"), 1.0)
    loop.set_journal_problem(True, 2.0)
    assert loop.view.out_of_service_reason == ResultCode.JOURNAL_UNAVAILABLE
    loop.result(ProbeJournal(), ProbeResult(journal_ok=True), 3.0)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    assert loop.view.out_of_service_reason == "scanner_link_lost"


def test_results_reach_the_session_with_their_cues(loop: KioskLoop, out: Outputs) -> None:
    loop.device_event(DeviceStateChanged("id_card_reader", LinkState.CONNECTED), 0.5)
    loop.machine.card(ID, 1.0)
    loop.result(Identify(ID), IdentifyResult(ResultCode.OK, PatronContext(ID, PATRON)), 1.1)
    assert loop.view.screen == Screen.SESSION and loop.view.patron_name == "张*"
    assert out.cues == [Cue.SUCCESS]
    loop.device_event(scan(), 2.0)
    (act,) = out.tasks
    assert act == Act(ActKind.BORROW, ITEM, PatronContext(ID, PATRON))
    due = dt.date(2026, 12, 24)
    loop.result(act, ActResult(ActKind.BORROW, ITEM, Outcome.DONE, ResultCode.OK, due=due), 2.1)
    (row,) = loop.view.rows
    assert not row.pending and row.due == due and loop.view.loans_used == 1
    assert out.cues == [Cue.SUCCESS, Cue.SUCCESS]
    loop.device_event(scan(ITEM + "1"), 3.0)
    refused = ActResult(ActKind.BORROW, ITEM + "1", Outcome.REFUSED, ResultCode.ITEM_NOT_FOUND)
    loop.result(out.tasks[-1], refused, 3.1)
    assert loop.view.rows[-1].code == ResultCode.ITEM_NOT_FOUND
    assert out.cues[-1] == Cue.ERROR


def test_a_refused_card_and_an_ignored_scan_have_their_cues(loop: KioskLoop, out: Outputs) -> None:
    loop.machine.card(ID, 1.0)
    loop.result(Identify(ID), IdentifyResult(ResultCode.PATRON_NOT_FOUND), 1.1)
    assert loop.view.screen == Screen.HOME
    assert loop.view.message == ResultCode.PATRON_NOT_FOUND
    assert out.cues == [Cue.ATTENTION]
    loop.device_event(scan("9787020002207", BarcodeKind.ISBN), 2.0)
    assert loop.view.message == ResultCode.SCAN_LIBRARY_LABEL
    assert out.cues == [Cue.ATTENTION, Cue.ERROR] and out.tasks == []


def test_a_success_after_a_journal_failure_ends_the_problem(loop: KioskLoop, out: Outputs) -> None:
    loop.device_event(scan(), 1.0)
    loop.device_event(scan(ITEM + "1"), 1.1)
    first, second = out.tasks
    failed = ActResult(ActKind.RETURN, ITEM, Outcome.FAILED, ResultCode.JOURNAL_UNAVAILABLE)
    loop.result(first, failed, 1.2)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    # The second was already on its way, and the journal took it: the disk is back.
    loop.result(second, ActResult(ActKind.RETURN, ITEM + "1", Outcome.DONE, ResultCode.OK), 1.3)
    assert not loop.journal_problem and loop.view.screen == Screen.HOME


def test_views_are_published_only_when_they_change(loop: KioskLoop, out: Outputs) -> None:
    before = len(out.views)
    for now in (1.0, 1.2, 1.4):
        loop.tick(now)
    assert len(out.views) == before
    loop.link(Link.OFFLINE)
    assert out.views[-1].offline and len(out.views) == before + 1
    loop.publish()
    assert len(out.views) == before + 2  # asked for: a screen that has just started


def _with_session(session_id: str) -> Patron:
    return Patron("P-1A2B3C", "张*", "CQL", loan_limit=10, session=PatronSession(session_id))


def test_a_session_opened_for_a_patron_who_left_is_ended(loop: KioskLoop, out: Outputs) -> None:
    """The lookup's answer comes after the patron has gone: its session is ended at once."""
    loop.press("borrow", 0.0)
    loop.device_event(IdCardRead(_card(), id_number_valid=True, expired=False), 0.0)
    identify = out.tasks[-1]
    assert isinstance(identify, Identify)
    loop.press("cancel", 1.0)  # gone home before the answer
    context = PatronContext(identify.credential, _with_session("s-left-before-the-answer"))
    loop.result(identify, IdentifyResult(ResultCode.OK, context), 2.0)
    ended = [t for t in out.tasks if isinstance(t, EndSession)]
    assert [t.session_id for t in ended] == ["s-left-before-the-answer"]


def test_the_session_is_ended_once_when_the_patron_goes(loop: KioskLoop, out: Outputs) -> None:
    loop.device_event(IdCardRead(_card(), id_number_valid=True, expired=False), 0.0)
    identify = out.tasks[-1]
    assert isinstance(identify, Identify)
    context = PatronContext(identify.credential, _with_session("s-at-the-kiosk"))
    loop.result(identify, IdentifyResult(ResultCode.OK, context), 1.0)
    assert not [t for t in out.tasks if isinstance(t, EndSession)]  # still here
    loop.press("finish", 2.0)
    loop.tick(3.0)
    loop.press("finish", 4.0)
    ended = [t for t in out.tasks if isinstance(t, EndSession)]
    assert [t.session_id for t in ended] == ["s-at-the-kiosk"]
    assert "s-at-the-kiosk" not in repr(ended[0])  # a bearer secret stays out of logs


def test_a_card_left_on_the_reader_repeats_the_attention_cue_until_lifted(
    loop: KioskLoop, out: Outputs
) -> None:
    loop.device_event(IdCardRead(_card(), True, False), 1.0)
    (identify,) = out.tasks
    assert isinstance(identify, Identify)
    context = PatronContext(identify.credential, PATRON)
    loop.result(identify, IdentifyResult(ResultCode.OK, context), 1.1)
    loop.tick(2.0)
    assert out.cues == [Cue.SUCCESS]  # in use: no reminder
    loop.press("finish", 3.0)
    loop.tick(3.0)
    reminder = loop.machine.settings.card_reminder_s
    loop.tick(3.0 + reminder / 2)
    assert out.cues == [Cue.SUCCESS, Cue.ATTENTION] and loop.view.card_left
    loop.tick(3.0 + reminder)
    assert out.cues == [Cue.SUCCESS, Cue.ATTENTION, Cue.ATTENTION]
    loop.device_event(IdCardLifted(), 3.0 + reminder + 0.5)
    loop.tick(3.0 + 3 * reminder)
    assert out.cues == [Cue.SUCCESS, Cue.ATTENTION, Cue.ATTENTION] and not loop.view.card_left


def test_books_put_on_the_pad_while_out_of_service_are_not_acted_on_later(out: Outputs) -> None:
    """A stack lying on the pad while the kiosk could serve nobody is not borrowed or returned
    when it comes back (the next patron would get acts they never asked for); lifted and put
    down again, each is a book like any other."""
    loop = KioskLoop(
        SessionMachine(SessionSettings(idle_timeout_s=300)),
        out.tasks.extend,
        probe_interval_s=PROBE_S,
        on_view=out.views.append,
        pad=RfidPad(RfidSettings(), writer=None),
    )
    for role in ("id_card_reader", "scanner", "rfid_reader"):
        loop.device_event(DeviceStateChanged(role, LinkState.CONNECTED), 0.0)
    loop.device_event(DeviceStateChanged("scanner", LinkState.DISCONNECTED, "link_lost"), 1.0)
    assert loop.view.screen == Screen.OUT_OF_SERVICE
    tag = RfidTagArrived("E004010000000001", 0x06, 0x07, 4, memory(ITEM))
    loop.device_event(tag, 1.5)
    assert out.tasks == [] and loop.view.rows == ()
    loop.device_event(DeviceStateChanged("scanner", LinkState.CONNECTED), 2.0)
    assert loop.view.screen == Screen.HOME and loop.view.rows == ()
    loop.tick(3.0)
    assert out.tasks == []  # still lying there: not read again
    loop.device_event(RfidTagLeft(tag.uid), 4.0)
    loop.device_event(tag, 4.5)
    (act,) = out.tasks
    assert isinstance(act, Act) and (act.kind, act.barcode) == (ActKind.RETURN, ITEM)
