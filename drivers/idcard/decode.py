"""Decoding of what an ID card reader sent (a capture or a monitor tap) into protocol events."""

from __future__ import annotations

import datetime as dt

from drivers.events import FrameError, ProtocolEvent, ReaderStatus
from drivers.idcard.frames import FrameAssembler, SamFrame
from drivers.idcard.status import Sw3, status_code
from drivers.idcard.text import IdCardTextError, card_event, parse_read_reply

# A capture carries no requests, so a 90 reply is told apart by its size: select replies carry
# 8 data bytes and the SAM id 16; anything longer can only be a text read.
_LONGEST_SHORT_OK = 16


class IdCardReplyDecoder:
    """Turns reader replies into events: a text read → IdCardRead, any other reply → ReaderStatus.

    ``today`` fixes the date expiry is judged on (tests); None means the date of each feed.
    """

    def __init__(self, today: dt.date | None = None) -> None:
        self._today = today
        self._assembler = FrameAssembler()

    def feed(self, data: bytes, now: float = 0.0) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for item in self._assembler.feed(data):
            if isinstance(item, FrameError):
                events.append(item)
            else:
                events.append(self._decode(item))
        return events

    def poll(self, now: float) -> list[ProtocolEvent]:
        """Nothing is time-driven in a reply capture; present for the decoder interface."""
        return []

    def next_deadline(self) -> float | None:
        return None

    def _decode(self, frame: SamFrame) -> ProtocolEvent:
        if not frame.has_status:
            return FrameError(reason="length")
        sw3 = frame.sw3
        if sw3 == Sw3.OK and len(frame.data) > _LONGEST_SHORT_OK:
            try:
                card = parse_read_reply(frame)
            except IdCardTextError:
                return FrameError(reason="text")
            return card_event(card, self._today or dt.date.today())
        return ReaderStatus(code=status_code(sw3), sw3=sw3)
