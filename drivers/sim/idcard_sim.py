"""Simulated resident ID card reader answering SAM frames the way a real one does."""

from __future__ import annotations

import threading

from drivers.events import FrameError, IdCard
from drivers.idcard.demo_cards import card_for
from drivers.idcard.frames import FrameAssembler, SamFrame, build_reply
from drivers.idcard.status import Sw3
from drivers.idcard.text import build_read_reply_data
from drivers.sim.device import SimulatedDevice
from patron_identity.masking import mask_id_number

FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)
SAM_STATUS = (0x11, 0xFF)
RESET_SAM = (0x10, 0xFF)
RESET_SAM_ALT = (0x01, 0xFF)  # one source gives this code for the reset
READ_SAM_ID = (0x12, 0xFF)

# Synthetic SAM id (16 data bytes, so the whole reply is the documented 27 bytes).
SAM_ID = (
    (5).to_bytes(2, "little")
    + (1).to_bytes(2, "little")
    + (20240101).to_bytes(4, "little")
    + (123456).to_bytes(4, "little")
    + (654321).to_bytes(4, "little")
)


# "No card" answers while one card is swapped for another (more than any lift_polls default).
SWAP_GAP_FINDS = 2


class IdCardSimulator(SimulatedDevice):
    """A reader with a card field: find → select → read, then the card halts until lifted.

    Faults on request: ``silent`` (answers nothing), ``sam_fault`` (SAM self-test fails, so do
    reads, since the SAM decrypts them), ``reply_delay`` (seconds before each reply), and
    ``stays_findable`` (find keeps answering 9F for a card already read, as some readers do).
    Thread-safe: the host's reader thread and a tester thread may call in at the same time.
    """

    role = "id_card_reader"

    def __init__(
        self,
        name: str = "idcard",
        *,
        baudrate: int = 115200,
        pace: bool = False,
        reply_delay: float = 0.0,
        stays_findable: bool = False,
        sam_fault: bool = False,
        silent: bool = False,
    ) -> None:
        super().__init__(name, baudrate=baudrate, pace=pace)
        self.reply_delay = reply_delay
        self.stays_findable = stays_findable
        self.sam_fault = sam_fault
        self.silent = silent
        self.reads = 0  # successful text reads, for tests that count re-reads
        self.last_read_landed_at = 0.0
        # Held while a request is answered, so replies leave in request order and a card put
        # down by the tester never lands halfway through a find/select/read decision.
        self._lock = threading.RLock()
        self._assembler = FrameAssembler()
        self._card: IdCard | None = None
        self._halted = False
        self._found = False
        self._selected = False
        self._swap_gap = 0  # finds still to answer "no card" while a card is being swapped

    # ---- the card field -------------------------------------------------------------------
    @property
    def card(self) -> IdCard | None:
        with self._lock:
            return self._card

    def put_card(self, card: IdCard) -> None:
        """Place ``card`` in the field (replacing any card there); it is not halted yet."""
        with self._lock:
            if self._card is not None:
                # A hand swaps cards in a moment, but the field is empty for a few polls: a
                # reader that keeps finding a card lying on it tells the swap by that gap.
                self._swap_gap = SWAP_GAP_FINDS
            self._card = card
            self._forget_card_state()

    def remove_card(self) -> None:
        with self._lock:
            self._card = None
            self._swap_gap = 0
            self._forget_card_state()

    def _forget_card_state(self) -> None:
        self._halted = False
        self._found = False
        self._selected = False

    def on_unplug(self) -> None:
        # Power loss drops the RF field too: the card wakes up fresh, and half a request is lost.
        with self._lock:
            self._forget_card_state()
            self._assembler.reset()

    # ---- the protocol ---------------------------------------------------------------------
    def on_host_bytes(self, data: bytes) -> None:
        with self._lock:
            for item in self._assembler.feed(data):
                if self.silent:
                    continue  # a hung reader: requests vanish without a trace
                reads_before = self.reads
                landed = self.send(self._answer(item), delay=self.reply_delay)
                if self.reads != reads_before:
                    self.last_read_landed_at = landed  # the text+photo reply (benchmarks)

    def _answer(self, item: SamFrame | FrameError) -> bytes:
        if isinstance(item, FrameError):
            return build_reply(
                Sw3.CHECKSUM_ERROR if item.reason == "checksum" else Sw3.LENGTH_ERROR
            )
        request = (item.cmd, item.para)
        if request == FIND:
            return self._find()
        if request == SELECT:
            return self._select()
        if request in (READ_TEXT_PHOTO, READ_TEXT_PHOTO_FINGERPRINT):
            return self._read(with_fingerprint=request == READ_TEXT_PHOTO_FINGERPRINT)
        if request == SAM_STATUS:
            return build_reply(Sw3.SAM_SELF_TEST_FAILED if self.sam_fault else Sw3.OK)
        if request in (RESET_SAM, RESET_SAM_ALT):
            self._found = self._selected = False
            return build_reply(Sw3.OK)
        if request == READ_SAM_ID:
            return build_reply(Sw3.OK, SAM_ID)
        return build_reply(Sw3.BAD_COMMAND)

    def _find(self) -> bytes:
        if self._swap_gap > 0:
            self._swap_gap -= 1
            self._found = self._selected = False
            return build_reply(Sw3.NO_CARD)
        findable = self._card is not None and (not self._halted or self.stays_findable)
        self._found = findable
        self._selected = False
        if not findable:
            return build_reply(Sw3.NO_CARD)
        return build_reply(Sw3.CARD_FOUND, bytes(4))

    def _select(self) -> bytes:
        self._selected = self._found
        if not self._selected:
            return build_reply(Sw3.SELECT_FAILED)
        return build_reply(Sw3.OK, bytes(8))

    def _read(self, *, with_fingerprint: bool) -> bytes:
        card = self._card
        if not self._selected or card is None:
            return build_reply(Sw3.READ_FAILED)
        if self.sam_fault:
            return build_reply(Sw3.SAM_SELF_TEST_FAILED)
        # A read card halts: it stays silent to finds until it leaves the field.
        self._halted = True
        self._found = self._selected = False
        self.reads += 1
        fingerprint = b"" if with_fingerprint else None
        return build_reply(Sw3.OK, build_read_reply_data(card, fingerprint=fingerprint))

    # ---- tester commands ------------------------------------------------------------------
    def command(self, verb: str, args: list[str]) -> str:
        """Adds ``card <id-number>``, ``remove-card`` and ``halting on|off`` (a reader that
        stops finding a card once read, so cannot tell a card left on it) to the common
        tester commands."""
        if verb == "card":
            if len(args) != 1:
                raise ValueError("usage: card <18-character ID number>")
            card = card_for(args[0])
            self.put_card(card)
            return f"{self.name}: card {mask_id_number(card.id_number)} placed"
        if verb == "remove-card":
            self.remove_card()
            return f"{self.name}: card removed"
        if verb == "halting":
            if args not in (["on"], ["off"]):
                raise ValueError("usage: halting on|off")
            with self._lock:
                self.stays_findable = args == ["off"]
            return f"{self.name}: a read card {'halts' if args == ['on'] else 'stays findable'}"
        return super().command(verb, args)
