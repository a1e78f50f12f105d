"""RFID reader: time from N tags put on the paced simulated pad to the N-th arrival event.

Run: .venv/bin/python bench/rfid_reader.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.events import Event, LinkState, RfidTagArrived
from drivers.rfid.feig.reader import FeigReader
from drivers.settings import RfidReaderSettings
from drivers.sim import registry
from drivers.sim.rfid_sim import RfidPadSimulator, make_tag

BAUD = 38400
BITS_8E1 = 11  # start, 8 data, parity, stop


def one_run(tags: int) -> tuple[float, int]:
    """Seconds from the put to the last arrival, and the bytes exchanged meanwhile."""
    sim = RfidPadSimulator(f"bench-{uuid.uuid4().hex[:6]}", baudrate=BAUD, pace=True)
    registry.register(sim)
    done, connected = threading.Event(), threading.Event()
    arrived, wire, at_done = [0], [0], [0]

    def on_event(event: Event) -> None:
        if getattr(event, "state", None) == LinkState.CONNECTED:
            connected.set()
        if isinstance(event, RfidTagArrived):
            arrived[0] += 1
            if arrived[0] == tags:
                at_done[0] = wire[0]
                done.set()

    def on_raw(direction: Literal["rx", "tx"], data: bytes) -> None:
        wire[0] += len(data)

    settings = RfidReaderSettings(port=f"kiosksim://{sim.name}", poll_interval_ms=100)
    reader = FeigReader("rfid_reader", settings, on_event, on_raw=on_raw)
    reader.start()
    try:
        connected.wait(10)
        wire[0] = 0
        started = time.monotonic()
        for i in range(tags):
            sim.put_tag(make_tag(f"E0040100{i:08X}", b"39001234567890"))
        if not done.wait(60):
            raise RuntimeError(f"only {arrived[0]} of {tags} tags arrived")
        return time.monotonic() - started, at_done[0]
    finally:
        reader.close()
        registry.unregister(sim)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| Tags | To the last arrival (median) | Bytes both ways | Those bytes at 38400 8E1 |")
    print("|---|---|---|---|")
    for tags in (1, 5, 10):
        runs = [one_run(tags) for _ in range(args.runs)]
        elapsed = statistics.median(t for t, _ in runs)
        wire = int(statistics.median(b for _, b in runs))
        line_ms = wire * BITS_8E1 / BAUD * 1000
        print(f"| {tags} | {elapsed * 1000:.0f} ms | {wire} | {line_ms:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
