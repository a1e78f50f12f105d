"""RFID pad: a full borrow of a stack of 5, from the tags put on the paced simulated pad to the
fifth verified security write, through a served reference instance (Qt-free: the core loop
on this thread, the reader's and the runner's threads as the kiosk runs them).

Run: .venv/bin/python bench/rfid_borrow.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import queue
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from drivers.events import Event, IdCardRead, LinkState, RfidWriteResult
from drivers.idcard.demo_cards import card_for
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.sim import registry
from drivers.sim.rfid_sim import RfidPadSimulator, make_tag
from kiosk.config import parse_config
from kiosk.core.kiosk_loop import KioskLoop
from kiosk.core.runner import CommandRunner
from kiosk.core.session import RowSecurity, SessionMachine
from kiosk.services import KioskServices
from patron_identity.id_number import make_id_number
from regional.served import ServedRegional, seed_data_dir

BAUD = 38400
BITS_8E1 = 11
STACK = 5


def available(served: ServedRegional) -> list[str]:
    conn = sqlite3.connect(served.db)
    try:
        rows = conn.execute(
            "SELECT barcode FROM items WHERE status='available' AND loanable=1 AND barcode NOT "
            "IN (SELECT item_barcode FROM holds) AND owner_library_id='CQL' ORDER BY barcode"
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def one_run(served: ServedRegional, work: Path, books: list[str], n: int) -> tuple[float, int]:
    """Seconds from the put to the fifth verified write, and the reader's bytes meanwhile."""
    sim = RfidPadSimulator(f"bench-{uuid.uuid4().hex[:6]}", baudrate=BAUD, pace=True)
    registry.register(sim)
    config = parse_config(
        f"""
[kiosk]
id = "CQL-T1"
library = "CQL"
[service]
url = "{served.url}"
token = "{served.token}"
[journal]
path = "{work / f"journal-{n}.db"}"
[devices.rfid_reader]
port = "kiosksim://{sim.name}"
poll_interval_ms = 100
"""
    )
    inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
    wire = [0]

    def on_raw(direction: Literal["rx", "tx"], data: bytes) -> None:
        wire[0] += len(data)

    services = KioskServices.from_config(config, lambda e: inbox.put(("device", e)))
    services.drivers["rfid_reader"].set_raw_tap(on_raw)
    runner = CommandRunner(
        services.circulation, lambda c, r: inbox.put(("result", (c, r))), pad=services.pad
    )
    loop = KioskLoop(SessionMachine(config.session), runner.submit, pad=services.pad)
    services.start()
    runner.start()
    try:
        pump(loop, inbox, lambda e: getattr(e, "state", None) == LinkState.CONNECTED)
        number = make_id_number("500103", dt.date(1985, 1, 1) + dt.timedelta(days=n * 31), n)
        loop.device_event(IdCardRead(card_for(number), True, False), time.monotonic())
        pump(loop, inbox, lambda _e: loop.view.patron_name != "")
        wire[0] = 0
        started = time.monotonic()
        for i, barcode in enumerate(books):
            values = {"primary_item_id": barcode, "owner_institution": "CN-CQL"}
            memory = plan_write(values, LibraryTagSettings(), memory_size=112).memory
            sim.put_tag(make_tag(f"E0040100{n:04X}{i:04X}", memory))

        def secured() -> bool:
            rows = loop.view.rows
            return len(rows) == STACK and all(r.security == RowSecurity.SET for r in rows)

        pump(loop, inbox, lambda _e: secured())
        return time.monotonic() - started, wire[0]
    finally:
        runner.close()
        services.close()
        registry.unregister(sim)


def pump(loop: KioskLoop, inbox: queue.Queue[tuple[str, Any]], done: Any) -> None:
    """Feed events and results to the loop (as the headless kiosk does) until ``done``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        kind, payload = inbox.get(timeout=60)
        now = time.monotonic()
        if kind == "device":
            if not isinstance(payload, RfidWriteResult):
                loop.device_event(payload, now)
            event: Event | None = payload
        else:
            command, result = payload
            loop.result(command, result, now)
            event = None
        if done(event):
            return
    raise RuntimeError("timed out")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rfid-") as tmp:
        root = Path(tmp)
        served = ServedRegional(root / "svc", template=seed_data_dir(root / "template"))
        served.start()
        try:
            books = available(served)
            runs = [
                one_run(served, root, books[i * STACK : (i + 1) * STACK], i)
                for i in range(args.runs)
            ]
        finally:
            served.stop()
    elapsed = statistics.median(t for t, _ in runs)
    wire = int(statistics.median(b for _, b in runs))
    print(describe())
    print("| Stack | Put to the last verified write (median) | Reader bytes | At 38400 8E1 |")
    print("|---|---|---|---|")
    print(
        f"| {STACK} | {elapsed * 1000:.0f} ms | {wire} | {wire * BITS_8E1 / BAUD * 1000:.0f} ms |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
