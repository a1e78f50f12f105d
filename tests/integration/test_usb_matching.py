"""Devices found by USB VID:PID and serial number follow the device, not the port path."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from drivers.events import BarcodeScanned, LinkState
from drivers.ports import PortNotFound, list_serial_ports, resolve_port
from drivers.settings import BarcodeScannerSettings
from drivers.sim import registry
from drivers.sim.scanner_sim import ScannerSimulator
from drivers.stream import BarcodeScanner
from tests.helpers import Recorder


@dataclass
class FakePort:
    """What serial.tools.list_ports reports for one USB serial device."""

    device: str
    vid: int | None
    pid: int | None
    serial_number: str | None
    description: str = "USB scanner"


def test_resolve_by_vid_pid_and_serial_number() -> None:
    ports = [
        FakePort("/dev/ttyACM1", 0x0C2E, 0x0B61, "B"),
        FakePort("/dev/ttyACM0", 0x0C2E, 0x0B61, "A"),
        FakePort("/dev/ttyS0", None, None, None, "16550A"),
    ]

    def lister():
        return ports

    base = dict(port="/dev/ttyUSB9")
    assert resolve_port(BarcodeScannerSettings(**base), lister) == "/dev/ttyUSB9"
    by_id = BarcodeScannerSettings(**base, usb_vid_pid="0c2e:0b61", usb_serial_number="B")
    assert resolve_port(by_id, lister) == "/dev/ttyACM1"
    assert (
        resolve_port(BarcodeScannerSettings(**base, usb_vid_pid="0C2E:0B61"), lister)
        == "/dev/ttyACM0"
    )
    with pytest.raises(PortNotFound, match="0C2E:0B61 serial C"):
        resolve_port(
            BarcodeScannerSettings(**base, usb_vid_pid="0C2E:0B61", usb_serial_number="C"), lister
        )
    listed = list_serial_ports(lister)
    assert [p.device for p in listed] == ["/dev/ttyACM0", "/dev/ttyACM1", "/dev/ttyS0"]
    assert listed[0].vid_pid == "0C2E:0B61" and listed[2].vid_pid is None


def test_driver_follows_the_usb_device_to_a_new_port() -> None:
    """Unplugged, the device disappears from the port list; it comes back under another name."""
    first = ScannerSimulator(f"acm0-{uuid.uuid4().hex[:6]}")
    second = ScannerSimulator(f"acm1-{uuid.uuid4().hex[:6]}")
    for sim in (first, second):
        registry.register(sim)
    present: list[FakePort] = [FakePort(f"kiosksim://{first.name}", 0x0C2E, 0x0B61, "S1")]
    settings = BarcodeScannerSettings(
        port="",
        usb_vid_pid="0C2E:0B61",
        usb_serial_number="S1",
        reconnect_initial_ms=20,
        reconnect_max_ms=100,
    )
    rec = Recorder()
    driver = BarcodeScanner("scanner", settings, rec, port_lister=lambda: list(present))
    try:
        with driver:
            rec.wait_state(LinkState.CONNECTED)
            first.scan("33191000105864")
            rec.wait_count(BarcodeScanned, 1)
            present.clear()
            first.unplug()
            rec.wait_state(LinkState.DISCONNECTED, "port_missing")
            present.append(FakePort(f"kiosksim://{second.name}", 0x0C2E, 0x0B61, "S1"))
            rec.wait_state(LinkState.CONNECTED)
            second.scan("9787536692930")
            events = rec.wait_count(BarcodeScanned, 2)
    finally:
        for sim in (first, second):
            registry.unregister(sim)
    assert [e.data for e in events] == ["33191000105864", "9787536692930"]
