"""Base of every simulated device: a byte pipe to the host with timing and faults on demand."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass


class Unplugged(Exception):
    """The simulated device is unplugged: its port cannot be read, written or opened."""


@dataclass
class _Segment:
    data: bytes
    start: float  # monotonic time the first byte starts on the wire
    interval: float  # seconds per byte (0: all bytes at once)
    taken: int = 0

    def available(self, now: float) -> int:
        """How many of this segment's bytes have fully arrived by ``now``."""
        if self.interval <= 0:
            return len(self.data) if now >= self.start else 0
        arrived = int((now - self.start) / self.interval)
        return max(0, min(len(self.data), arrived))

    def end(self) -> float:
        return self.start + self.interval * len(self.data)


class SimulatedDevice:
    """A device model that receives the host's bytes and sends bytes back, paced like a wire.

    Subclasses implement :meth:`on_host_bytes` (what the device does with what the kiosk writes)
    and call :meth:`send` to answer. Faults are one call away: :meth:`unplug`, :meth:`replug`,
    :meth:`inject_garbage`, :meth:`split_next` and :attr:`byte_delay` (slow bytes).
    Thread-safe: the host side and the test/tester side may run on different threads.
    """

    role = "device"

    def __init__(self, name: str, *, baudrate: int = 9600, pace: bool = False) -> None:
        self.name = name
        self.baudrate = baudrate
        self.pace = pace  # when True, bytes arrive at the speed of the configured baud rate
        self.byte_delay = 0.0  # extra seconds between bytes ("slow bytes" fault)
        self._cond = threading.Condition()
        self._queue: deque[_Segment] = deque()
        self._plugged = True
        self._generation = 0  # bumps on unplug so handles opened before it stay dead
        self._split_parts = 0
        self._split_gap = 0.0
        self._corrupt_next = False
        self.host_bytes = bytearray()  # everything the host wrote (for tests and monitors)
        self.last_byte_at = 0.0  # monotonic time the last queued byte lands (benchmarks)
        self.host_baudrate = baudrate  # the speed the host opened the port at

    # ---- link ---------------------------------------------------------------------------
    @property
    def plugged(self) -> bool:
        return self._plugged

    @property
    def generation(self) -> int:
        return self._generation

    def unplug(self) -> None:
        """Pull the cable: open handles fail, new opens fail, pending bytes are lost."""
        with self._cond:
            self._plugged = False
            self._generation += 1
            self._queue.clear()
            self._cond.notify_all()
        self.on_unplug()

    def replug(self) -> None:
        with self._cond:
            self._plugged = True
            self._cond.notify_all()

    def wait_plugged(self, timeout: float) -> bool:
        """Wait until the device is plugged in (used by the pseudo-terminal host)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._plugged, timeout)

    def on_unplug(self) -> None:
        """Hook for models that reset state when power goes (a card reader forgets its card)."""

    # ---- host side ------------------------------------------------------------------------
    def host_write(self, data: bytes, generation: int) -> None:
        """The kiosk wrote ``data``; called by the port implementation."""
        with self._cond:
            if not self._plugged or generation != self._generation:
                raise Unplugged(self.name)
            self.host_bytes += data
        self.on_host_bytes(bytes(data))

    def host_read(
        self,
        size: int,
        timeout: float | None,
        generation: int,
        cancelled: threading.Event | None = None,
    ) -> bytes:
        """Bytes that have arrived for the host, waiting up to ``timeout`` seconds for the first;
        empty-handed at once when ``cancelled`` is set and :meth:`wake` called (cancel_read)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        out = bytearray()
        with self._cond:
            while True:
                if not self._plugged or generation != self._generation:
                    raise Unplugged(self.name)
                now = time.monotonic()
                self._take(now, size, out)
                if out:
                    return bytes(out)
                if cancelled is not None and cancelled.is_set():
                    return b""  # checked under the lock wake() takes: no wake-up is missed
                wait = self._next_arrival(now)
                if deadline is not None:
                    remaining = deadline - now
                    if remaining <= 0:
                        return b""
                    wait = remaining if wait is None else min(wait, remaining)
                self._cond.wait(wait)

    def host_in_waiting(self, generation: int) -> int:
        with self._cond:
            if not self._plugged or generation != self._generation:
                raise Unplugged(self.name)
            now = time.monotonic()
            return sum(s.available(now) - s.taken for s in self._queue)

    def host_flush_input(self, generation: int) -> None:
        with self._cond:
            if generation == self._generation:
                self._queue.clear()

    def wake(self) -> None:
        """Wake a blocked :meth:`host_read` (used by ``cancel_read`` and ``close``)."""
        with self._cond:
            self._cond.notify_all()

    def _take(self, now: float, size: int, out: bytearray) -> None:
        while self._queue and len(out) < size:
            seg = self._queue[0]
            avail = seg.available(now) - seg.taken
            if avail <= 0:
                return
            n = min(avail, size - len(out))
            out += seg.data[seg.taken : seg.taken + n]
            seg.taken += n
            if seg.taken == len(seg.data):
                self._queue.popleft()

    def _next_arrival(self, now: float) -> float | None:
        if not self._queue:
            return None
        seg = self._queue[0]
        nxt = seg.start + seg.interval * (seg.taken + 1) if seg.interval > 0 else seg.start
        return max(0.0005, nxt - now)

    # ---- device side ----------------------------------------------------------------------
    def send(self, data: bytes, *, delay: float = 0.0) -> float:
        """Queue ``data`` toward the host after ``delay`` seconds; returns when its last byte lands.

        A pending :meth:`split_next` cuts it into parts with a gap between them; ``byte_delay``
        and ``pace`` spread the bytes out in time. Bytes sent while unplugged are lost.
        """
        if not data:
            return time.monotonic()
        with self._cond:
            if not self._plugged:
                return time.monotonic()
            if self.host_baudrate != self.baudrate:
                data = garble(data)
            if self._corrupt_next:
                self._corrupt_next = False
                data = data[:-1] + bytes([data[-1] ^ 0x5A])  # breaks a trailing checksum
            interval = self.byte_delay + (10.0 / self.baudrate if self.pace else 0.0)
            start = max(time.monotonic() + delay, self._queue[-1].end() if self._queue else 0.0)
            parts = [data]
            if self._split_parts > 1 and len(data) > 1:
                n = min(self._split_parts, len(data))
                cut = [len(data) * i // n for i in range(n + 1)]
                parts = [data[cut[i] : cut[i + 1]] for i in range(n)]
                self._split_parts = 0
            for i, part in enumerate(parts):
                if i:
                    start += self._split_gap
                seg = _Segment(part, start, interval)
                self._queue.append(seg)
                start = seg.end()
            self.last_byte_at = start
            self._cond.notify_all()
            return start

    def inject_garbage(self, data: bytes) -> None:
        """Send bytes that are no valid frame (line noise, a wrong baud rate)."""
        self.send(data)

    def split_next(self, parts: int = 2, gap: float = 0.02) -> None:
        """Cut the next thing sent into ``parts`` writes, ``gap`` seconds apart."""
        with self._cond:
            self._split_parts = parts
            self._split_gap = gap

    def corrupt_next(self) -> None:
        """Flip bits in the last byte of the next thing sent (a bad checksum on the wire)."""
        with self._cond:
            self._corrupt_next = True

    def on_host_bytes(self, data: bytes) -> None:
        """What the device does with bytes the kiosk wrote; default: ignore them."""

    def on_host_baudrate(self, baudrate: int) -> None:
        """The host opened the port at ``baudrate``; a mismatch garbles the line, as on a wire."""
        self.host_baudrate = baudrate

    def command(self, verb: str, args: list[str]) -> str:
        """Handle a tester command (``garbage``, ``unplug``…); models add their own verbs."""
        if verb == "unplug":
            self.unplug()
            return f"{self.name}: unplugged"
        if verb == "replug":
            self.replug()
            return f"{self.name}: replugged"
        if verb == "garbage":
            raw = " ".join(args)
            data = bytes.fromhex(raw) if _is_hex(raw) else raw.encode()
            self.inject_garbage(data or b"\x00\xff\x13")
            return f"{self.name}: sent {len(data)} garbage bytes"
        raise ValueError(f"unknown command for {self.name}: {verb}")


def _is_hex(text: str) -> bool:
    cleaned = text.replace(" ", "")
    if not cleaned or len(cleaned) % 2:
        return False
    try:
        bytes.fromhex(cleaned)
    except ValueError:
        return False
    return True


def garble(data: bytes) -> bytes:
    """What a UART at the wrong baud rate makes of ``data``: high-bit junk, never a valid frame."""
    return bytes(0x80 | ((b * 7 + 0x35) & 0x7F) for b in data)
