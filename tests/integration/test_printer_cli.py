"""The receipt printer from the technician's and tester's side: `kiosk devices decode
--protocol escpos` on a capture, and the simulator console's printer verbs."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from drivers.events import DeviceReason, LinkState, PrintOutcome
from drivers.factory import make_driver
from drivers.printer.driver import ReceiptPrinter
from drivers.printer.status import PrinterPaper
from drivers.settings import ReceiptPrinterSettings
from drivers.sim import registry
from drivers.sim.console import SimulatorConsole
from drivers.sim.printer_sim import PrinterSimulator
from kiosk.config import parse_config
from tests.helpers import Recorder, wait_until

ID_NUMBER = "500103199001011234"


def _decode(args: list[str], data: bytes) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "devices", "decode", "--protocol", "escpos", *args],
        input=data,
        capture_output=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    return proc.returncode, lines, proc.stderr.decode()


def _receipt_bytes() -> bytes:
    writer = ReceiptPrinter.writer_for(ReceiptPrinterSettings(enabled=False))
    writer.line("重庆图书馆")
    writer.line(f"读者 {ID_NUMBER}")
    writer.qr("借出 三体")
    writer.cut()
    return writer.bytes()


def test_decode_a_binary_capture() -> None:
    rc, events, err = _decode([], _receipt_bytes())
    assert rc == 0, err
    assert events == [
        {"event": "printer", "kind": "line", "text": "重庆图书馆"},
        {"event": "printer", "kind": "line", "text": "读者 500103********1234"},
        {"event": "printer", "kind": "qr", "text": "借出 三体"},
        {"event": "printer", "kind": "cut", "text": ""},
    ]
    rc, events, _ = _decode(["--reveal"], _receipt_bytes())
    assert events[1]["text"] == f"读者 {ID_NUMBER}"


def test_decode_a_monitor_log_of_a_real_print() -> None:
    """A `devices monitor --raw` log of the driver printing: the kiosk's bytes (tx) are the
    receipt, its status polls print nothing, the printer's answers (rx) are left out."""
    sim = PrinterSimulator(f"printer-{uuid.uuid4().hex[:8]}")
    url = registry.register(sim)
    log: list[str] = []
    stamp = dt.datetime(2026, 12, 4, 21, 50)

    def on_raw(direction: str, data: bytes) -> None:
        at = stamp + dt.timedelta(milliseconds=len(log))
        log.append(f"{at:%H:%M:%S.%f} {direction} {data.hex(' ').upper()}")

    settings = ReceiptPrinterSettings(port=url, poll_interval_ms=100, reconnect_initial_ms=20)
    driver = ReceiptPrinter("printer", settings, Recorder(), on_raw=on_raw)
    driver.start()
    try:
        wait_until(lambda: driver.paper == PrinterPaper.OK)
        assert driver.print_bytes(_receipt_bytes()).result(timeout=10).printed
    finally:
        driver.close()
        registry.unregister(sim)
    assert any(" rx " in line for line in log) and any(" tx 10 04 02" in line for line in log)
    rc, events, err = _decode(["--hex"], "\n".join(log).encode())
    assert rc == 0, err
    assert [e["kind"] for e in events] == ["line", "line", "qr", "cut"]
    assert events[0]["text"] == "重庆图书馆"


def test_decode_garbage_is_quiet() -> None:
    rc, events, _ = _decode([], bytes(range(256)) * 4)
    assert rc == 0
    assert all(e["event"] == "printer" for e in events)


def test_console_printer_verbs_and_config() -> None:
    with SimulatorConsole(transport="inprocess") as console:
        config = parse_config(console.config_toml())
        assert config.devices.printer is not None
        assert config.devices.printer.port == console.ports()["printer"]
        sim = console.devices["printer"]
        assert isinstance(sim, PrinterSimulator)
        assert "paper out" in console.execute("paper out") and sim.paper_out
        assert "cover open" in console.execute("cover open") and sim.cover_open
        console.execute("cover closed")
        console.execute("paper near-end")
        assert sim.paper_near_end and not sim.paper_out and not sim.cover_open
        assert "nothing printed" in console.execute("receipt")
        sim.on_host_bytes(_receipt_bytes())
        shown = console.execute("receipt")
        assert "重庆图书馆" in shown and "[QR] 借出 三体" in shown and shown.endswith("[cut]")
        assert "unplugged" in console.execute("unplug printer") and not sim.plugged
        console.execute("replug printer")
        assert "printer: silent on" in console.execute("silent on printer") and sim.silent
        for bad in ("paper empty", "cover", "paper"):
            try:
                console.execute(bad)
            except ValueError as exc:
                assert "paper" in str(exc) or "cover" in str(exc)
            else:
                raise AssertionError(f"{bad!r} was taken")


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX only")
def test_the_printer_over_pty_from_the_written_config(tmp_path: Path) -> None:
    """`kiosk sim --config-out` names the printer: the real driver prints on its
    pseudo-terminal, sees its cover open and prints again once it is closed."""
    with SimulatorConsole(tmp_path / "devices") as console:
        text = console.config_toml() + "poll_interval_ms = 100\nreconnect_initial_ms = 20\n"
        settings = parse_config(text).devices.printer
        assert settings is not None
        rec = Recorder()
        driver = make_driver("printer", settings, rec)
        assert isinstance(driver, ReceiptPrinter)
        with driver:
            wait_until(lambda: driver.paper == PrinterPaper.OK, timeout=10)
            assert driver.print_bytes(_receipt_bytes()).result(timeout=10).printed
            assert "重庆图书馆" in console.execute("receipt")
            console.execute("cover open")
            rec.wait_state(LinkState.ERROR, DeviceReason.COVER_OPEN)
            refused = driver.print_bytes(_receipt_bytes()).result(timeout=10)
            assert refused.outcome == PrintOutcome.COVER_OPEN
            console.execute("cover closed")
            rec.wait_state(LinkState.CONNECTED, None)
            assert driver.print_bytes(_receipt_bytes()).result(timeout=10).printed
        sim = console.devices["printer"]
        assert isinstance(sim, PrinterSimulator)
        assert len(sim.printed()) == 2
