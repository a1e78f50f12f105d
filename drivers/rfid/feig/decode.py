"""Decoding of what a FEIG reader sent (a capture or a monitor tap) into protocol events."""

from __future__ import annotations

from typing import Any

from drivers.events import FrameError, ProtocolEvent, RfidReaderStatus, RfidReply
from drivers.rfid.feig import commands as cmd
from drivers.rfid.feig.commands import Control
from drivers.rfid.feig.frames import FeigFrame, FrameAssembler
from drivers.rfid.feig.status import Status, status_code

ISO15693_UID_PREFIX = 0xE0  # every ISO 15693 UID starts with E0 (ISO/IEC 15693-3)


class FeigReplyDecoder:
    """Turns reader replies into events. A capture carries no requests, so an [0xB0] reply is
    told by its shape: inventory data sets (UIDs starting E0), system information (13 bytes),
    or blocks (DB-N DB-SIZE then blocks); any other status is an ``RfidReaderStatus``."""

    def __init__(self, *, block_bytes_reversed: bool = True) -> None:
        self._reversed = block_bytes_reversed
        self._assembler = FrameAssembler()

    def feed(self, data: bytes, now: float = 0.0) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for item in self._assembler.feed(data):
            events.append(item if isinstance(item, FrameError) else self._decode(item))
        return events

    def poll(self, now: float) -> list[ProtocolEvent]:
        """Nothing is time-driven in a reply capture; present for the decoder interface."""
        return []

    def next_deadline(self) -> float | None:
        return None

    def _decode(self, frame: FeigFrame) -> ProtocolEvent:
        if frame.status < 0:
            return FrameError("length")
        if frame.status not in (Status.OK, Status.MORE_DATA):
            iso = frame.data[0] if frame.status == Status.ISO_ERROR and frame.data else None
            return RfidReaderStatus(status_code(frame.status), frame.status, iso)
        if frame.control != Control.ISO15693 or not frame.data:
            fields: tuple[tuple[str, Any], ...] = ()
            if frame.data:
                fields = (("data", frame.data.hex().upper()),)
            return RfidReply(frame.control, frame.status, "ok", fields)
        decoded = _inventory(frame.data) or _system_info(frame.data) or self._blocks(frame.data)
        if decoded is None:
            return FrameError("reply")
        kind, fields = decoded
        if kind == "inventory":
            fields += (("more", frame.status == Status.MORE_DATA),)
        return RfidReply(frame.control, frame.status, kind, fields)

    def _blocks(self, data: bytes) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
        try:
            read = cmd.parse_read_blocks(data)
        except cmd.ReplyError:
            return None
        blocks = [cmd.from_wire(b) if self._reversed else b for b in read.blocks]
        locked = [i for i, flag in enumerate(read.locked) if flag]
        return "blocks", (
            ("block_size", read.block_size),
            ("blocks", len(blocks)),
            ("data", b"".join(blocks).hex().upper()),
            ("locked", locked),
        )


def _inventory(data: bytes) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    try:
        records = cmd.parse_inventory(data)
    except cmd.ReplyError:
        return None
    if not records or any(r.uid[0] != ISO15693_UID_PREFIX for r in records):
        return None
    tags = [{"uid": r.uid.hex().upper(), "dsfid": f"{r.dsfid:02X}"} for r in records]
    return "inventory", (("tags", tags),)


def _system_info(data: bytes) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    try:
        info = cmd.parse_system_info(data)
    except cmd.ReplyError:
        return None
    return "system_info", (
        ("uid", info.uid.hex().upper()),
        ("dsfid", f"{info.dsfid:02X}"),
        ("afi", f"{info.afi:02X}"),
        ("block_size", info.block_size),
        ("block_count", info.block_count),
    )
