"""Simulated line card reader: sends a card number followed by its terminator on each tap."""

from __future__ import annotations

import time

from drivers.linebuffer import wrap_frame
from drivers.settings import Terminator
from drivers.sim.device import SimulatedDevice
from patron_identity.masking import mask_card_number


class CardLineSimulator(SimulatedDevice):
    """A reader that sends the card number (or UID) as a line when a card is presented.

    With terminator ``idle`` taps are spaced ``idle_gap_s`` apart so the host can tell them apart.
    """

    role = "card_reader"

    def __init__(
        self,
        name: str,
        *,
        terminator: Terminator = "crlf",
        idle_gap_s: float = 0.1,
        baudrate: int = 9600,
        pace: bool = False,
    ) -> None:
        super().__init__(name, baudrate=baudrate, pace=pace)
        self.terminator = terminator
        self.idle_gap_s = idle_gap_s
        self._last_end = 0.0

    def present(self, value: str) -> float:
        """Send ``value`` as one tap; returns the monotonic time its last byte lands."""
        payload = wrap_frame(value.encode("ascii"), self.terminator)
        delay = 0.0
        if self.terminator == "idle":
            delay = max(0.0, self._last_end + self.idle_gap_s - time.monotonic())
        self._last_end = self.send(payload, delay=delay)
        return self._last_end

    def command(self, verb: str, args: list[str]) -> str:
        """Adds ``tap VALUE`` and ``present VALUE`` to the common tester commands."""
        if verb in ("tap", "present"):
            if len(args) != 1:
                raise ValueError(f"usage: {verb} VALUE")
            self.present(args[0])
            # Card numbers are patron data: the tester console log gets them masked.
            return f"{self.name}: presented {mask_card_number(args[0])}"
        return super().command(verb, args)
