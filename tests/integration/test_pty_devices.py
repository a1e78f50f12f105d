"""Whole-path tests over pseudo-terminals: `kiosk sim` devices read by the real drivers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.events import (
    BarcodeScanned,
    CardPresented,
    IdCardRead,
    LinkState,
    RfidTagArrived,
    RfidTagLeft,
)
from drivers.factory import make_driver
from drivers.idcard.demo_cards import ZHANG_SAN
from drivers.idcard.reader import FIND
from drivers.sim.console import SimulatorConsole
from kiosk.config import KioskConfig, parse_config
from tests.helpers import Recorder, wait_until

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX only")

ITEM = "33191000105864"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[SimulatorConsole]:
    with SimulatorConsole(tmp_path / "devices") as sims:
        yield sims


def _config(console: SimulatorConsole) -> KioskConfig:
    fast = "poll_interval_ms = 50\nreconnect_initial_ms = 20\nreconnect_max_ms = 200\n"
    text = console.config_toml().replace("baudrate = 115200\n", "baudrate = 115200\n" + fast, 1)
    return parse_config(text)


def test_unplug_then_replug_over_pty(console: SimulatorConsole) -> None:
    config = _config(console)
    rec = Recorder()
    with make_driver("scanner", config.devices.scanner, rec):
        rec.wait_state(LinkState.CONNECTED)
        console.execute("scan " + ITEM)
        rec.wait_count(BarcodeScanned, 1)
        console.execute("unplug scanner")
        rec.wait_state(LinkState.DISCONNECTED)
        console.execute("replug scanner")
        rec.wait_state(LinkState.CONNECTED, timeout=10)
        console.execute("scan 9787536692930")
        events = rec.wait_count(BarcodeScanned, 2)
    assert [e.data for e in events] == [ITEM, "9787536692930"]
    assert rec.states() == [
        LinkState.CONNECTED,
        LinkState.DISCONNECTED,
        LinkState.CONNECTED,
        LinkState.DISCONNECTED,
    ]


def test_card_left_on_reader_is_one_event_and_garbage_is_skipped(console: SimulatorConsole) -> None:
    config = _config(console)
    sim = console.devices["id_card_reader"]
    rec = Recorder()
    with make_driver("id_card_reader", config.devices.id_card_reader, rec):
        rec.wait_state(LinkState.CONNECTED)
        console.execute("garbage id_card_reader ff 00 aa aa 96 13")
        console.execute("card " + ZHANG_SAN.id_number)
        (event,) = rec.wait_count(IdCardRead, 1)
        assert event.card.id_number == ZHANG_SAN.id_number
        polls = bytes(sim.host_bytes).count(FIND)
        wait_until(lambda: bytes(sim.host_bytes).count(FIND) >= polls + 5, what="5 more polls")
        assert len(rec.of(IdCardRead)) == 1
        console.execute("remove-card")
        polls = bytes(sim.host_bytes).count(FIND)
        wait_until(lambda: bytes(sim.host_bytes).count(FIND) >= polls + 2, what="2 more polls")
        console.execute("card " + ZHANG_SAN.id_number)
        rec.wait_count(IdCardRead, 2)


def test_line_reader_over_pty(console: SimulatorConsole) -> None:
    config = _config(console)
    rec = Recorder()
    with make_driver("card_reader", config.devices.card_reader, rec):
        rec.wait_state(LinkState.CONNECTED)
        console.execute("tap 3220338716")
        assert rec.wait_count(CardPresented, 1)[0].value == "3220338716"


def test_the_pad_over_pty_from_the_written_config(console: SimulatorConsole) -> None:
    """`kiosk sim --config-out` names the pad too: its reader finds a tag put on it."""
    config = _config(console)
    assert config.devices.rfid_reader is not None
    rec = Recorder()
    with make_driver("rfid_reader", config.devices.rfid_reader, rec):
        rec.wait_state(LinkState.CONNECTED)
        console.execute("put-foreign-tag E004015000000001")
        (event,) = rec.wait_count(RfidTagArrived, 1)
        assert event.uid == "E004015000000001" and event.user_memory
        console.execute("lift-tag all")
        rec.wait_count(RfidTagLeft, 1)


def test_console_refuses_bad_commands_plainly(console: SimulatorConsole) -> None:
    for line, expected in [
        ("fly away", "unknown command"),
        ("unplug toaster", "no device called"),
        ("card 123", "ID number"),
        ("unplug", "which device"),
    ]:
        with pytest.raises(ValueError, match=expected):
            console.execute(line)


def _reader(stream, lines: list[str], cond: threading.Condition) -> None:
    for line in stream:
        with cond:
            lines.append(line.rstrip("\n"))
            cond.notify_all()


def _wait_line(
    lines: list[str], cond: threading.Condition, needle: str, timeout: float = 15
) -> str:
    with cond:
        ok = cond.wait_for(lambda: any(needle in line for line in lines), timeout)
    assert ok, f"no line with {needle!r} in {lines}"
    return next(line for line in lines if needle in line)


def test_kiosk_sim_and_devices_monitor_end_to_end(tmp_path: Path) -> None:
    """`kiosk sim` in one process, `kiosk devices monitor` in another, as a technician would."""
    cfg = tmp_path / "sim.toml"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "sim",
            "--dir",
            str(tmp_path / "dev"),
            "--config-out",
            str(cfg),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    monitor = None
    threads = []
    try:
        sim_lines: list[str] = []
        mon_lines: list[str] = []
        cond = threading.Condition()
        threads.append(threading.Thread(target=_reader, args=(sim.stdout, sim_lines, cond)))
        threads[-1].start()
        _wait_line(sim_lines, cond, "ready")
        monitor = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk",
                "devices",
                "monitor",
                "--config",
                str(cfg),
                "scanner",
                "--raw",
                "--count",
                "1",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        threads.append(threading.Thread(target=_reader, args=(monitor.stdout, mon_lines, cond)))
        threads[-1].start()
        _wait_line(mon_lines, cond, '"state": "connected"')
        sim.stdin.write(f"scan {ITEM}\n")
        sim.stdin.flush()
        assert monitor.wait(timeout=15) == 0
        event = json.loads(_wait_line(mon_lines, cond, '"event": "barcode"'))
        assert event["data"] == ITEM and event["kind"] == "item"
        raw = _wait_line(mon_lines, cond, " rx ")
        assert raw.endswith("0D")  # the CR terminator, in the hex dump
        sim.stdin.write("unplug nowhere\n")
        sim.stdin.flush()
        _wait_line(sim_lines, cond, "error: no device called")
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=15) == 0
    finally:
        for proc in (sim, monitor):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        for t in threads:
            t.join(timeout=5)
        for proc in (sim, monitor):
            if proc is not None:
                if proc.stdin:
                    proc.stdin.close()
                proc.stdout.close()


def test_ports_open_exclusively(console: SimulatorConsole) -> None:
    """A second program cannot open a port the kiosk holds (exclusive=True)."""
    config = _config(console)
    first, second = Recorder(), Recorder()
    with make_driver("scanner", config.devices.scanner, first):
        first.wait_state(LinkState.CONNECTED)
        with make_driver("scanner", config.devices.scanner, second):
            second.wait_state(LinkState.DISCONNECTED, "port_busy")
            console.execute("scan " + ITEM)
            first.wait_count(BarcodeScanned, 1)
    assert second.of(BarcodeScanned) == []
