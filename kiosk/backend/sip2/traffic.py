"""The last SIP2 frames sent and received, masked as they are recorded, for the technician."""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.backend.sip2.connection import Direction
from kiosk.backend.sip2.display import masked_frame_text

MAX_FRAMES = 200


@dataclass(frozen=True)
class TrafficLine:
    """One frame as it may be shown: ``number`` counts every frame ever recorded."""

    number: int
    at: dt.datetime
    source: str  # "kiosk" (the running backend) or "test" (the technician's test connection)
    direction: Direction
    text: str


class TrafficLog:
    """A bounded, thread-safe ring of masked frames. The backends' worker threads ``record``;
    the technician page reads ``since`` from the GUI thread. Raw bytes are never kept: a PIN
    or an ID number can only reach it masked."""

    def __init__(
        self,
        size: int = MAX_FRAMES,
        *,
        encodings: tuple[str, ...] = ("utf-8",),
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._lines: deque[TrafficLine] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._count = 0
        self._clock = clock
        self.encodings = encodings

    def listener(
        self, source: str, encodings: tuple[str, ...] | None = None
    ) -> Callable[[Direction, bytes], None]:
        """An ``on_traffic`` for a backend: its frames recorded under ``source``, read in the
        first of ``encodings`` that decodes them (its dialect's, before and after login)."""
        charsets = encodings or self.encodings

        def on_traffic(direction: Direction, raw: bytes) -> None:
            self.record(source, direction, raw, charsets)

        return on_traffic

    def record(
        self, source: str, direction: Direction, raw: bytes, encodings: tuple[str, ...] = ()
    ) -> None:
        text = _masked(raw, encodings or self.encodings)
        at = self._clock()
        with self._lock:
            self._count += 1
            self._lines.append(TrafficLine(self._count, at, source, direction, text))

    def since(self, number: int = 0) -> list[TrafficLine]:
        """The frames recorded after frame ``number`` that are still kept, oldest first."""
        with self._lock:
            return [line for line in self._lines if line.number > number]

    def clear(self) -> None:
        with self._lock:
            self._lines.clear()


def _masked(raw: bytes, encodings: tuple[str, ...]) -> str:
    body = raw.rstrip(b"\r\n")
    for charset in dict.fromkeys(encodings):
        try:
            body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        return masked_frame_text(raw, charset)
    return masked_frame_text(raw, "latin-1")  # unreadable text, but the layout still shows
