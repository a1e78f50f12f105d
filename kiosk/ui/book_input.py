"""How patrons put books in at this kiosk (a label scanner, an RFID pad, or both), and the words
that tell them so."""

from __future__ import annotations

from enum import StrEnum

from kiosk.config import KioskConfig
from kiosk.ui.i18n import translate


class BookInput(StrEnum):
    SCANNER = "scanner"
    PAD = "pad"
    BOTH = "both"

    @classmethod
    def of(cls, config: KioskConfig) -> BookInput:
        pad = config.devices.rfid_reader is not None
        if not pad:
            return cls.SCANNER
        return cls.BOTH if config.devices.scanner is not None else cls.PAD


def home_hint(way: BookInput) -> str:
    if way == BookInput.PAD:
        return translate(
            "HomeScreen",
            "To borrow, just place your card on the reader. "
            "To return, just put your books on the pad.",
        )
    if way == BookInput.BOTH:
        return translate(
            "HomeScreen",
            "To borrow, just place your card on the reader. "
            "To return, put your books on the pad or scan the label inside the cover.",
        )
    return translate(
        "HomeScreen",
        "To borrow, just place your card on the reader. "
        "To return, just scan the label inside the book's cover.",
    )


def home_caption(way: BookInput) -> str:
    """Under the picture of where books go."""
    if way == BookInput.PAD:
        return translate("HomeScreen", "Put your books on the pad")
    if way == BookInput.BOTH:
        return translate("HomeScreen", "Books on the pad, or scan the label")
    return translate("HomeScreen", "Scan the label inside the cover")


def session_hint(way: BookInput) -> str:
    if way == BookInput.PAD:
        return translate("SessionScreen", "Put your books on the pad, several at once if you like.")
    if way == BookInput.BOTH:
        return translate(
            "SessionScreen",
            "Put your books on the pad, or scan the label inside each book's cover.",
        )
    return translate(
        "SessionScreen", "Scan the library label inside each book's cover, one book at a time."
    )


def returns_hint(way: BookInput) -> str:
    if way == BookInput.PAD:
        return translate(
            "ReturnsScreen",
            "Put your books on the pad. The screen tells you where to put each book.",
        )
    if way == BookInput.BOTH:
        return translate(
            "ReturnsScreen",
            "Put your books on the pad, or scan each book's label. "
            "The screen tells you where to put each book.",
        )
    return translate(
        "ReturnsScreen",
        "Scan the label inside each book's cover. The screen tells you where to put each book.",
    )


def returns_empty(way: BookInput) -> str:
    if way == BookInput.SCANNER:
        return translate("ReturnsScreen", "Scan your first book.")
    return translate("ReturnsScreen", "Put your books on the pad.")
