"""Turn a line card reader's bytes into card taps (library or social-security card numbers)."""

from __future__ import annotations

from drivers.cardline.normalise import CardValueError, normalise_uid
from drivers.events import CardPresented, CredentialKind, FrameError, ProtocolEvent
from drivers.linebuffer import FramerOutput, LineFramer, RepeatFilter, is_printable_ascii
from drivers.settings import CardLineReaderSettings


class CardLineDecoder:
    """Feed it the reader's bytes as they come; it returns :class:`CardPresented` events.

    Line noise and overlong lines are dropped without an event; a clean line that is not a
    card number in the configured format is a ``FrameError("card_value")``, because that
    usually means the reader's format setting is wrong. Never raises on any input.
    """

    def __init__(self, settings: CardLineReaderSettings) -> None:
        self.settings = settings
        self._kind = CredentialKind(settings.credential)
        self._framer = LineFramer(
            settings.terminator, settings.idle_gap_ms / 1000, settings.max_length
        )
        self._repeats = RepeatFilter(settings.repeat_window_ms / 1000)

    def feed(self, data: bytes, now: float) -> list[ProtocolEvent]:
        """Bytes read at ``now`` (seconds, monotonic) → the taps they complete."""
        return self._decode(self._framer.feed(data, now), now)

    def poll(self, now: float) -> list[ProtocolEvent]:
        """Taps completed by silence (terminator ``idle``); call at :meth:`next_deadline`."""
        return self._decode(self._framer.poll(now), now)

    def next_deadline(self) -> float | None:
        return self._framer.next_deadline()

    def reset(self) -> None:
        """Forget partial lines and recent taps (after a reconnect)."""
        self._framer.reset()
        self._repeats.reset()

    def _decode(self, frames: list[FramerOutput], now: float) -> list[ProtocolEvent]:
        events: list[ProtocolEvent] = []
        for frame in frames:
            if isinstance(frame, bytes):
                event = self._card(frame, now)
                if event is not None:
                    events.append(event)
        return events

    def _card(self, frame: bytes, now: float) -> ProtocolEvent | None:
        if not is_printable_ascii(frame):
            return None
        try:
            value = normalise_uid(
                frame.decode("ascii"), self.settings.uid_format, self.settings.pad_to
            )
        except CardValueError:
            return FrameError(reason="card_value")
        if not self._repeats.accept(value, now):
            return None
        return CardPresented(kind=self._kind, value=value)
