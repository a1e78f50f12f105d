"""The technician PIN: a lockout after repeated wrong tries (hashes: patron_identity.pins)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from patron_identity.pins import verify_pin


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
