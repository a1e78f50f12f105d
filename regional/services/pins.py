"""Library-card PINs under the trust rules: wrong PINs counted per card in the database (every
instance sees the same count), a lock after too many, the same answer and the same work for an
unknown card as for a wrong PIN, and few scrypt hashes at once per process."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import threading
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from patron_identity import pins as pin_hashes
from regional.db.models import PinAttempts
from regional.db.policies import Policy
from regional.db.upsert import insert_for
from regional.problems import Problem

# A scrypt hash takes 16 MiB and ~50 ms of a core: a flood of guesses must queue, not fan out
# into a gigabyte. Waiting longer than HASH_WAIT_S answers 503 busy instead.
MAX_CONCURRENT_HASHES = 2
HASH_WAIT_S = 10.0
_hashing = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


class PinVerdict(StrEnum):
    OK = "ok"
    REQUIRED = "pin_required"
    INVALID = "pin_invalid"
    LOCKED = "pin_locked"


@dataclass(frozen=True)
class PinCheck:
    verdict: PinVerdict
    unlocks_at: dt.datetime | None = None


@functools.cache
def _decoy_hash() -> str:
    """A hash no PIN matches, for unknown cards (the same work, the same answer)."""
    return pin_hashes.hash_pin(f"{secrets.randbelow(10**12):012d}")


def _verify(pin: str, stored: str | None) -> bool:
    if not _hashing.acquire(timeout=HASH_WAIT_S):
        raise Problem(
            503, "busy", "too many PIN checks at once; try again", headers={"Retry-After": "2"}
        )
    try:
        matches = pin_hashes.verify_pin(pin, stored or _decoy_hash())
    finally:
        _hashing.release()
    return matches and stored is not None


def _attempts(session: Session, key_hash: str) -> PinAttempts:
    """The card's row, locked for this transaction: guesses at one card take turns."""
    values = {"key_hash": key_hash, "failures": 0, "locked_until": None}
    session.execute(insert_for(session, PinAttempts).values(values).on_conflict_do_nothing())
    row = session.scalars(
        select(PinAttempts).where(PinAttempts.key_hash == key_hash).with_for_update()
    ).one()
    return row


def check(
    session: Session,
    key_hash: str,
    pin: str | None,
    stored_hash: str | None,
    rules: Policy,
    now: dt.datetime,
) -> PinCheck:
    """Check ``pin`` for the card ``key_hash`` (``stored_hash`` None: no such card, or no PIN
    set). The caller commits whatever the verdict: a wrong PIN must stay counted."""
    row = _attempts(session, key_hash)
    if row.locked_until is not None and row.locked_until > now:
        return PinCheck(PinVerdict.LOCKED, row.locked_until)
    if pin is None:
        return PinCheck(PinVerdict.REQUIRED)
    if _verify(pin, stored_hash):
        row.failures = 0
        row.locked_until = None
        return PinCheck(PinVerdict.OK)
    row.failures += 1
    if row.failures >= rules.pin_max_failures:
        row.failures = 0
        row.locked_until = now + dt.timedelta(minutes=rules.pin_lock_minutes)
        return PinCheck(PinVerdict.LOCKED, row.locked_until)
    return PinCheck(PinVerdict.INVALID)


def refusal(found: PinCheck) -> Problem:
    """The answer to a PIN check that did not pass, the same for unknown and known cards."""
    if found.verdict == PinVerdict.LOCKED:
        assert found.unlocks_at is not None
        return Problem(
            423,
            "pin_locked",
            f"too many wrong PINs; this card unlocks at {found.unlocks_at.isoformat()}",
            headers={"Retry-After": "60"},
            extra={"unlocks_at": found.unlocks_at.isoformat()},
        )
    if found.verdict == PinVerdict.REQUIRED:
        return Problem(401, "pin_required", "this library card needs its PIN")
    return Problem(401, "pin_invalid", "the card number or the PIN is wrong")
