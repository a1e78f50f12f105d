"""The Test view's log: decoded events and raw bytes in hex, as they arrive from a device."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QScroller

from drivers.events import (
    BarcodeScanned,
    CardPresented,
    DeviceStateChanged,
    Event,
    IdCardLifted,
    IdCardRead,
    ReaderStatus,
    RfidReaderStatus,
    RfidTagArrived,
    RfidTagLeft,
    RfidWriteResult,
)

# Which role sends which decoded event (only state changes carry their role).
ROLE_OF_EVENT: dict[type, str] = {
    BarcodeScanned: "scanner",
    IdCardRead: "id_card_reader",
    IdCardLifted: "id_card_reader",
    ReaderStatus: "id_card_reader",
    CardPresented: "card_reader",
    RfidTagArrived: "rfid_reader",
    RfidTagLeft: "rfid_reader",
    RfidWriteResult: "rfid_reader",
    RfidReaderStatus: "rfid_reader",
}
# An ID card's data frame carries the holder's name and number: show its start and size only.
RAW_SHOWN = {"id_card_reader": 16}
RAW_SHOWN_DEFAULT = 96
FLUSH_MS = 100  # lines are added in batches, so a chatty device cannot keep the GUI busy
MAX_LINES = 400


def role_of(event: Event) -> str | None:
    if isinstance(event, DeviceStateChanged):
        return event.role
    return ROLE_OF_EVENT.get(type(event))


def hex_line(data: bytes, limit: int) -> str:
    shown = " ".join(f"{b:02X}" for b in data[:limit])
    return shown if len(data) <= limit else f"{shown} … ({len(data)} bytes)"


def event_line(event: Event) -> str:
    """The event as the kiosk's own JSON lines show it: patron data masked."""
    to_json = getattr(event, "to_json", None)
    if to_json is None:
        return type(event).__name__
    return json.dumps(to_json(), ensure_ascii=False)


class RawFeed(QObject):
    """Carries bytes from a device thread onto the GUI thread (a queued signal)."""

    seen = Signal(str, str, bytes)  # role, "rx" | "tx", data

    def tap_for(self, role: str) -> Callable[[str, bytes], None]:
        def tap(direction: str, data: bytes) -> None:
            self.seen.emit(role, direction, bytes(data))

        return tap


class DeviceLog(QPlainTextEdit):
    """Read-only, monospaced, newest at the bottom, the oldest lines dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("technician.device.log")
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setProperty("role", "device-log")
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self._pending: list[str] = []
        self._started = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    def add_raw(self, role: str, direction: str, data: bytes) -> None:
        limit = RAW_SHOWN.get(role, RAW_SHOWN_DEFAULT)
        arrow = "←" if direction == "rx" else "→"
        self._add(f"{role} {arrow} {hex_line(data, limit)}")

    def add_event(self, role: str, event: Event) -> None:
        self._add(f"{role} ★ {event_line(event)}")

    def add_note(self, text: str) -> None:
        self._add(f"— {text}")

    def _add(self, line: str) -> None:
        self._pending.append(f"{time.monotonic() - self._started:8.3f}  {line}")

    def flush(self) -> None:
        if self._pending:
            lines, self._pending = self._pending, []
            self.appendPlainText("\n".join(lines[-MAX_LINES:]))

    def lines(self) -> list[str]:
        self.flush()
        return self.toPlainText().splitlines()
