"""The technician PIN: a lockout after repeated wrong tries (hashes: patron_identity.pins)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from patron_identity.pins import verify_pin


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
