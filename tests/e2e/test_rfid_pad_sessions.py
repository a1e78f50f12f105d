"""A stack of books on the RFID pad, borrowed and returned through the real service: the real
FEIG driver over the in-process pad simulator, the kiosk loop and the command runner; each
book's security written only after its act and verified on the simulated tag."""

from __future__ import annotations

import queue
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.events import Event, IdCard, IdCardRead, RfidTagArrived
from drivers.idcard.demo_cards import ZHANG_SAN
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.security import AFI_IN_LIBRARY, AFI_ON_LOAN
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.settings import RfidReaderSettings
from drivers.sim import registry
from drivers.sim.rfid_sim import RfidPadSimulator, garbage_tag, make_tag
from kiosk.config import parse_config
from kiosk.core.kiosk_loop import KioskLoop
from kiosk.core.results import Outcome, ResultCode
from kiosk.core.rfid_pad import RfidPad, RfidSettings
from kiosk.core.runner import CommandRunner, Task
from kiosk.core.session import ItemRow, RowSecurity, Screen, SessionMachine
from kiosk.core.settings import OfflinePolicy
from kiosk.domain import ActKind, EntryState
from kiosk.headless import HeadlessKiosk
from kiosk.services import KioskServices
from tests.e2e.conftest import kiosk_services
from tests.e2e.regional_process import RegionalService
from tests.e2e.test_patron_sessions import SETTINGS
from tests.helpers import wait_until

NETWORK = ("CQL", "CDL", "SCL", "YZL", "CQU")


def book_memory(barcode: str, owner: str = "CN-CQL") -> bytes:
    """A tag laid out as the library's tag writer lays out a new one."""
    values = {"primary_item_id": barcode, "owner_institution": owner}
    return plan_write(values, LibraryTagSettings(), memory_size=28 * 4).memory


def uid(n: int) -> str:
    return f"E00401{n:010X}"


class PadKiosk:
    """The kiosk loop over the real services and a real FEIG driver on a simulated pad. Device
    events are queued by the reader's thread and fed to the loop on the test's thread; each task
    runs there as the worker thread would run it (a security write blocks on the reader)."""

    def __init__(self, services: KioskServices, sim: RfidPadSimulator) -> None:
        self.services = services
        self.sim = sim
        self.events: queue.Queue[Event] = queue.Queue()
        settings = RfidReaderSettings(
            port=f"kiosksim://{sim.name}",
            poll_interval_ms=20,
            reply_timeout_ms=300,
            reconnect_initial_ms=20,
            reconnect_max_ms=100,
        )
        self.reader = FeigReader("rfid_reader", settings, self.events.put)
        self.pad = RfidPad(RfidSettings(network_libraries=NETWORK), self.reader)
        self.runner = CommandRunner(services.circulation, lambda _t, _r: None, pad=self.pad)
        self.queue: list[Task] = []
        self.loop = KioskLoop(
            SessionMachine(SETTINGS), self.queue.extend, required_roles=(), pad=self.pad
        )
        self.now = 0.0
        self.arrivals = 0

    def start(self) -> None:
        self.reader.start()

    def close(self) -> None:
        self.reader.close()

    def pump(self) -> None:
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            self.arrivals += isinstance(event, RfidTagArrived)
            self.loop.device_event(event, self.now)
            self._settle()

    def _settle(self) -> None:
        while self.queue:
            task = self.queue.pop(0)
            self.loop.result(task, self.runner.execute(task), self.now)

    def tap(self, card: IdCard) -> None:
        self.loop.device_event(IdCardRead(card, id_number_valid=True, expired=False), self.now)
        self._settle()

    def until(self, condition: object, what: str, timeout: float = 15.0) -> None:
        def check() -> bool:
            self.pump()
            return bool(condition())  # type: ignore[operator]

        wait_until(check, timeout=timeout, what=what)

    def rows(self) -> dict[str, ItemRow]:
        return {r.barcode: r for r in self.loop.view.rows}

    def settled(self, n: int) -> bool:
        rows = self.loop.view.rows
        return len(rows) == n and all(
            not r.pending and r.security != RowSecurity.WRITING for r in rows
        )


@pytest.fixture
def sim() -> Iterator[RfidPadSimulator]:
    device = RfidPadSimulator(f"rfid-{uuid.uuid4().hex[:8]}", records_per_reply=3)
    registry.register(device)
    yield device
    registry.unregister(device)


@pytest.fixture
def pad_kiosk(
    tmp_path: Path, service: RegionalService, sim: RfidPadSimulator
) -> Iterator[PadKiosk]:
    services = kiosk_services(tmp_path / "k", service.url, service.token, OfflinePolicy())
    kiosk = PadKiosk(services, sim)
    kiosk.start()
    try:
        yield kiosk
    finally:
        kiosk.close()
        services.close()


def on_loan_to_someone(service: RegionalService) -> list[str]:
    rows = service.query(
        "SELECT i.barcode FROM items i JOIN loans l ON l.item_barcode = i.barcode "
        "AND l.returned_at IS NULL WHERE i.status = 'on_loan' ORDER BY i.barcode"
    )
    return [r[0] for r in rows]


def test_a_stack_of_five_borrowed_with_one_refused_and_one_write_failing(
    pad_kiosk: PadKiosk, service: RegionalService, sim: RfidPadSimulator
) -> None:
    available = service.available_items("CQL", 4)
    taken = on_loan_to_someone(service)[0]
    stack = [*available[:2], taken, *available[2:]]
    pad_kiosk.tap(ZHANG_SAN)
    assert pad_kiosk.loop.view.screen == Screen.SESSION
    flaky = uid(2)
    sim.fail_next_write(flaky)  # its first security write is answered OK but changes nothing
    for n, barcode in enumerate(stack, start=1):
        sim.put_tag(make_tag(uid(n), book_memory(barcode), afi=AFI_IN_LIBRARY, eas=True))
    pad_kiosk.until(lambda: pad_kiosk.settled(5), "five rows, every write ended")

    rows = pad_kiosk.rows()
    borrowed = [b for b in stack if b != taken]
    assert [rows[b].outcome for b in borrowed] == [Outcome.DONE] * 4
    assert all(service.active_loans(b) == 1 for b in borrowed)
    refused = rows[taken]
    assert (refused.outcome, refused.code) == (Outcome.REFUSED, ResultCode.ITEM_ON_LOAN_TO_OTHER)
    assert refused.security is None
    refused_tag = sim.tag(uid(3))
    assert refused_tag is not None and (refused_tag.afi, refused_tag.eas) == (AFI_IN_LIBRARY, True)
    # The failed write: borrowed all the same, and the row asks for the book back on the pad.
    assert rows[stack[1]].outcome == Outcome.DONE
    assert rows[stack[1]].security == RowSecurity.NOT_SET
    for n in (1, 4, 5):
        tag = sim.tag(uid(n))
        assert tag is not None and (tag.afi, tag.eas) == (AFI_ON_LOAN, False)
        assert rows[stack[n - 1]].security == RowSecurity.SET

    # Put back on the pad (lifted, then laid down again): written again, verified, no new act.
    arrivals = pad_kiosk.arrivals
    sim.lift_tag(flaky)
    pad_kiosk.until(lambda: flaky not in pad_kiosk.reader.present_tags(), "the tag left")
    sim.put_tag(make_tag(flaky, book_memory(stack[1]), afi=AFI_IN_LIBRARY, eas=True))
    pad_kiosk.until(
        lambda: pad_kiosk.rows()[stack[1]].security == RowSecurity.SET, "the tag re-secured"
    )
    assert pad_kiosk.arrivals == arrivals + 1
    again = sim.tag(flaky)
    assert again is not None and (again.afi, again.eas) == (AFI_ON_LOAN, False)
    assert len(pad_kiosk.loop.view.rows) == 5
    assert service.active_loans(stack[1]) == 1
    # One act per book in the journal: the put-back did not borrow it twice.
    borrows = [e for e in pad_kiosk.services.journal.entries() if e.kind == ActKind.BORROW]
    assert sorted(e.item_barcode for e in borrows) == sorted(stack)


def test_a_book_scanned_and_on_the_pad_counts_once_and_bad_tags_get_plain_rows(
    pad_kiosk: PadKiosk, service: RegionalService, sim: RfidPadSimulator
) -> None:
    from drivers.barcode.classify import BarcodeKind
    from drivers.events import BarcodeScanned

    book = service.available_items("CQL", 1)[0]
    pad_kiosk.tap(ZHANG_SAN)
    sim.put_tag(make_tag(uid(1), book_memory(book)))
    pad_kiosk.until(lambda: pad_kiosk.settled(1), "the pad's book borrowed")
    pad_kiosk.loop.device_event(BarcodeScanned(book, None, BarcodeKind.ITEM), pad_kiosk.now)
    pad_kiosk._settle()
    assert len(pad_kiosk.loop.view.rows) == 1
    sim.put_tag(garbage_tag(uid(2), seed=7))
    sim.put_tag(make_tag(uid(3), book_memory("39001234567890", owner="US-DLC")))
    pad_kiosk.until(lambda: len(pad_kiosk.loop.view.rows) == 3, "rows for the two bad tags")
    codes = {r.tag_uid: r.code for r in pad_kiosk.loop.view.rows}
    assert codes[uid(2)] == ResultCode.TAG_UNREADABLE
    assert codes[uid(3)] == ResultCode.TAG_OUTSIDE_NETWORK
    assert all(row.security is None for row in pad_kiosk.loop.view.rows[1:])
    assert len(pad_kiosk.services.journal.entries()) == 1  # no act for a tag that names no book


def routed_returns(service: RegionalService) -> tuple[str, str]:
    """A book on loan owned elsewhere with nobody waiting (transit) and one a reader waits for
    here (hold shelf), as kiosk/demo_env.py finds them."""
    transit = service.query(
        "SELECT i.barcode FROM items i JOIN loans l ON l.item_barcode = i.barcode AND "
        "l.returned_at IS NULL WHERE i.status = 'on_loan' AND i.owner_library_id != 'CQL' AND "
        "NOT EXISTS (SELECT 1 FROM holds h WHERE h.item_barcode = i.barcode AND "
        "h.status IN ('waiting', 'ready')) ORDER BY i.barcode LIMIT 1"
    )
    hold = service.query(
        "SELECT l.item_barcode FROM loans l JOIN holds h ON h.item_barcode = l.item_barcode "
        "WHERE l.returned_at IS NULL AND h.status = 'waiting' AND h.pickup_library_id = 'CQL' "
        "ORDER BY l.item_barcode LIMIT 1"
    )
    assert transit and hold, "the demo network has such loans"
    return transit[0][0], hold[0][0]


def test_a_returned_stack_is_routed_per_book_and_secured_again(
    pad_kiosk: PadKiosk, service: RegionalService, sim: RfidPadSimulator
) -> None:
    transit, hold = routed_returns(service)
    stack = [transit, hold]
    for n, barcode in enumerate(stack, start=1):
        owner = (
            "CN-"
            + service.query("SELECT owner_library_id FROM items WHERE barcode=?", barcode)[0][0]
        )
        sim.put_tag(make_tag(uid(n), book_memory(barcode, owner), afi=AFI_ON_LOAN, eas=False))
    pad_kiosk.until(lambda: pad_kiosk.settled(2), "both returns and their writes")
    assert pad_kiosk.loop.view.screen == Screen.RETURNS
    rows = pad_kiosk.rows()
    assert rows[transit].routing_action == "transit"
    assert rows[hold].routing_action == "hold_shelf"
    assert all(r.outcome == Outcome.DONE and r.security == RowSecurity.SET for r in rows.values())
    for n in (1, 2):
        tag = sim.tag(uid(n))
        assert tag is not None and (tag.afi, tag.eas) == (AFI_IN_LIBRARY, True)
    assert all(service.active_loans(b) == 0 for b in stack)


def test_offline_returns_on_the_pad_are_journalled_and_secured(
    pad_kiosk: PadKiosk, service: RegionalService, sim: RfidPadSimulator
) -> None:
    stack = on_loan_to_someone(service)[:3]
    service.stop()
    for n, barcode in enumerate(stack, start=1):
        sim.put_tag(make_tag(uid(n), book_memory(barcode), afi=AFI_ON_LOAN, eas=False))
    pad_kiosk.until(lambda: pad_kiosk.settled(3), "three offline returns and their writes")
    rows = pad_kiosk.rows()
    assert all(r.outcome == Outcome.PROVISIONAL for r in rows.values())
    assert all(r.security == RowSecurity.SET for r in rows.values())
    for n in (1, 2, 3):
        tag = sim.tag(uid(n))
        assert tag is not None and (tag.afi, tag.eas) == (AFI_IN_LIBRARY, True)
    entries = pad_kiosk.services.journal.entries()
    assert sorted(e.item_barcode for e in entries) == sorted(stack)
    assert all(e.kind == ActKind.RETURN and e.state == EntryState.PENDING for e in entries)


def test_the_headless_kiosk_takes_returns_from_the_pad_as_configured(
    tmp_path: Path, service: RegionalService, sim: RfidPadSimulator
) -> None:
    """The wiring as the kiosk runs: [devices.rfid_reader] builds the driver, [rfid] the pad,
    and the runner's thread writes the tags."""
    config = parse_config(
        f"""
[kiosk]
id = "CQL-T1"
library = "CQL"
[service]
url = "{service.url}"
token = "{service.token}"
[journal]
path = "{tmp_path / "journal.db"}"
[devices.rfid_reader]
port = "kiosksim://{sim.name}"
poll_interval_ms = 20
reply_timeout_ms = 300
[rfid]
network_libraries = ["CQL", "CDL"]
"""
    )
    book = on_loan_to_someone(service)[0]
    out: list[dict[str, object]] = []
    kiosk = HeadlessKiosk(config, out.append)
    kiosk.start()
    try:
        wait_until(
            lambda: (
                {"event": "device", "role": "rfid_reader", "state": "connected", "reason": None}
                in out
            ),
            what="the pad connected",
        )
        sim.put_tag(make_tag(uid(1), book_memory(book), afi=AFI_ON_LOAN, eas=False))
        sim.put_tag(garbage_tag(uid(2), seed=11))
        wait_until(
            lambda: (
                any(e["event"] == "tag_security" for e in out)
                and any(e["event"] == "tag_refused" for e in out)
            ),
            timeout=15,
            what="the return's tag written and the garbage tag refused",
        )
    finally:
        kiosk.close()
    (returned,) = [e for e in out if e["event"] == "return"]
    assert (returned["item"], returned["outcome"]) == (book, "done")
    (security,) = [e for e in out if e["event"] == "tag_security"]
    assert security == {
        "event": "tag_security",
        "item": book,
        "uid": uid(1),
        "state": "on_shelf",
        "verified": True,
    }
    (refused,) = [e for e in out if e["event"] == "tag_refused"]
    assert refused == {"event": "tag_refused", "uid": uid(2), "code": "tag_unreadable"}
    tag = sim.tag(uid(1))
    assert tag is not None and (tag.afi, tag.eas) == (AFI_IN_LIBRARY, True)
    assert service.active_loans(book) == 0
