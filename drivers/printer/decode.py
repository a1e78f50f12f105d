"""Decoder of a capture of what the kiosk sent a receipt printer (``kiosk devices decode``)."""

from __future__ import annotations

from drivers.events import PrinterOutput, PrinterOutputKind, ProtocolEvent
from drivers.printer.parse import Cut, EscPosParser, QrPrint, TextLine


class EscPosDecoder:
    """Lines, QR payloads and cuts, as the printer would produce them (Chinese mode as the
    capture sets it with FS &, else off)."""

    def __init__(self, *, chinese_mode: bool = False) -> None:
        self._parser = EscPosParser(chinese_mode=chinese_mode)

    def feed(self, data: bytes, now: float) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for element in self._parser.feed(data):
            if isinstance(element, TextLine):
                events.append(PrinterOutput(PrinterOutputKind.LINE, element.text))
            elif isinstance(element, QrPrint):
                events.append(PrinterOutput(PrinterOutputKind.QR, element.payload))
            elif isinstance(element, Cut):
                events.append(PrinterOutput(PrinterOutputKind.CUT))
        return events

    def poll(self, now: float) -> list[ProtocolEvent]:
        return []

    def next_deadline(self) -> float | None:
        return None
