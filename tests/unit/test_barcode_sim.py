"""The simulated scanner, read through the SimulatedDevice API and decoded by the real decoder."""

from __future__ import annotations

import time
from typing import Any

import pytest

from drivers.barcode.decode import BarcodeDecoder
from drivers.events import BarcodeKind, BarcodeScanned, ProtocolEvent
from drivers.settings import BarcodeScannerSettings, Terminator
from drivers.sim.device import Unplugged
from drivers.sim.scanner_sim import ScannerSimulator

ITEM = "33191000105864"
ISBN = "9780306406157"


def decoder(**settings: Any) -> BarcodeDecoder:
    return BarcodeDecoder(BarcodeScannerSettings(port="kiosksim://scanner", **settings))


def drain(
    sim: ScannerSimulator, dec: BarcodeDecoder, want: int, timeout: float = 2.0
) -> list[ProtocolEvent]:
    """Read like the port driver does until ``want`` events came (or the timeout passed)."""
    events: list[ProtocolEvent] = []
    end = time.monotonic() + timeout
    while len(events) < want and time.monotonic() < end:
        data = sim.host_read(4096, 0.005, generation=sim.generation)
        now = time.monotonic()
        events += dec.feed(data, now) if data else []
        events += dec.poll(now)
    return events


@pytest.mark.parametrize("terminator", ["cr", "lf", "crlf", "stx_etx"])
def test_each_terminator_round_trips(terminator: Terminator) -> None:
    sim = ScannerSimulator("scanner", terminator=terminator)
    dec = decoder(terminator=terminator)
    sim.scan(ITEM)
    sim.scan(ISBN)
    assert drain(sim, dec, 2) == [
        BarcodeScanned(ITEM, None, BarcodeKind.ITEM),
        BarcodeScanned(ISBN, None, BarcodeKind.ISBN),
    ]


def test_bytes_on_the_wire() -> None:
    assert ScannerSimulator("s", terminator="crlf").scan_bytes(ITEM) == ITEM.encode() + b"\r\n"
    assert ScannerSimulator("s", terminator="stx_etx").scan_bytes("1") == b"\x021\x03"
    assert ScannerSimulator("s", terminator="idle").scan_bytes("1") == b"1"
    sim = ScannerSimulator("s", terminator="cr", aim="]F0", codabar_start_stop=("A", "B"))
    assert sim.scan_bytes(ITEM) == f"]F0A{ITEM}B\r".encode()
    assert sim.scan_bytes(ISBN, symbology="]E0") == f"]E0{ISBN}\r".encode()


def test_codabar_with_aim_and_start_stop_decodes_to_the_bare_code() -> None:
    sim = ScannerSimulator("scanner", terminator="cr", aim="]F0", codabar_start_stop=("A", "B"))
    sim.scan(ITEM)
    assert drain(sim, decoder(), 1) == [BarcodeScanned(ITEM, "]F0", BarcodeKind.ITEM)]


def test_codabar_start_stop_without_aim() -> None:
    sim = ScannerSimulator("scanner", terminator="cr", codabar_start_stop=("A", "B"))
    sim.scan("31234000012345")
    events = drain(sim, decoder(), 1)
    assert [e.data for e in events if isinstance(e, BarcodeScanned)] == ["31234000012345"]


def test_idle_scans_are_spaced_by_the_gap() -> None:
    sim = ScannerSimulator("scanner", terminator="idle", idle_gap_s=0.15)
    first = sim.scan(ITEM)
    second = sim.scan(ISBN)
    assert second - first >= 0.15 - 1e-3


def test_zebra_style_idle_round_trip() -> None:
    sim = ScannerSimulator("scanner", terminator="idle", idle_gap_s=0.05)
    dec = decoder(terminator="idle", idle_gap_ms=20)
    sim.scan(ITEM)
    assert drain(sim, dec, 1) == [BarcodeScanned(ITEM, None, BarcodeKind.ITEM)]
    sim.scan(ISBN)
    assert drain(sim, dec, 1) == [BarcodeScanned(ISBN, None, BarcodeKind.ISBN)]


def test_honeywell_style_crlf_at_115200_paced() -> None:
    sim = ScannerSimulator("scanner", terminator="crlf", aim="]E0", baudrate=115200, pace=True)
    dec = BarcodeDecoder(
        BarcodeScannerSettings(port="kiosksim://scanner", baudrate=115200, terminator="crlf")
    )
    sim.scan(ISBN)
    assert drain(sim, dec, 1) == [BarcodeScanned(ISBN, "]E0", BarcodeKind.ISBN)]


def test_split_writes_and_garbage_do_not_disturb_decoding() -> None:
    sim = ScannerSimulator("scanner", terminator="crlf")
    dec = decoder(terminator="crlf")
    sim.inject_garbage(b"\x00\xff\x13\r\n")
    sim.split_next(3, gap=0.01)
    sim.scan(ITEM)
    assert drain(sim, dec, 1) == [BarcodeScanned(ITEM, None, BarcodeKind.ITEM)]


def test_wrong_baud_rate_yields_nothing() -> None:
    sim = ScannerSimulator("scanner", terminator="cr")
    sim.on_host_baudrate(115200)  # the host opened the port at the wrong speed
    sim.scan(ITEM)
    assert drain(sim, decoder(), 1, timeout=0.1) == []


def test_scan_command_and_fallback_to_common_commands() -> None:
    sim = ScannerSimulator("scanner", terminator="cr")
    assert sim.command("scan", [ISBN]) == f"scanner: scanned {ISBN}"
    sim.command("scan", [ITEM, "]C0"])
    assert drain(sim, decoder(), 2) == [
        BarcodeScanned(ISBN, None, BarcodeKind.ISBN),
        BarcodeScanned(ITEM, "]C0", BarcodeKind.ITEM),
    ]
    with pytest.raises(ValueError):
        sim.command("scan", [])
    with pytest.raises(ValueError):
        sim.command("fly", [])
    sim.command("unplug", [])
    with pytest.raises(Unplugged):
        sim.host_read(1, 0.0, generation=sim.generation)


def test_role() -> None:
    assert ScannerSimulator("scanner").role == "scanner"
