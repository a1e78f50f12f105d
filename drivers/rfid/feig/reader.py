"""FEIG ISO Host reader driver: inventories the pad, reads each new tag once, writes, verifies."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from enum import Enum

import serial
from serial.tools import list_ports

from drivers.events import (
    DeviceReason,
    FrameError,
    LinkState,
    RfidOperation,
    RfidOutcome,
    RfidReaderStatus,
    RfidTagArrived,
    RfidTagLeft,
    RfidWriteResult,
)
from drivers.jobs import JobQueueDriver
from drivers.ports import PortLister
from drivers.rfid.feig import commands as cmd
from drivers.rfid.feig.frames import FeigFrame, FrameAssembler
from drivers.rfid.feig.status import IsoError, Status, status_code
from drivers.settings import RfidReaderSettings
from drivers.transport import EventSink, RawTap

log = logging.getLogger(__name__)

# A reader that keeps answering "more data" is broken; a pad never holds this many replies' worth.
MAX_MORE_ROUNDS = 32
# Blocks per read or write request: keeps a standard frame under 255 bytes for blocks of up to
# 6 bytes and is what FEIG's own examples use for 4-byte blocks (32 × 4 = 128 bytes).
MAX_BLOCKS_PER_REQUEST = 32
# A queued write is given up when it has waited this many reply timeouts (a reader reconnecting).
JOB_PATIENCE_REPLIES = 8


class _Kind(Enum):
    BLOCKS = "blocks"
    AFI = "afi"
    EAS = "eas"
    LOCK = "lock"


@dataclass
class _Job:
    kind: _Kind
    uid: str
    deadline: float
    future: Future[RfidWriteResult]
    first_block: int = 0
    data: bytes = b""
    value: int = 0  # the AFI, or 1/0 for EAS on/off


@dataclass
class _Present:
    tag: RfidTagArrived
    missed: int = 0


@dataclass
class _Outcome:
    outcome: RfidOutcome
    detail: str = ""


class _NoReply(Exception):
    """The reader did not answer one request in time."""


def _uid_bytes(uid: str) -> bytes:
    raw = bytes.fromhex(uid)
    if len(raw) != cmd.UID_SIZE:
        raise ValueError(f"an ISO 15693 UID has 16 hex digits, got {uid!r}")
    return raw


class FeigReader(JobQueueDriver[_Job]):
    """Polls a FEIG reader with inventories; a tag lying on the pad is one arrival until it has
    been missing from ``lift_after`` inventories in a row, which is a departure event.

    Writes (:meth:`write_blocks`, :meth:`write_afi`, :meth:`set_eas`) are queued to the device
    thread and run between inventories; each is read back and ends in one ``RfidWriteResult``,
    emitted and returned through a future, within a bounded time.
    """

    settings: RfidReaderSettings
    _link_lost = "link to the reader lost"
    _not_connected = "reader not connected"

    def __init__(
        self,
        role: str,
        settings: RfidReaderSettings,
        on_event: EventSink,
        *,
        on_raw: RawTap | None = None,
        port_lister: PortLister = list_ports.comports,
    ) -> None:
        super().__init__(role, settings, on_event, on_raw=on_raw, port_lister=port_lister)
        # Kept across reconnects: a tag lying on the pad through an unplug is not a new arrival.
        self._present: dict[str, _Present] = {}
        self._present_uids: tuple[str, ...] = ()  # a copy other threads may read
        self._present_tags: tuple[RfidTagArrived, ...] = ()  # the same, with what was read
        self._assembler = FrameAssembler()
        self._unanswered = 0

    # ---- public: writes -------------------------------------------------------------------
    def write_blocks(self, uid: str, first_block: int, data: bytes) -> Future[RfidWriteResult]:
        """Write whole blocks from ``first_block`` (``data`` in tag-memory order), then read
        them back."""
        return self._submit(_Kind.BLOCKS, uid, first_block=first_block, data=bytes(data))

    def write_afi(self, uid: str, afi: int) -> Future[RfidWriteResult]:
        """Write the AFI byte, then read it back with Get System Information."""
        if not 0 <= afi <= 0xFF:
            raise ValueError("AFI is one byte")
        return self._submit(_Kind.AFI, uid, value=afi)

    def set_eas(self, uid: str, enabled: bool) -> Future[RfidWriteResult]:
        """Set or reset the NXP EAS bit, then check it with EAS Alarm."""
        return self._submit(_Kind.EAS, uid, value=int(enabled))

    def lock_blocks(self, uid: str, first_block: int, count: int) -> Future[RfidWriteResult]:
        """Write-protect blocks for good (Lock Block each), then read their security status.
        Irreversible: for a staff tag writer, never for a patron's loan."""
        if not 0 <= first_block <= 0xFF or not 1 <= count <= 0x100 - first_block:
            raise ValueError("blocks 0..255")
        return self._submit(_Kind.LOCK, uid, first_block=first_block, value=count)

    def present_tags(self) -> list[str]:
        """UIDs of the tags reported as arrived and not yet as left (a snapshot)."""
        return list(self._present_uids)

    def present(self) -> tuple[RfidTagArrived, ...]:
        """The tags reported as arrived and not yet as left, each as last read or written (a
        snapshot: technician mode's view of the pad, when it opens after they arrived)."""
        return self._present_tags

    def _submit(
        self, kind: _Kind, uid: str, *, first_block: int = 0, data: bytes = b"", value: int = 0
    ) -> Future[RfidWriteResult]:
        uid = uid.upper()
        _uid_bytes(uid)
        future: Future[RfidWriteResult] = Future()
        patience = JOB_PATIENCE_REPLIES * self.settings.reply_timeout_ms / 1000
        deadline = time.monotonic() + patience
        job = _Job(kind, uid, deadline, future, first_block=first_block, data=data, value=value)
        silent = self._state_reason == DeviceReason.READER_SILENT  # may answer again: try
        if self.running and self.state != LinkState.CONNECTED and not silent:
            # An unplugged reader cannot write; the caller hears so at once, not after a wait.
            self._finish(job, _Outcome(RfidOutcome.LINK_LOST, "reader not connected"))
            return future
        self._queue_job(job)
        return future

    # ---- the session ------------------------------------------------------------------------
    def _run_session(self, port: serial.SerialBase) -> None:
        self._unanswered = 0
        interval = self.settings.poll_interval_ms / 1000
        try:
            while not self.stopping:
                started = time.monotonic()
                self._run_jobs(port)
                self._poll_once(port)
                self._run_jobs(port)
                self._idle(interval - (time.monotonic() - started))
        finally:
            self._fail_jobs(self._link_lost)

    def _poll_once(self, port: serial.SerialBase) -> None:
        try:
            records = self._inventory(port)
        except _NoReply:
            return
        if records is None:
            return
        seen = {rec.uid.hex().upper(): rec for rec in records}
        for uid in list(self._present):
            if uid in seen:
                self._present[uid].missed = 0
                continue
            self._present[uid].missed += 1
            if self._present[uid].missed >= self.settings.lift_after:
                del self._present[uid]
                self._snapshot()
                self._emit(RfidTagLeft(uid))
        for uid, rec in seen.items():
            if uid in self._present or self.stopping:
                continue
            try:
                tag = self._read_tag(port, rec)
            except _NoReply:
                return
            if tag is not None:
                self._present[uid] = _Present(tag)
                self._snapshot()
                self._emit(tag)

    def _inventory(self, port: serial.SerialBase) -> list[cmd.InventoryRecord] | None:
        """Every tag in the field, following "more data" replies; None on a reader error."""
        records: list[cmd.InventoryRecord] = []
        more = False
        for _ in range(MAX_MORE_ROUNDS):
            reply = self._ask(port, cmd.inventory_request(self._adr, more=more, advanced=self._adv))
            if reply.status == Status.NO_TRANSPONDER:
                return records
            if reply.status not in (Status.OK, Status.MORE_DATA):
                self._report(reply)
                return None
            try:
                records += cmd.parse_inventory(reply.data)
            except cmd.ReplyError as exc:
                log.warning("%s: %s", self.role, exc)
                self._emit(FrameError("inventory"))
                return None
            if reply.status == Status.OK:
                return records
            more = True
        self._emit(FrameError("more_data"))
        return None

    def _read_tag(self, port: serial.SerialBase, rec: cmd.InventoryRecord) -> RfidTagArrived | None:
        uid = rec.uid
        info = self._system_info(port, uid)
        block_size = self.settings.block_size or (info.block_size if info else 0)
        block_count = self.settings.block_count or (info.block_count if info else 0)
        if not block_size or not block_count:
            return None  # the tag did not say its size and none is configured: next inventory
        memory = self._read_blocks(port, uid, 0, block_count, block_size)
        if not isinstance(memory, tuple):
            return None
        data, locked = memory
        eas = self._eas_state(port, uid) if self.settings.read_eas else None
        return RfidTagArrived(
            uid=uid.hex().upper(),
            dsfid=rec.dsfid,
            afi=info.afi if info else 0,
            block_size=block_size,
            user_memory=data,
            locked_blocks=locked,
            eas=eas,
        )

    def _system_info(self, port: serial.SerialBase, uid: bytes) -> cmd.SystemInfo | None:
        reply = self._ask(port, cmd.system_info_request(self._adr, uid, advanced=self._adv))
        if reply.status != Status.OK:
            if reply.status != Status.NO_TRANSPONDER:
                self._report(reply)
            return None
        try:
            return cmd.parse_system_info(reply.data)
        except cmd.ReplyError as exc:
            log.warning("%s: %s", self.role, exc)
            self._emit(FrameError("system_info"))
            return None

    def _read_blocks(
        self, port: serial.SerialBase, uid: bytes, first: int, count: int, block_size: int
    ) -> tuple[bytes, tuple[int, ...]] | int | None:
        """Blocks in tag-memory order and the locked block numbers; the failing STATUS, or None
        for a reply that does not fit."""
        data = bytearray()
        locked: list[int] = []
        block = first
        while block < first + count:
            n = min(MAX_BLOCKS_PER_REQUEST, first + count - block)
            request = cmd.read_blocks_request(self._adr, uid, block, n, advanced=self._adv)
            reply = self._ask(port, request)
            if reply.status != Status.OK:
                if reply.status != Status.NO_TRANSPONDER:
                    self._report(reply)
                return reply.status
            try:
                read = cmd.parse_read_blocks(reply.data)
            except cmd.ReplyError as exc:
                log.warning("%s: %s", self.role, exc)
                self._emit(FrameError("blocks"))
                return None
            if read.block_size != block_size or len(read.blocks) != n:
                self._emit(FrameError("blocks"))
                return None
            for i, raw in enumerate(read.blocks):
                data += self._block_from_wire(raw)
                if read.locked[i]:
                    locked.append(block + i)
            block += n
        return bytes(data), tuple(locked)

    def _eas_state(self, port: serial.SerialBase, uid: bytes) -> bool | None:
        request = cmd.nxp_request(self._adr, cmd.NxpCommand.EAS_ALARM, uid, advanced=self._adv)
        reply = self._ask(port, request)
        # §8.3.4, p. 92: status 0x00 when the EAS bit is 1; the tag stays silent (0x01) when 0.
        if reply.status == Status.OK:
            return True
        if reply.status == Status.NO_TRANSPONDER:
            return False
        return None

    # ---- writes -----------------------------------------------------------------------------
    def _carry_out(self, port: serial.SerialBase, job: _Job) -> None:
        if time.monotonic() > job.deadline:
            self._finish(job, _Outcome(RfidOutcome.NO_REPLY, "waited too long for the reader"))
            return
        self._finish(job, self._run_job_twice(port, job))

    def _run_job_twice(self, port: serial.SerialBase, job: _Job) -> _Outcome:
        """A write whose reply was lost (noise, a loose cable) may or may not have been done.
        AFI, EAS and block writes are idempotent: the same write once more, while the job has
        time, is answered and read back, so one lost reply does not send a patron back to the
        pad. A lock is not repeated (a lost answer there is reported as it is)."""
        try:
            return self._run_job(port, job)
        except _NoReply:
            if job.kind == _Kind.LOCK or time.monotonic() > job.deadline:
                return _Outcome(RfidOutcome.NO_REPLY, "no reply from the reader")
        try:
            return self._run_job(port, job)
        except _NoReply:
            return _Outcome(RfidOutcome.NO_REPLY, "no reply from the reader, twice")

    def _run_job(self, port: serial.SerialBase, job: _Job) -> _Outcome:
        if job.kind == _Kind.BLOCKS:
            return self._write_blocks(port, job)
        if job.kind == _Kind.LOCK:
            return self._lock_blocks(port, job)
        uid = _uid_bytes(job.uid)
        if job.kind == _Kind.AFI:
            request = cmd.write_afi_request(self._adr, uid, job.value, advanced=self._adv)
            reply = self._ask(port, request)
            failed = self._write_failure(reply)
            if failed:
                return failed
            info = self._system_info(port, uid)
            if info is None:
                return _Outcome(RfidOutcome.TAG_GONE, "no system information after the write")
            if info.afi != job.value:
                return _Outcome(RfidOutcome.VERIFY_FAILED, f"AFI reads {info.afi:02X}")
            self._remember(job.uid, afi=info.afi)
            return _Outcome(RfidOutcome.VERIFIED)
        nxp = cmd.NxpCommand.SET_EAS if job.value else cmd.NxpCommand.RESET_EAS
        request = cmd.nxp_request(self._adr, nxp, uid, advanced=self._adv)
        failed = self._write_failure(self._ask(port, request))
        if failed:
            return failed
        state = self._eas_state(port, uid)
        if state is None:
            return _Outcome(RfidOutcome.VERIFY_FAILED, "EAS state unreadable")
        if not state and self._system_info(port, uid) is None:
            # EAS Alarm cannot tell a tag with EAS off from a tag that left (both are silent):
            # only a tag still answering has EAS off for sure.
            return _Outcome(RfidOutcome.TAG_GONE, "tag left before the read-back")
        if state != bool(job.value):
            return _Outcome(RfidOutcome.VERIFY_FAILED, f"EAS reads {'on' if state else 'off'}")
        self._remember(job.uid, eas=state)
        return _Outcome(RfidOutcome.VERIFIED)

    def _write_blocks(self, port: serial.SerialBase, job: _Job) -> _Outcome:
        uid = _uid_bytes(job.uid)
        present = self._present.get(job.uid)
        size = present.tag.block_size if present else self.settings.block_size
        if not size:
            info = self._system_info(port, uid)
            if info is None:
                return _Outcome(RfidOutcome.TAG_GONE, "tag not in the field")
            size = info.block_size
        if not job.data or len(job.data) % size:
            return _Outcome(RfidOutcome.WRITE_FAILED, f"data is not whole {size}-byte blocks")
        count = len(job.data) // size
        for start in range(0, count, MAX_BLOCKS_PER_REQUEST):
            chunk = job.data[
                start * size : (start + min(MAX_BLOCKS_PER_REQUEST, count - start)) * size
            ]
            blocks = [chunk[i : i + size] for i in range(0, len(chunk), size)]
            wire = b"".join(self._block_to_wire(b) for b in blocks)
            request = cmd.write_blocks_request(
                self._adr, uid, job.first_block + start, size, wire, advanced=self._adv
            )
            failed = self._write_failure(self._ask(port, request))
            if failed:
                return failed
        back = self._read_blocks(port, uid, job.first_block, count, size)
        if back == Status.NO_TRANSPONDER:
            return _Outcome(RfidOutcome.TAG_GONE, "tag left before the read-back")
        if not isinstance(back, tuple):
            return _Outcome(RfidOutcome.VERIFY_FAILED, "read-back failed")
        if back[0] != job.data:
            return _Outcome(RfidOutcome.VERIFY_FAILED, "read-back differs from what was written")
        if present is not None:
            memory = bytearray(present.tag.user_memory)
            at = job.first_block * size
            memory[at : at + len(job.data)] = job.data
            self._remember(job.uid, user_memory=bytes(memory))
        return _Outcome(RfidOutcome.VERIFIED)

    def _lock_blocks(self, port: serial.SerialBase, job: _Job) -> _Outcome:
        uid = _uid_bytes(job.uid)
        blocks = range(job.first_block, job.first_block + job.value)
        for block in blocks:
            request = cmd.lock_block_request(self._adr, uid, block, advanced=self._adv)
            reply = self._ask(port, request)
            already = reply.status == Status.ISO_ERROR and reply.data[:1] == bytes(
                [IsoError.BLOCK_ALREADY_LOCKED]
            )
            failed = None if already else self._write_failure(reply)
            if failed:
                return failed
        present = self._present.get(job.uid)
        info = None if present else self._system_info(port, uid)
        size = present.tag.block_size if present else (info.block_size if info else 0)
        back = self._read_blocks(port, uid, job.first_block, job.value, size) if size else None
        if back == Status.NO_TRANSPONDER or size == 0:
            return _Outcome(RfidOutcome.TAG_GONE, "tag left before the read-back")
        if not isinstance(back, tuple):
            return _Outcome(RfidOutcome.VERIFY_FAILED, "read-back failed")
        if set(back[1]) != set(blocks):
            return _Outcome(RfidOutcome.VERIFY_FAILED, "not every block reads as locked")
        if present is not None:
            locked = tuple(sorted(set(present.tag.locked_blocks) | set(blocks)))
            self._remember(job.uid, locked_blocks=locked)
        return _Outcome(RfidOutcome.VERIFIED)

    def _block_to_wire(self, block: bytes) -> bytes:
        return cmd.to_wire(block) if self.settings.block_bytes_reversed else block

    def _block_from_wire(self, block: bytes) -> bytes:
        return cmd.from_wire(block) if self.settings.block_bytes_reversed else block

    def _write_failure(self, reply: FeigFrame) -> _Outcome | None:
        if reply.status == Status.OK:
            return None
        if reply.status == Status.NO_TRANSPONDER:
            return _Outcome(RfidOutcome.TAG_GONE, "tag not in the field")
        self._report(reply)
        detail = status_code(reply.status)
        if reply.status == Status.ISO_ERROR and reply.data:
            detail += f" {reply.data[0]:02X}"
        return _Outcome(RfidOutcome.WRITE_FAILED, detail)

    def _remember(self, uid: str, **changes: object) -> None:
        present = self._present.get(uid)
        if present is not None:
            present.tag = replace(present.tag, **changes)  # type: ignore[arg-type]
            self._snapshot()

    def _snapshot(self) -> None:
        self._present_uids = tuple(self._present)
        self._present_tags = tuple(p.tag for p in self._present.values())

    def _finish(self, job: _Job, outcome: _Outcome) -> None:
        operation = RfidOperation(job.kind.value)
        result = RfidWriteResult(job.uid, operation, outcome.outcome, outcome.detail)
        if job.future.done():
            return
        job.future.set_result(result)
        self._emit(result)

    def _fail_job(self, job: _Job, detail: str) -> None:
        self._finish(job, _Outcome(RfidOutcome.LINK_LOST, detail))

    # ---- one request ------------------------------------------------------------------------
    @property
    def _adr(self) -> int:
        return self.settings.bus_address

    @property
    def _adv(self) -> bool:
        return self.settings.advanced_protocol

    def _report(self, frame: FeigFrame) -> None:
        iso = frame.data[0] if frame.status == Status.ISO_ERROR and frame.data else None
        self._emit(RfidReaderStatus(status_code(frame.status), frame.status, iso))

    def _ask(self, port: serial.SerialBase, request: bytes) -> FeigFrame:
        """Send one request, return the reply to it; _NoReply when none comes in time."""
        control = request[4] if request[0] == 0x02 else request[2]
        # A late reply to an earlier request must not be taken for this one.
        port.reset_input_buffer()
        self._assembler.reset()
        self._write(port, request)
        deadline = time.monotonic() + self.settings.reply_timeout_ms / 1000
        while not self.stopping and time.monotonic() < deadline:
            data = self._read(port)
            if not data:
                continue
            for item in self._assembler.feed(data):
                if isinstance(item, FrameError):
                    self._emit(item)
                    continue
                if item.control != control:
                    continue  # a stray frame (a reader on the bus answering someone else)
                self._answered()
                return item
        if not self.stopping:
            self._unanswered += 1
            if self._unanswered >= self.settings.silent_after:
                self._set_state(LinkState.ERROR, DeviceReason.READER_SILENT, "no reply")
        raise _NoReply

    def _answered(self) -> None:
        self._unanswered = 0
        if self._state == LinkState.ERROR and self._state_reason == DeviceReason.READER_SILENT:
            self._set_state(LinkState.CONNECTED, None, "reader answers again")
