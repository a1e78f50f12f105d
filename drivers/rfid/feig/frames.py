"""ISO Host protocol frames of FEIG readers: CRC16, building frames, reassembling chunks."""

# Layouts from FEIG, "OBID i-scan System-Manual ID ISC.MR/PR/PRH101", H60301-3e-ID-B: §2.1
# (p. 16-17, standard and advanced protocol frames) and §2.2 (p. 18, CRC16).

from __future__ import annotations

from dataclasses import dataclass

from drivers.events import FrameError

CRC_POLYNOMIAL = 0x8408  # x^16 + x^12 + x^5 + 1, bit-reversed (§2.2)
CRC_PRESET = 0xFFFF
STX = 0x02  # first byte of an advanced frame (§2.1); a standard LENGTH is never below 5
COM_ADR_ANY = 0xFF  # "the Reader can be addressed via COM-ADR 255 at any time" (§2.1)

# Standard frame: LENGTH COM-ADR CONTROL [DATA] CRC-LSB CRC-MSB; LENGTH counts every byte.
# The manual gives n = 6..255, but its requests without data ([0x65], [0x52]) are 5 bytes.
STD_MIN = 5
STD_MAX = 255
# Advanced frame: STX ALENGTH-MSB ALENGTH-LSB COM-ADR CONTROL [DATA] CRC; ALENGTH counts all.
ADV_HEADER = 3
ADV_MIN = 7
# The manual allows 65535; no ISO 15693 reply comes near it (a whole 8 KiB tag is ~9 KiB), and a
# cap keeps line noise that looks like STX from making the assembler wait for 64 KiB.
ADV_MAX = 16_384


def _make_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ CRC_POLYNOMIAL if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _make_table()


def crc16(data: bytes | bytearray | memoryview, crc: int = CRC_PRESET) -> int:
    """FEIG's CRC16 (§2.2): polynomial 0x8408 shifted right, preset 0xFFFF, no final XOR.

    The same algorithm as the catalogue's CRC-16/MCRF4XX.
    """
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def _byte(name: str, value: int) -> int:
    if not 0 <= value <= 0xFF:
        raise ValueError(f"{name} must be a byte (0..255), got {value}")
    return value


def build_frame(com_adr: int, control: int, body: bytes = b"", *, advanced: bool = False) -> bytes:
    """One frame: ``body`` is everything after CONTROL (a reply's STATUS comes first in it).

    A standard frame that would exceed 255 bytes is refused unless ``advanced``.
    """
    head = bytes([_byte("com_adr", com_adr), _byte("control", control)]) + bytes(body)
    if advanced:
        total = ADV_HEADER + len(head) + 2
        if total > ADV_MAX:
            raise ValueError(f"frame of {total} bytes exceeds the {ADV_MAX}-byte limit")
        framed = bytes([STX]) + total.to_bytes(2, "big") + head
    else:
        total = 1 + len(head) + 2
        if total > STD_MAX:
            raise ValueError(f"standard frame of {total} bytes exceeds 255; use advanced")
        framed = bytes([total]) + head
    return framed + crc16(framed).to_bytes(2, "little")  # CRC LSB first (§2.1)


def build_request(
    com_adr: int, control: int, data: bytes = b"", *, advanced: bool = False
) -> bytes:
    """A request as the host sends it: ``COM-ADR CONTROL [DATA]`` framed."""
    return build_frame(com_adr, control, data, advanced=advanced)


def build_reply(
    com_adr: int, control: int, status: int, data: bytes = b"", *, advanced: bool | None = None
) -> bytes:
    """A reply as a reader sends it; ``advanced=None`` picks the advanced frame only when the
    reply would not fit in 255 bytes, as the reader does for a standard request (§2.1, p. 17)."""
    body = bytes([_byte("status", status)]) + bytes(data)
    if advanced is None:
        advanced = 1 + 2 + len(body) + 2 > STD_MAX
    return build_frame(com_adr, control, body, advanced=advanced)


@dataclass(frozen=True)
class FeigFrame:
    """One checked frame. ``body`` is everything between CONTROL and the CRC.

    The assembler cannot tell requests from replies: ``status``/``data`` are the reply view,
    ``body`` itself the request data.
    """

    com_adr: int
    control: int
    body: bytes
    advanced: bool = False

    @property
    def status(self) -> int:
        """A reply's STATUS byte; -1 for a body too short to hold one (never a real status)."""
        return self.body[0] if self.body else -1

    @property
    def data(self) -> bytes:
        """A reply's data after STATUS."""
        return self.body[1:]


class FrameAssembler:
    """Reassembles frames from arbitrary chunks; standard and advanced frames may be mixed.

    Without a preamble any byte may look like the start of a frame: where a frame should begin
    (at the start, after a good frame) a bad CRC or impossible length yields one
    :class:`FrameError`, and the search resumes a byte later without a word per byte of the
    rest of the junk, so a good frame glued behind noise is still found. Not thread-safe: one
    thread owns a device.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._boundary = True  # the next byte is where a frame should start

    @property
    def pending(self) -> int:
        return len(self._buf)

    def reset(self) -> None:
        self._buf.clear()
        self._boundary = True

    def _reject(self, out: list[FeigFrame | FrameError], reason: str) -> None:
        if self._boundary:
            out.append(FrameError(reason))
        self._boundary = False

    def feed(self, data: bytes) -> list[FeigFrame | FrameError]:
        buf = self._buf
        buf += data
        out: list[FeigFrame | FrameError] = []
        pos = 0
        while pos < len(buf):
            first = buf[pos]
            if first == STX:
                if len(buf) - pos < ADV_HEADER:
                    break
                total = int.from_bytes(buf[pos + 1 : pos + 3], "big")
                if not ADV_MIN <= total <= ADV_MAX:
                    self._reject(out, "length")
                    pos += 1
                    continue
                head = ADV_HEADER
            elif first >= STD_MIN:
                total, head = first, 1
            else:
                # 0x00, 0x01, 0x03, 0x04 cannot start a frame: noise between frames.
                self._reject(out, "length")
                pos += 1
                continue
            end = pos + total
            if len(buf) < end:
                # Noise whose first byte looks like a long LENGTH would hold back a good frame
                # behind it until 255 bytes came: take a complete checked frame further on.
                later = _complete_frame_after(buf, pos + 1)
                if later is None:
                    break
                self._reject(out, "length")
                pos = later
                continue
            frame = buf[pos:end]
            if crc16(frame[:-2]) != int.from_bytes(frame[-2:], "little"):
                self._reject(out, "checksum")
                pos += 1
                continue
            self._boundary = True
            out.append(
                FeigFrame(frame[head], frame[head + 1], bytes(frame[head + 2 : -2]), head > 1)
            )
            pos = end
        del buf[:pos]
        return out


def _frame_end(buf: bytearray, pos: int) -> int | None:
    """End of a complete, CRC-checked frame starting at ``pos``, else None."""
    first = buf[pos]
    if first == STX:
        if len(buf) - pos < ADV_HEADER:
            return None
        total = int.from_bytes(buf[pos + 1 : pos + 3], "big")
        if not ADV_MIN <= total <= ADV_MAX:
            return None
    elif first >= STD_MIN:
        total = first
    else:
        return None
    end = pos + total
    if len(buf) < end or crc16(buf[pos : end - 2]) != int.from_bytes(buf[end - 2 : end], "little"):
        return None
    return end


def _complete_frame_after(buf: bytearray, start: int) -> int | None:
    for pos in range(start, len(buf)):
        if _frame_end(buf, pos) is not None:
            return pos
    return None
