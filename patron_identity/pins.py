"""PINs stored as salted scrypt hashes: patron PINs at the service, the technician PIN at the
kiosk, one format for both."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

# scrypt cost: about 50 ms on a kiosk PC — slow for a guesser, unnoticed by a patron.
_N, _R, _P = 2**14, 8, 1
_KEY_BYTES = 32
_PIN = re.compile(r"[0-9]{4,12}", re.ASCII)
# The service used to store salt and hash in hex (a 64-byte key); those rows still verify.
_HEX = re.compile(r"(?:[0-9a-f]{2})+")


def is_valid_pin(pin: str) -> bool:
    """4 to 12 ASCII digits: what the PIN pad can enter and the service's API accepts."""
    return bool(_PIN.fullmatch(pin))


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), the only form a PIN is ever stored in."""
    if not is_valid_pin(pin):
        raise ValueError("the PIN must be 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_KEY_BYTES)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def _decode(field: str) -> bytes:
    # A base64 salt or hash of this format always ends in "=" or holds a character outside
    # 0-9a-f, so an all-hex field can only come from the old format.
    return bytes.fromhex(field) if _HEX.fullmatch(field) else base64.b64decode(field, validate=True)


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_field, digest_field = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = _decode(salt_field), _decode(digest_field)
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError, binascii.Error):
        return False
    return hmac.compare_digest(digest, expected)


def is_pin_hash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == "scrypt"
