"""The RFID reader's own bytes on the wire during a benchmark, and their time at the baud rate."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Literal

from drivers.rfid.feig.commands import Control, IsoCommand, NxpCommand
from drivers.rfid.feig.frames import FeigFrame, FrameAssembler

# The simulator paces each byte it sends as 10 bits (start, 8 data, stop): drivers/sim/device.py.
BITS_PER_BYTE = 10


@dataclass(frozen=True)
class Wire:
    """The reader's frames and bytes in a measured span."""

    requests: int  # request frames the driver wrote (each answered by one reply)
    request_bytes: int
    reply_bytes: int
    # By request command: (requests, request bytes, reply bytes); a reply counts under the
    # request it answers (the driver asks one thing at a time).
    commands: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def seconds(self, baudrate: int) -> float:
        """Both ways at ``baudrate``: what the serial line itself takes of the span."""
        return (self.request_bytes + self.reply_bytes) * BITS_PER_BYTE / baudrate

    def paced_seconds(self, baudrate: int) -> float:
        """The part the simulator actually waits for (it paces its replies; requests land at
        once)."""
        return self.reply_bytes * BITS_PER_BYTE / baudrate

    def command_seconds(self, command: str, baudrate: int) -> float:
        _, out, back = self.commands.get(command, (0, 0, 0))
        return (out + back) * BITS_PER_BYTE / baudrate


def command_name(frame: FeigFrame) -> str:
    """The request's command as the FEIG manual names it (e.g. ``INVENTORY``, ``RESET_EAS``)."""
    body = frame.body
    try:
        if frame.control == Control.ISO15693 and body:
            return IsoCommand(body[0]).name
        if frame.control == Control.ISO15693_CUSTOM and len(body) >= 2:
            return NxpCommand(body[1]).name
        return Control(frame.control).name
    except ValueError:
        return f"0x{frame.control:02X}"


class WireTap:
    """A driver's raw tap (``on_raw``): counts the frames and bytes since the last ``reset`` and
    when the first request after it was written (the next poll's inventory)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = self._tx = self._rx = 0
        self.first_request_at = 0.0
        self._frames = FrameAssembler()
        self._current = ""  # the command of the request last written
        self._commands: dict[str, list[int]] = {}

    def reset(self) -> None:
        with self._lock:
            self._requests = self._tx = self._rx = 0
            self.first_request_at = 0.0
            self._commands = {}

    def __call__(self, direction: Literal["rx", "tx"], data: bytes) -> None:
        with self._lock:
            if direction == "tx":
                # The FEIG driver writes each request frame in one call (drivers/transport.py).
                self._requests += 1
                self._tx += len(data)
                if not self.first_request_at:
                    self.first_request_at = time.monotonic()
                frames = [f for f in self._frames.feed(data) if isinstance(f, FeigFrame)]
                self._current = command_name(frames[-1]) if frames else "?"
                counts = self._commands.setdefault(self._current, [0, 0, 0])
                counts[0] += 1
                counts[1] += len(data)
            else:
                self._rx += len(data)
                self._commands.setdefault(self._current or "?", [0, 0, 0])[2] += len(data)

    def snapshot(self) -> Wire:
        with self._lock:
            commands = {name: (n, out, back) for name, (n, out, back) in self._commands.items()}
            return Wire(self._requests, self._tx, self._rx, commands)
