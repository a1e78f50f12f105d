"""Simulated ESC/POS receipt printer: prints what it is sent into readable receipts, answers
the status queries, runs out of paper or opens its cover on demand."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from drivers.printer.parse import (
    ClearBuffers,
    Cut,
    Element,
    EscPosParser,
    Initialize,
    ProcessedQuery,
    QrPrint,
    RealTimeQuery,
    TextLine,
)
from drivers.printer.status import (
    STATUS_FIXED,
    offline_cause_reply,
    paper_reply,
    printer_reply,
)
from drivers.sim.device import SimulatedDevice

PRINTER_VERBS = ("paper", "cover", "receipt", "receipts")


@dataclass
class SimReceipt:
    """One receipt as it came out of the printer: its lines, QR payloads and whether it was cut
    off the roll."""

    lines: list[str] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    cut: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class PrinterSimulator(SimulatedDevice):
    """A thermal printer with a roll of paper and a cover. ``receipts`` holds what it printed
    (the last one still on the roll until a cut).

    As a real one does, it answers DLE EOT at once whatever its state, and holds print data
    (and GS r) while it is out of paper or open, printing them when it can again — unless DLE
    DC4 8 cleared them. ``paper_lines`` counts down the lines left on the roll (None: plenty).
    ``chinese_mode``: its setting at power-on (off: GB18030 comes out as code-page junk
    unless the host sends FS &).
    """

    role = "printer"

    def __init__(
        self,
        name: str = "printer",
        *,
        baudrate: int = 9600,
        pace: bool = False,
        chinese_mode: bool = False,
        silent: bool = False,
        answers_gs_r: bool = True,
    ) -> None:
        super().__init__(name, baudrate=baudrate, pace=pace)
        self._lock = threading.RLock()
        self._parser = EscPosParser(chinese_mode=chinese_mode)
        self.receipts: list[SimReceipt] = [SimReceipt()]
        self.paper_out = False
        self.paper_near_end = False
        self.cover_open = False
        self.paper_lines: int | None = None
        self.silent = silent
        self.answers_gs_r = answers_gs_r  # False: a model without GS r (it ignores it)
        self.status_queries = 0  # DLE EOT received (tests wait for polls by it)
        self._held: list[Element] = []

    # ---- what tests read ---------------------------------------------------------------------
    def printed(self) -> list[SimReceipt]:
        """Receipts cut off the roll so far (a copy)."""
        with self._lock:
            return [
                SimReceipt(list(r.lines), list(r.qr_codes), r.cut) for r in self.receipts if r.cut
            ]

    @property
    def can_print(self) -> bool:
        return not (self.paper_out or self.cover_open)

    # ---- faults ----------------------------------------------------------------------------
    def set_paper(self, state: str) -> None:
        """``ok``, ``near-end`` or ``out``; paper back in prints what was held."""
        if state not in ("ok", "near-end", "out"):
            raise ValueError("paper ok|near-end|out")
        with self._lock:
            self.paper_out = state == "out"
            self.paper_near_end = state == "near-end"
            if state != "out":
                self.paper_lines = None
        self._resume()

    def set_cover(self, open_: bool) -> None:
        with self._lock:
            self.cover_open = open_
        self._resume()

    def on_unplug(self) -> None:
        with self._lock:
            self._parser.reset()
            self._held.clear()

    # ---- host bytes ----------------------------------------------------------------------
    def on_host_bytes(self, data: bytes) -> None:
        with self._lock:
            elements = self._parser.feed(data)
        for element in elements:
            self._handle(element)

    def _handle(self, element: Element) -> None:
        if isinstance(element, RealTimeQuery):
            with self._lock:
                self.status_queries += 1
            self._answer(self._status_byte(element.n))
            return
        if isinstance(element, ClearBuffers):
            with self._lock:
                self._held.clear()
            return
        with self._lock:
            if not self.can_print or self._held:
                self._held.append(element)
                return
        self._process(element)

    def _process(self, element: Element) -> None:
        reply: int | None = None
        with self._lock:
            if not isinstance(element, ProcessedQuery):
                self._print(element)
            elif self.answers_gs_r:
                reply = 0x03 if self.paper_near_end else 0x00  # GS r 1: bit 4 clear
        if reply is not None:
            self._answer(reply)

    def _print(self, element: Element) -> None:
        receipt = self.receipts[-1]
        if isinstance(element, TextLine):
            receipt.lines.append(element.text)
            if self.paper_lines is not None:
                self.paper_lines -= 1
                if self.paper_lines <= 0:
                    self.paper_out = True
        elif isinstance(element, QrPrint):
            receipt.qr_codes.append(element.payload)
        elif isinstance(element, Cut):
            receipt.cut = True
            self.receipts.append(SimReceipt())
        elif isinstance(element, Initialize):
            pass

    def _resume(self) -> None:
        while True:
            with self._lock:
                if not self.can_print or not self._held:
                    return
                element = self._held.pop(0)
            self._process(element)

    def _status_byte(self, n: int) -> int:
        with self._lock:
            if n == 1:
                return printer_reply(offline=not self.can_print)
            if n == 2:
                return offline_cause_reply(cover_open=self.cover_open, paper_out=self.paper_out)
            if n == 4:
                return paper_reply(near_end=self.paper_near_end, out=self.paper_out)
            return STATUS_FIXED  # DLE EOT 3: no error

    def _answer(self, byte: int) -> None:
        if not self.silent:
            self.send(bytes([byte]))

    # ---- tester commands -----------------------------------------------------------------------
    def command(self, verb: str, args: list[str]) -> str:
        """Adds ``paper ok|near-end|out``, ``cover open|closed`` and ``receipt`` (the last one
        printed) to the common tester commands."""
        if verb == "paper":
            if len(args) != 1:
                raise ValueError("paper ok|near-end|out")
            self.set_paper(args[0].lower())
            return f"{self.name}: paper {args[0].lower()}"
        if verb == "cover":
            if len(args) != 1 or args[0].lower() not in ("open", "closed", "close"):
                raise ValueError("cover open|closed")
            self.set_cover(args[0].lower() == "open")
            return f"{self.name}: cover {'open' if self.cover_open else 'closed'}"
        if verb in ("receipt", "receipts"):
            printed = self.printed()
            if not printed:
                return f"{self.name}: nothing printed yet"
            last = printed[-1]
            qr = [f"[QR] {payload}" for payload in last.qr_codes]
            return "\n".join([*last.lines, *qr, "[cut]"])
        return super().command(verb, args)
