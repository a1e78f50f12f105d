"""Resident ID card reader driver: polls find → select → read and reports one event per tap."""

from __future__ import annotations

import datetime as dt
import logging
import time

import serial

from drivers.events import DeviceReason, FrameError, IdCardLifted, LinkState, ReaderStatus
from drivers.idcard.frames import FrameAssembler, SamFrame, build_request
from drivers.idcard.status import SAM_FAULTS, Sw3, status_code
from drivers.idcard.text import IdCardTextError, card_event, parse_read_reply
from drivers.settings import IdCardReaderSettings
from drivers.transport import DeviceDriver

log = logging.getLogger(__name__)

FIND = build_request(0x20, 0x01)
SELECT = build_request(0x20, 0x02)
READ_TEXT = build_request(0x30, 0x01)
SAM_STATUS = build_request(0x11, 0xFF)


class IdCardReader(DeviceDriver):
    """Polls a SAM-frame reader. A card lying on the reader is one event until it is lifted,
    which is an event too."""

    settings: IdCardReaderSettings

    def _run_session(self, port: serial.SerialBase) -> None:
        self._assembler = FrameAssembler()
        self._unanswered = 0
        self._card_in_field = False  # a card was read and has not been lifted since
        self._seen_lying = False  # ... and finds kept answering for it after the read
        self._no_card_polls = 0
        self._check_sam(port)
        interval = self.settings.poll_interval_ms / 1000
        while not self.stopping:
            started = time.monotonic()
            self._poll_once(port)
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def _check_sam(self, port: serial.SerialBase) -> None:
        reply = self._transact(port, SAM_STATUS)
        if reply is None:
            return
        if reply.sw3 != Sw3.OK:
            self._set_state(LinkState.ERROR, DeviceReason.SAM_FAULT, f"SAM status {reply.sw3:02X}")
        elif self._sam_faulty:
            self._set_state(LinkState.CONNECTED, None, "SAM answers again")

    @property
    def _sam_faulty(self) -> bool:
        return self._state == LinkState.ERROR and self._state_reason == DeviceReason.SAM_FAULT

    def _poll_once(self, port: serial.SerialBase) -> None:
        if self._sam_faulty:
            # Without a working SAM no card can be read; watch the SAM until it recovers.
            self._check_sam(port)
            return
        found = self._transact(port, FIND)
        if found is None:
            return
        if found.sw3 == Sw3.NO_CARD:
            self._no_card_polls += 1
            if self._no_card_polls >= self.settings.lift_polls and self._card_in_field:
                # A reader that halts a read card answers "no card" at once, so there this
                # comes right after the read: only a reader that keeps finding a card lying
                # on it (stays findable) tells when it is really lifted.
                self._card_in_field = False
                self._emit(IdCardLifted(seen_lying=self._seen_lying))
            return
        if found.sw3 != Sw3.CARD_FOUND:
            self._report(found)
            return
        self._no_card_polls = 0
        if self._card_in_field:
            self._seen_lying = True
            return  # the card already read is still lying there: not a new tap
        selected = self._transact(port, SELECT)
        if selected is None or selected.sw3 != Sw3.OK:
            if selected is not None:
                self._report(selected)
            return
        reply = self._transact(port, READ_TEXT)
        if reply is None:
            return
        if reply.sw3 != Sw3.OK:
            self._report(reply)
            return
        try:
            card = parse_read_reply(reply)
        except IdCardTextError as exc:
            self._emit(FrameError("text"))
            log.warning("%s: unreadable text block: %s", self.role, exc)
            return
        self._card_in_field, self._seen_lying = True, False
        self._emit(card_event(card, dt.date.today()))

    def _report(self, frame: SamFrame) -> None:
        if frame.sw3 in SAM_FAULTS:
            self._set_state(LinkState.ERROR, DeviceReason.SAM_FAULT, f"SW3 {frame.sw3:02X}")
        self._emit(ReaderStatus(status_code(frame.sw3), frame.sw3))

    def _transact(self, port: serial.SerialBase, request: bytes) -> SamFrame | None:
        """Send one request and wait for its reply; None when the reader stays silent."""
        # A late reply to an earlier request must not be taken for this one.
        port.reset_input_buffer()
        self._assembler = FrameAssembler()
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
                self._answered(item)
                return item
        if not self.stopping:
            self._unanswered += 1
            if self._unanswered >= self.settings.silent_after:
                self._set_state(LinkState.ERROR, DeviceReason.READER_SILENT, "no reply to polls")
        return None

    def _answered(self, frame: SamFrame) -> None:
        self._unanswered = 0
        if self._state == LinkState.ERROR and self._state_reason == DeviceReason.READER_SILENT:
            self._set_state(LinkState.CONNECTED, None, "reader answers again")
