"""ISO Host commands of FEIG readers: request frames and reply parsers, pure functions."""

# Section and page numbers are those of FEIG, "OBID i-scan System-Manual ID ISC.MR/PR/PRH101",
# H60301-3e-ID-B. Multi-byte fields go MSB first in ISO Host mode (§2.1, p. 17).

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from drivers.rfid.feig.frames import build_request


class Control(IntEnum):
    """CONTROL bytes (the command set)."""

    BAUD_RATE_DETECTION = 0x52
    CPU_RESET = 0x63
    SOFTWARE_VERSION = 0x65
    RF_RESET = 0x69
    ISO15693 = 0xB0  # §6.1, p. 58: mandatory and optional ISO 15693 commands
    ISO15693_CUSTOM = 0xB1  # §8, p. 80: custom and proprietary commands, by manufacturer


class IsoCommand(IntEnum):
    """The first byte of [0xB0] REQUEST-DATA."""

    INVENTORY = 0x01  # §6.1.1, p. 59
    LOCK_BLOCK = 0x22
    READ_MULTIPLE_BLOCKS = 0x23  # §6.1.4, p. 63
    WRITE_MULTIPLE_BLOCKS = 0x24  # §6.1.5
    WRITE_AFI = 0x27  # §6.1.8, p. 69
    GET_SYSTEM_INFORMATION = 0x2B  # §6.1.12, p. 73


class NxpCommand(IntEnum):
    """NXP (Philips) I-Code SLI custom commands under [0xB1] with MFR 0x04 (§8.3, p. 90-92)."""

    SET_EAS = 0xA2
    RESET_EAS = 0xA3
    LOCK_EAS = 0xA4
    EAS_ALARM = 0xA5


MFR_NXP = 0x04  # §8, p. 80: "0x04 Philips"
MODE_ADDRESSED = 0x01  # ADR = b001
MODE_SEC = 0x08  # [0x23] SEC bit: a security status byte before each block
MODE_MORE = 0x80  # [0x01] MORE bit: fetch the data sets the last reply left (status 0x94)
UID_SIZE = 8
LOCKED = 0x01  # bit 0 of a block security status: the block is write-protected


def _uid(uid: bytes) -> bytes:
    if len(uid) != UID_SIZE:
        raise ValueError(f"an ISO 15693 UID has 8 bytes, got {len(uid)}")
    return bytes(uid)


def _iso(com_adr: int, command: IsoCommand, data: bytes, advanced: bool) -> bytes:
    return build_request(com_adr, Control.ISO15693, bytes([command]) + data, advanced=advanced)


def inventory_request(com_adr: int, *, more: bool = False, advanced: bool = False) -> bytes:
    """[0xB0][0x01] Inventory: every tag in the field (MODE MORE=1 fetches the rest, p. 59)."""
    return _iso(com_adr, IsoCommand.INVENTORY, bytes([MODE_MORE if more else 0]), advanced)


def read_blocks_request(
    com_adr: int, uid: bytes, first: int, count: int, *, advanced: bool = False
) -> bytes:
    """[0xB0][0x23] Read Multiple Blocks, addressed, with security status: MODE UID DB-ADR DB-N."""
    if not 0 <= first <= 0xFF or not 1 <= count <= 0xFF:
        raise ValueError("block address 0..255 and count 1..255")
    data = bytes([MODE_ADDRESSED | MODE_SEC]) + _uid(uid) + bytes([first, count])
    return _iso(com_adr, IsoCommand.READ_MULTIPLE_BLOCKS, data, advanced)


def write_blocks_request(
    com_adr: int,
    uid: bytes,
    first: int,
    block_size: int,
    blocks: bytes,
    *,
    advanced: bool = False,
) -> bytes:
    """[0xB0][0x24] Write Multiple Blocks: MODE UID DB-ADR DB-N DB-SIZE DB…; ``blocks`` as sent
    on the wire (see :func:`to_wire`)."""
    if block_size < 1 or not blocks or len(blocks) % block_size:
        raise ValueError("the data must be a whole number of blocks")
    count = len(blocks) // block_size
    if not 0 <= first <= 0xFF or count > 0xFF:
        raise ValueError("block address 0..255 and at most 255 blocks")
    data = bytes([MODE_ADDRESSED]) + _uid(uid) + bytes([first, count, block_size]) + blocks
    return _iso(com_adr, IsoCommand.WRITE_MULTIPLE_BLOCKS, data, advanced)


def lock_block_request(com_adr: int, uid: bytes, block: int, *, advanced: bool = False) -> bytes:
    """[0xB0][0x22] Lock Block: MODE UID DB-ADR."""
    data = bytes([MODE_ADDRESSED]) + _uid(uid) + bytes([block])
    return _iso(com_adr, IsoCommand.LOCK_BLOCK, data, advanced)


def write_afi_request(com_adr: int, uid: bytes, afi: int, *, advanced: bool = False) -> bytes:
    """[0xB0][0x27] Write AFI: MODE UID AFI (p. 69)."""
    if not 0 <= afi <= 0xFF:
        raise ValueError("AFI is one byte")
    return _iso(
        com_adr, IsoCommand.WRITE_AFI, bytes([MODE_ADDRESSED]) + _uid(uid) + bytes([afi]), advanced
    )


def system_info_request(com_adr: int, uid: bytes, *, advanced: bool = False) -> bytes:
    """[0xB0][0x2B] Get System Information: MODE UID (p. 73)."""
    return _iso(
        com_adr, IsoCommand.GET_SYSTEM_INFORMATION, bytes([MODE_ADDRESSED]) + _uid(uid), advanced
    )


def nxp_request(com_adr: int, command: NxpCommand, uid: bytes, *, advanced: bool = False) -> bytes:
    """[0xB1] MFR=0x04 then an NXP command: MODE UID (§8.3.1-8.3.4, p. 90-92)."""
    data = bytes([MFR_NXP, command, MODE_ADDRESSED]) + _uid(uid)
    return build_request(com_adr, Control.ISO15693_CUSTOM, data, advanced=advanced)


def software_version_request(com_adr: int) -> bytes:
    """[0x65] Get Software Version (no data)."""
    return build_request(com_adr, Control.SOFTWARE_VERSION)


def cpu_reset_request(com_adr: int) -> bytes:
    """[0x63] CPU Reset (no data)."""
    return build_request(com_adr, Control.CPU_RESET)


def baud_rate_detection_request(com_adr: int) -> bytes:
    """[0x52] Baud Rate Detection: one data byte 0x00."""
    return build_request(com_adr, Control.BAUD_RATE_DETECTION, b"\x00")


class ReplyError(ValueError):
    """Reply data whose shape does not fit the command it answers."""


@dataclass(frozen=True)
class InventoryRecord:
    """One data set of an inventory reply (p. 59-60): TR-TYPE DSFID UID."""

    tr_type: int
    dsfid: int
    uid: bytes


INVENTORY_RECORD_SIZE = 2 + UID_SIZE


def parse_inventory(data: bytes) -> list[InventoryRecord]:
    """DATA-SETS then that many TR-TYPE DSFID UID records."""
    if not data:
        raise ReplyError("inventory reply without DATA-SETS")
    count = data[0]
    if len(data) != 1 + count * INVENTORY_RECORD_SIZE:
        raise ReplyError(f"inventory reply of {len(data)} bytes for {count} data sets")
    out = []
    for i in range(count):
        rec = data[1 + i * INVENTORY_RECORD_SIZE : 1 + (i + 1) * INVENTORY_RECORD_SIZE]
        out.append(InventoryRecord(rec[0], rec[1], bytes(rec[2:])))
    return out


def build_inventory_data(records: list[InventoryRecord]) -> bytes:
    out = bytearray([len(records)])
    for rec in records:
        out += bytes([rec.tr_type, rec.dsfid]) + _uid(rec.uid)
    return bytes(out)


@dataclass(frozen=True)
class BlockRead:
    """A [0x23] reply: each block as sent on the wire and its security status byte."""

    block_size: int
    blocks: tuple[bytes, ...]
    security: tuple[int, ...]

    @property
    def locked(self) -> tuple[bool, ...]:
        return tuple(bool(s & LOCKED) for s in self.security)


def parse_read_blocks(data: bytes) -> BlockRead:
    """DB-N DB-SIZE then DB-N times SEC-STATUS DB (p. 63-64)."""
    if len(data) < 2:
        raise ReplyError("read reply without DB-N and DB-SIZE")
    count, size = data[0], data[1]
    if count < 1 or size < 1 or len(data) != 2 + count * (size + 1):
        raise ReplyError(f"read reply of {len(data)} bytes for {count} blocks of {size}")
    blocks, security = [], []
    for i in range(count):
        at = 2 + i * (size + 1)
        security.append(data[at])
        blocks.append(bytes(data[at + 1 : at + 1 + size]))
    return BlockRead(size, tuple(blocks), tuple(security))


def build_read_blocks_data(block_size: int, blocks: list[bytes], security: list[int]) -> bytes:
    out = bytearray([len(blocks), block_size])
    for block, sec in zip(blocks, security, strict=True):
        out += bytes([sec]) + block
    return bytes(out)


@dataclass(frozen=True)
class SystemInfo:
    """A [0x2B] reply (p. 73): DSFID UID AFI MEM-SIZE IC-REF."""

    dsfid: int
    uid: bytes
    afi: int
    block_size: int
    block_count: int
    ic_ref: int


SYSTEM_INFO_SIZE = 1 + UID_SIZE + 1 + 2 + 1


def parse_system_info(data: bytes) -> SystemInfo:
    """MEM-SIZE is ISO 15693's memory size sent MSB first: block size − 1 (low five bits), then
    number of blocks − 1."""
    if len(data) != SYSTEM_INFO_SIZE:
        raise ReplyError(f"system information of {len(data)} bytes, not {SYSTEM_INFO_SIZE}")
    return SystemInfo(
        dsfid=data[0],
        uid=bytes(data[1:9]),
        afi=data[9],
        block_size=(data[10] & 0x1F) + 1,
        block_count=data[11] + 1,
        ic_ref=data[12],
    )


def build_system_info_data(info: SystemInfo) -> bytes:
    return (
        bytes([info.dsfid])
        + _uid(info.uid)
        + bytes([info.afi, (info.block_size - 1) & 0x1F, info.block_count - 1, info.ic_ref])
    )


def to_wire(block: bytes) -> bytes:
    """A block in tag-memory order as the reader sends it in ISO Host mode (MSB first, §2.1)."""
    return bytes(reversed(block))


def from_wire(block: bytes) -> bytes:
    """A block as the reader sent it, back in tag-memory order."""
    return bytes(reversed(block))
