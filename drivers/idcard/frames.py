"""SAM frames of the ID card reader: building requests and replies, reassembling chunks."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.events import FrameError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2  # preamble plus the two length bytes
# The shortest real frame is a request without data: CMD PARA CHK. Anything shorter, or longer
# than any reply the protocol defines (the text+photo+fingerprint read is about 1.3 KiB),
# is line noise that happened to look like a preamble.
MIN_LENGTH = 3
MAX_LENGTH = 4096
NO_SW3 = -1  # what ``SamFrame.sw3`` gives for a body too short to hold one (never a real byte)


def xor_checksum(data: bytes | bytearray) -> int:
    """XOR of all bytes; the frame checksum runs from LEN_HI up to the byte before CHK."""
    chk = 0
    for byte in data:
        chk ^= byte
    return chk


def _frame(body: bytes) -> bytes:
    length = len(body) + 1  # the length counts CHK too
    if length > MAX_LENGTH:
        raise ValueError(f"frame body of {len(body)} bytes exceeds the {MAX_LENGTH}-byte limit")
    counted = length.to_bytes(2, "big") + body
    return PREAMBLE + counted + bytes([xor_checksum(counted)])


def _byte(name: str, value: int) -> int:
    if not 0 <= value <= 0xFF:
        raise ValueError(f"{name} must be a byte (0..255), got {value}")
    return value


def build_request(cmd: int, para: int, data: bytes = b"") -> bytes:
    """A request frame as the kiosk sends it: ``CMD PARA [DATA]``."""
    return _frame(bytes([_byte("cmd", cmd), _byte("para", para)]) + bytes(data))


def build_reply(sw3: int, data: bytes = b"") -> bytes:
    """A reply frame as a reader sends it: ``00 00 SW3 [DATA]``."""
    return _frame(bytes([0x00, 0x00, _byte("sw3", sw3)]) + bytes(data))


@dataclass(frozen=True)
class SamFrame:
    """One checked frame: ``body`` is everything between the length field and CHK.

    The assembler cannot tell requests from replies, so both views are offered: ``cmd``/``para``
    for requests, ``sw3``/``data`` for replies.
    """

    body: bytes

    @property
    def has_status(self) -> bool:
        """Long enough to be a reply (SW1 SW2 SW3); a request-shaped body is not."""
        return len(self.body) >= 3

    @property
    def sw3(self) -> int:
        """The reply status byte, or ``NO_SW3`` when the body is too short to be a reply.

        An int either way, so comparisons and ``status_code`` need no None check; a sentinel
        outside 0..255 can never be mistaken for a real status.
        """
        return self.body[2] if len(self.body) >= 3 else NO_SW3

    @property
    def data(self) -> bytes:
        """Reply data after SW3."""
        return self.body[3:]

    @property
    def cmd(self) -> int:
        return self.body[0] if self.body else -1

    @property
    def para(self) -> int:
        return self.body[1] if len(self.body) >= 2 else -1

    @property
    def request_data(self) -> bytes:
        """Request data after CMD PARA."""
        return self.body[2:]


class FrameAssembler:
    """Reassembles frames from arbitrary chunks: preamble → length → body → CHK.

    Garbage before and between frames is dropped without a word; a bad checksum or an
    impossible length yields a :class:`FrameError` and the search resumes one byte after the
    bad preamble, so a good frame hidden inside a damaged one is still found. At most one
    maximal frame is buffered. Not thread-safe: one thread owns a device.
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    @property
    def pending(self) -> int:
        """Bytes held back waiting for the rest of a frame."""
        return len(self._buf)

    def reset(self) -> None:
        """Forget a partial frame (after a reply timeout, so a stale half never eats the next)."""
        self._buf.clear()

    def feed(self, data: bytes) -> list[SamFrame | FrameError]:
        buf = self._buf
        buf += data
        out: list[SamFrame | FrameError] = []
        pos = 0
        while True:
            start = buf.find(PREAMBLE, pos)
            if start < 0:
                pos = max(pos, len(buf) - _partial_preamble(buf, pos))
                break
            pos = start
            if len(buf) - start < HEADER_SIZE:
                break
            length = int.from_bytes(buf[start + 5 : start + 7], "big")
            if not MIN_LENGTH <= length <= MAX_LENGTH:
                out.append(FrameError(reason="length"))
                pos = start + 1
                continue
            end = start + HEADER_SIZE + length
            if len(buf) < end:
                break
            if xor_checksum(buf[start + 5 : end - 1]) != buf[end - 1]:
                out.append(FrameError(reason="checksum"))
                pos = start + 1
                continue
            out.append(SamFrame(bytes(buf[start + HEADER_SIZE : end - 1])))
            pos = end
        del buf[:pos]
        return out


def _partial_preamble(buf: bytearray, pos: int) -> int:
    """Length of the longest tail of ``buf[pos:]`` that could be the start of a preamble."""
    for size in range(min(len(PREAMBLE) - 1, len(buf) - pos), 0, -1):
        if buf[len(buf) - size :] == PREAMBLE[:size]:
            return size
    return 0
