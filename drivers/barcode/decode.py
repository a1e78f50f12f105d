"""Turn a serial barcode scanner's bytes into scans: framing, AIM, Codabar, repeats, kind."""

from __future__ import annotations

import re

from drivers.barcode.aim import AIM_LENGTH, is_codabar, split_aim
from drivers.barcode.classify import BarcodeClassifier
from drivers.events import BarcodeScanned, ProtocolEvent
from drivers.linebuffer import FramerOutput, LineFramer, RepeatFilter, is_printable_ascii
from drivers.settings import BarcodeScannerSettings

# Start/stop characters A–D (some scanners send them lower-case) around Codabar data.
_CODABAR_FRAME = re.compile(r"[A-Da-d][0-9\-$:/.+]+[A-Da-d]")
_CODABAR_START_STOP = frozenset("ABCDabcd")


class BarcodeDecoder:
    """Feed it the scanner's bytes as they come; it returns :class:`BarcodeScanned` events.

    Noise (control or non-ASCII bytes), overlong and too-short frames are dropped without an
    event: a scanner that sends junk should not put messages on the patron's screen.
    Never raises on any input.
    """

    def __init__(self, settings: BarcodeScannerSettings) -> None:
        self.settings = settings
        # The framer's limit leaves room for an AIM prefix and Codabar start/stop characters,
        # which are not part of the code; the code itself is checked against max_length below.
        self._framer = LineFramer(
            settings.terminator, settings.idle_gap_ms / 1000, settings.max_length + AIM_LENGTH + 2
        )
        self._classifier = BarcodeClassifier(settings.classifier)
        self._repeats = RepeatFilter(settings.repeat_window_ms / 1000)

    def feed(self, data: bytes, now: float) -> list[ProtocolEvent]:
        """Bytes read at ``now`` (seconds, monotonic) → the scans they complete."""
        return self._decode(self._framer.feed(data, now), now)

    def poll(self, now: float) -> list[ProtocolEvent]:
        """Scans completed by silence (terminator ``idle``); call at :meth:`next_deadline`."""
        return self._decode(self._framer.poll(now), now)

    def next_deadline(self) -> float | None:
        return self._framer.next_deadline()

    def reset(self) -> None:
        """Forget partial frames and recent scans (after a reconnect)."""
        self._framer.reset()
        self._repeats.reset()

    def _decode(self, frames: list[FramerOutput], now: float) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for frame in frames:
            if isinstance(frame, bytes):
                event = self._scan(frame, now)
                if event is not None:
                    events.append(event)
        return events

    def _scan(self, frame: bytes, now: float) -> BarcodeScanned | None:
        if not is_printable_ascii(frame):
            return None
        text = frame.decode("ascii")
        symbology, data = split_aim(text) if self.settings.aim == "auto" else (None, text)
        if self.settings.strip_codabar:
            data = _strip_codabar(data, symbology)
        if not self.settings.min_length <= len(data) <= self.settings.max_length:
            return None
        if not self._repeats.accept(data, now):
            return None
        kind, library = self._classifier.classify(data)
        return BarcodeScanned(data=data, symbology=symbology, kind=kind, library=library)


def _strip_codabar(data: str, symbology: str | None) -> str:
    if is_codabar(symbology):
        # The scanner said Codabar: trust it, but only strip what really is start/stop.
        if len(data) >= 2 and data[0] in _CODABAR_START_STOP and data[-1] in _CODABAR_START_STOP:
            return data[1:-1]
        return data
    if symbology is None and _CODABAR_FRAME.fullmatch(data):
        return data[1:-1]
    return data
