"""The printer's real-time status bytes (replies to DLE EOT n) and what they say about paper."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Every DLE EOT reply has bits 1 and 4 set and bits 0 and 7 clear (Epson ESC/POS reference,
# "DLE EOT"); a GS r reply has bit 4 clear, which tells the two apart on one line.
STATUS_MASK = 0x93
STATUS_FIXED = 0x12
PROCESSED_MASK = 0x90  # bits 4 and 7 of a GS r reply are clear

# DLE EOT 1 (printer): bit 3 offline.
PRINTER_OFFLINE = 0x08
# DLE EOT 2 (offline cause): bit 2 cover open, bit 5 stopped by paper end, bit 6 an error.
COVER_OPEN = 0x04
STOPPED_BY_PAPER_END = 0x20
ERROR_OCCURRED = 0x40
# DLE EOT 4 (paper roll sensor): bits 2-3 near end, bits 5-6 paper not present.
PAPER_NEAR_END = 0x0C
PAPER_END = 0x60


class PrinterPaper(StrEnum):
    """The receipt printer's paper as the heartbeat reports it."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    COVER_OPEN = "cover_open"
    NONE = "none"  # no printer, or it does not answer


def is_status_reply(byte: int) -> bool:
    return byte & STATUS_MASK == STATUS_FIXED


def is_processed_reply(byte: int) -> bool:
    return byte & PROCESSED_MASK == 0


@dataclass(frozen=True)
class PrinterStatus:
    """What one poll (DLE EOT 2 and DLE EOT 4) found."""

    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False

    @classmethod
    def from_replies(cls, offline_cause: int, paper: int) -> PrinterStatus:
        return cls(
            cover_open=bool(offline_cause & COVER_OPEN),
            paper_out=bool(paper & PAPER_END) or bool(offline_cause & STOPPED_BY_PAPER_END),
            paper_near_end=bool(paper & PAPER_NEAR_END),
            error=bool(offline_cause & ERROR_OCCURRED),
        )

    @property
    def paper(self) -> PrinterPaper:
        if self.cover_open:
            return PrinterPaper.COVER_OPEN
        if self.paper_out:
            return PrinterPaper.OUT
        if self.paper_near_end:
            return PrinterPaper.NEAR_END
        return PrinterPaper.OK

    @property
    def can_print(self) -> bool:
        return not (self.cover_open or self.paper_out or self.error)


def offline_cause_reply(*, cover_open: bool, paper_out: bool, error: bool = False) -> int:
    """The byte a printer answers DLE EOT 2 with (for simulators)."""
    byte = STATUS_FIXED
    if cover_open:
        byte |= COVER_OPEN
    if paper_out:
        byte |= STOPPED_BY_PAPER_END
    if error:
        byte |= ERROR_OCCURRED
    return byte


def paper_reply(*, near_end: bool, out: bool) -> int:
    """The byte a printer answers DLE EOT 4 with (for simulators)."""
    byte = STATUS_FIXED
    if near_end or out:
        byte |= PAPER_NEAR_END
    if out:
        byte |= PAPER_END
    return byte


def printer_reply(*, offline: bool) -> int:
    return STATUS_FIXED | (PRINTER_OFFLINE if offline else 0)
