"""RFID reader: time from N tags put on the paced simulated pad to the N-th tag read (inventory,
system information, blocks, EAS state), for 1, 5 and 10 tags, with the reader's wire time.

Run: make bench
(or: .venv/bin/python bench/rfid_reader.py [--runs 11] [--write docs/BENCHMARKS.md])
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import describe
from bench.report import write_section
from bench.rfid_wire import BITS_PER_BYTE, Wire, WireTap
from drivers.events import Event, LinkState, RfidTagArrived
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.settings import RfidReaderSettings
from drivers.sim import registry
from drivers.sim.rfid_sim import ICODE_SLI_BLOCK_SIZE, ICODE_SLI_BLOCKS, RfidPadSimulator, make_tag

STACKS = (1, 5, 10)
DEFAULT_RUNS = 11


@dataclass(frozen=True)
class Run:
    total: float  # put → the last tag's arrival event, seconds
    poll_wait: float  # put → the next inventory request
    wire: Wire


def book_memory(n: int) -> bytes:
    """A tag as the library's tag writer lays out a new one (the bytes the reader moves are
    the whole user memory, whatever it holds)."""
    values = {"primary_item_id": f"39{n:012d}", "owner_institution": "CN-CQL"}
    return plan_write(
        values, LibraryTagSettings(), memory_size=ICODE_SLI_BLOCKS * ICODE_SLI_BLOCK_SIZE
    ).memory


def one_run(tags: int, settings: RfidReaderSettings) -> Run:
    sim = RfidPadSimulator(f"bench-{uuid.uuid4().hex[:6]}", baudrate=settings.baudrate, pace=True)
    registry.register(sim)
    done, connected = threading.Event(), threading.Event()
    arrived = [0]
    tap = WireTap()
    at_done: list[Wire] = []

    def on_event(event: Event) -> None:
        if getattr(event, "state", None) == LinkState.CONNECTED:
            connected.set()
        if isinstance(event, RfidTagArrived):
            arrived[0] += 1
            if arrived[0] == tags:
                at_done.append(tap.snapshot())
                done.set()

    reader = FeigReader(
        "rfid_reader",
        settings.model_copy(update={"port": f"kiosksim://{sim.name}"}),
        on_event,
        on_raw=tap,
    )
    reader.start()
    try:
        if not connected.wait(10):
            raise RuntimeError("the reader did not connect")
        tap.reset()
        started = time.monotonic()
        for i in range(tags):
            sim.put_tag(make_tag(f"E0040100{i:08X}", book_memory(i)))
        if not done.wait(60):
            raise RuntimeError(f"only {arrived[0]} of {tags} tags arrived")
        ended = time.monotonic()
        return Run(ended - started, tap.first_request_at - started, at_done[0])
    finally:
        reader.close()
        registry.unregister(sim)


def measure(runs: int, settings: RfidReaderSettings) -> dict[int, list[Run]]:
    """Stack sizes taken in turn within each round, so a busy spell on the shared machine
    falls on all of them alike and their ratios stay fair."""
    found: dict[int, list[Run]] = {tags: [] for tags in STACKS}
    for _ in range(runs):
        for tags in STACKS:
            found[tags].append(one_run(tags, settings))
    return found


def med(values: list[float]) -> float:
    return statistics.median(values)


def report(found: dict[int, list[Run]], runs: int, settings: RfidReaderSettings) -> str:
    baud = settings.baudrate
    rows = []
    figures: dict[int, dict[str, float]] = {}
    for tags, samples in found.items():
        total = med([r.total for r in samples])
        wait = med([r.poll_wait for r in samples])
        reading = med([r.total - r.poll_wait for r in samples])
        wire = med([r.wire.seconds(baud) for r in samples])
        paced = med([r.wire.paced_seconds(baud) for r in samples])
        rest = med([r.total - r.poll_wait - r.wire.paced_seconds(baud) for r in samples])
        requests = med([r.wire.requests for r in samples])
        out = med([r.wire.request_bytes for r in samples])
        back = med([r.wire.reply_bytes for r in samples])
        figures[tags] = {"reading": reading, "paced": paced, "wire": wire, "rest": rest}
        rows.append(
            f"| {tags} | {total * 1000:.0f} | {wait * 1000:.0f} | {reading * 1000:.0f} | "
            f"{requests:.0f} | {out:.0f} / {back:.0f} | {wire * 1000:.0f} | "
            f"{paced * 1000:.0f} | {rest * 1000:.0f} |"
        )
    one, five, ten = (figures[t] for t in STACKS)
    largest = found[STACKS[-1]]
    names = sorted({name for r in largest for name in r.wire.commands})
    split = ", ".join(
        f"{name} {med([r.wire.command_seconds(name, baud) for r in largest]) * 1000:.0f} ms "
        f"({med([r.wire.commands.get(name, (0, 0, 0))[0] for r in largest]):.0f} requests)"
        for name in names
    )
    extra = STACKS[-1] - STACKS[0]
    per_tag = (ten["reading"] - one["reading"]) / extra
    per_tag_paced = (ten["paced"] - one["paced"]) / extra
    command = "make bench" if runs == DEFAULT_RUNS else f"python bench/rfid_reader.py --runs {runs}"
    return "\n".join(
        [
            "## RFID reader: inventory of a stack (`bench/rfid_reader.py`)",
            "",
            f"Reproduce: `{command}`  ",
            f"Machine: {describe()}",
            "",
            f"The FEIG ISO Host driver (drivers/rfid/feig/) over the simulated pad, paced at "
            f"{baud} baud, polling every {settings.poll_interval_ms} ms (the kiosk's default). "
            "N tags are put on the pad at once, just after a poll; the clock runs from the put "
            "to the N-th tag's arrival event (the inventory, then for each tag its system "
            "information, its 28 blocks and its EAS state). "
            f"Medians of {runs} runs each, the three stack sizes taken in turn in every round, "
            f"on a shared {os.cpu_count()}-core machine (its load above).",
            "",
            "| tags | put → last tag read, ms | of it waiting for the next poll, ms | that poll "
            "→ last tag read, ms | requests | bytes out / in | wire time both ways, ms | of "
            "it paced by the simulator, ms | the reading less the paced wire, ms |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Wire time is the frames actually exchanged in the span, request and reply bytes × "
            f"{BITS_PER_BYTE} bits / {baud} baud: what the serial line itself takes. The "
            "simulator paces only its replies (the driver's requests land at once), so the "
            "paced column is what this run waited on the line, and the last column is the "
            "driver's own work (framing, CRC, decoding, hand-offs) that the line did not hide. "
            "A real reader adds the requests' time, 11 bits a byte at 8E1 (a tenth more), and "
            "its air interface to the tags, which the simulator does not model.",
            "",
            f"Ratios in this run (that poll → last tag read): 5 tags / 1 tag "
            f"{five['reading'] / one['reading']:.2f}×, 10 tags / 1 tag "
            f"{ten['reading'] / one['reading']:.2f}×; each tag past the first adds "
            f"{per_tag * 1000:.0f} ms, {per_tag_paced * 1000:.0f} ms of it the paced wire.",
            "",
            f"The wire time of {STACKS[-1]} tags by request command (each reply counted with its "
            f"request; medians): {split}.",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--write", help="rewrite this file's rfid-reader section")
    args = parser.parse_args()
    settings = RfidReaderSettings(port="kiosksim://placeholder")
    text = report(measure(args.runs, settings), args.runs, settings)
    print(text)
    if args.write:
        write_section(args.write, "rfid-reader", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
