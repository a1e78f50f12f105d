"""Turn what a card reader sends into the card number the library system knows."""

from __future__ import annotations

import string
from typing import Literal

UidFormat = Literal["as_is", "hex", "hex_reversed", "decimal", "decimal_reversed"]
_HEX_DIGITS = frozenset(string.hexdigits)


class CardValueError(ValueError):
    """The reader sent a line that is not a card number in the configured format."""


def normalise_uid(raw: str, uid_format: UidFormat, pad_to: int = 0) -> str:
    """Apply the configured format, then left-pad with zeros to ``pad_to`` characters.

    ``1C78F2BF`` as ``decimal_reversed`` gives ``3220338716``, the number printed on many cards.
    """
    if uid_format == "as_is":
        value = raw.strip()
        if not value:
            raise CardValueError("the card reader sent an empty line")
    elif uid_format in ("hex", "hex_reversed", "decimal", "decimal_reversed"):
        value = _from_hex(raw, uid_format)
    else:
        raise CardValueError(f"unknown card number format {uid_format!r}")
    return value.zfill(pad_to) if pad_to > 0 else value


def _from_hex(raw: str, uid_format: UidFormat) -> str:
    # Some readers group the UID bytes with spaces ("1C 78 F2 BF"); they carry no meaning.
    digits = raw.replace(" ", "")
    if not digits:
        raise CardValueError("the card reader sent an empty line")
    if not all(char in _HEX_DIGITS for char in digits):
        raise CardValueError(f"card UID is not hexadecimal ({len(digits)} characters)")
    if len(digits) % 2:
        raise CardValueError(f"card UID has an odd number of hex digits ({len(digits)})")
    uid = bytes.fromhex(digits)
    if uid_format.endswith("_reversed"):
        # The number printed on many cards reads the UID little-endian.
        uid = uid[::-1]
    if uid_format.startswith("decimal"):
        return str(int.from_bytes(uid, "big"))
    return uid.hex().upper()
