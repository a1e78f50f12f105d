"""Simulated serial barcode scanner: sends codes with the prefix and suffix a real one is set to."""

from __future__ import annotations

import time

from drivers.linebuffer import wrap_frame
from drivers.settings import Terminator
from drivers.sim.device import SimulatedDevice


class ScannerSimulator(SimulatedDevice):
    """A scanner in serial mode; ``scan`` is a label passing under the beam.

    ``aim`` is the identifier it prefixes (e.g. ``"]F0"``) or None when AIM is off;
    ``codabar_start_stop`` (e.g. ``("A", "B")``) wraps Codabar codes in start/stop characters.
    With terminator ``idle`` there is no suffix, so scans are spaced ``idle_gap_s`` apart the
    way a human hand spaces them; otherwise the host could not tell two codes apart.
    """

    role = "scanner"

    def __init__(
        self,
        name: str,
        *,
        terminator: Terminator = "cr",
        aim: str | None = None,
        codabar_start_stop: tuple[str, str] | None = None,
        idle_gap_s: float = 0.1,
        baudrate: int = 9600,
        pace: bool = False,
    ) -> None:
        super().__init__(name, baudrate=baudrate, pace=pace)
        self.terminator = terminator
        self.aim = aim
        self.codabar_start_stop = codabar_start_stop
        self.idle_gap_s = idle_gap_s
        self._last_end = 0.0

    def scan_bytes(self, code: str, symbology: str | None = None) -> bytes:
        """The bytes this scanner sends for ``code`` (``symbology`` overrides the AIM prefix)."""
        prefix = symbology if symbology is not None else self.aim
        data = code
        # Start/stop characters only exist on Codabar; without AIM we cannot know, so wrap.
        if self.codabar_start_stop is not None and (prefix is None or prefix.startswith("]F")):
            start, stop = self.codabar_start_stop
            data = f"{start}{code}{stop}"
        if self.aim is not None or symbology is not None:
            data = f"{prefix}{data}"
        return wrap_frame(data.encode("ascii"), self.terminator)

    def scan(self, code: str, symbology: str | None = None) -> float:
        """Send one scan; returns the monotonic time its last byte lands at the host."""
        payload = self.scan_bytes(code, symbology)
        delay = 0.0
        if self.terminator == "idle":
            delay = max(0.0, self._last_end + self.idle_gap_s - time.monotonic())
        self._last_end = self.send(payload, delay=delay)
        return self._last_end

    def command(self, verb: str, args: list[str]) -> str:
        """Adds ``scan CODE [SYMBOLOGY]`` to the common tester commands."""
        if verb == "scan":
            if not args or len(args) > 2:
                raise ValueError("usage: scan CODE [AIM-IDENTIFIER]")
            self.scan(args[0], args[1] if len(args) == 2 else None)
            return f"{self.name}: scanned {args[0]}"
        return super().command(verb, args)
