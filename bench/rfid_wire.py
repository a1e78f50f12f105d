"""The RFID reader's own bytes on the wire during a benchmark, and their time at the baud rate."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal

# The simulator paces each byte it sends as 10 bits (start, 8 data, stop): drivers/sim/device.py.
BITS_PER_BYTE = 10


@dataclass(frozen=True)
class Wire:
    """The reader's frames and bytes in a measured span."""

    requests: int  # request frames the driver wrote (each answered by one reply)
    request_bytes: int
    reply_bytes: int

    def seconds(self, baudrate: int) -> float:
        """Both ways at ``baudrate``: what the serial line itself takes of the span."""
        return (self.request_bytes + self.reply_bytes) * BITS_PER_BYTE / baudrate

    def paced_seconds(self, baudrate: int) -> float:
        """The part the simulator actually waits for (it paces its replies; requests land at
        once)."""
        return self.reply_bytes * BITS_PER_BYTE / baudrate


class WireTap:
    """A driver's raw tap (``on_raw``): counts the frames and bytes since the last ``reset`` and
    when the first request after it was written (the next poll's inventory)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = self._tx = self._rx = 0
        self.first_request_at = 0.0

    def reset(self) -> None:
        with self._lock:
            self._requests = self._tx = self._rx = 0
            self.first_request_at = 0.0

    def __call__(self, direction: Literal["rx", "tx"], data: bytes) -> None:
        with self._lock:
            if direction == "tx":
                # The FEIG driver writes each request frame in one call (drivers/transport.py).
                self._requests += 1
                self._tx += len(data)
                if not self.first_request_at:
                    self.first_request_at = time.monotonic()
            else:
                self._rx += len(data)

    def snapshot(self) -> Wire:
        with self._lock:
            return Wire(self._requests, self._tx, self._rx)
