"""The technician PIN: a salted slow hash, and a lockout after repeated wrong tries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

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


@dataclass(frozen=True)
class LockoutState:
    """Wrong PINs in a row, and the end of the lockout on the gate's clock (seconds)."""

    wrong: int = 0
    locked_until: float = 0.0


class LockoutStore(Protocol):
    """Keeps the gate's state across restarts (the kiosk keeps it in its journal's database).
    Neither call may raise: a store that cannot read or write leaves the gate in memory."""

    def load(self) -> LockoutState | None: ...

    def save(self, state: LockoutState) -> None: ...


@dataclass
class TechnicianGate:
    """Counts wrong PINs; after ``max_attempts`` in a row the entry is locked ``lockout_s``.
    With a ``store``, a restart does not reset either (its clock must then be the wall clock)."""

    pin_hash: str | None
    max_attempts: int = 5
    lockout_s: float = 300.0
    store: LockoutStore | None = field(default=None, repr=False)
    _wrong: int = 0
    _locked_until: float = 0.0
    _loaded: bool = False

    def _load(self) -> None:
        # Lazily: the gate is built before the kiosk opens (and migrates) its journal.
        if self._loaded or self.store is None:
            return
        self._loaded = True
        state = self.store.load()
        if state is not None:
            self._wrong, self._locked_until = state.wrong, state.locked_until

    def _save(self) -> None:
        if self.store is not None:
            self.store.save(LockoutState(self._wrong, self._locked_until))

    @property
    def wrong(self) -> int:
        self._load()
        return self._wrong

    def locked(self, now: float) -> bool:
        return self.seconds_left(now) > 0

    def seconds_left(self, now: float) -> float:
        self._load()
        # Never more than one lockout, even if the clock was set back after it began.
        return min(self.lockout_s, max(0.0, self._locked_until - now))

    def try_pin(self, pin: str, now: float) -> GateAnswer:
        if self.locked(now):
            return GateAnswer.LOCKED
        if not self.pin_hash:
            return GateAnswer.NOT_SET
        if verify_pin(pin, self.pin_hash):
            if self._wrong:
                self._wrong = 0
                self._save()
            return GateAnswer.OPEN
        self._wrong += 1
        if self._wrong >= self.max_attempts:
            self._wrong = 0
            self._locked_until = now + self.lockout_s
            self._save()
            return GateAnswer.LOCKED
        self._save()
        return GateAnswer.WRONG
