"""Drivers for devices that only talk: barcode scanners and line card readers."""

from __future__ import annotations

import time
from typing import Protocol

import serial

from drivers.barcode.decode import BarcodeDecoder
from drivers.cardline.decode import CardLineDecoder
from drivers.events import ProtocolEvent
from drivers.settings import BarcodeScannerSettings, CardLineReaderSettings
from drivers.transport import DeviceDriver

# A quiet line's read lasts this long: close() cancels a read at once (pyserial's cancel_read,
# the simulator's too), so waking often would only spend CPU; the cap is for a port that
# cannot cancel.
QUIET_READ_S = 1.0


class StreamDecoder(Protocol):
    def feed(self, data: bytes, now: float) -> list[ProtocolEvent]: ...
    def poll(self, now: float) -> list[ProtocolEvent]: ...
    def next_deadline(self) -> float | None: ...


class StreamDriver(DeviceDriver):
    """Reads whatever the device sends and passes it through a fresh decoder per connection."""

    def _new_decoder(self) -> StreamDecoder:
        raise NotImplementedError

    def _run_session(self, port: serial.SerialBase) -> None:
        decoder = self._new_decoder()  # a partial frame from before an unplug is not trusted
        while not self.stopping:
            # Wake for an idle-gap deadline, else block until bytes come: a quiet line costs
            # nothing.
            deadline = decoder.next_deadline()
            wanted = QUIET_READ_S if deadline is None else max(0.002, deadline - time.monotonic())
            wanted = min(wanted, QUIET_READ_S)
            if abs((port.timeout or 0) - wanted) > 0.001:
                port.timeout = wanted
            data = self._read(port)
            now = time.monotonic()
            events = decoder.feed(data, now) if data else []
            events += decoder.poll(now)
            for event in events:
                self._emit(event)


class BarcodeScanner(StreamDriver):
    settings: BarcodeScannerSettings

    def _new_decoder(self) -> StreamDecoder:
        return BarcodeDecoder(self.settings)


class CardLineReader(StreamDriver):
    settings: CardLineReaderSettings

    def _new_decoder(self) -> StreamDecoder:
        return CardLineDecoder(self.settings)
