"""Simulated FEIG ISO Host reader with a pad of ISO 15693 tags, speaking the reader's real bytes."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.events import FrameError
from drivers.rfid.feig import commands as cmd
from drivers.rfid.feig.commands import Control, IsoCommand, NxpCommand
from drivers.rfid.feig.frames import FeigFrame, FrameAssembler, build_reply
from drivers.rfid.feig.status import IsoError, Status
from drivers.rfid.security import ItemState, security_for
from drivers.rfid.tag.model import DSFIDS
from drivers.rfid.tag.writer import LibraryTagSettings, plan_write
from drivers.sim.device import SimulatedDevice

NXP_ICODE_SLI = 0x03  # TR-TYPE of an NXP I-Code SLI (H60301-3e-ID-B, ANNEX A)
ICODE_SLI_BLOCKS = 28  # 28 blocks of 4 bytes of user memory
ICODE_SLI_BLOCK_SIZE = 4
SOFTWARE_VERSION = bytes([0x03, 0x00, 0x00, 0x4A, 0x80, 0x00, 0x0F])
# A well-formed tag of a library outside any network the kiosk is set up for (Beijing), and
# the UIDs the console gives a foreign and a garbage tag when none is typed.
FOREIGN_OWNER = "CN-BJL"
FOREIGN_ITEM_ID = "11010000000018"
FOREIGN_UID = "E0040100000BE110"
GARBAGE_UID = "E00401000000BAD0"
ALL_TAGS = b""  # a fault armed for whichever tag is written next


@dataclass
class SimTag:
    """One ISO 15693 tag: UID (MSB first, E0…), DSFID, AFI, NXP EAS bit, blocks and locks."""

    uid: bytes
    blocks: list[bytearray]
    locked: list[bool] = field(default_factory=list)
    dsfid: int = 0x00
    afi: int = 0x07
    eas: bool = True
    ic_ref: int = 0x01

    def __post_init__(self) -> None:
        if len(self.uid) != cmd.UID_SIZE:
            raise ValueError("a UID has 8 bytes")
        if not self.blocks or len({len(b) for b in self.blocks}) != 1:
            raise ValueError("a tag needs blocks of one size")
        self.locked = (self.locked + [False] * len(self.blocks))[: len(self.blocks)]

    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper()

    @property
    def block_size(self) -> int:
        return len(self.blocks[0])

    @property
    def memory(self) -> bytes:
        return b"".join(bytes(b) for b in self.blocks)


def make_tag(
    uid: str,
    memory: bytes = b"",
    *,
    block_size: int = ICODE_SLI_BLOCK_SIZE,
    block_count: int = ICODE_SLI_BLOCKS,
    afi: int = 0x07,
    eas: bool = True,
    dsfid: int = 0x00,
    locked: tuple[int, ...] = (),
) -> SimTag:
    """A tag whose user memory starts with ``memory`` (zero-padded; more blocks if longer)."""
    count = max(block_count, -(-len(memory) // block_size))
    padded = memory.ljust(count * block_size, b"\x00")
    blocks = [bytearray(padded[i : i + block_size]) for i in range(0, len(padded), block_size)]
    return SimTag(
        bytes.fromhex(uid),
        blocks,
        [i in locked for i in range(count)],
        dsfid=dsfid,
        afi=afi,
        eas=eas,
    )


def garbage_tag(uid: str, seed: int = 0) -> SimTag:
    """A tag whose user memory is random bytes (no library data model can read it)."""
    rng = random.Random(seed)
    size = ICODE_SLI_BLOCK_SIZE * ICODE_SLI_BLOCKS
    return make_tag(uid, bytes(rng.randrange(256) for _ in range(size)), afi=rng.randrange(256))


def library_tag(
    uid: str,
    values: dict[str, str],
    *,
    state: ItemState = ItemState.ON_SHELF,
    settings: LibraryTagSettings | None = None,
) -> SimTag:
    """A tag as a library's tag writer programs it: ``values`` by element name (primary item
    id, owner institution …) laid out on an I-Code SLI, the item id's blocks locked, and the
    AFI and EAS of a book in ``state``."""
    settings = settings or LibraryTagSettings()
    size = ICODE_SLI_BLOCK_SIZE * ICODE_SLI_BLOCKS
    layout = plan_write(values, settings, memory_size=size, block_size=ICODE_SLI_BLOCK_SIZE)
    security = security_for(state, settings.security)
    return make_tag(
        uid,
        layout.memory,
        afi=security.afi if security.afi is not None else 0x07,
        eas=security.eas if security.eas is not None else True,
        dsfid={model: dsfid for dsfid, model in DSFIDS.items()}[settings.model],
        locked=tuple(sorted(layout.lock_blocks)),
    )


def foreign_tag(uid: str = FOREIGN_UID, owner: str = FOREIGN_OWNER) -> SimTag:
    """A well-formed library tag whose owner institution is another library's."""
    values = {"primary_item_id": FOREIGN_ITEM_ID, "owner_institution": owner}
    return library_tag(uid, {**values, "set_information": "0101"})


class RfidPadSimulator(SimulatedDevice):
    """A FEIG reader whose antenna is a pad: tests and testers put tags on it and lift them.

    Each inventory returns every tag on the pad (the reader's "only new tags" option off), at
    most ``records_per_reply`` data sets per reply with status 0x94 for the rest. Faults on
    request: ``silent``, ``reply_delay``, :meth:`lift_during_next_write` (the tag leaves halfway
    through a write), :meth:`lift_after_next_write` (it leaves before the read-back) and
    :meth:`fail_next_write` (the reader says done, the tag keeps its data); each for one tag, or
    with no UID for whichever tag is written next.
    Thread-safe: the host's reader thread and a tester thread may call in at the same time.
    """

    role = "rfid_reader"

    def __init__(
        self,
        name: str = "rfid",
        *,
        baudrate: int = 38400,
        pace: bool = False,
        reply_delay: float = 0.0,
        silent: bool = False,
        records_per_reply: int = 4,
        com_adr: int = 0x00,
    ) -> None:
        super().__init__(name, baudrate=baudrate, pace=pace)
        self.reply_delay = reply_delay
        self.silent = silent
        self.records_per_reply = records_per_reply
        self.com_adr = com_adr
        self.inventories = 0  # inventory requests answered (tests wait on polls with it)
        self.writes = 0  # write commands that reached a tag
        self._lock = threading.RLock()
        self._assembler = FrameAssembler()
        self._pad: dict[bytes, SimTag] = {}
        self._more: list[SimTag] = []
        self._lift_on_write: set[bytes] = set()
        self._fail_write: set[bytes] = set()
        self._lift_after_write: set[bytes] = set()
        self._lose_reply: set[bytes] = set()
        self._swallow = False  # the reply now being made is lost on the line

    # ---- the pad ---------------------------------------------------------------------------
    def put_tag(self, tag: SimTag) -> None:
        with self._lock:
            self._pad[tag.uid] = tag

    def lift_tag(self, uid: str) -> bool:
        """Take a tag off the pad; False if it was not there."""
        with self._lock:
            return self._pad.pop(bytes.fromhex(uid), None) is not None

    def tag(self, uid: str) -> SimTag | None:
        with self._lock:
            return self._pad.get(bytes.fromhex(uid))

    def tags(self) -> list[SimTag]:
        with self._lock:
            return list(self._pad.values())

    def lift_during_next_write(self, uid: str | None = None) -> None:
        """The next write to this tag (None: to any tag) writes at most its first block, then
        the tag is gone."""
        with self._lock:
            self._lift_on_write.add(_fault_key(uid))

    def lift_after_next_write(self, uid: str | None = None) -> None:
        """The next write to this tag (None: to any tag) is done and answered OK, then the tag
        is gone (the hand took it before the read-back)."""
        with self._lock:
            self._lift_after_write.add(_fault_key(uid))

    def fail_next_write(self, uid: str | None = None) -> None:
        """The next write to this tag (None: to any tag) is answered OK but changes nothing."""
        with self._lock:
            self._fail_write.add(_fault_key(uid))

    def lose_next_write_reply(self, uid: str | None = None) -> None:
        """The next write to this tag (None: to any tag) is done, but its reply is lost on the
        line (noise, a loose cable): the host hears nothing."""
        with self._lock:
            self._lose_reply.add(_fault_key(uid))

    def armed(self) -> int:
        """How many write faults wait for their write."""
        with self._lock:
            return (
                len(self._lift_on_write)
                + len(self._fail_write)
                + len(self._lift_after_write)
                + len(self._lose_reply)
            )

    def on_unplug(self) -> None:
        with self._lock:
            self._assembler.reset()
            self._more = []

    # ---- the protocol ----------------------------------------------------------------------
    def on_host_bytes(self, data: bytes) -> None:
        with self._lock:
            for item in self._assembler.feed(data):
                if self.silent or isinstance(item, FrameError):
                    # A hung reader; and "there is no reply from the Reader if there is a
                    # protocol frame failure" (H60301-3e-ID-B §2.1, p. 16).
                    continue
                status, reply = self._answer(item)
                if self._swallow:
                    self._swallow = False
                    continue
                self.send(
                    build_reply(
                        self.com_adr, item.control, status, reply, advanced=item.advanced or None
                    ),
                    delay=self.reply_delay,
                )

    def _answer(self, frame: FeigFrame) -> tuple[int, bytes]:
        body = frame.body
        if frame.control == Control.ISO15693 and body:
            return self._iso(body[0], body[1:])
        if frame.control == Control.ISO15693_CUSTOM and len(body) >= 2:
            if body[0] != cmd.MFR_NXP:
                return Status.WRONG_TRANSPONDER_TYPE, b""
            return self._nxp(body[1], body[2:])
        if frame.control == Control.SOFTWARE_VERSION:
            return Status.OK, SOFTWARE_VERSION
        if frame.control in (Control.CPU_RESET, Control.BAUD_RATE_DETECTION, Control.RF_RESET):
            return Status.OK, b""
        return Status.UNKNOWN_COMMAND, b""

    def _addressed(self, data: bytes, extra: int) -> tuple[SimTag | None, bytes] | None:
        """The tag a MODE [UID] request is for and the bytes after it; None if malformed."""
        if not data:
            return None
        mode = data[0]
        if mode & 0x07 == cmd.MODE_ADDRESSED:
            if len(data) < 1 + cmd.UID_SIZE + extra:
                return None
            return self._pad.get(bytes(data[1:9])), data[9:]
        # Non-addressed: the one tag on the pad; with several, the collision is a failure.
        tags = list(self._pad.values())
        if len(data) < 1 + extra:
            return None
        return (tags[0] if len(tags) == 1 else None), data[1:]

    def _iso(self, command: int, data: bytes) -> tuple[int, bytes]:
        if command == IsoCommand.INVENTORY:
            return self._inventory(bool(data and data[0] & cmd.MODE_MORE))
        sizes: dict[int, int] = {
            IsoCommand.READ_MULTIPLE_BLOCKS: 2,
            IsoCommand.WRITE_MULTIPLE_BLOCKS: 3,
            IsoCommand.LOCK_BLOCK: 1,
            IsoCommand.WRITE_AFI: 1,
            IsoCommand.GET_SYSTEM_INFORMATION: 0,
        }
        if command not in sizes:
            return Status.ISO_ERROR, bytes([IsoError.NOT_SUPPORTED])
        found = self._addressed(data, sizes[command])
        if found is None:
            return Status.LENGTH_ERROR, b""
        tag, rest = found
        if tag is None:
            return Status.NO_TRANSPONDER, b""
        mode = data[0]
        if command == IsoCommand.READ_MULTIPLE_BLOCKS:
            return self._read(tag, rest[0], rest[1], bool(mode & cmd.MODE_SEC))
        if command == IsoCommand.WRITE_MULTIPLE_BLOCKS:
            return self._write(tag, rest[0], rest[1], rest[2], rest[3:])
        if command == IsoCommand.LOCK_BLOCK:
            if rest[0] >= len(tag.blocks):
                return Status.ISO_ERROR, bytes([IsoError.BLOCK_NOT_AVAILABLE])
            if tag.locked[rest[0]]:
                return Status.ISO_ERROR, bytes([IsoError.BLOCK_ALREADY_LOCKED])
            return self._change(tag, lambda: tag.locked.__setitem__(rest[0], True))
        if command == IsoCommand.WRITE_AFI:
            return self._change(tag, lambda: setattr(tag, "afi", rest[0]))
        info = cmd.SystemInfo(
            tag.dsfid, tag.uid, tag.afi, tag.block_size, len(tag.blocks), tag.ic_ref
        )
        return Status.OK, cmd.build_system_info_data(info)

    def _inventory(self, more: bool) -> tuple[int, bytes]:
        self.inventories += 1
        pending = self._more if more else list(self._pad.values())
        if not pending:
            return Status.NO_TRANSPONDER, b""
        now, self._more = pending[: self.records_per_reply], pending[self.records_per_reply :]
        records = [cmd.InventoryRecord(NXP_ICODE_SLI, t.dsfid, t.uid) for t in now]
        status = Status.MORE_DATA if self._more else Status.OK
        return status, cmd.build_inventory_data(records)

    def _read(self, tag: SimTag, first: int, count: int, sec: bool) -> tuple[int, bytes]:
        if count < 1 or first + count > len(tag.blocks):
            return Status.ISO_ERROR, bytes([IsoError.BLOCK_NOT_AVAILABLE])
        blocks = [cmd.to_wire(bytes(b)) for b in tag.blocks[first : first + count]]
        security = [int(locked) if sec else 0 for locked in tag.locked[first : first + count]]
        return Status.OK, cmd.build_read_blocks_data(tag.block_size, blocks, security)

    def _write(
        self, tag: SimTag, first: int, count: int, size: int, wire: bytes
    ) -> tuple[int, bytes]:
        if size != tag.block_size or len(wire) != count * size or count < 1:
            return Status.LENGTH_ERROR, b""
        if first + count > len(tag.blocks):
            return Status.ISO_ERROR, bytes([IsoError.BLOCK_NOT_AVAILABLE])
        if any(tag.locked[first : first + count]):
            return Status.ISO_ERROR, bytes([IsoError.BLOCK_LOCKED])
        blocks = [cmd.from_wire(wire[i : i + size]) for i in range(0, len(wire), size)]

        def store(upto: int = count) -> None:
            for i, block in enumerate(blocks[:upto]):
                tag.blocks[first + i][:] = block

        if _armed(self._lift_on_write, tag, consume=False):
            store(1)  # the hand was quicker than the rest of the write
        return self._change(tag, store)

    def _nxp(self, command: int, data: bytes) -> tuple[int, bytes]:
        found = self._addressed(data, 0)
        if found is None:
            return Status.LENGTH_ERROR, b""
        tag = found[0]
        if tag is None:
            return Status.NO_TRANSPONDER, b""
        if command == NxpCommand.SET_EAS:
            return self._change(tag, lambda: setattr(tag, "eas", True))
        if command == NxpCommand.RESET_EAS:
            return self._change(tag, lambda: setattr(tag, "eas", False))
        if command == NxpCommand.LOCK_EAS:
            return Status.OK, b""
        if command == NxpCommand.EAS_ALARM:
            # §8.3.4, p. 92: a tag with EAS off stays silent, which the reader reports as 0x01.
            return (Status.OK, b"") if tag.eas else (Status.NO_TRANSPONDER, b"")
        return Status.ISO_ERROR, bytes([IsoError.NOT_SUPPORTED])

    def _change(self, tag: SimTag, apply: Callable[[], None]) -> tuple[int, bytes]:
        """Apply one write to ``tag``, unless a fault is armed for it."""
        self.writes += 1
        if _armed(self._lift_on_write, tag):
            self._pad.pop(tag.uid, None)
            return Status.NO_TRANSPONDER, b""
        if _armed(self._fail_write, tag):
            return Status.OK, b""
        apply()
        if _armed(self._lift_after_write, tag):
            self._pad.pop(tag.uid, None)
        if _armed(self._lose_reply, tag):
            self._swallow = True
        return Status.OK, b""

    # ---- tester commands -------------------------------------------------------------------
    def command(self, verb: str, args: list[str]) -> str:
        """Adds the verbs of :data:`PAD_VERBS`."""
        if verb == "put-tag":
            if not 1 <= len(args) <= 2:
                raise ValueError("usage: put-tag <16 hex digits uid> [hex user memory]")
            try:
                memory = bytes.fromhex(args[1]) if len(args) == 2 else b""
                tag = make_tag(args[0], memory)
            except ValueError as exc:
                raise ValueError(f"put-tag: {exc}") from None
            self.put_tag(tag)
            return f"{self.name}: tag {tag.uid_hex} on the pad"
        if verb in ("put-foreign-tag", "put-garbage-tag"):
            if len(args) > 1:
                raise ValueError(f"usage: {verb} [16 hex digits uid]")
            foreign = verb == "put-foreign-tag"
            uid = args[0] if args else (FOREIGN_UID if foreign else GARBAGE_UID)
            try:
                tag = foreign_tag(uid) if foreign else garbage_tag(uid)
            except ValueError as exc:
                raise ValueError(f"{verb}: {exc}") from None
            self.put_tag(tag)
            what = f"a tag of {FOREIGN_OWNER}" if foreign else "a tag of random bytes"
            return f"{self.name}: {what} ({tag.uid_hex}) on the pad"
        if verb == "lift-tag":
            if len(args) != 1:
                raise ValueError("usage: lift-tag <16 hex digits uid>|all")
            if args[0].lower() == "all":
                with self._lock:
                    count = len(self._pad)
                    self._pad.clear()
                return f"{self.name}: {count} tag(s) lifted"
            try:
                lifted = self.lift_tag(args[0])
            except ValueError:
                raise ValueError("lift-tag: the uid is 16 hex digits") from None
            if not lifted:
                raise ValueError(f"no tag {args[0].upper()} on the pad")
            return f"{self.name}: tag {args[0].upper()} lifted"
        if verb in FAULT_VERBS:
            if len(args) > 1:
                raise ValueError(f"usage: {verb} [16 hex digits uid]")
            try:
                getattr(self, FAULT_VERBS[verb])(args[0] if args else None)
            except ValueError:
                raise ValueError(f"{verb}: the uid is 16 hex digits") from None
            target = f"tag {args[0].upper()}" if args else "any tag"
            return f"{self.name}: armed {verb} for the next write to {target}"
        if verb == "pad":
            tags = self.tags()
            if not tags:
                return f"{self.name}: the pad is empty"
            lines = [f"{t.uid_hex} afi={t.afi:02X} eas={'on' if t.eas else 'off'}" for t in tags]
            return f"{self.name}: {len(tags)} tag(s) on the pad\n" + "\n".join(lines)
        return super().command(verb, args)


def _fault_key(uid: str | None) -> bytes:
    if uid is None:
        return ALL_TAGS
    key = bytes.fromhex(uid)
    if len(key) != cmd.UID_SIZE:
        raise ValueError("a UID has 8 bytes")
    return key


def _armed(faults: set[bytes], tag: SimTag, *, consume: bool = True) -> bool:
    """Whether a fault in ``faults`` is armed for ``tag`` (its own, else one for any tag);
    ``consume``: it fires now and is disarmed."""
    for key in (tag.uid, ALL_TAGS):
        if key in faults:
            if consume:
                faults.discard(key)
            return True
    return False


# Console verbs that arm a write fault, and the method each calls.
FAULT_VERBS = {
    "fail-next-write": "fail_next_write",
    "lift-during-write": "lift_during_next_write",
    "lift-after-write": "lift_after_next_write",
}
# Every console verb the pad answers.
PAD_VERBS = frozenset(
    {"put-tag", "lift-tag", "put-foreign-tag", "put-garbage-tag", "pad", *FAULT_VERBS}
)
