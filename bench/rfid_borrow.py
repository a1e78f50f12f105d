"""RFID pad: a full borrow of a stack of 5, from the tags put on the paced simulated pad to the
last row painted in the real window (offscreen), beside the same borrow without Qt (the core
loop alone) in the same run, with the reader's own wire time.

Run: make bench
(or: .venv/bin/python bench/rfid_borrow.py [--runs 9] [--write docs/BENCHMARKS.md])
"""

from __future__ import annotations

import argparse
import os
import queue
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from bench.machine import describe
from bench.report import write_section
from bench.rfid_wire import BITS_PER_BYTE, Wire, WireTap
from drivers.events import Event, IdCardRead, LinkState, RfidWriteResult
from drivers.idcard.demo_cards import card_for
from drivers.idcard.reader import FIND
from drivers.rfid.feig.reader import FeigReader
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.sim import registry
from drivers.sim.idcard_sim import IdCardSimulator
from drivers.sim.rfid_sim import (
    ICODE_SLI_BLOCK_SIZE,
    ICODE_SLI_BLOCKS,
    RfidPadSimulator,
    SimTag,
    make_tag,
)
from kiosk.app import KioskApp, application, build_app
from kiosk.config import ROLES, DevicesConfig, KioskConfig
from kiosk.core.kiosk_loop import KioskLoop
from kiosk.core.results import ActResult, Outcome
from kiosk.core.runner import CommandRunner, SecurityResult
from kiosk.core.session import Act, ItemRow, RowSecurity, Screen, SessionMachine, SetSecurity
from kiosk.core.settings import JournalSettings, SessionSettings
from kiosk.demo_env import DEMO_LIBRARY, DemoEnvironment
from kiosk.services import KioskServices
from kiosk.ui.scenario_runner import wait_for
from kiosk.ui.widgets.item_row import ItemRowWidget
from kiosk.ui.widgets.row_list import RowList

STACK = 5
DEFAULT_RUNS = 9
BAUD = 38400  # the pad's (the simulator console's and the FEIG default)
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class DemoBookTag:
    barcode: str
    owner: str  # the owning library's id in the network


def borrowable_books(env: DemoEnvironment) -> list[DemoBookTag]:
    """Books the demo seed lends at this kiosk (as the tester panel's BookFlow.BORROW picks
    them: loanable and available), this library's first; none anyone holds, so every borrow
    is accepted."""
    assert env.data is not None
    with closing(sqlite3.connect(env.data / "regional.db")) as conn:
        rows = conn.execute(
            "SELECT barcode, owner_library_id FROM items WHERE loanable = 1 AND status = "
            "'available' AND barcode NOT IN (SELECT item_barcode FROM holds) "
            "ORDER BY owner_library_id != ?, barcode",
            (DEMO_LIBRARY,),
        ).fetchall()
    return [DemoBookTag(barcode, owner) for barcode, owner in rows]


def book_tag(uid: str, book: DemoBookTag) -> SimTag:
    """The book's tag as the library's tag writer lays out a new one (GB/T 35660.2), its
    security on as on the shelf."""
    values = {"primary_item_id": book.barcode, "owner_institution": f"CN-{book.owner}"}
    size = ICODE_SLI_BLOCKS * ICODE_SLI_BLOCK_SIZE
    return make_tag(uid, plan_write(values, LibraryTagSettings(), memory_size=size).memory)


def uid_for(run: int, side: int, i: int) -> str:
    return f"E00401{side:02X}{run:04X}{i:04X}"


# ---- the whole kiosk, in its window -------------------------------------------------------------
def final(row: ItemRow) -> bool:
    """A borrowed book whose tag security is off and read back: the row's last state."""
    return not row.pending and row.outcome == Outcome.DONE and row.security == RowSecurity.SET


class RowPaints(QObject):
    """When a row of ``rows_list`` was first painted, and when each book's row was first
    painted in its final state (the row widget's ``key`` is the ItemRow it shows)."""

    def __init__(self, rows_list: RowList, tap: WireTap) -> None:
        super().__init__(application())  # owned by the app, so Qt deletes it in order
        self.rows_list = rows_list
        self.tap = tap
        self.first = 0.0
        self.finals: dict[str, tuple[float, Wire]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        widget: QWidget | None = watched
        while widget is not None and not isinstance(widget, ItemRowWidget):
            widget = None if widget is self.rows_list else widget.parentWidget()
        if widget is None or not self.rows_list.isAncestorOf(widget):
            return False
        now = time.monotonic()
        if not self.first:
            self.first = now
        key = widget.key
        row = key[0] if isinstance(key, tuple) else None
        if isinstance(row, ItemRow) and final(row) and row.barcode not in self.finals:
            self.finals[row.barcode] = (now, self.tap.snapshot())
        return False

    def last_painted(self, rows: tuple[ItemRow, ...], last: str) -> tuple[float, Wire] | None:
        """When the row of ``last`` (the book whose security write was verified last, so the
        last row to reach its final state: the newest, in view) was painted in that state, and
        the wire then; None until every row is final and that one painted."""
        if len(rows) != STACK or not all(final(r) for r in rows):
            return None
        return self.finals.get(last)


class ResultTimes:
    """When the GUI thread had handled the last accepted act and the last verified security
    write (connected after the controller's slot, so after its work)."""

    def __init__(self) -> None:
        self.accepted = self.verified = 0.0
        self.last_verified = ""  # the barcode of the book

    def on_result(self, command: object, result: object) -> None:
        if isinstance(command, Act) and isinstance(result, ActResult) and result.succeeded:
            self.accepted = time.monotonic()
        verified = isinstance(result, SecurityResult) and result.verified
        if isinstance(command, SetSecurity) and verified:
            self.verified = time.monotonic()
            self.last_verified = command.barcode


@dataclass(frozen=True)
class KioskRun:
    poll_wait: float  # put → the reader's next request (its next inventory)
    first_row: float  # put → the first row painted
    accepted: float  # put → the last act's result handled
    verified: float  # put → the last verified security write handled
    painted: float  # put → the last row painted in its final state
    wire: Wire


class WindowedKiosk:
    """The demo kiosk (kiosk.app over DemoEnvironment: every device simulated, the reference
    service on loopback) in its window, the pad paced at its baud rate."""

    def __init__(self) -> None:
        self.qt = application()
        self.env = DemoEnvironment()
        config = self.env.start()
        # A short summary screen between patrons: the bench's runs follow one another.
        self.config = config.model_copy(
            update={"session": SessionSettings().model_copy(update={"summary_s": 1})}
        )
        pad = self.env.console.devices["rfid_reader"]
        assert isinstance(pad, RfidPadSimulator)
        assert pad.baudrate == BAUD
        pad.pace = True  # the console's devices answer at once unless paced
        self.pad = pad
        card_reader = self.env.console.devices["id_card_reader"]
        assert isinstance(card_reader, IdCardSimulator)
        self.card_reader = card_reader
        self.app: KioskApp = build_app(self.config)
        self.tap = WireTap()
        self.app.services.drivers["rfid_reader"].set_raw_tap(self.tap)
        self.times = ResultTimes()
        self.app.bridge.result.connect(self.times.on_result)
        self.app.start()
        self.app.window.show()
        rows_list = self.app.window.findChild(RowList, "session.items")
        assert rows_list is not None
        self.rows_list = rows_list
        devices = self.app.controller
        configured = [r for r in ROLES if getattr(self.config.devices, r) is not None]
        until(
            lambda: (
                len(devices.devices) == len(configured)
                and all(state == LinkState.CONNECTED for state, _ in devices.devices.values())
            ),
            "every device connected",
        )

    def borrow(self, books: list[DemoBookTag], run: int) -> KioskRun:
        view = self.app.controller
        self.card_reader.put_card(card_for(self.env.new_resident()))
        until(
            lambda: view.view.screen == Screen.SESSION and view.view.patron_name != "",
            "the patron's session",
        )
        paints = RowPaints(self.rows_list, self.tap)
        self.times.accepted = self.times.verified = 0.0
        uids = [uid_for(run, 1, i) for i in range(len(books))]
        tags = [book_tag(uid, book) for uid, book in zip(uids, books, strict=True)]
        self.qt.installEventFilter(paints)
        try:
            self.tap.reset()
            started = time.monotonic()
            for tag in tags:
                self.pad.put_tag(tag)
            until(
                lambda: paints.last_painted(view.view.rows, self.times.last_verified) is not None,
                "five rows borrowed and secured, painted",
            )
        finally:
            self.qt.removeEventFilter(paints)
        last = paints.last_painted(view.view.rows, self.times.last_verified)
        assert last is not None
        result = KioskRun(
            poll_wait=self.tap.first_request_at - started,
            first_row=paints.first - started,
            accepted=self.times.accepted - started,
            verified=self.times.verified - started,
            painted=last[0] - started,
            wire=last[1],
        )
        self._next_patron(uids)
        return result

    def _next_patron(self, uids: list[str]) -> None:
        """The patron lifts the stack and the card and finishes; the pad and the card reader
        must see them gone before the next patron comes."""
        view = self.app.controller
        for uid in uids:
            self.pad.lift_tag(uid)
        view.press("finish", "")
        self.card_reader.remove_card()
        finds = bytes(self.card_reader.host_bytes).count(FIND)
        driver = self.app.services.drivers["rfid_reader"]
        assert isinstance(driver, FeigReader)
        until(
            lambda: bytes(self.card_reader.host_bytes).count(FIND) >= finds + 2,
            "the card seen gone",
        )
        until(lambda: not driver.present_tags(), "the stack seen gone")
        until(lambda: view.view.screen == Screen.HOME, "the home screen")

    def close(self) -> None:
        self.app.close()
        self.env.close()


def until(condition: Callable[[], bool], what: str) -> None:
    if not wait_for(condition, TIMEOUT_S):
        raise RuntimeError(f"timed out waiting for {what}")


# ---- the same borrow without Qt ------------------------------------------------------------------
@dataclass(frozen=True)
class CoreRun:
    poll_wait: float
    accepted: float
    verified: float
    wire: Wire


def core_borrow(env: DemoEnvironment, books: list[DemoBookTag], run: int) -> CoreRun:
    """The kiosk's Qt-free parts (the services, the circulation worker, the core loop fed on
    this thread as the headless kiosk does) over their own paced pad, the same served
    instance and the same reader settings."""
    assert env.config is not None and env.config.devices.rfid_reader is not None
    reader = env.config.devices.rfid_reader
    sim = RfidPadSimulator(f"bench-{uuid.uuid4().hex[:6]}", baudrate=BAUD, pace=True)
    registry.register(sim)
    reader = reader.model_copy(update={"port": f"kiosksim://{sim.name}", "baudrate": BAUD})
    config: KioskConfig = env.config.model_copy(
        update={
            "devices": DevicesConfig(rfid_reader=reader),
            "journal": JournalSettings(path=str(env.folder / f"core-journal-{run}.db")),
        }
    )
    inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
    tap = WireTap()
    services = KioskServices.from_config(config, lambda e: inbox.put(("device", e)))
    services.drivers["rfid_reader"].set_raw_tap(tap)
    runner = CommandRunner(
        services.circulation, lambda c, r: inbox.put(("result", (c, r))), pad=services.pad
    )
    loop = KioskLoop(SessionMachine(config.session), runner.submit, pad=services.pad)
    times = ResultTimes()
    services.start()
    runner.start()
    try:
        pump(loop, inbox, times, lambda e: getattr(e, "state", None) == LinkState.CONNECTED)
        card = card_for(env.new_resident())
        loop.device_event(IdCardRead(card, True, False), time.monotonic())
        pump(loop, inbox, times, lambda _e: loop.view.patron_name != "")
        tags = [book_tag(uid_for(run, 2, i), book) for i, book in enumerate(books)]
        times.accepted = times.verified = 0.0
        tap.reset()
        started = time.monotonic()
        for tag in tags:
            sim.put_tag(tag)

        def secured() -> bool:
            rows = loop.view.rows
            return len(rows) == STACK and all(final(r) for r in rows)

        pump(loop, inbox, times, lambda _e: secured())
        return CoreRun(
            poll_wait=tap.first_request_at - started,
            accepted=times.accepted - started,
            verified=times.verified - started,
            wire=tap.snapshot(),
        )
    finally:
        runner.close()
        services.close()
        registry.unregister(sim)


def pump(
    loop: KioskLoop,
    inbox: queue.Queue[tuple[str, Any]],
    times: ResultTimes,
    done: Callable[[Event | None], bool],
) -> None:
    """Feed events and results to the loop (as the headless kiosk does) until ``done``."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        kind, payload = inbox.get(timeout=TIMEOUT_S)
        now = time.monotonic()
        event: Event | None = None
        if kind == "device":
            if not isinstance(payload, RfidWriteResult):
                loop.device_event(payload, now)
            event = payload
        else:
            command, result = payload
            loop.result(command, result, now)
            times.on_result(command, result)
        if done(event):
            return
    raise RuntimeError("timed out")


# ---- the report ---------------------------------------------------------------------------------
def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}"


def by_command(kiosk: list[Wire], core: list[Wire], baud: int) -> list[str]:
    """Table rows: each request command's medians (requests, wire time) on both sides."""
    names = {name for wire in [*kiosk, *core] for name in wire.commands}

    def requests(wires: list[Wire], name: str) -> float:
        return statistics.median(w.commands.get(name, (0, 0, 0))[0] for w in wires)

    def ms_on_wire(wires: list[Wire], name: str) -> float:
        return statistics.median(w.command_seconds(name, baud) for w in wires) * 1000

    return [
        f"| {name} | {requests(kiosk, name):.0f} | {ms_on_wire(kiosk, name):.0f} | "
        f"{requests(core, name):.0f} | {ms_on_wire(core, name):.0f} |"
        for name in sorted(names, key=lambda n: -ms_on_wire(kiosk, n))
    ]


def report(
    kiosk: list[KioskRun], core: list[CoreRun], runs: int, window: tuple[int, int], poll_ms: int
) -> str:
    baud = BAUD
    k_wire = [r.wire.seconds(baud) for r in kiosk]
    c_wire = [r.wire.seconds(baud) for r in core]
    k_paced = [r.wire.paced_seconds(baud) for r in kiosk]
    c_paced = [r.wire.paced_seconds(baud) for r in core]
    # The put falls anywhere between two polls: counted from the poll that saw the stack, the
    # two sides compare fairly.
    k_verified = [r.verified - r.poll_wait for r in kiosk]
    c_verified = [r.verified - r.poll_wait for r in core]
    k_painted = [r.painted - r.poll_wait for r in kiosk]
    line_share = statistics.median(
        r.wire.paced_seconds(baud) / (r.painted - r.poll_wait) for r in kiosk
    )
    paint_after = statistics.median(r.painted - r.verified for r in kiosk)
    ratio = statistics.median(k_verified) / statistics.median(c_verified)
    command = "make bench" if runs == DEFAULT_RUNS else f"python bench/rfid_borrow.py --runs {runs}"
    return "\n".join(
        [
            "## RFID pad: borrowing a stack of 5 (`bench/rfid_borrow.py`, offscreen)",
            "",
            f"Reproduce: `{command}`  ",
            f"Machine: {describe()}",
            "",
            "The whole demo kiosk (kiosk.app over kiosk/demo_env.py: real drivers over simulated "
            "devices, the reference service on loopback, the real window at "
            f"{window[0]} × {window[1]}), the pad paced at {baud} baud and polled every "
            f"{poll_ms} ms (the kiosk's default). A new "
            "resident's ID card is read, then five demo books' tags (GB/T 35660 as the tag "
            "writer lays them out, security on) are put on the pad at once. The clock runs from "
            "that put to the fifth row painted in its final state (borrowed, security off and "
            "read back). Beside it, in the same run and taking turns with it, the same borrow "
            "without Qt: the services, the circulation worker and the core loop (as the "
            "headless kiosk runs them) on a pad of their own, the same service and reader "
            f"settings. Medians of {runs} runs each on a shared {os.cpu_count()}-core machine "
            "(its load above).",
            "",
            "| stage | whole kiosk, window, ms | without Qt, ms |",
            "|---|---:|---:|",
            f"| from the put: the reader's next poll | {ms([r.poll_wait for r in kiosk])} | "
            f"{ms([r.poll_wait for r in core])} |",
            f"| from the put: first row painted | {ms([r.first_row for r in kiosk])} | — |",
            f"| from the put: last act accepted (its result handled) | "
            f"{ms([r.accepted for r in kiosk])} | {ms([r.accepted for r in core])} |",
            f"| from the put: last security write verified (its result handled) | "
            f"{ms([r.verified for r in kiosk])} | {ms([r.verified for r in core])} |",
            f"| **from the put: last row painted** | **{ms([r.painted for r in kiosk])}** | — |",
            f"| from that poll: last security write verified | {ms(k_verified)} | "
            f"{ms(c_verified)} |",
            f"| from that poll: last row painted | {ms(k_painted)} | — |",
            f"| the reader's requests | {statistics.median(r.wire.requests for r in kiosk):.0f} | "
            f"{statistics.median(r.wire.requests for r in core):.0f} |",
            f"| the reader's bytes out / in | "
            f"{statistics.median(r.wire.request_bytes for r in kiosk):.0f} / "
            f"{statistics.median(r.wire.reply_bytes for r in kiosk):.0f} | "
            f"{statistics.median(r.wire.request_bytes for r in core):.0f} / "
            f"{statistics.median(r.wire.reply_bytes for r in core):.0f} |",
            f"| **the reader's wire time, both ways** (of it paced by the simulator) | "
            f"**{ms(k_wire)}** ({ms(k_paced)}) | {ms(c_wire)} ({ms(c_paced)}) |",
            "",
            "Wire time is the reader's frames actually exchanged from the put to the end "
            f"(inventories, reads of the new tags, the AFI and EAS writes and their read-backs), "
            f"request and reply bytes × {BITS_PER_BYTE} bits / {baud} baud: the serial line's "
            "own share. The simulator paces only its replies; a real reader at 8E1 sends 11 "
            "bits a byte and adds its air interface. From the poll that saw the stack to the "
            f"last row painted, the paced line was busy {line_share * 100:.0f}% of the whole "
            "kiosk's time in this run. The kiosk's own work (journal, the service's answers, "
            "the session machine, the screen) mostly overlaps it: the reader reads the next "
            "tags while the worker lends the first. The line stands idle only where the reader "
            "waits on the kiosk: a book's security write starts once its act is accepted, and "
            "the last row is painted after the last write. The list follows its newest row, "
            "so an early row may scroll out of view and "
            "is not painted again: the clock waits for the row of the book secured last.",
            "",
            "The reader's wire time by request command (each reply counted with its request; "
            "medians, so the rows need not add up to the total):",
            "",
            "| request | whole kiosk: requests | wire, ms | without Qt: requests | wire, ms |",
            "|---|---:|---:|---:|---:|",
            *by_command([r.wire for r in kiosk], [r.wire for r in core], baud),
            "",
            f"Ratios in this run, from the poll: the last write verified, window / without Qt "
            f"{ratio:.2f}×. The last row is painted {paint_after * 1000:.1f} ms after the last "
            "write's result reached the GUI thread.",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--write", help="rewrite this file's rfid-borrow section")
    args = parser.parse_args()
    windowed = WindowedKiosk()
    size = windowed.app.window.size()
    reader = windowed.config.devices.rfid_reader
    assert reader is not None
    try:
        books = borrowable_books(windowed.env)
        if len(books) < 2 * STACK * args.runs:
            raise SystemExit(f"the demo seed lends {len(books)} books, too few for the runs")
        kiosk: list[KioskRun] = []
        core: list[CoreRun] = []
        for run in range(args.runs):
            stack = books[2 * STACK * run : 2 * STACK * run + 2 * STACK]
            # Taking turns, so a busy spell on the shared machine falls on both alike.
            kiosk.append(windowed.borrow(stack[:STACK], run))
            core.append(core_borrow(windowed.env, stack[STACK:], run))
    finally:
        windowed.close()
    text = report(kiosk, core, args.runs, (size.width(), size.height()), reader.poll_interval_ms)
    print(text)
    if args.write:
        write_section(args.write, "rfid-borrow", text)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Without QApplication.exec(), PySide6 may crash while finalizing the interpreter's last
    # objects (bench/ui.py saw it). Everything is written and closed: leave at once.
    os._exit(code)
