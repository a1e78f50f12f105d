"""Turn a serial barcode scanner's bytes into scans: framing, AIM, Codabar, repeats, kind."""

from __future__ import annotations

import re

from drivers.barcode.aim import AIM_LENGTH, is_codabar, split_aim
from drivers.barcode.classify import BarcodeClassifier
from drivers.events import BarcodeScanned
from drivers.linebuffer import LineDecoder, LineFramer
from drivers.settings import BarcodeScannerSettings

# Start/stop characters A–D (some scanners send them lower-case) around Codabar data.
_CODABAR_FRAME = re.compile(r"[A-Da-d][0-9\-$:/.+]+[A-Da-d]")
_CODABAR_START_STOP = frozenset("ABCDabcd")


class BarcodeDecoder(LineDecoder):
    """Feed it the scanner's bytes as they come; it returns :class:`BarcodeScanned` events.

    Noise (control or non-ASCII bytes), overlong and too-short frames are dropped without an
    event: a scanner that sends junk should not put messages on the patron's screen.
    """

    def __init__(self, settings: BarcodeScannerSettings) -> None:
        self.settings = settings
        # The framer's limit leaves room for an AIM prefix and Codabar start/stop characters,
        # which are not part of the code; the code itself is checked against max_length below.
        framer = LineFramer(
            settings.terminator,
            settings.idle_gap_ms / 1000,
            settings.max_length + AIM_LENGTH + 2,
            settings.partial_timeout_ms / 1000,
        )
        super().__init__(framer, settings.repeat_window_ms / 1000)
        self._classifier = BarcodeClassifier(settings.classifier)

    def _event(self, text: str, now: float) -> BarcodeScanned | None:
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
