"""The compaction schemes of ISO/IEC 15962 as ISO 28560-2 uses them, and its ISIL compaction."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from drivers.rfid.tag.errors import CompactionError, TagDataError, TagErrorCode


class Compaction(IntEnum):
    """The 3-bit compaction code of a precursor byte."""

    APPLICATION_DEFINED = 0  # ISO 28560-2: the content parameter and the ISIL compaction
    INTEGER = 1
    NUMERIC = 2
    FIVE_BIT = 3
    SIX_BIT = 4
    SEVEN_BIT = 5
    OCTET = 6
    UTF8 = 7


# Ties are broken in this order: the standard's own example encodes "1203" as an integer (not
# numeric), and UTF-8 is taken over a 7-bit code of the same length (dp2 writes titles so).
_AUTO_ORDER = (
    Compaction.INTEGER,
    Compaction.NUMERIC,
    Compaction.FIVE_BIT,
    Compaction.SIX_BIT,
    Compaction.UTF8,
    Compaction.SEVEN_BIT,
)


def _bad(message: str) -> TagDataError:
    return TagDataError(TagErrorCode.BAD_COMPACTION, message)


class _BitWriter:
    def __init__(self) -> None:
        self.value = 0
        self.bits = 0

    def put(self, code: int, width: int) -> None:
        self.value = (self.value << width) | code
        self.bits += width

    def to_bytes(self, fill: str) -> bytes:
        """Pad to a whole byte with ``fill`` repeated (the scheme's pad pattern)."""
        missing = -self.bits % 8
        for i in range(missing):
            self.put(int(fill[i % len(fill)]), 1)
        return self.value.to_bytes(self.bits // 8, "big")


def _bits(data: bytes) -> str:
    return "".join(f"{b:08b}" for b in data)


# --- integer -------------------------------------------------------------------------------


def can_integer(text: str) -> bool:
    return text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0"))


def compact_integer(text: str) -> bytes:
    if not can_integer(text):
        raise CompactionError(f"integer compaction needs digits without a leading zero: {text!r}")
    value = int(text)
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def expand_integer(data: bytes) -> str:
    if not data:
        raise _bad("integer of no bytes")
    return str(int.from_bytes(data, "big"))


# --- numeric -------------------------------------------------------------------------------


def can_numeric(text: str) -> bool:
    return text.isascii() and text.isdigit()


def compact_numeric(text: str) -> bytes:
    if not can_numeric(text):
        raise CompactionError(f"numeric compaction needs digits: {text!r}")
    nibbles = text + ("F" if len(text) % 2 else "")
    return bytes.fromhex(nibbles)


def expand_numeric(data: bytes) -> str:
    digits = data.hex().upper()
    if digits.endswith("F"):
        digits = digits[:-1]
    if not digits or not digits.isdigit():
        raise _bad("numeric data with a nibble that is not a digit")
    return digits


# --- 5-, 6- and 7-bit codes ----------------------------------------------------------------


def can_five_bit(text: str) -> bool:
    return bool(text) and all(0x41 <= ord(c) <= 0x5F for c in text)


def can_six_bit(text: str) -> bool:
    # A trailing space would read back as the pad pattern 100000.
    return bool(text) and all(0x20 <= ord(c) <= 0x5F for c in text) and not text.endswith(" ")


def can_seven_bit(text: str) -> bool:
    # 0x7F is the pad pattern 1111111.
    return bool(text) and all(ord(c) <= 0x7E for c in text)


def _compact_bits(text: str, width: int, fill: str) -> bytes:
    writer = _BitWriter()
    mask = (1 << width) - 1
    for c in text:
        writer.put(ord(c) & mask, width)
    return writer.to_bytes(fill)


def compact_five_bit(text: str) -> bytes:
    if not can_five_bit(text):
        raise CompactionError(f"5-bit code takes only 0x41-0x5F: {text!r}")
    return _compact_bits(text, 5, "0")


def compact_six_bit(text: str) -> bytes:
    if not can_six_bit(text):
        raise CompactionError(f"6-bit code takes only 0x20-0x5F, no trailing space: {text!r}")
    return _compact_bits(text, 6, "100000")


def compact_seven_bit(text: str) -> bytes:
    if not can_seven_bit(text):
        raise CompactionError(f"7-bit code takes only 0x00-0x7E: {text!r}")
    return _compact_bits(text, 7, "1")


def _codes(data: bytes, width: int, pad: str) -> Iterable[int]:
    """Codes of ``width`` bits; the tail shorter than a byte must be the pad pattern."""
    bits = _bits(data)
    pos = 0
    while pos < len(bits):
        rest = bits[pos:]
        if len(rest) < 8 and rest == (pad * 8)[: len(rest)]:
            return
        if len(rest) < width:
            raise _bad(f"{width}-bit data ends in {rest!r}, not in its pad pattern")
        yield int(rest[:width], 2)
        pos += width


def expand_five_bit(data: bytes) -> str:
    out = []
    for code in _codes(data, 5, "0"):
        if code == 0:
            raise _bad("5-bit code 00000 inside the data")
        out.append(chr(code | 0x40))
    if not out:
        raise _bad("5-bit data of no characters")
    return "".join(out)


def expand_six_bit(data: bytes) -> str:
    out = [chr(code | 0x40) if code < 0x20 else chr(code) for code in _codes(data, 6, "100000")]
    if not out:
        raise _bad("6-bit data of no characters")
    return "".join(out)


def expand_seven_bit(data: bytes) -> str:
    out = []
    for code in _codes(data, 7, "1"):
        if code == 0x7F:
            raise _bad("7-bit code 1111111 inside the data")
        out.append(chr(code))
    if not out:
        raise _bad("7-bit data of no characters")
    return "".join(out)


# --- octet and UTF-8 -----------------------------------------------------------------------


def compact_octet(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise CompactionError(
            f"octet compaction takes only single-byte characters: {text!r}"
        ) from exc


def expand_octet(data: bytes) -> str:
    return data.decode("latin-1")


def compact_utf8(text: str) -> bytes:
    return text.encode("utf-8")


def expand_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TagDataError(TagErrorCode.BAD_TEXT, "UTF-8 element that is not UTF-8") from exc


# --- ISIL (ISO 28560-2, annex: 4- and 5-bit character sets with latch and shift) ------------

_UPPER, _LOWER, _DIGIT = "u", "l", "d"
_WIDTH = {_UPPER: 5, _LOWER: 5, _DIGIT: 4}
# Command codes: (latch, shift) per current set and target set.
_COMMANDS = {
    (_UPPER, _LOWER): (0b11100, 0b11101),
    (_UPPER, _DIGIT): (0b11110, 0b11111),
    (_LOWER, _UPPER): (0b11100, 0b11101),
    (_LOWER, _DIGIT): (0b11110, 0b11111),
    (_DIGIT, _UPPER): (0b1100, 0b1101),
    (_DIGIT, _LOWER): (0b1110, 0b1111),
}
_ISIL_PUNCT = {(_UPPER, "-"): 0, (_LOWER, "-"): 0, (_DIGIT, "-"): 10}
_ISIL_PUNCT.update({(_UPPER, ":"): 27, (_DIGIT, ":"): 11, (_LOWER, "/"): 27})


def _isil_sets(c: str) -> str:
    if "A" <= c <= "Z":
        return _UPPER
    if "a" <= c <= "z" or c == "/":
        return _LOWER
    if "0" <= c <= "9":
        return _DIGIT
    if c == "-":
        return _UPPER + _LOWER + _DIGIT
    if c == ":":
        return _UPPER + _DIGIT
    raise CompactionError(f"ISIL compaction takes A-Z a-z 0-9 - : / only, not {c!r}")


def _isil_code(c: str, charset: str) -> int:
    if (charset, c) in _ISIL_PUNCT:
        return _ISIL_PUNCT[(charset, c)]
    if charset == _DIGIT:
        return ord(c) - ord("0")
    return ord(c.upper()) - ord("A") + 1


def can_isil(text: str) -> bool:
    try:
        for c in text:
            _isil_sets(c)
    except CompactionError:
        return False
    return bool(text)


def compact_isil(text: str) -> bytes:
    if not text:
        raise CompactionError("an empty ISIL")
    writer = _BitWriter()
    current = _UPPER
    for i, c in enumerate(text):
        sets = _isil_sets(c)
        if current in sets:
            writer.put(_isil_code(c, current), _WIDTH[current])
            continue
        target = sets[0]
        following = text[i + 1] if i + 1 < len(text) else None
        latch, shift = _COMMANDS[(current, target)]
        # Shift for one character when the next one is back in the current set, else latch.
        if following is None or current in _isil_sets(following):
            writer.put(shift, _WIDTH[current])
        else:
            writer.put(latch, _WIDTH[current])
            current = target
        writer.put(_isil_code(c, target), _WIDTH[target])
    return writer.to_bytes("1")


def expand_isil(data: bytes) -> str:
    bits = _bits(data)
    pos = 0
    current = _UPPER
    shifted: str | None = None
    out: list[str] = []
    while pos < len(bits):
        rest = bits[pos:]
        if len(rest) < 8 and set(rest) == {"1"}:
            break  # the pad
        charset = shifted or current
        width = _WIDTH[charset]
        if len(rest) < width:
            raise _bad("ISIL data ends inside a character")
        code = int(rest[:width], 2)
        pos += width
        command = next(
            (
                (target, code == shift)
                for (src, target), (latch, shift) in _COMMANDS.items()
                if src == charset and code in (latch, shift)
            ),
            None,
        )
        if command is not None:
            if shifted is not None:
                raise _bad("ISIL shift followed by another command")
            target, is_shift = command
            if is_shift:
                shifted = target
            else:
                current = target
            continue
        out.append(_isil_char(code, charset))
        shifted = None
    if not out:
        raise _bad("ISIL of no characters")
    return "".join(out)


def _isil_char(code: int, charset: str) -> str:
    for (cs, c), value in _ISIL_PUNCT.items():
        if cs == charset and value == code:
            return c
    if charset == _DIGIT:
        return chr(ord("0") + code)  # 0-9; 10-15 are punctuation and commands
    if not 1 <= code <= 26:
        raise _bad(f"ISIL code {code} outside the letters")
    return chr(ord("A" if charset == _UPPER else "a") + code - 1)


# --- choosing and dispatching --------------------------------------------------------------

_COMPACT = {
    Compaction.INTEGER: compact_integer,
    Compaction.NUMERIC: compact_numeric,
    Compaction.FIVE_BIT: compact_five_bit,
    Compaction.SIX_BIT: compact_six_bit,
    Compaction.SEVEN_BIT: compact_seven_bit,
    Compaction.OCTET: compact_octet,
    Compaction.UTF8: compact_utf8,
}
_EXPAND = {
    Compaction.INTEGER: expand_integer,
    Compaction.NUMERIC: expand_numeric,
    Compaction.FIVE_BIT: expand_five_bit,
    Compaction.SIX_BIT: expand_six_bit,
    Compaction.SEVEN_BIT: expand_seven_bit,
    Compaction.OCTET: expand_octet,
    Compaction.UTF8: expand_utf8,
}
_CAN = {
    Compaction.INTEGER: can_integer,
    Compaction.NUMERIC: can_numeric,
    Compaction.FIVE_BIT: can_five_bit,
    Compaction.SIX_BIT: can_six_bit,
    Compaction.SEVEN_BIT: can_seven_bit,
    Compaction.UTF8: lambda text: True,
}


def compact(text: str, scheme: Compaction) -> bytes:
    """``text`` compacted by ``scheme`` (not the application-defined code: see compact_isil)."""
    if scheme not in _COMPACT:
        raise CompactionError(f"no generic compaction for code {int(scheme)}")
    return _COMPACT[scheme](text)


def expand(data: bytes, scheme: Compaction) -> str:
    """The text of compacted ``data``; TagDataError for data the scheme cannot have written."""
    if scheme not in _EXPAND:
        raise _bad(f"no generic expansion for code {int(scheme)}")
    return _EXPAND[scheme](data)


def choose(text: str) -> tuple[Compaction, bytes]:
    """The scheme giving the fewest bytes for ``text`` (ISO/IEC 15962's encoder rule)."""
    best: tuple[Compaction, bytes] | None = None
    for scheme in _AUTO_ORDER:
        if _CAN[scheme](text):
            data = _COMPACT[scheme](text)
            if best is None or len(data) < len(best[1]):
                best = (scheme, data)
    assert best is not None  # UTF-8 takes any text
    return best
