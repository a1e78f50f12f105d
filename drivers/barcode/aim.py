"""AIM symbology identifiers (``]`` + letter + modifier) that scanners may put before the data."""

from __future__ import annotations

import re

# Modifier characters are digits or letters (ISO/IEC 15424); anything else is data.
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# Full identifiers whose modifier matters to a reader of logs (PROTOCOLS.md §2).
SYMBOLOGIES: dict[str, str] = {
    "]C0": "Code 128",
    "]C1": "GS1-128",
    "]E0": "EAN/UPC",
    "]E3": "EAN with add-on",
    "]E4": "EAN-8",
    "]X0": "Bookland (ISBN)",
    "]A0": "Code 39",
    "]F0": "Codabar",
    "]I0": "ITF",
    "]Q1": "QR Code",
}

# The symbology letter alone, for modifiers not listed above.
FAMILIES: dict[str, str] = {
    "A": "Code 39",
    "C": "Code 128",
    "E": "EAN/UPC",
    "F": "Codabar",
    "G": "Code 93",
    "I": "ITF",
    "L": "PDF417",
    "Q": "QR Code",
    "X": "Other",
    "d": "Data Matrix",
    "e": "GS1 DataBar",
    "z": "Aztec",
}

AIM_LENGTH = 3


def split_aim(text: str) -> tuple[str | None, str]:
    """Split ``]F0A123B`` into ``("]F0", "A123B")``; text without an identifier comes back whole."""
    if _AIM.match(text):
        return text[:AIM_LENGTH], text[AIM_LENGTH:]
    return None, text


def symbology_name(identifier: str) -> str | None:
    """A readable name for an AIM identifier, or None if it is not one we know."""
    if identifier in SYMBOLOGIES:
        return SYMBOLOGIES[identifier]
    if len(identifier) == AIM_LENGTH and _AIM.fullmatch(identifier):
        return FAMILIES.get(identifier[1])
    return None


def is_codabar(identifier: str | None) -> bool:
    """True for any Codabar identifier (``]F`` with any modifier)."""
    return identifier is not None and identifier.startswith("]F")
