"""Technician mode's RFID tags, Qt-free: a tag in the field as staff see it (no patron data),
and programming or repairing one with verified writes that respect its locked blocks."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from drivers.events import RfidOutcome, RfidTagArrived, RfidWriteResult
from drivers.rfid.feig.status import IsoError
from drivers.rfid.security import ItemState, TagSecuritySettings, security_for, state_of
from drivers.rfid.tag import TagDataError, TagErrorCode, TagModel, decode_tag
from drivers.rfid.tag.iso28560_2 import Layout
from drivers.rfid.tag.model import model_of
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write

log = logging.getLogger(__name__)

# What the writer's form edits, by the codec's element names.
WRITABLE = ("primary_item_id", "owner_institution", "set_information", "shelf_location")
# "2/3", "2 of 3", "2／3": the part first, then how many the set has.
_SET_WORDS = re.compile(r"^\s*(\d{1,3})\s*(?:/|／|of)\s*(\d{1,3})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TagReading:
    """One tag in the field: its UID and security, and what its data model says of the item.
    ``problem`` is set when the memory cannot be read as a library tag (``blank`` included)."""

    uid: str
    afi: int
    eas: bool | None
    state: ItemState | None  # what the AFI/EAS say under this library's settings
    model: TagModel | None = None
    problem: TagErrorCode | None = None
    item_id: str = ""
    owner: str = ""
    set_information: str = ""  # as the codec has it: NNMM (set size, then this part)
    shelf_location: str = ""
    locked_blocks: tuple[int, ...] = ()

    @property
    def readable(self) -> bool:
        return self.problem is None

    @property
    def blank(self) -> bool:
        return self.problem is TagErrorCode.BLANK


def read_tag(tag: RfidTagArrived, security: TagSecuritySettings) -> TagReading:
    """What a technician is shown of ``tag``; never raises (garbage is a reading that says so)."""
    base = TagReading(
        uid=tag.uid,
        afi=tag.afi,
        eas=tag.eas,
        state=state_of(tag.afi, tag.eas, security),
        locked_blocks=tag.locked_blocks,
    )
    try:
        decoded = decode_tag(tag.user_memory, dsfid=tag.dsfid)
    except TagDataError as exc:
        return replace(base, problem=exc.code)
    except Exception:
        # The codec promises TagDataError only; a bug there must not empty the whole view.
        log.exception("tag %s: decoding failed", tag.uid)
        return replace(base, problem=TagErrorCode.NOT_A_TAG)
    values = decoded.values
    return replace(
        base,
        model=model_of(decoded),
        item_id=values.get("primary_item_id", ""),
        owner=values.get("owner_institution", ""),
        set_information=values.get("set_information", ""),
        shelf_location=values.get("shelf_location", ""),
    )


def set_parts(code: str) -> tuple[int, int] | None:
    """(part, of how many) from the codec's NNMM or NNNMMM; None for any other text."""
    if len(code) not in (4, 6) or not code.isdigit():
        return None
    half = len(code) // 2
    size, part = int(code[:half]), int(code[half:])
    return (part, size) if 1 <= part <= size else None


def set_code(text: str) -> str:
    """The codec's set information for what staff type: '2/3' or '2 of 3' (part 2 of a set of
    3) or the code itself (0302). '' for nothing typed; ValueError for anything else."""
    text = text.strip()
    if not text:
        return ""
    if set_parts(text) is not None:
        return text
    match = _SET_WORDS.match(text)
    if match is None:
        raise ValueError(f"set information {text!r} is not like 1/1 or 2 of 3")
    part, size = int(match.group(1)), int(match.group(2))
    if not 1 <= part <= size:
        raise ValueError(f"set information {text!r}: the part is 1 to the set's size")
    width = 2 if size <= 99 else 3
    return f"{size:0{width}d}{part:0{width}d}"


class TagWriteOutcome(StrEnum):
    """How a technician's tag write ended; only ``written`` (and ``unchanged``) changed nothing
    the technician did not ask for."""

    WRITTEN = "written"  # written, read back equal (and locked as the settings say)
    UNCHANGED = "unchanged"  # the tag already held exactly this: nothing written
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"
    PIN_NOT_SET = "pin_not_set"
    NO_READER = "no_reader"
    NOT_ON_PAD = "not_on_pad"
    REFUSED = "refused"  # the values cannot be laid out on this tag (detail says why)
    TAG_GONE = "tag_gone"
    VERIFY_FAILED = "verify_failed"
    BLOCK_LOCKED = "block_locked"
    WRITE_FAILED = "write_failed"
    NO_REPLY = "no_reply"
    LINK_LOST = "link_lost"
    LOCK_FAILED = "lock_failed"  # the data is written and verified; write-protecting it failed


@dataclass(frozen=True)
class TagWriteReport:
    outcome: TagWriteOutcome
    uid: str
    detail: str = ""
    reading: TagReading | None = None  # the tag as it reads after a verified write
    locked_now: tuple[int, ...] = ()  # blocks this write protected

    @property
    def verified(self) -> bool:
        return self.outcome in (TagWriteOutcome.WRITTEN, TagWriteOutcome.UNCHANGED)


class TagProgrammer(Protocol):
    """What the tag writer needs of a reader (FeigReader)."""

    def present(self) -> tuple[RfidTagArrived, ...]: ...

    def write_blocks(self, uid: str, first_block: int, data: bytes) -> Future[RfidWriteResult]: ...

    def lock_blocks(self, uid: str, first_block: int, count: int) -> Future[RfidWriteResult]: ...

    def write_afi(self, uid: str, afi: int) -> Future[RfidWriteResult]: ...

    def set_eas(self, uid: str, enabled: bool) -> Future[RfidWriteResult]: ...


def plan(tag: RfidTagArrived, values: Mapping[str, str], settings: LibraryTagSettings) -> Layout:
    """The memory ``tag`` gets for ``values`` (empty ones left as on the tag) and the blocks to
    protect afterwards; ValueError (the codec's TagLayoutError or CompactionError, or a set
    information not understood) for what cannot be."""
    wanted = {k: v.strip() for k, v in values.items() if k in WRITABLE and v.strip()}
    if "set_information" in wanted:
        wanted["set_information"] = set_code(wanted["set_information"])
    layout = plan_write(
        wanted,
        settings,
        memory_size=len(tag.user_memory),
        block_size=tag.block_size,
        old_memory=tag.user_memory,
        locked_blocks=tag.locked_blocks,
    )
    return Layout(layout.memory, layout.lock_blocks - set(tag.locked_blocks))


def changed_runs(old: bytes, new: bytes, block_size: int) -> list[tuple[int, bytes]]:
    """(first block, data) for each run of blocks whose bytes differ."""
    runs: list[tuple[int, bytes]] = []
    start: int | None = None
    count = len(new) // block_size
    for block in range(count + 1):
        span = slice(block * block_size, (block + 1) * block_size)
        differs = block < count and new[span] != old[span]
        if differs and start is None:
            start = block
        elif not differs and start is not None:
            runs.append((start, new[start * block_size : block * block_size]))
            start = None
    return runs


def _runs(blocks: frozenset[int]) -> list[tuple[int, int]]:
    """(first, count) for each run of consecutive block numbers."""
    out: list[tuple[int, int]] = []
    for block in sorted(blocks):
        if out and out[-1][0] + out[-1][1] == block:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((block, 1))
    return out


_FROM_READER = {
    RfidOutcome.VERIFY_FAILED: TagWriteOutcome.VERIFY_FAILED,
    RfidOutcome.WRITE_FAILED: TagWriteOutcome.WRITE_FAILED,
    RfidOutcome.TAG_GONE: TagWriteOutcome.TAG_GONE,
    RfidOutcome.NO_REPLY: TagWriteOutcome.NO_REPLY,
    RfidOutcome.LINK_LOST: TagWriteOutcome.LINK_LOST,
}


def _failure(result: RfidWriteResult) -> TagWriteOutcome:
    if result.outcome is RfidOutcome.WRITE_FAILED and result.detail.endswith(
        f" {IsoError.BLOCK_LOCKED:02X}"
    ):
        return TagWriteOutcome.BLOCK_LOCKED
    return _FROM_READER.get(result.outcome, TagWriteOutcome.WRITE_FAILED)


def write_tag(
    reader: TagProgrammer,
    uid: str,
    values: Mapping[str, str],
    settings: LibraryTagSettings,
    *,
    timeout_s: float,
    state: ItemState | None = None,
) -> TagWriteReport:
    """Blocking: write ``values`` on the tag ``uid`` (as the reader last read it), only the
    blocks that change, each run read back; then write-protect what the settings say; then,
    with ``state``, the AFI and EAS a book in that state carries (each read back)."""
    uid = uid.upper()
    tag = next((t for t in reader.present() if t.uid.upper() == uid), None)
    if tag is None:
        return TagWriteReport(TagWriteOutcome.NOT_ON_PAD, uid)
    try:
        layout = plan(tag, values, settings)
    except ValueError as exc:  # CompactionError and TagLayoutError are ValueErrors
        return TagWriteReport(TagWriteOutcome.REFUSED, uid, str(exc))
    runs = changed_runs(tag.user_memory, layout.memory, tag.block_size)
    for first, data in runs:
        failed = _failed(uid, reader.write_blocks(uid, first, data), timeout_s)
        if failed is not None:
            log.info("tag %s: write from block %d: %s", uid, first, failed.outcome)
            return failed
    locked: list[int] = []
    for first, count in _runs(layout.lock_blocks):
        failed = _failed(uid, reader.lock_blocks(uid, first, count), timeout_s)
        if failed is not None:
            return replace(failed, outcome=TagWriteOutcome.LOCK_FAILED)
        locked += range(first, first + count)
    secured = 0
    if state is not None:
        wanted = security_for(state, settings.security)
        if wanted.afi is not None and wanted.afi != tag.afi:
            failed = _failed(uid, reader.write_afi(uid, wanted.afi), timeout_s)
            if failed is not None:
                return failed
            secured += 1
        if wanted.eas is not None and wanted.eas != tag.eas:
            failed = _failed(uid, reader.set_eas(uid, wanted.eas), timeout_s)
            if failed is not None:
                return failed
            secured += 1
    after = next((t for t in reader.present() if t.uid.upper() == uid), None)
    reading = read_tag(after, settings.security) if after is not None else None
    outcome = TagWriteOutcome.WRITTEN if runs or locked or secured else TagWriteOutcome.UNCHANGED
    log.info(
        "tag %s: %d block run(s) written, %d block(s) locked, %d security write(s)",
        uid,
        len(runs),
        len(locked),
        secured,
    )
    return TagWriteReport(outcome, uid, reading=reading, locked_now=tuple(locked))


def _failed(uid: str, future: Future[RfidWriteResult], timeout_s: float) -> TagWriteReport | None:
    """None once the write is verified; else the report of how it failed."""
    try:
        result = future.result(timeout_s)
    except FutureTimeout:
        return TagWriteReport(TagWriteOutcome.NO_REPLY, uid, "no answer in time")
    if result.verified:
        return None
    return TagWriteReport(_failure(result), uid, result.detail)
