"""ISO 28560-3 (the Danish data model): fixed basic block with CRC, then framed extension blocks."""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field, replace

from drivers.rfid.tag.errors import TagDataError, TagErrorCode, TagLayoutError

DSFID = 0x3E  # ISO 28560-3 5.1 (GOST R ISO 28560-3-2016 5.1: "3E hex")
BASIC_BLOCK = 34  # bytes 32 and 33 (the ISIL's last two) are absent on 32-byte tags
VERSION = 1
_PII = slice(3, 19)
_CRC = slice(19, 21)
_COUNTRY = slice(21, 23)
_ISIL = slice(23, 34)
_END, _FILLER = 0, 1


@dataclass(frozen=True)
class ExtensionBlock:
    """One optional block (frame: length, 16-bit id LSB first, XOR checksum, data), kept whole."""

    block_id: int
    raw: bytes

    @property
    def data(self) -> bytes:
        return self.raw[4:]


@dataclass(frozen=True)
class Iso28560_3Tag:
    primary_item_id: str
    owner_library: str  # the ISIL field (up to 11 characters; 9 on a 32-byte tag)
    country: str = ""  # ISO 3166-1 alpha-2 of the owner library
    type_of_usage: int = (
        1  # 0 acquisition, 1 circulating, 2 not circulating, 7 discarded, 8 patron card
    )
    parts_in_item: int = 1
    part_number: int = 1
    version: int = VERSION
    extensions: tuple[ExtensionBlock, ...] = ()
    # What follows the last block (end mark, filler, zeros), and the tag's size, for a
    # byte-exact round trip.
    trailer: bytes = b""
    memory_size: int = field(default=BASIC_BLOCK)
    # Some vendors write each 4-byte block last byte first (libdanrfid's DDMData.reverseblocks);
    # such a tag is read and written back that way.
    reversed_blocks: bool = False

    @property
    def owner_institution(self) -> str:
        """The owner's ISIL with its country prefix (the field may hold it already)."""
        if not self.country or self.owner_library.startswith(self.country + "-"):
            return self.owner_library
        return f"{self.country}-{self.owner_library}"

    @property
    def set_information(self) -> str:
        width = 2 if max(self.parts_in_item, self.part_number) <= 99 else 3
        return f"{self.parts_in_item:0{width}d}{self.part_number:0{width}d}"

    @property
    def values(self) -> dict[str, str]:
        out = {
            "primary_item_id": self.primary_item_id,
            "owner_institution": self.owner_institution,
            "owner_library": self.owner_library,
            "country_of_owner_library": self.country,
            "set_information": self.set_information,
            "type_of_usage": f"{self.type_of_usage:X}",
            "version": str(self.version),
        }
        return {k: v for k, v in out.items() if v}


def crc(basic: bytes) -> int:
    """CRC-16/CCITT (0x1021, start 0xFFFF) of the basic block without its CRC bytes, counted
    over 34 bytes (a 32-byte tag's two missing bytes as zeros)."""
    block = bytes(basic[:BASIC_BLOCK]).ljust(BASIC_BLOCK, b"\0")
    return binascii.crc_hqx(block[:19] + block[21:], 0xFFFF)


def _text(raw: bytes, name: str) -> str:
    value = raw.rstrip(b"\0")
    if b"\0" in value:
        raise TagDataError(TagErrorCode.BAD_TEXT, f"{name} has a zero byte inside it")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TagDataError(TagErrorCode.BAD_TEXT, f"{name} is not text") from exc


def reverse_blocks(memory: bytes, block_size: int = 4) -> bytes:
    """Each block's bytes in the other order (the same function undoes itself)."""
    return b"".join(memory[i : i + block_size][::-1] for i in range(0, len(memory), block_size))


def _crc_matches(memory: bytes) -> bool:
    return (
        len(memory) >= 32
        and memory[0] >> 4 != 0
        and crc(memory) == int.from_bytes(memory[_CRC], "little")
    )


def looks_like(memory: bytes) -> bool:
    """A version in the first nibble and a basic block whose CRC matches (either byte order)."""
    return _crc_matches(memory) or _crc_matches(reverse_blocks(memory))


def decode(memory: bytes) -> Iso28560_3Tag:
    """The basic block and extension blocks of a tag's user memory (at least 32 bytes)."""
    if len(memory) % 4 == 0 and not _crc_matches(memory) and _crc_matches(reverse_blocks(memory)):
        return replace(_decode(reverse_blocks(memory)), reversed_blocks=True)
    return _decode(memory)


def _decode(memory: bytes) -> Iso28560_3Tag:
    if not any(memory):
        raise TagDataError(TagErrorCode.BLANK, "blank tag (no data)")
    if len(memory) < 32:
        raise TagDataError(TagErrorCode.TRUNCATED, f"{len(memory)} bytes, less than 32")
    version = memory[0] >> 4
    if version == 0:
        raise TagDataError(TagErrorCode.BAD_VERSION, "version 0 in the first byte")
    if crc(memory) != int.from_bytes(memory[_CRC], "little"):
        raise TagDataError(TagErrorCode.BAD_CRC, "the basic block's CRC does not match")
    pii = _text(memory[_PII], "primary item id")
    if not pii:
        raise TagDataError(TagErrorCode.NO_PRIMARY_ITEM_ID, "empty primary item id")
    extensions, trailer = _extensions(memory)
    return Iso28560_3Tag(
        primary_item_id=pii,
        owner_library=_text(memory[_ISIL], "owner library"),
        country=_text(memory[_COUNTRY], "country"),
        type_of_usage=memory[0] & 0x0F,
        parts_in_item=memory[1],
        part_number=memory[2],
        version=version,
        extensions=extensions,
        trailer=trailer,
        memory_size=len(memory),
    )


def _extensions(memory: bytes) -> tuple[tuple[ExtensionBlock, ...], bytes]:
    blocks: list[ExtensionBlock] = []
    pos = BASIC_BLOCK
    while pos < len(memory):
        length = memory[pos]
        if length in (_END, _FILLER):
            break
        if length < 4 or pos + length > len(memory):
            raise TagDataError(TagErrorCode.TRUNCATED, f"extension block at byte {pos} is cut")
        raw = bytes(memory[pos : pos + length])
        checksum = 0
        for b in raw:
            checksum ^= b
        if checksum:
            raise TagDataError(TagErrorCode.BAD_CHECKSUM, f"extension block at byte {pos}")
        blocks.append(ExtensionBlock(int.from_bytes(raw[1:3], "little"), raw))
        pos += length
    return tuple(blocks), bytes(memory[pos:])


def extension_block(block_id: int, data: bytes) -> ExtensionBlock:
    """A new extension block with its length and XOR checksum."""
    length = 4 + len(data)
    if length > 0xFF or not 0 <= block_id <= 0xFEFF:
        raise TagLayoutError("extension block too long or id out of range")
    frame = bytearray([length, block_id & 0xFF, block_id >> 8, 0]) + data
    checksum = 0
    for b in frame:
        checksum ^= b
    frame[3] = checksum
    return ExtensionBlock(block_id, bytes(frame))


def _field(text: str, size: int, name: str) -> bytes:
    raw = text.encode("utf-8")
    if len(raw) > size or b"\0" in raw:
        raise TagLayoutError(f"{name} {text!r} does not fit {size} bytes")
    return raw.ljust(size, b"\0")


def encode(tag: Iso28560_3Tag) -> bytes:
    """The tag's bytes (``memory_size`` of them, 32 at least)."""
    if not 1 <= tag.version <= 15 or not 0 <= tag.type_of_usage <= 15:
        raise TagLayoutError("version and type of usage are one nibble each")
    basic = bytearray(BASIC_BLOCK)
    basic[0] = tag.version << 4 | tag.type_of_usage
    basic[1] = tag.parts_in_item
    basic[2] = tag.part_number
    basic[_PII] = _field(tag.primary_item_id, 16, "primary item id")
    basic[_COUNTRY] = _field(tag.country, 2, "country")
    basic[_ISIL] = _field(tag.owner_library, 11, "owner library")
    size = max(32, tag.memory_size)
    if size < BASIC_BLOCK and any(basic[size:]):
        raise TagLayoutError(f"owner library {tag.owner_library!r} does not fit a 32-byte tag")
    basic[_CRC] = crc(bytes(basic)).to_bytes(2, "little")
    out = bytes(basic[:size]) + b"".join(e.raw for e in tag.extensions) + tag.trailer
    if len(out) > size:
        raise TagLayoutError(f"{len(out)} bytes do not fit a tag of {size}")
    out = out.ljust(size, b"\0")
    return reverse_blocks(out) if tag.reversed_blocks else out
