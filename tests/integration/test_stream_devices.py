"""The real scanner and line card reader drivers over in-process simulators."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from drivers.events import BarcodeKind, BarcodeScanned, CardPresented, CredentialKind, LinkState
from drivers.settings import BarcodeScannerSettings, CardLineReaderSettings
from drivers.sim import registry
from drivers.sim.cardline_sim import CardLineSimulator
from drivers.sim.scanner_sim import ScannerSimulator
from drivers.stream import BarcodeScanner, CardLineReader
from tests.helpers import Recorder, wait_until

ITEM = "33191000105864"
ISBN = "9787536692930"


@pytest.fixture
def scanner_sim() -> Iterator[ScannerSimulator]:
    device = ScannerSimulator(
        f"scanner-{uuid.uuid4().hex[:8]}",
        terminator="crlf",
        aim="]F0",
        codabar_start_stop=("A", "B"),
    )
    registry.register(device)
    yield device
    registry.unregister(device)


def _scanner_settings(sim: ScannerSimulator, **kw: object) -> BarcodeScannerSettings:
    values = dict(
        port=f"kiosksim://{sim.name}",
        terminator="crlf",
        reconnect_initial_ms=20,
        reconnect_max_ms=100,
        repeat_window_ms=300,
    )
    values.update(kw)
    return BarcodeScannerSettings(**values)


@pytest.fixture
def scanner(scanner_sim) -> Iterator[Recorder]:
    rec = Recorder()
    with BarcodeScanner("scanner", _scanner_settings(scanner_sim), rec):
        rec.wait_state(LinkState.CONNECTED)
        yield rec


def test_scans_are_decoded_classified_and_repeats_folded(scanner_sim, scanner) -> None:
    rec = scanner
    scanner_sim.scan(ITEM, "]F0")
    scanner_sim.scan(ITEM, "]F0")  # the same label again at once: one scan
    scanner_sim.scan(ISBN, "]E0")
    events = rec.wait_count(BarcodeScanned, 2)
    assert [(e.data, e.symbology, e.kind) for e in events] == [
        (ITEM, "]F0", BarcodeKind.ITEM),
        (ISBN, "]E0", BarcodeKind.ISBN),
    ]


def test_noise_and_split_frames(scanner_sim, scanner) -> None:
    rec = scanner
    scanner_sim.inject_garbage(b"\x00\x01\xfe\xff\x13\x11\r\n")
    scanner_sim.split_next(4, gap=0.01)
    scanner_sim.scan(ITEM, "]F0")
    scanner_sim.inject_garbage(bytes(range(0x80, 0xA0)) + b"\r\n")
    scanner_sim.scan("not-a-label", "]C0")
    events = rec.wait_count(BarcodeScanned, 2)
    assert [e.data for e in events] == [ITEM, "not-a-label"]
    assert events[1].kind == BarcodeKind.UNKNOWN


def test_wrong_baud_rate_gives_no_phantom_scans(scanner_sim) -> None:
    rec = Recorder()
    with BarcodeScanner("scanner", _scanner_settings(scanner_sim, baudrate=115200), rec):
        rec.wait_state(LinkState.CONNECTED)
        for _ in range(5):
            scanner_sim.scan(ITEM, "]F0")
        wait_until(lambda: scanner_sim.host_in_waiting(scanner_sim.generation) == 0)
    assert rec.of(BarcodeScanned) == []


def test_unplug_replug_then_scans_flow(scanner_sim, scanner) -> None:
    rec = scanner
    scanner_sim.unplug()
    rec.wait_state(LinkState.DISCONNECTED, "link_lost")
    scanner_sim.replug()
    rec.wait_state(LinkState.CONNECTED)
    scanner_sim.scan(ITEM, "]F0")
    assert rec.wait_count(BarcodeScanned, 1)[0].data == ITEM


def test_line_card_reader_normalises_uid() -> None:
    sim = CardLineSimulator(f"cards-{uuid.uuid4().hex[:8]}", terminator="cr")
    registry.register(sim)
    rec = Recorder()
    settings = CardLineReaderSettings(
        port=f"kiosksim://{sim.name}",
        terminator="cr",
        uid_format="decimal_reversed",
        pad_to=10,
        credential="social_security_card",
    )
    try:
        with CardLineReader("card_reader", settings, rec):
            rec.wait_state(LinkState.CONNECTED)
            sim.present("1C78F2BF")
            sim.present("1c78f2bf")  # the same card held a moment longer: one tap
            sim.present("00000001")
            events = rec.wait_count(CardPresented, 2)
    finally:
        registry.unregister(sim)
    assert [(e.kind, e.value) for e in events] == [
        (CredentialKind.SOCIAL_SECURITY_CARD, "3220338716"),
        (CredentialKind.SOCIAL_SECURITY_CARD, "0016777216"),
    ]


def test_plug_in_noise_does_not_cost_the_first_scan(scanner_sim) -> None:
    rec = Recorder()
    timeout_s = 0.05
    settings = _scanner_settings(scanner_sim, partial_timeout_ms=int(timeout_s * 1000))
    with BarcodeScanner("scanner", settings, rec):
        rec.wait_state(LinkState.CONNECTED)
        landed = scanner_sim.send(b"\x00\xfe]F0A3319junk")  # noise, no terminator after it
        # Once the driver has read all the noise, the scan comes later than the timeout: the
        # simulator holds its bytes back, so the pause is on the wire, not a sleep here.
        wait_until(
            lambda: (
                time.monotonic() > landed
                and scanner_sim.host_in_waiting(scanner_sim.generation) == 0
            )
        )
        scanner_sim.send(scanner_sim.scan_bytes(ITEM, "]F0"), delay=timeout_s * 4)
        events = rec.wait_count(BarcodeScanned, 1)
    assert [(e.data, e.kind) for e in events] == [(ITEM, BarcodeKind.ITEM)]
