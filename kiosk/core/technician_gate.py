"""The technician PIN: a salted slow hash, and a lockout after repeated wrong tries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

# scrypt cost: about 50 ms on a kiosk PC — slow for a guesser, unnoticed by a technician.
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64), the only form a PIN is ever stored in."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("the PIN must be 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def is_pin_hash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == "scrypt"


class GateAnswer(StrEnum):
    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"


@dataclass
class TechnicianGate:
    """Counts wrong PINs; after ``max_attempts`` in a row the entry is locked ``lockout_s``."""

    pin_hash: str | None
    max_attempts: int = 5
    lockout_s: float = 300.0
    _wrong: int = 0
    _locked_until: float = 0.0

    def locked(self, now: float) -> bool:
        return now < self._locked_until

    def seconds_left(self, now: float) -> float:
        return max(0.0, self._locked_until - now)

    def try_pin(self, pin: str, now: float) -> GateAnswer:
        if self.locked(now):
            return GateAnswer.LOCKED
        if not self.pin_hash:
            return GateAnswer.NOT_SET
        if verify_pin(pin, self.pin_hash):
            self._wrong = 0
            return GateAnswer.OPEN
        self._wrong += 1
        if self._wrong >= self.max_attempts:
            self._wrong = 0
            self._locked_until = now + self.lockout_s
            return GateAnswer.LOCKED
        return GateAnswer.WRONG
