"""A quiet line costs nothing: a read on a simulated port blocks without waking until bytes
come, and cancel_read() or close() from another thread ends it at once (a stream driver's
close depends on that, as its reads now last a second)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from drivers.sim.registry import register, unregister
from drivers.sim.scanner_sim import ScannerSimulator
from tests.helpers import wait_until


def _blocked_read(port: serial.SerialBase) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []
    thread = threading.Thread(target=lambda: got.append(port.read(1)), name="test-read")
    thread.start()
    return thread, got


def _ends_a_read_that_would_wait_forever(end: Callable[[serial.SerialBase], None]) -> None:
    sim = ScannerSimulator("quiet-scanner")
    port = serial.serial_for_url(register(sim), timeout=None)
    try:
        thread, got = _blocked_read(port)
        wait_until(lambda: thread.is_alive(), timeout=5, what="the read started")
        end(port)
        wait_until(lambda: not thread.is_alive(), timeout=10, what="the read ended")
        assert got == [b""]
    finally:
        port.close()
        unregister(sim)


def test_cancel_read_ends_a_blocked_read() -> None:
    _ends_a_read_that_would_wait_forever(lambda port: port.cancel_read())


def test_closing_the_port_ends_a_blocked_read() -> None:
    _ends_a_read_that_would_wait_forever(lambda port: port.close())


def test_bytes_end_a_blocked_read() -> None:
    sim = ScannerSimulator("quiet-scanner")
    port = serial.serial_for_url(register(sim), timeout=None)
    try:
        thread, got = _blocked_read(port)
        sim.scan("35001000000031")
        wait_until(lambda: not thread.is_alive(), timeout=10, what="the read returned")
        assert got == [b"3"]
    finally:
        port.close()
        unregister(sim)
