"""Shared by line devices: cut bytes into frames (CR/LF, STX…ETX, idle gap) and fold repeats."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from drivers.events import ProtocolEvent
from drivers.settings import Terminator

STX = 0x02
ETX = 0x03
LF = 0x0A
CR = 0x0D
LINE_TERMINATORS = frozenset({"cr", "lf", "crlf"})
TERMINATORS: frozenset[str] = LINE_TERMINATORS | {"stx_etx", "idle"}
_SUFFIX = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "idle": b""}


@dataclass(frozen=True)
class Dropped:
    """A frame thrown away by the framer; ``reason`` is ``overlong``, ``interrupted`` or
    ``stale`` (unfinished, then silence: line noise)."""

    reason: str


FramerOutput = bytes | Dropped


class LineFramer:
    """Turns bytes into frames; feed it whatever the port returns, however it was split.

    Line terminators (cr, lf, crlf) all accept a lone CR or a lone LF as the end of a frame,
    because scanners are often set up with a different suffix than the one configured; empty
    frames (the gap between CR and LF) produce nothing. With ``stx_etx`` only bytes between
    STX and ETX count. With ``idle`` a frame ends when no byte came for ``idle_gap_s``; call
    :meth:`poll` at :meth:`next_deadline` to collect it. With any other terminator, bytes of an
    unfinished frame followed by ``partial_timeout_s`` of silence are dropped when the next
    bytes come: a device sends a frame in one burst, so they were line noise (a USB adapter's
    junk at plug-in) and must not be glued to the next scan. Memory never exceeds
    ``max_length``.
    """

    def __init__(
        self,
        terminator: Terminator,
        idle_gap_s: float,
        max_length: int,
        partial_timeout_s: float = 0.5,
    ) -> None:
        if terminator not in TERMINATORS:
            raise ValueError(f"unknown terminator {terminator!r}")
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        if terminator == "idle" and idle_gap_s <= 0:
            raise ValueError("idle_gap_s must be positive with terminator 'idle'")
        if partial_timeout_s <= 0:
            raise ValueError("partial_timeout_s must be positive")
        self.terminator = terminator
        self.idle_gap_s = idle_gap_s
        self.max_length = max_length
        self.partial_timeout_s = partial_timeout_s
        self._buf = bytearray()
        self._skipping = False  # inside an overlong frame: discard up to its end
        self._in_frame = False  # stx_etx only: an STX was seen and its ETX not yet
        self._last_byte_at: float | None = None

    @property
    def buffered(self) -> int:
        """Bytes held for the frame in progress; never more than ``max_length``."""
        return len(self._buf)

    def reset(self) -> None:
        """Forget any partial frame (after a reconnect the old bytes mean nothing)."""
        self._buf.clear()
        self._skipping = False
        self._in_frame = False
        self._last_byte_at = None

    def feed(self, data: bytes, now: float) -> list[FramerOutput]:
        """Add bytes that arrived at ``now`` (seconds, monotonic); return the frames they end."""
        out: list[FramerOutput] = []
        if self.terminator == "idle":
            # A gap before these bytes ends the frame in progress, even if nobody polled.
            out += self.poll(now)
            if data:
                self._last_byte_at = now
            for byte in data:
                self._add(byte, out)
            return out
        if data:
            self._drop_stale(now, out)
            self._last_byte_at = now
        if self.terminator == "stx_etx":
            for byte in data:
                self._feed_stx_etx(byte, out)
        else:
            for byte in data:
                if byte in (CR, LF):
                    self._end(out)
                else:
                    self._add(byte, out)
        return out

    def poll(self, now: float) -> list[FramerOutput]:
        """Frames ended by silence up to ``now``; only the ``idle`` terminator has any."""
        deadline = self.next_deadline()
        if deadline is None or now < deadline:
            return []
        out: list[FramerOutput] = []
        self._end(out)
        return out

    def next_deadline(self) -> float | None:
        """When :meth:`poll` may next return a frame, or None if nothing is pending."""
        if self.terminator != "idle" or self._last_byte_at is None:
            return None
        if not self._buf and not self._skipping:
            return None
        return self._last_byte_at + self.idle_gap_s

    def _drop_stale(self, now: float, out: list[FramerOutput]) -> None:
        if self._last_byte_at is None or now - self._last_byte_at < self.partial_timeout_s:
            return
        if self._buf and not self._skipping:
            out.append(Dropped("stale"))
        self._buf.clear()
        self._skipping = False
        self._in_frame = False

    def _feed_stx_etx(self, byte: int, out: list[FramerOutput]) -> None:
        if byte == STX:
            # A new STX means the previous frame lost its ETX: start over rather than glue.
            if self._in_frame and self._buf and not self._skipping:
                out.append(Dropped("interrupted"))
            self._buf.clear()
            self._skipping = False
            self._in_frame = True
        elif not self._in_frame:
            return  # noise between frames
        elif byte == ETX:
            self._end(out)
            self._in_frame = False
        else:
            self._add(byte, out)

    def _add(self, byte: int, out: list[FramerOutput]) -> None:
        if self._skipping:
            return
        if len(self._buf) >= self.max_length:
            # Report at once so a stream that never terminates is still seen, then skip.
            self._buf.clear()
            self._skipping = True
            out.append(Dropped("overlong"))
            return
        self._buf.append(byte)

    def _end(self, out: list[FramerOutput]) -> None:
        if self._buf and not self._skipping:
            out.append(bytes(self._buf))
        self._buf.clear()
        self._skipping = False


def wrap_frame(payload: bytes, terminator: Terminator) -> bytes:
    """The bytes a device sends for ``payload`` with this terminator (used by simulators)."""
    if terminator == "stx_etx":
        return bytes([STX]) + payload + bytes([ETX])
    if terminator not in _SUFFIX:
        raise ValueError(f"unknown terminator {terminator!r}")
    return payload + _SUFFIX[terminator]


def is_printable_ascii(frame: bytes) -> bool:
    """True when every byte is printable ASCII (0x20–0x7E); anything else is line noise."""
    return all(0x20 <= byte <= 0x7E for byte in frame)


# Distinct codes remembered for repeat folding; more than this within one window is no
# human scanning, and the cap keeps memory bounded on a runaway stream.
_REMEMBERED_CODES = 64


class RepeatFilter:
    """Folds the same value seen again within ``window_s`` of its last accepted time into one."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._accepted: OrderedDict[str, float] = OrderedDict()

    def accept(self, value: str, now: float) -> bool:
        """True if ``value`` at ``now`` is a new scan or tap; False if it is a repeat."""
        for old, at in list(self._accepted.items()):
            if now - at >= self.window_s:
                del self._accepted[old]
        last = self._accepted.get(value)
        if last is not None and now - last < self.window_s:
            return False
        self._accepted[value] = now
        self._accepted.move_to_end(value)
        while len(self._accepted) > _REMEMBERED_CODES:
            self._accepted.popitem(last=False)
        return True

    def reset(self) -> None:
        self._accepted.clear()


class LineDecoder:
    """Base of the decoders for line devices: frames in, at most one event per frame out.

    Subclasses give the framer and the repeat window, and turn one printable frame into an
    event (or None) in :meth:`_event`. Never raises on any input.
    """

    def __init__(self, framer: LineFramer, repeat_window_s: float) -> None:
        self._framer = framer
        self._repeats = RepeatFilter(repeat_window_s)

    def feed(self, data: bytes, now: float) -> list[ProtocolEvent]:
        """Bytes read at ``now`` (seconds, monotonic) → the events they complete."""
        return self._decode(self._framer.feed(data, now), now)

    def poll(self, now: float) -> list[ProtocolEvent]:
        """Events completed by silence (terminator ``idle``); call at :meth:`next_deadline`."""
        return self._decode(self._framer.poll(now), now)

    def next_deadline(self) -> float | None:
        return self._framer.next_deadline()

    def reset(self) -> None:
        """Forget partial frames and recent values (after a reconnect)."""
        self._framer.reset()
        self._repeats.reset()

    def _decode(self, frames: list[FramerOutput], now: float) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for frame in frames:
            # Noise (control or non-ASCII bytes) and dropped frames give no event at all.
            if isinstance(frame, bytes) and is_printable_ascii(frame):
                event = self._event(frame.decode("ascii"), now)
                if event is not None:
                    events.append(event)
        return events

    def _event(self, text: str, now: float) -> ProtocolEvent | None:
        raise NotImplementedError
