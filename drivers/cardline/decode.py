"""Turn a line card reader's bytes into card taps (library or social-security card numbers)."""

from __future__ import annotations

from drivers.cardline.normalise import CardValueError, normalise_uid
from drivers.events import CardPresented, CredentialKind, FrameError, ProtocolEvent
from drivers.linebuffer import LineDecoder, LineFramer
from drivers.settings import CardLineReaderSettings


class CardLineDecoder(LineDecoder):
    """Feed it the reader's bytes as they come; it returns :class:`CardPresented` events.

    Line noise and overlong lines are dropped without an event; a clean line that is not a
    card number in the configured format is a ``FrameError("card_value")``, because that
    usually means the reader's format setting is wrong.
    """

    def __init__(self, settings: CardLineReaderSettings) -> None:
        self.settings = settings
        self._kind = CredentialKind(settings.credential)
        framer = LineFramer(
            settings.terminator,
            settings.idle_gap_ms / 1000,
            settings.max_length,
            settings.partial_timeout_ms / 1000,
        )
        super().__init__(framer, settings.repeat_window_ms / 1000)

    def _event(self, text: str, now: float) -> ProtocolEvent | None:
        try:
            value = normalise_uid(text, self.settings.uid_format, self.settings.pad_to)
        except CardValueError:
            return FrameError(reason="card_value")
        if not self._repeats.accept(value, now):
            return None
        return CardPresented(kind=self._kind, value=value)
